/*
 * trusted-file.c: see trusted-file.h.
 */
#include "util/trusted-file.h"

#include <stdio.h>
#include <unistd.h>

/* Root, or the user running fwdispatch (real or effective uid). */
static int owner_trusted(uid_t uid)
{
	return uid == 0 || uid == getuid() || uid == geteuid();
}

int fwd_trusted_stat(const struct stat *st, const char *path, char *why, size_t size)
{
	if (st->st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(why, size, "is writable by %s (mode %04o): run 'chmod go-w %s'",
			 (st->st_mode & S_IWOTH) ? "others" : "its group",
			 (unsigned)(st->st_mode & 07777), path);
		return -1;
	}
	if (!owner_trusted(st->st_uid)) {
		snprintf(why, size, "is owned by uid %u, neither root nor the invoking user",
			 (unsigned)st->st_uid);
		return -1;
	}
	return 0;
}
