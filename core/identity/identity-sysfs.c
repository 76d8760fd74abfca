/*
 * identity-sysfs.c: the identity from /sys/class/dmi/id, where the
 * kernel publishes the SMBIOS strings one file per field.
 */
#include "identity/identity.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The kernel writes at most a page per attribute. */
#define SYSFS_FIELD_MAX 4096

static const char *const sysfs_fields[] = {
	"board_vendor", "board_name", "sys_vendor", "product_name", "product_sku",
	"bios_vendor", "bios_version", "bios_date", "chassis_type",
};

/*
 * Reads one field file into buf.  Returns 1 when read, 0 when the field
 * is absent (no file, or not readable: the kernel makes some fields
 * root-only), -1 when the file is not a DMI field (err set).
 */
static int read_field(const char *dir, const char *name, char *buf, size_t size,
		      struct fwd_err *err)
{
	char path[PATH_MAX];
	size_t len = 0;
	ssize_t n;
	int fd;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path)) {
		fwd_error_set(err, 0, "'%s' is too long a path", dir);
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return 0;
	while (len < size) {
		n = read(fd, buf + len, size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (len == size) {
		fwd_error_set(err, 0, "'%s' is larger than %d bytes: not a DMI field",
			 path, SYSFS_FIELD_MAX);
		return -1;
	}
	if (memchr(buf, '\0', len)) {
		fwd_error_set(err, 0, "'%s' is not text: expected a DMI field as the kernel "
			 "writes it", path);
		return -1;
	}
	buf[len] = '\0';
	return 1;
}

static int is_blank(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return *s == '\0';
}

static int is_number(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s < '0' || *s > '9')
		return 0;
	while (*s >= '0' && *s <= '9')
		s++;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return *s == '\0';
}

static int read_sysfs(struct fwd_identity_info *info, const char *root, struct fwd_err *err)
{
	char dir[PATH_MAX], buf[SYSFS_FIELD_MAX + 1];
	struct stat st;
	int ret;

	if (!root)
		root = "/sys";
	if (stat(root, &st) < 0 || !S_ISDIR(st.st_mode)) {
		fwd_error_set(err, 0, "'%s' is not a folder: --sysfs-root expects a copy of "
			 "/sys (with class/dmi/id in it)", root);
		return -FWD_E_BAD_INPUT;
	}
	if ((size_t)snprintf(dir, sizeof(dir), "%s/class/dmi/id", root) >= sizeof(dir)) {
		fwd_error_set(err, 0, "'%s' is too long a path", root);
		return -FWD_E_BAD_INPUT;
	}
	if (stat(dir, &st) < 0) {
		/* No DMI on this machine: an answer, not an error. */
		info->id.source = "none";
		return 0;
	}
	if (!S_ISDIR(st.st_mode)) {
		fwd_error_set(err, 0, "'%s' is not a folder: expected the kernel's DMI fields",
			 dir);
		return -FWD_E_BAD_INPUT;
	}

	for (size_t i = 0; i < sizeof(sysfs_fields) / sizeof(sysfs_fields[0]); i++) {
		ret = read_field(dir, sysfs_fields[i], buf, SYSFS_FIELD_MAX, err);
		if (ret < 0)
			return -FWD_E_BAD_INPUT;
		if (ret == 0)
			continue;
		if (strcmp(sysfs_fields[i], "chassis_type") == 0 && !is_blank(buf) &&
		    !is_number(buf)) {
			fwd_error_set(err, 0, "'%s/chassis_type' is not a number: expected the "
				 "SMBIOS chassis type code", dir);
			return -FWD_E_BAD_INPUT;
		}
		ret = fwd_identity_set(info, sysfs_fields[i], buf);
		if (ret < 0) {
			fwd_error_set(err, 0, "out of memory");
			return -FWD_E_INTERNAL;
		}
	}
	info->id.source = "sysfs";
	return 0;
}

int fwd_identity_read_sysfs(struct fwd_identity_info *info, const char *root,
			    struct fwd_err *err)
{
	return fwd_error_code(err, read_sysfs(info, root, err));
}
