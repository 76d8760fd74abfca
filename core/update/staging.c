/*
 * staging.c: the staged copies of the images (see staging.h).
 */
#include "update/staging.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/base-name.h"
#include "util/error.h"
#include "update/state-dir.h"

/* image's extension with its dot ("" when it has none worth keeping):
 * up to 8 letters or digits after the last dot of its file name. */
static const char *extension(const char *image)
{
	const char *base = fwd_base_name(image);
	const char *dot = strrchr(base, '.');
	size_t n;

	if (!dot || dot == base)
		return "";
	n = strlen(dot + 1);
	if (n < 1 || n > 8)
		return "";
	for (const char *p = dot + 1; *p; p++)
		if (!isalnum((unsigned char)*p))
			return "";
	return dot;
}

int fwd_staging_create(struct fwd_ctx *ctx, const struct fwd_target_opts *t,
		       const char *component, const char *image, char *path, size_t size)
{
	const char *ext = extension(image);
	char staging[4096], name[300];
	int fd, ret;

	path[0] = '\0';
	ret = fwd_state_dir_ensure(ctx, t->state_dir, "staging", staging, sizeof(staging));
	if (ret)
		return ret;
	fwd_target_file_name(t, name, sizeof(name));
	if ((size_t)snprintf(path, size, "%s/%s@%s-XXXXXX%s", staging, name, component, ext) >=
	    size) {
		path[0] = '\0';
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "the state folder's path is too long");
	}
	fd = mkostemps(path, (int)strlen(ext), O_CLOEXEC);
	if (fd < 0) {
		ret = fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "cannot create a staged copy in '%s': %s",
					staging, strerror(errno));
		path[0] = '\0';
		return ret;
	}
	return fd;
}

int fwd_staging_remove_leftovers(struct fwd_ctx *ctx, const struct fwd_target_opts *t)
{
	char staging[4096], name[300], prefix[310], path[4400];
	struct dirent *e;
	int removed = 0;
	DIR *dir;

	snprintf(staging, sizeof(staging), "%s/staging", t->state_dir);
	if (!(dir = opendir(staging)))
		return 0; /* no folder, no leftovers; a real problem shows when staging */
	fwd_target_file_name(t, name, sizeof(name));
	snprintf(prefix, sizeof(prefix), "%s@", name);
	while ((e = readdir(dir))) {
		if (strncmp(e->d_name, prefix, strlen(prefix)) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", staging, e->d_name);
		if (unlink(path) == 0) {
			removed++;
			fwd_log(ctx, FWD_LOG_INFO, "removed '%s', a staged copy an interrupted run "
				"left behind", path);
		} else if (errno != ENOENT) {
			fwd_log(ctx, FWD_LOG_WARN, "cannot remove '%s', a staged copy an "
				"interrupted run left behind: %s", path, strerror(errno));
		}
	}
	closedir(dir);
	return removed;
}
