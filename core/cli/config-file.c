/*
 * config-file.c: finding, checking, reading and parsing the config file
 * (config-file.h).
 */
#include "cli/config-file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/edit-distance.h"
#include "util/kv-text.h"
#include "util/trusted-file.h"

void fwd_config_release(struct fwd_config *cfg)
{
	for (size_t i = 0; i < cfg->n; i++)
		free(cfg->entries[i].value);
	free(cfg->entries);
	free(cfg->path);
	memset(cfg, 0, sizeof(*cfg));
}

static const char *known_key(const char *const *keys, const char *name, size_t len)
{
	for (size_t i = 0; keys[i]; i++)
		if (strlen(keys[i]) == len && !strncmp(keys[i], name, len))
			return keys[i];
	return NULL;
}

/* The key the operator most likely meant by name[0..len), or NULL. */
static const char *meant(const char *const *keys, const char *name, size_t len)
{
	const char *best = NULL;
	size_t best_edits = 3;

	for (size_t i = 0; keys[i]; i++) {
		size_t e = fwd_edit_distance(name, len, keys[i]);

		if (e < best_edits) {
			best = keys[i];
			best_edits = e;
		}
	}
	return best;
}

static int unknown_key(const char *const *keys, const char *path, unsigned line,
		       const char *name, size_t len, struct fwd_err *err)
{
	const char *guess;

	if (len == 8 && !strncmp(name, "password", 8))
		return fwd_error_set(err, -FWD_E_USAGE, "config file '%s' line %u: a password is "
				     "never kept in the config file: put it alone in a file of "
				     "mode 0600 and name that with 'password-file = FILE'", path,
				     line);
	guess = meant(keys, name, len);
	return fwd_error_set(err, -FWD_E_USAGE,
			     "config file '%s' line %u: unknown key '%.*s'%s%s%s", path, line,
			     (int)(len > 64 ? 64 : len), name, guess ? ": did you mean '" : "",
			     guess ? guess : "", guess ? "'?" : "");
}

/* One "key = value" line, trimmed and not a comment, into cfg. */
static int parse_line(struct fwd_config *cfg, const char *path, unsigned line, const char *s,
		      size_t len, const char *const *keys, struct fwd_err *err)
{
	const char *eq = memchr(s, '=', len), *key, *value;
	size_t klen, vlen;
	struct fwd_config_entry *grown;

	if (!eq)
		return fwd_error_set(err, -FWD_E_USAGE, "config file '%s' line %u: not 'key = "
				     "value'", path, line);
	klen = (size_t)(eq - s);
	vlen = len - klen - 1;
	key = fwd_kv_trim(s, &klen);
	value = fwd_kv_trim(eq + 1, &vlen);
	if (!klen)
		return fwd_error_set(err, -FWD_E_USAGE, "config file '%s' line %u: no key before "
				     "'='", path, line);
	if (!known_key(keys, key, klen))
		return unknown_key(keys, path, line, key, klen, err);
	key = known_key(keys, key, klen);
	for (size_t i = 0; i < cfg->n; i++)
		if (cfg->entries[i].key == key)
			return fwd_error_set(err, -FWD_E_USAGE, "config file '%s' line %u: '%s' is "
					     "set again (first on line %u)", path, line, key,
					     cfg->entries[i].line);
	if (!vlen)
		return fwd_error_set(err, -FWD_E_USAGE, "config file '%s' line %u: '%s' has no "
				     "value", path, line, key);
	/* The value is the rest of the line: quotes would become part of it. */
	if (value[0] == '"' || value[0] == '\'')
		return fwd_error_set(err, -FWD_E_USAGE, "config file '%s' line %u: the value of "
				     "'%s' is quoted: write it without quotes", path, line, key);
	grown = realloc(cfg->entries, (cfg->n + 1) * sizeof(*grown));
	if (!grown)
		return fwd_error_set(err, -ENOMEM, "out of memory");
	cfg->entries = grown;
	grown[cfg->n].key = key;
	grown[cfg->n].line = line;
	if (!(grown[cfg->n].value = strndup(value, vlen)))
		return fwd_error_set(err, -ENOMEM, "out of memory");
	cfg->n++;
	return 0;
}

int fwd_config_parse(struct fwd_config *cfg, const char *path, const char *text,
		     const char *const *keys, struct fwd_err *err)
{
	unsigned line = 0;
	int ret;

	for (const char *s = text; *s; ) {
		size_t len = strcspn(s, "\n");
		const char *next = s[len] ? s + len + 1 : s + len;
		const char *body = fwd_kv_trim(s, &len);

		line++;
		if (len && body[0] != '#') {
			ret = parse_line(cfg, path, line, body, len, keys, err);
			if (ret)
				return ret;
		}
		s = next;
	}
	return 0;
}

/* The whole file, NUL-terminated, from fd; -FWD_E_USAGE when it is not
 * a short text file. */
static int read_text(int fd, const char *path, char **out, struct fwd_err *err)
{
	char *buf = malloc(FWD_CONFIG_MAX_BYTES + 1);
	size_t got = 0;
	ssize_t n;

	if (!buf)
		return fwd_error_set(err, -ENOMEM, "out of memory");
	while (got <= FWD_CONFIG_MAX_BYTES &&
	       (n = read(fd, buf + got, FWD_CONFIG_MAX_BYTES + 1 - got)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int saved = errno;

			free(buf);
			return fwd_error_set(err, -FWD_E_USAGE, "cannot read config file '%s': %s",
					     path, strerror(saved));
		}
		got += (size_t)n;
	}
	if (got > FWD_CONFIG_MAX_BYTES || memchr(buf, '\0', got)) {
		free(buf);
		return fwd_error_set(err, -FWD_E_USAGE, "config file '%s' is not a config file: %s",
				     path, got > FWD_CONFIG_MAX_BYTES ? "more than 64 KiB" :
				     "it holds NUL bytes");
	}
	buf[got] = '\0';
	*out = buf;
	return 0;
}

/* Open without following a link, then judge what was opened (no race
 * between the check and the read); O_NONBLOCK: a FIFO must not hang. */
static int open_trusted(const char *path, int must_exist, int *fd_out, struct fwd_err *err)
{
	char why[FWD_ERROR_MAX];
	struct stat st;
	int fd;

	*fd_out = -1;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0 && errno == ENOENT && !must_exist)
		return 0;
	if (fd < 0 && errno == ELOOP)
		return fwd_error_set(err, -FWD_E_REFUSED, "config file '%s' is a symbolic link: "
				     "name the file itself", path);
	if (fd < 0)
		return fwd_error_set(err, -FWD_E_USAGE, "cannot open config file '%s': %s", path,
				     strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return fwd_error_set(err, -FWD_E_REFUSED, "config file '%s' is not a regular file",
				     path);
	}
	if (fwd_trusted_stat(&st, path, why, sizeof(why))) {
		close(fd);
		return fwd_error_set(err, -FWD_E_REFUSED, "config file '%s' %s; it is not read",
				     path, why);
	}
	*fd_out = fd;
	return 0;
}

int fwd_config_read(struct fwd_config *cfg, const char *path, int must_exist,
		    const char *const *keys, struct fwd_err *err)
{
	char *text = NULL;
	int fd, ret;

	ret = open_trusted(path, must_exist, &fd, err);
	if (ret || fd < 0)
		return ret;
	ret = read_text(fd, path, &text, err);
	close(fd);
	if (ret)
		return ret;
	if (!(cfg->path = strdup(path)))
		ret = fwd_error_set(err, -ENOMEM, "out of memory");
	if (!ret)
		ret = fwd_config_parse(cfg, path, text, keys, err);
	free(text);
	return ret;
}

int fwd_config_load(struct fwd_config *cfg, const char *option_path, int no_config,
		    const char *const *keys, struct fwd_err *err)
{
	const char *path = option_path ? option_path : getenv(FWD_CONFIG_ENV);
	int must_exist = path != NULL;

	if (no_config)
		return 0;
	if (!path)
		path = FWD_CONFIG_FILE;
	/* The usual way to say "none" where a file name is expected. */
	if (!*path || !strcmp(path, "/dev/null"))
		return 0;
	return fwd_config_read(cfg, path, must_exist, keys, err);
}
