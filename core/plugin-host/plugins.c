/*
 * plugins.c: finding, checking and loading the vendor plugins.
 *
 * Nothing here trusts a file more than its place: every folder from "/"
 * down to the plugin folder must pass trusted-path.h's rule, the folder
 * itself must be writable by nobody but its owner, each file must be a
 * regular file writable only by its owner, and that owner must be root or
 * the user running fwdispatch.  What is checked is what is loaded: the
 * folder is walked and opened by descriptor, each file opened in it with
 * O_NOFOLLOW and checked by fstat(), and dlopen() given that descriptor
 * (/proc/self/fd/N), never the name again.  The entry point runs first in
 * a child process (isolate.h), so a plugin that crashes or hangs there is
 * refused by name; then the vtable is checked before anything in it is
 * called but the entry point.
 */
#include "plugin-host/plugins.h"

#include <ctype.h>
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plugin-host/host-api.h"
#include "plugin-host/isolate.h"
#include "util/ctx.h"
#include "util/error.h"
#include "util/trusted-file.h"
#include "util/trusted-path.h"

static int refuse(struct fwd_plugin_slot *slot, const char *fmt, ...)
	FWD_PRINTF(2, 3);

static int refuse(struct fwd_plugin_slot *slot, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	free(slot->reason);
	slot->reason = strdup(buf);
	slot->loaded = 0;
	if (slot->handle) {
		dlclose(slot->handle);
		slot->handle = NULL;
	}
	if (slot->fd >= 0)
		close(slot->fd);
	slot->fd = -1;
	slot->vt = NULL;
	return -1;
}

static int is_plugin_file_name(const char *name)
{
	size_t len = strlen(name);

	return name[0] != '.' && len > 3 && strcmp(name + len - 3, ".so") == 0;
}

static int valid_plugin_name(const char *name)
{
	size_t len = name ? strlen(name) : 0;

	if (len == 0 || len > 64)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!islower((unsigned char)name[i]) && !isdigit((unsigned char)name[i]) &&
		    name[i] != '-' && name[i] != '_')
			return 0;
	return 1;
}

/*
 * Opens one file of the folder (dirfd) and checks it by its descriptor:
 * the descriptor, or -1 with the slot refused.
 */
static int open_file(struct fwd_plugin_slot *slot, int dirfd, const char *name)
{
	char why[FWD_ERROR_MAX];
	struct stat st;
	int fd;

	/* O_NONBLOCK: a FIFO named *.so must not hang the loader. */
	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ELOOP)
			refuse(slot, "is a symbolic link: copy the plugin into the folder instead");
		else
			refuse(slot, "cannot be opened: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0)
		refuse(slot, "cannot stat: %s", strerror(errno));
	else if (!S_ISREG(st.st_mode))
		refuse(slot, "is not a regular file");
	else if (fwd_trusted_stat(&st, slot->file, why, sizeof(why)))
		refuse(slot, "%s", why);
	else
		return fd;
	close(fd);
	return -1;
}

static const struct fwd_plugin_slot *find_loaded(const struct fwd_plugin_set *set,
						 size_t upto, const char *name)
{
	for (size_t i = 0; i < upto; i++)
		if (set->slots[i].loaded && strcmp(set->slots[i].name, name) == 0)
			return &set->slots[i];
	return NULL;
}

/* What the entry point is asked in a child first (isolate.h). */
struct entry_trial {
	const char *fd_path;
	const struct fwd_host_api *host;
};

static void try_entry(void *arg, void *out, size_t size)
{
	const struct entry_trial *t = arg;
	fwd_plugin_entry_fn entry;
	void *handle, *sym;

	(void)size;
	/* Whatever goes wrong here is said again by the real load below. */
	handle = dlopen(t->fd_path, RTLD_NOW | RTLD_LOCAL);
	sym = handle ? dlsym(handle, FWD_PLUGIN_ENTRY_SYMBOL) : NULL;
	if (sym) {
		memcpy(&entry, &sym, sizeof(entry));
		entry(t->host);
	}
	*(char *)out = 1;
}

/* Open by descriptor, the entry point tried in a child, dlopen, vtable checks. */
static int load_one(struct fwd_plugin_set *set, size_t idx, int dirfd, const char *file_name,
		    const struct fwd_host_api *host)
{
	struct fwd_plugin_slot *slot = &set->slots[idx];
	const struct fwd_plugin_slot *dup;
	struct entry_trial trial = { .host = host };
	char fd_path[64], why[FWD_ERROR_MAX], answered = 0;
	const struct fwd_plugin *vt;
	fwd_plugin_entry_fn entry;
	void *sym;
	int fd;

	fd = slot->fd = open_file(slot, dirfd, file_name);
	if (fd < 0)
		return -1;
	snprintf(fd_path, sizeof(fd_path), "/proc/self/fd/%d", fd);
	trial.fd_path = fd_path;
	if (fwd_isolated_call(try_entry, &trial, &answered, sizeof(answered),
			      FWD_ISOLATE_TIMEOUT_MS, why, sizeof(why)))
		return refuse(slot, "its entry point %s (tried in a child process): the plugin is "
			      "broken; remove it or ask its author", why);

	dlerror();
	slot->handle = dlopen(fd_path, RTLD_NOW | RTLD_LOCAL);
	if (!slot->handle) {
		const char *e = dlerror();

		return refuse(slot, "cannot be loaded: %s (check it with 'ldd %s')",
			      e ? e : "unknown dlopen error", slot->file);
	}
	sym = dlsym(slot->handle, FWD_PLUGIN_ENTRY_SYMBOL);
	if (!sym)
		return refuse(slot, "has no '%s' symbol: not a fwdispatch plugin",
			      FWD_PLUGIN_ENTRY_SYMBOL);
	/* POSIX guarantees a data pointer from dlsym converts to a function pointer. */
	memcpy(&entry, &sym, sizeof(entry));
	vt = entry(host);
	if (!vt)
		return refuse(slot, "its entry point returned no vtable (the plugin refused this "
			      "fwdispatch, which speaks plugin ABI %d.%d)",
			      FWD_ABI_MAJOR, FWD_ABI_MINOR);
	slot->abi_major = vt->abi_major;
	slot->abi_minor = vt->abi_minor;
	if (vt->abi_major != FWD_ABI_MAJOR)
		return refuse(slot, "is built for plugin ABI %u.%u, this fwdispatch speaks %d.%d: "
			      "rebuild it against this fwdispatch's headers",
			      vt->abi_major, vt->abi_minor, FWD_ABI_MAJOR, FWD_ABI_MINOR);
	if (vt->size < FWD_PLUGIN_SIZE_2_0)
		return refuse(slot, "has a %zu-byte vtable, ABI %d.0 needs at least %zu bytes",
			      vt->size, FWD_ABI_MAJOR, (size_t)FWD_PLUGIN_SIZE_2_0);

	memset(&slot->vt_copy, 0, sizeof(slot->vt_copy));
	memcpy(&slot->vt_copy, vt,
	       vt->size < sizeof(slot->vt_copy) ? vt->size : sizeof(slot->vt_copy));
	vt = &slot->vt_copy;

	if (!valid_plugin_name(vt->name))
		return refuse(slot, "has no valid name (lowercase letters, digits, '-' and '_')");
	slot->name = strdup(vt->name);
	slot->version = strdup(vt->version ? vt->version : "unknown");
	if (!slot->name || !slot->version)
		return refuse(slot, "out of memory");
	if (!vt->probe)
		return refuse(slot, "has no probe entry point");
	dup = find_loaded(set, idx, vt->name);
	if (dup)
		return refuse(slot, "duplicate plugin name '%s', already loaded from '%s'",
			      vt->name, dup->file);
	slot->vt = vt;
	slot->loaded = 1;
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The folder, opened by descriptor through folders that pass
 * trusted-path.h's rule, and itself writable by nobody but its owner:
 * its descriptor, or a negative code with err filled.
 */
static int open_dir(const char *dir, struct fwd_err *err)
{
	char why[FWD_ERROR_MAX];
	struct stat st;
	int fd;

	fd = fwd_open_trusted_dir(dir, why, sizeof(why));
	if (fd == -EPERM)
		return fwd_error_set(err, -FWD_E_REFUSED,
				     "plugin folder '%s' %s; no plugin is loaded from it", dir, why);
	if (fd == -ENOTDIR)
		return fwd_error_set(err, -FWD_E_NO_PLUGIN, "plugin folder '%s' is not a folder",
				     dir);
	if (fd < 0)
		return fwd_error_set(err, -FWD_E_NO_PLUGIN, "cannot use plugin folder '%s': %s",
				     dir, why);
	if (fstat(fd, &st) < 0 || fwd_trusted_stat(&st, dir, why, sizeof(why))) {
		close(fd);
		return fwd_error_set(err, -FWD_E_REFUSED,
				     "plugin folder '%s' %s; no plugin is loaded from it", dir, why);
	}
	return fd;
}

static int list_dir(int dirfd, const char *dir, char ***names_out, size_t *n_out,
		    struct fwd_err *err)
{
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	int fd = dup(dirfd);
	DIR *d;

	d = fd < 0 ? NULL : fdopendir(fd);
	if (!d) {
		if (fd >= 0)
			close(fd);
		return fwd_error_set(err, -FWD_E_NO_PLUGIN, "cannot read plugin folder '%s': %s",
				     dir, strerror(errno));
	}
	while ((de = readdir(d))) {
		if (!is_plugin_file_name(de->d_name))
			continue;
		if (n == cap) {
			char **grown = realloc(names, (cap = cap ? cap * 2 : 8) * sizeof(*names));

			if (!grown)
				goto oom;
			names = grown;
		}
		if (!(names[n] = strdup(de->d_name)))
			goto oom;
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	*names_out = names;
	*n_out = n;
	return 0;
oom:
	closedir(d);
	while (n)
		free(names[--n]);
	free(names);
	return fwd_error_set(err, -ENOMEM, "out of memory");
}

int fwd_plugins_load(struct fwd_plugin_set *set, const char *dir,
		     const struct fwd_host_api *host, struct fwd_err *err)
{
	char **names = NULL;
	size_t n = 0;
	int dirfd, ret;

	memset(set, 0, sizeof(*set));
	if (!(set->dir = strdup(dir)))
		return fwd_error_set(err, -ENOMEM, "out of memory");
	dirfd = open_dir(dir, err);
	if (dirfd < 0)
		return dirfd;
	ret = list_dir(dirfd, dir, &names, &n, err);
	if (ret)
		goto out;

	set->slots = calloc(n ? n : 1, sizeof(*set->slots));
	if (!set->slots) {
		while (n)
			free(names[--n]);
		free(names);
		ret = fwd_error_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	set->n = n;
	for (size_t i = 0; i < n; i++) {
		struct fwd_plugin_slot *slot = &set->slots[i];

		slot->fd = -1;
		if (asprintf(&slot->file, "%s/%s", dir, names[i]) < 0) {
			slot->file = NULL;
			refuse(slot, "out of memory");
		}
	}
	/* In file-name order, so which of two same-named plugins wins is stable. */
	for (size_t i = 0; i < set->n; i++)
		if (set->slots[i].file)
			load_one(set, i, dirfd, names[i], host);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
out:
	close(dirfd);
	return ret;
}

void fwd_plugins_release(struct fwd_plugin_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		struct fwd_plugin_slot *slot = &set->slots[i];

		if (slot->handle)
			dlclose(slot->handle);
		if (slot->fd >= 0)
			close(slot->fd);
		free(slot->file);
		free(slot->name);
		free(slot->version);
		free(slot->reason);
	}
	free(set->slots);
	free(set->dir);
	memset(set, 0, sizeof(*set));
}

const struct fwd_plugin_slot *fwd_plugins_find(const struct fwd_plugin_set *set,
					       const char *name)
{
	return find_loaded(set, set->n, name);
}

size_t fwd_plugins_count_loaded(const struct fwd_plugin_set *set)
{
	size_t count = 0;

	for (size_t i = 0; i < set->n; i++)
		count += set->slots[i].loaded != 0;
	return count;
}

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *fwd_plugins_default_dir(const char *option, char *buf, size_t size)
{
	const char *env = getenv(FWD_PLUGIN_DIR_ENV);
	char exe[PATH_MAX];
	ssize_t len;

	if (option && *option)
		return option;
	if (env && *env)
		return env;
	/* bin/fwdispatch -> lib/fwdispatch/plugins, in the build tree and
	 * wherever `make install PREFIX=...` put it. */
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len > 0) {
		char *slash;

		exe[len] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			char rel[PATH_MAX + 32], real[PATH_MAX];

			*slash = '\0';
			snprintf(rel, sizeof(rel), "%s/../lib/fwdispatch/plugins", exe);
			if (realpath(rel, real) && is_dir(real)) {
				snprintf(buf, size, "%s", real);
				return buf;
			}
		}
	}
	snprintf(buf, size, "%s", FWD_PLUGINDIR);
	return buf;
}

int fwd_plugins_open(struct fwd_ctx *ctx, const char *option_dir, struct fwd_plugin_set *set)
{
	char buf[PATH_MAX];
	const char *dir = fwd_plugins_default_dir(option_dir, buf, sizeof(buf));
	struct fwd_err err;
	int ret = fwd_plugins_load(set, dir, fwd_host_api(), &err);

	if (ret)
		return fwd_ctx_set_error(ctx, ret, "%s", err.msg);
	for (size_t i = 0; i < set->n; i++)
		if (!set->slots[i].loaded)
			fwd_log(ctx, FWD_LOG_DEBUG, "plugin '%s' refused: %s",
				set->slots[i].file, set->slots[i].reason);
	return 0;
}
