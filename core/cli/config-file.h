/*
 * config-file.h: the operator's defaults in a file: which file is read
 * (--config FILE, $FWDISPATCH_CONFIG, else /etc/fwdispatch.conf),
 * whether it may be trusted, and its "key = value" lines.
 *
 * What a key means is the option parser's (options.c): a key is a long
 * option's name, and its value goes through that option's own check,
 * so the file and the command line have one validator.  Nothing here
 * knows the options; the caller names the keys it takes.
 */
#ifndef FWD_CLI_CONFIG_FILE_H
#define FWD_CLI_CONFIG_FILE_H

#include <stddef.h>

#include "util/error.h"

/* The default file (Makefile: CONFIG_FILE). */
#ifndef FWD_CONFIG_FILE
#define FWD_CONFIG_FILE "/etc/fwdispatch.conf"
#endif
#define FWD_CONFIG_ENV "FWDISPATCH_CONFIG"
/* A config file is a few lines; anything bigger is not one. */
#define FWD_CONFIG_MAX_BYTES 65536

struct fwd_config_entry {
	const char *key;         /* points into the caller's keys */
	char *value;             /* owned; blanks around it removed */
	unsigned line;           /* 1-based, for messages */
};

/* The lines of the file read; owned, released by fwd_config_release. */
struct fwd_config {
	char *path;              /* the file read; NULL when none was */
	struct fwd_config_entry *entries;
	size_t n;
};

/*
 * Reads the file the operator chose: none with no_config, else
 * option_path (--config), else $FWDISPATCH_CONFIG, else FWD_CONFIG_FILE.
 * A name that is empty or /dev/null means none; only the default may be
 * missing.  keys: the keys taken, NULL-terminated.  Returns 0 (cfg
 * empty when no file was read), or with err filled -FWD_E_REFUSED for a
 * file that may not be trusted (a symbolic link, not a regular file, see
 * trusted-file.h) or -FWD_E_USAGE for anything else wrong with it.
 */
int fwd_config_load(struct fwd_config *cfg, const char *option_path, int no_config,
		    const char *const *keys, struct fwd_err *err);

/* Reads and parses path, as fwd_config_load does; a missing file is 0
 * with nothing read unless must_exist. */
int fwd_config_read(struct fwd_config *cfg, const char *path, int must_exist,
		    const char *const *keys, struct fwd_err *err);

/*
 * Parses text (NUL-terminated, path's, for messages) into cfg: per line
 * "key = value", blanks around either ignored; blank lines and lines
 * starting with '#' skipped.  An unknown key (with the nearest known
 * one), "password" (never kept in this file), a key given twice, a
 * missing '=' or value, and a quoted value are -FWD_E_USAGE naming the
 * line; values are never quoted in a message, since a mistaken line may
 * hold a secret.
 */
int fwd_config_parse(struct fwd_config *cfg, const char *path, const char *text,
		     const char *const *keys, struct fwd_err *err);

void fwd_config_release(struct fwd_config *cfg);

#endif
