/*
 * ipmitool-home.c: ipmitool's short company registry in the state folder
 * (ipmitool-home.h says why).
 */
#include "tool/ipmitool-home.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/state-dir.h"
#include "util/atomic-file.h"
#include "util/buf.h"

#define REGISTRY_MAX (64u * 1024u * 1024u)
#define MISC ".local/usr/share/misc"
#define FILE_NAME "enterprise-numbers.txt"

/* Where ipmitool builds look for the registry (Debian's first). */
static const char *const system_registry[] = {
	"/usr/share/misc/enterprise-numbers.txt",
	"/usr/share/misc/enterprise-numbers",
};

/* The makers of servers and BMCs whose names `mc info` should keep: the
 * IANA numbers of ipmitool's own OEM list that make servers, and a few
 * more BMC vendors. */
static const long makers[] = {
	2, 9, 11, 42, 343, 674, 2011, 4413, 5703, 6653, 7244, 10368, 10876, 11129,
	15370, 19046, 20974, 37945, 40981, 47488, 49622, 49769, 52538,
};

static int is_maker(long n)
{
	for (size_t i = 0; i < sizeof(makers) / sizeof(makers[0]); i++)
		if (makers[i] == n)
			return 1;
	return 0;
}

/* A number line, as ipmitool takes one: digits from the first column. */
static int number_line(const char *line, size_t len, long *n)
{
	char buf[16];
	size_t i;

	for (i = 0; i < len && i < sizeof(buf) - 1 && line[i] >= '0' && line[i] <= '9'; i++)
		buf[i] = line[i];
	if (i == 0 || i == sizeof(buf) - 1)
		return 0;
	buf[i] = '\0';
	*n = strtol(buf, NULL, 10);
	return 1;
}

int fwd_ipmitool_registry_filter(const char *text, size_t len, struct fwd_buf *out)
{
	const char *p = text, *end = text + len;
	int keep_next = 0;
	long n;

	fwd_buf_reset(out);
	if (fwd_buf_add(out, "") < 0)
		return -ENOMEM;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (keep_next || (number_line(p, l, &n) && is_maker(n))) {
			if (fwd_buf_addf(out, "%.*s\n", (int)l, p) < 0)
				return -ENOMEM;
			keep_next = !keep_next;
		}
		p += l + (nl ? 1 : 0);
	}
	return 0;
}

static int read_all(const char *path, struct fwd_buf *out, struct stat *st)
{
	char chunk[64 * 1024];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return -errno;
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode) || st->st_size > REGISTRY_MAX) {
		close(fd);
		return -EINVAL;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		if (fwd_buf_addf(out, "%.*s", (int)n, chunk) < 0) {
			close(fd);
			return -ENOMEM;
		}
	close(fd);
	return n < 0 ? -EIO : 0;
}

/* mkdir -p of MISC under home: inside the state folder, which is ours
 * and 0700 (state-dir.h), so no one else can race us here. */
static int make_misc(const char *home, struct fwd_buf *path)
{
	static const char *const parts[] = { ".local", "usr", "share", "misc" };
	struct stat st;

	if (fwd_buf_setf(path, "%s", home) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		if (fwd_buf_addf(path, "/%s", parts[i]) < 0)
			return -ENOMEM;
		if (mkdir(path->s, 0700) != 0 && errno != EEXIST)
			return -errno;
		if (lstat(path->s, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid())
			return -ENOTDIR;
	}
	return 0;
}

static int prepare(struct fwd_ctx *ctx, const char *state_dir)
{
	struct fwd_buf home = FWD_BUF_INIT, misc = FWD_BUF_INIT, file = FWD_BUF_INIT;
	struct fwd_buf text = FWD_BUF_INIT, kept = FWD_BUF_INIT;
	struct stat sys, ours;
	const char *src = NULL;
	int ret;

	for (size_t i = 0; !src && i < sizeof(system_registry) / sizeof(system_registry[0]); i++)
		if (stat(system_registry[i], &sys) == 0 && S_ISREG(sys.st_mode))
			src = system_registry[i];
	if (!src)
		return -ENOENT;
	ret = fwd_state_dir_ensure(ctx, state_dir, "ipmitool", &home);
	if (!ret)
		ret = make_misc(home.s, &misc);
	if (!ret && fwd_buf_setf(&file, "%s/" FILE_NAME, misc.s) < 0)
		ret = -ENOMEM;
	if (!ret && home.len >= sizeof(ctx->ipmitool_home))
		ret = -ENAMETOOLONG;
	/* Made from this system's registry, and not older than it: keep it. */
	if (!ret && !(lstat(file.s, &ours) == 0 && S_ISREG(ours.st_mode) && ours.st_size > 0 &&
		      ours.st_mtime >= sys.st_mtime)) {
		ret = read_all(src, &text, &sys);
		if (!ret)
			ret = fwd_ipmitool_registry_filter(text.s, text.len, &kept);
		if (!ret && kept.len == 0)
			ret = -ENOENT;
		if (!ret)
			ret = fwd_atomic_write(file.s, kept.s, kept.len, 0600, 0, NULL);
	}
	if (!ret)
		snprintf(ctx->ipmitool_home, sizeof(ctx->ipmitool_home), "%s", home.s);
	fwd_buf_release(&home);
	fwd_buf_release(&misc);
	fwd_buf_release(&file);
	fwd_buf_release(&text);
	fwd_buf_release(&kept);
	return ret;
}

void fwd_ipmitool_home_prepare(struct fwd_ctx *ctx, const char *state_dir)
{
	struct fwd_err saved = ctx->err;
	int ret = prepare(ctx, state_dir);

	if (ret) {
		ctx->ipmitool_home[0] = '\0';
		ctx->err = saved;
		fwd_log(ctx, FWD_LOG_DEBUG, "ipmitool reads its own company registry (%s)",
			strerror(-ret));
	}
}
