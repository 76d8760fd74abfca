/*
 * fuzz-state.c: the state folder of the targets that read one
 * (fuzz-state.h).
 */
#include "fuzz-state.h"

#include <dirent.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz-util.h"

static char state[4200], plugins[4200];

const char *fuzz_state_dir(void)
{
	char runs[4300];

	if (state[0])
		return state;
	snprintf(state, sizeof(state), "%s/state", fuzz_tmpdir());
	snprintf(runs, sizeof(runs), "%s/runs", state);
	snprintf(plugins, sizeof(plugins), "%s/plugins", fuzz_tmpdir());
	FUZZ_CHECK(mkdir(state, 0700) == 0 && mkdir(runs, 0700) == 0 &&
		   mkdir(plugins, 0700) == 0);
	return state;
}

const char *fuzz_plugin_dir(void)
{
	fuzz_state_dir();
	return plugins;
}

const char *fuzz_state_put(const char *rel, const uint8_t *data, size_t size)
{
	static char path[4400];
	char runs[4300];
	struct dirent *de;
	DIR *d;

	snprintf(runs, sizeof(runs), "%s/runs", fuzz_state_dir());
	d = opendir(runs);
	FUZZ_CHECK(d != NULL);
	while ((de = readdir(d)))
		if (de->d_name[0] != '.') {
			char old[4600];

			snprintf(old, sizeof(old), "%s/%s", runs, de->d_name);
			unlink(old);
		}
	closedir(d);
	snprintf(path, sizeof(path), "%s/%s", fuzz_state_dir(), rel);
	FUZZ_CHECK(fuzz_write_file(path, data, size) == 0);
	return path;
}

void fuzz_state_target(struct fwd_target_opts *t)
{
	fwd_target_init(t);
	t->state_dir = strdup(fuzz_state_dir());
	FUZZ_CHECK(t->state_dir != NULL);
}
