/*
 * trusted-keys.c: loading the keys that may sign a manifest, reading the
 * signature, and checking it against every key (trusted-keys.h).
 *
 * Every file is opened once, by descriptor, without following a link and
 * without waiting on a FIFO, and judged by what was opened (fstat), so
 * nothing can be swapped between the check and the read.
 */
#include "image/trusted-keys.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/file-kind.h"
#include "util/trusted-file.h"
#include "util/trusted-path.h"

const char *fwd_trusted_keys_dir(int *named)
{
	const char *env = getenv(FWD_TRUSTED_KEYS_ENV);

	*named = env != NULL;
	if (!env)
		return FWD_TRUSTED_KEYS_DIR;
	return !*env || !strcmp(env, "/dev/null") ? NULL : env;
}

void fwd_trusted_keys_release(struct fwd_trusted_keys *t)
{
	for (size_t i = 0; i < t->n; i++)
		fwd_pubkey_release(&t->keys[i]);
	free(t->keys);
	memset(t, 0, sizeof(*t));
}

/* Reads fd to its end into buf (size bytes); more than fits is -EFBIG. */
static int read_all(int fd, char *buf, size_t size, size_t *len)
{
	ssize_t got;

	*len = 0;
	for (;;) {
		got = read(fd, buf + *len, size - *len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -errno;
		if (got == 0)
			return 0;
		*len += (size_t)got;
		if (*len == size) {
			char extra;

			while ((got = read(fd, &extra, 1)) < 0 && errno == EINTR)
				;
			return got > 0 ? -EFBIG : got < 0 ? -errno : 0;
		}
	}
}

/* A descriptor just opened for path: a regular file, trusted; then its
 * text parsed into *k.  Closes fd. */
static int load_key_fd(struct fwd_ctx *ctx, int fd, const char *path, struct fwd_pubkey *k)
{
	char why[FWD_ERROR_MAX], *text;
	struct stat st;
	size_t len;
	int ret;

	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "trusted key '%s' is not a regular "
					 "file", path);
	}
	if (fwd_trusted_stat(&st, path, why, sizeof(why))) {
		close(fd);
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "trusted key '%s' %s; whoever can "
					 "write it could sign manifests, so it is not used", path,
					 why);
	}
	text = malloc(FWD_PUBKEY_MAX_SIZE + 1);
	if (!text) {
		close(fd);
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	}
	ret = read_all(fd, text, FWD_PUBKEY_MAX_SIZE + 1, &len);
	close(fd);
	if (ret == -EFBIG || (!ret && len > FWD_PUBKEY_MAX_SIZE))
		ret = fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "trusted key '%s' is too big to be a "
					"public key", path);
	else if (ret)
		ret = fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "cannot read trusted key '%s': %s",
					path, strerror(-ret));
	else
		ret = fwd_pubkey_from_pem(ctx, path, text, len, k);
	free(text);
	return ret;
}

/*
 * Every folder above path (trusted-path.h): whoever owns one could swap
 * in a key of their own.  0, or -FWD_E_REFUSED with ctx's error set;
 * what cannot be walked is left to the open that follows to say.
 */
static int ancestors_trusted(struct fwd_ctx *ctx, const char *what, const char *path)
{
	char parent[PATH_MAX], why[FWD_ERROR_MAX];
	const char *slash = strrchr(path, '/');
	int fd;

	if (!slash)
		snprintf(parent, sizeof(parent), ".");
	else
		snprintf(parent, sizeof(parent), "%.*s", slash == path ? 1 : (int)(slash - path),
			 path);
	fd = fwd_open_trusted_parent(parent, why, sizeof(why));
	if (fd >= 0)
		close(fd);
	if (fd != -EPERM)
		return 0;
	return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "%s '%s': its folder %s; whoever can "
				 "write there could swap in a key of their own, so it is not used",
				 what, path, why);
}

/* An open that failed (-errno, or -EINVAL for no regular file: kind). */
static int open_failed(struct fwd_ctx *ctx, const char *path, int err, mode_t kind)
{
	if (err == -ELOOP)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "trusted key '%s' is a symbolic link: "
					 "put the key file itself there", path);
	if (err == -EINVAL && kind)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "trusted key '%s' is %s, not a key "
					 "file", path, fwd_file_kind(kind));
	return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "cannot open trusted key '%s': %s", path,
				 strerror(-err));
}

static int add_key(struct fwd_ctx *ctx, struct fwd_trusted_keys *t, int fd, const char *path)
{
	struct fwd_pubkey *grown = realloc(t->keys, (t->n + 1) * sizeof(*grown));
	int ret;

	if (!grown) {
		close(fd);
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	}
	t->keys = grown;
	ret = load_key_fd(ctx, fd, path, &t->keys[t->n]);
	if (!ret)
		t->n++;
	return ret;
}

static int key_file_name(const char *name)
{
	size_t len = strlen(name);

	return name[0] != '.' && len > 4 && !strcmp(name + len - 4, ".pem");
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.pem names in d, sorted (so messages and the choice are stable). */
static int list_keys(struct fwd_ctx *ctx, DIR *d, const char *dir, char ***out, size_t *n)
{
	struct dirent *de;
	char **names = NULL, **grown;

	*n = 0;
	while ((errno = 0, de = readdir(d))) {
		if (!key_file_name(de->d_name))
			continue;
		grown = realloc(names, (*n + 1) * sizeof(*names));
		if (!grown || !(grown[*n] = strdup(de->d_name))) {
			names = grown ? grown : names;
			while (*n)
				free(names[--*n]);
			free(names);
			return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
		}
		names = grown;
		(*n)++;
	}
	if (errno) {
		int err = errno;

		while (*n)
			free(names[--*n]);
		free(names);
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "cannot read the trusted-keys folder "
					 "'%s': %s", dir, strerror(err));
	}
	if (*n)
		qsort(names, *n, sizeof(*names), cmp_names);
	*out = names;
	return 0;
}

/* Opens dir as a folder, not through a link; *fd -1 when it is missing
 * and may be. */
static int open_dir(struct fwd_ctx *ctx, const char *dir, int named, int *fd)
{
	char why[FWD_ERROR_MAX];
	struct stat st;

	*fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (*fd < 0 && errno == ENOENT && !named)
		return 0;
	if (*fd >= 0 && ancestors_trusted(ctx, "the trusted-keys folder", dir)) {
		close(*fd);
		*fd = -1;
		return -FWD_E_REFUSED;
	}
	/* O_DIRECTORY with O_NOFOLLOW says ENOTDIR for a link, even to a folder. */
	if (*fd < 0 && (errno == ELOOP || (errno == ENOTDIR && lstat(dir, &st) == 0 &&
					   S_ISLNK(st.st_mode))))
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "the trusted-keys folder '%s' is a "
					 "symbolic link: name the folder itself", dir);
	if (*fd < 0)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "cannot use the trusted-keys folder "
					 "'%s': %s", dir, errno == ENOTDIR ? "it is not a folder" :
					 strerror(errno));
	if (fstat(*fd, &st) < 0 || fwd_trusted_stat(&st, dir, why, sizeof(why))) {
		close(*fd);
		*fd = -1;
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "the trusted-keys folder '%s' %s; "
					 "whoever can write it could add a key, so no manifest is "
					 "verified with it", dir, why);
	}
	return 0;
}

static int load_dir(struct fwd_ctx *ctx, const char *dir, int named, struct fwd_trusted_keys *t)
{
	const char *sep = dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/";
	char **names = NULL, path[4096];
	size_t n = 0;
	int dfd, fd, ret;
	DIR *d;

	ret = open_dir(ctx, dir, named, &dfd);
	if (ret || dfd < 0)
		return ret;
	t->configured = 1;
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "cannot read the trusted-keys folder "
					 "'%s': %s", dir, strerror(errno));
	}
	ret = list_keys(ctx, d, dir, &names, &n);
	for (size_t i = 0; !ret && i < n; i++) {
		snprintf(path, sizeof(path), "%s%s%s", dir, sep, names[i]);
		fd = openat(dirfd(d), names[i], O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW |
			    O_NONBLOCK);
		ret = fd < 0 ? open_failed(ctx, path, -errno, 0) : add_key(ctx, t, fd, path);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return ret;
}

int fwd_trusted_keys_load(struct fwd_ctx *ctx, const char *key_file, const char *dir,
			  int dir_named, struct fwd_trusted_keys *out)
{
	mode_t kind;
	int fd, ret = 0;

	memset(out, 0, sizeof(*out));
	if (key_file) {
		out->configured = 1;
		ret = ancestors_trusted(ctx, "trusted key", key_file);
		fd = ret ? -1 : fwd_open_regular(key_file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0,
						 &kind);
		if (!ret)
			ret = fd < 0 ? open_failed(ctx, key_file, fd, kind) :
				       add_key(ctx, out, fd, key_file);
		snprintf(out->where, sizeof(out->where), "key '%s'", key_file);
	}
	if (!ret && dir) {
		int had = out->configured;

		ret = load_dir(ctx, dir, dir_named, out);
		if (!ret && out->configured && had)
			snprintf(out->where + strlen(out->where), sizeof(out->where) -
				 strlen(out->where), " and the folder '%s'", dir);
		else if (!ret && out->configured)
			snprintf(out->where, sizeof(out->where), "the folder '%s'", dir);
	}
	if (ret)
		fwd_trusted_keys_release(out);
	return ret;
}

int fwd_signature_read(struct fwd_ctx *ctx, const char *path, unsigned char *sig)
{
	/* Room to tell a wrong file's size, up to a point. */
	char buf[4096];
	size_t len;
	mode_t kind;
	int fd, ret;

	fd = fwd_open_regular(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0, &kind);
	if (fd == -ELOOP)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "signature '%s' is a symbolic link: "
					 "name the file itself", path);
	if (fd == -EINVAL && kind)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "signature '%s' is %s, not a "
					 "signature file", path, fwd_file_kind(kind));
	if (fd < 0)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "cannot open signature '%s': %s", path,
					 strerror(-fd));
	ret = read_all(fd, buf, sizeof(buf), &len);
	close(fd);
	if (ret && ret != -EFBIG)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "cannot read signature '%s': %s", path,
					 strerror(-ret));
	if (ret || len != FWD_SIG_SIZE)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "signature '%s' is %s%zu bytes, not "
					 "an Ed25519 signature (%d bytes, as 'openssl pkeyutl -sign "
					 "-rawin -inkey KEY -in MANIFEST -out SIGNATURE' writes it)",
					 path, ret ? "more than " : "", len, FWD_SIG_SIZE);
	memcpy(sig, buf, FWD_SIG_SIZE);
	return 0;
}

int fwd_trusted_keys_verify(struct fwd_ctx *ctx, const struct fwd_trusted_keys *t,
			    const char *what, const void *data, size_t len,
			    const unsigned char *sig, const struct fwd_pubkey **by)
{
	*by = NULL;
	if (!t->n)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "'%s' cannot be verified: %s holds no "
					 "*.pem key; put the public key its signer uses there",
					 what, t->where);
	for (size_t i = 0; i < t->n; i++)
		if (fwd_signature_verify(ctx, &t->keys[i], data, len, sig, FWD_SIG_SIZE) == 0) {
			fwd_ctx_clear_error(ctx);
			*by = &t->keys[i];
			return 0;
		}
	if (t->n == 1)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "'%s' is not signed by the trusted "
					 "key '%s' (sha256 %s): it was changed after it was signed, "
					 "or signed with another key; nothing in it is used", what,
					 t->keys[0].name, t->keys[0].fingerprint);
	return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "'%s' is signed by none of the %zu trusted "
				 "keys (%s): it was changed after it was signed, or signed with "
				 "another key; nothing in it is used", what, t->n, t->where);
}
