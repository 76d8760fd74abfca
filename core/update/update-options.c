/*
 * update-options.c: an update's options to and from its journal
 * (update-options.h).
 */
#include "update/update-options.h"

#include <stddef.h>
#include <stdlib.h>

#include "ipmi/bmc.h"
#include "util/json-out.h"

enum kind {
	PATH,                     /* a file: kept absolute, as the run may resume elsewhere */
	TEXT,
	UINT
};

/* Every option the journal keeps, in the journal's order. */
static const struct {
	const char *key;
	enum kind kind;
	size_t offset;
} options[] = {
	{ "bmc_image", PATH, offsetof(struct fwd_update_opts, bmc_image) },
	{ "bios_image", PATH, offsetof(struct fwd_update_opts, bios_image) },
	{ "bmc_url", TEXT, offsetof(struct fwd_update_opts, bmc_url) },
	{ "bios_url", TEXT, offsetof(struct fwd_update_opts, bios_url) },
	{ "manifest", PATH, offsetof(struct fwd_update_opts, manifest) },
	/* So that resume verifies the manifest it reads again. */
	{ "signature", PATH, offsetof(struct fwd_update_opts, signature) },
	{ "trust_key", PATH, offsetof(struct fwd_update_opts, trust_key) },
	{ "sysfs_root", PATH, offsetof(struct fwd_update_opts, identify.sysfs_root) },
	{ "dmi_file", PATH, offsetof(struct fwd_update_opts, identify.dmi_file) },
	{ "sha256_bmc", TEXT, offsetof(struct fwd_update_opts, bmc_sha256) },
	{ "sha256_bios", TEXT, offsetof(struct fwd_update_opts, bios_sha256) },
	{ "bmc_version", TEXT, offsetof(struct fwd_update_opts, bmc_version) },
	{ "bios_version", TEXT, offsetof(struct fwd_update_opts, bios_version) },
	{ "plugin", TEXT, offsetof(struct fwd_update_opts, identify.plugin) },
	{ "flags", UINT, offsetof(struct fwd_update_opts, flags) },
	{ "bmc_wait_s", UINT, offsetof(struct fwd_update_opts, bmc_wait_s) },
	{ "job_wait_s", UINT, offsetof(struct fwd_update_opts, job_wait_s) },
	/* A resumed run keeps the operator's overrides and --remove-images. */
	{ "run_flags", UINT, offsetof(struct fwd_update_opts, run_flags) },
};
#define N_OPTIONS (sizeof(options) / sizeof(options[0]))

static const char *text_of(const struct fwd_update_opts *o, size_t i)
{
	return *(const char *const *)((const char *)o + options[i].offset);
}

static unsigned uint_of(const struct fwd_update_opts *o, size_t i)
{
	return *(const unsigned *)((const char *)o + options[i].offset);
}

json_t *fwd_update_opts_to_json(const struct fwd_update_opts *o)
{
	json_t *j = json_object();

	for (size_t i = 0; j && i < N_OPTIONS; i++) {
		const char *s = options[i].kind == UINT ? NULL : text_of(o, i);
		char *real = options[i].kind == PATH && s ? realpath(s, NULL) : NULL;

		if (options[i].kind == UINT)
			json_object_set_new(j, options[i].key, json_integer(uint_of(o, i)));
		else
			json_object_set_new(j, options[i].key, real ? json_string(real) :
					    s ? fwd_json_text(s) : json_null());
		free(real);
	}
	return j;
}

/* The SHA-256 the interrupted run found for part's image, else given. */
static const char *checked_sha256(const json_t *journal, const char *part, const char *given)
{
	const char *sha = fwd_json_str(json_object_get(json_object_get(journal, part), "image"),
				       "sha256");

	return sha ? sha : given;
}

void fwd_update_opts_from_journal(const json_t *journal, struct fwd_update_opts *o)
{
	const json_t *j = json_object_get(journal, "options");

	for (size_t i = 0; i < N_OPTIONS; i++) {
		char *field = (char *)o + options[i].offset;

		if (options[i].kind == UINT)
			*(unsigned *)(void *)field = (unsigned)json_integer_value(
				json_object_get(j, options[i].key));
		else
			*(const char **)(void *)field = fwd_json_str(j, options[i].key);
	}
	o->bmc_sha256 = checked_sha256(journal, "bmc", o->bmc_sha256);
	o->bios_sha256 = checked_sha256(journal, "bios", o->bios_sha256);
}

void fwd_update_opts_defaults(struct fwd_update_opts *o)
{
	if (!o->bmc_wait_s)
		o->bmc_wait_s = FWD_BMC_DEFAULT_WAIT_S;
	if (!o->job_wait_s)
		o->job_wait_s = FWD_JOB_DEFAULT_WAIT_S;
}
