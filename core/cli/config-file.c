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
#include "util/trusted-text.h"

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

int fwd_config_read(struct fwd_config *cfg, const char *path, int must_exist,
		    const char *const *keys, struct fwd_err *err)
{
	char *text = NULL;
	int ret;

	ret = fwd_trusted_text_read(path, "config file", FWD_CONFIG_MAX_BYTES, must_exist, &text,
				    err);
	if (ret || !text)
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
