/*
 * fuzz_config.c: the operator's config file (core/cli/config-file.c) and
 * the option parser that applies its lines (core/cli/options.c, linked
 * in): first its text parsed against the keys the command line takes,
 * then the same text as the file `--config FILE` names, for `status`,
 * through every option's own check.  What parses has known keys, once
 * each, with single-line values; the command line ends with a known code.
 */
#include <string.h>

#include "cli/cli.h"
#include "cli/config-file.h"
#include "fuzz-util.h"
#include "util/error.h"

extern const struct fwd_cmd_entry fwd_cmd_status;

static const char *const keys[] = {
	"user", "password-file", "cipher", "state-dir", "plugin-dir", "bmc-timeout",
	"job-timeout", NULL
};

static void parsed_sound(const struct fwd_config *cfg)
{
	for (size_t i = 0; i < cfg->n; i++) {
		const struct fwd_config_entry *e = &cfg->entries[i];
		size_t k;

		for (k = 0; keys[k] && e->key != keys[k]; k++)
			;
		FUZZ_CHECK(keys[k] != NULL);
		FUZZ_CHECK(e->value && e->value[0] && !strchr(e->value, '\n'));
		FUZZ_CHECK(e->line >= 1);
		for (size_t j = 0; j < i; j++)
			FUZZ_CHECK(cfg->entries[j].key != e->key);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fwd_config cfg;
	struct fwd_err err = { 0 };
	struct fwd_cli cli;
	char path[4200], *text = fuzz_cstr(data, size);
	char *argv[] = { "status", "--config", path, NULL };
	int ret;

	memset(&cfg, 0, sizeof(cfg));
	ret = fwd_config_parse(&cfg, "fuzz.conf", text, keys, &err);
	FUZZ_CHECK(ret == 0 || (ret == -FWD_E_USAGE && err.msg[0]));
	if (ret == 0)
		parsed_sound(&cfg);
	fwd_config_release(&cfg);

	snprintf(path, sizeof(path), "%s/fwdispatch.conf", fuzz_tmpdir());
	FUZZ_CHECK(fuzz_write_file(path, data, size) == 0);
	memset(&cli, 0, sizeof(cli));
	ret = fwd_cli_parse(&fwd_cmd_status, 3, argv, &cli);
	FUZZ_CHECK(ret == 0 || ret == FWD_EXIT_USAGE || ret == FWD_EXIT_REFUSED);
	fwd_cli_release(&cli);
	free(text);
	return 0;
}
