/*
 * plugins.h: finding, checking and loading the vendor plugins.
 *
 * Every *.so in the plugin folder is looked at.  The folder is refused
 * when a folder above it breaks trusted-path.h's rule.  A file is refused,
 * with the reason kept for `fwdispatch plugins`, when it is a symlink or
 * not a regular file, when it or its folder is writable by group or
 * others, when it is owned by neither root nor the invoking user, when
 * dlopen fails, when it lacks fwd_plugin_entry, when the entry crashes or
 * does not return in a child process (isolate.h), when it returns NULL,
 * when its ABI major differs, when its vtable is smaller than ABI 1.0
 * requires, when it has no name or probe, or when another plugin already
 * took its name.  A refusal never stops the others from loading.
 */
#ifndef FWD_PLUGINS_H
#define FWD_PLUGINS_H

#include <fwdispatch/fwd_plugin.h>
#include <stddef.h>

#include "util/error.h"

struct fwd_plugin_slot {
	char *file;                   /* owned: full path */
	char *name;                   /* owned copy, or NULL when unknown */
	char *version;                /* owned copy, or NULL */
	unsigned abi_major, abi_minor;/* as the plugin declared; 0 when unknown */
	int loaded;                   /* usable */
	char *reason;                 /* owned: why it was refused, NULL when loaded */
	void *handle;                 /* dlopen handle while loaded */
	/* The descriptor the handle was loaded through, open as long as the
	 * handle: the loader knows it as /proc/self/fd/N, and a second plugin
	 * given the same number while the first is loaded would get the first. */
	int fd;
	const struct fwd_plugin *vt;  /* points to vt_copy while loaded, else NULL */
	/* A zero-filled copy of the plugin's vtable, so members past an older
	 * plugin's size read as NULL. */
	struct fwd_plugin vt_copy;
};

struct fwd_plugin_set {
	char *dir;                    /* owned: the folder searched */
	struct fwd_plugin_slot *slots;/* owned, sorted by file name */
	size_t n;
};

/*
 * Loads every plugin in dir with the given host table (which must
 * outlive the set).  Returns 0 even when some are refused; a negative
 * code with err filled only when dir itself cannot be used (missing, not
 * a folder, unsafe permissions) or memory runs out.
 */
int fwd_plugins_load(struct fwd_plugin_set *set, const char *dir,
		     const struct fwd_host_api *host, struct fwd_err *err);

/*
 * Loads the plugins from option_dir (--plugin-dir), or the default folder
 * (fwd_plugins_default_dir), with the host's own table; refused plugins
 * are logged at debug level.  Returns 0 or a negative code with ctx's
 * error set.
 */
struct fwd_ctx;
int fwd_plugins_open(struct fwd_ctx *ctx, const char *option_dir, struct fwd_plugin_set *set);

/* dlclose()s every plugin and frees the set. */
void fwd_plugins_release(struct fwd_plugin_set *set);

/* The loaded plugin with that name, or NULL. */
const struct fwd_plugin_slot *fwd_plugins_find(const struct fwd_plugin_set *set,
					       const char *name);

/* How many plugins loaded. */
size_t fwd_plugins_count_loaded(const struct fwd_plugin_set *set);

/*
 * The folder to use: --plugin-dir, else $FWDISPATCH_PLUGIN_DIR, else
 * ../lib/fwdispatch/plugins next to the running executable (so an
 * installed or a build-tree fwdispatch finds its own plugins whatever
 * PREFIX was), else the compiled-in FWD_PLUGINDIR.  Writes into buf.
 */
const char *fwd_plugins_default_dir(const char *option, char *buf, size_t size);
#define FWD_PLUGIN_DIR_ENV "FWDISPATCH_PLUGIN_DIR"

#endif
