/*
 * image.c: image validation plus the SHA-256 the operator expects.
 */
#include "image/image.h"

#include <ctype.h>
#include <openssl/evp.h>
#include <strings.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/base-name.h"
#include "util/file-kind.h"
#include "util/json-out.h"

#define SIDECAR_MAX 4096

int fwd_sha256_hex_valid(char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	if (i != 64)
		return 0;
	for (i = 0; s[i]; i++)
		s[i] = (char)tolower((unsigned char)s[i]);
	return 1;
}

/*
 * Reads PATH.sha256: lines of "HEX  NAME" or "HEX *NAME" (sha256sum), or
 * a lone HEX.  Takes the line for the image's own name, or the only line.
 * Returns 1 with hex filled, 0 when there is no sidecar, negative when it
 * exists but cannot be used (ctx error set).
 */
static int read_sidecar(struct fwd_ctx *ctx, const char *path, char hex[65])
{
	char *side, buf[SIDECAR_MAX + 1], *line, *save = NULL;
	const char *want = fwd_base_name(path);
	int fd, found = 0, lines = 0;
	char other[256] = "";
	ssize_t n;

	if (asprintf(&side, "%s.sha256", path) < 0)
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	fd = open(side, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		int e = errno;

		free(side);
		if (e == ENOENT)
			return 0;
		return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT,
					 "cannot open checksum file '%s.sha256': %s", path, strerror(e));
	}
	n = read(fd, buf, SIDECAR_MAX);
	close(fd);
	if (n < 0 || n == SIDECAR_MAX) {
		fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "checksum file '%s' is %s", side,
				  n < 0 ? "unreadable" : "too large for a sha256sum file");
		free(side);
		return -FWD_E_BAD_INPUT;
	}
	buf[n] = '\0';
	for (line = strtok_r(buf, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
		char h[65], *name;
		size_t len = strspn(line, "0123456789abcdefABCDEF");

		if (line[0] == '#' || line[strspn(line, " \t")] == '\0')
			continue;
		lines++;
		if (len != 64 || (line[64] && line[64] != ' ' && line[64] != '\t'))
			continue;
		memcpy(h, line, 64);
		h[64] = '\0';
		name = line + 64;
		name += strspn(name, " \t");
		if (*name == '*')
			name++;
		if (*name == '\0' || strcmp(fwd_base_name(name), want) == 0) {
			fwd_sha256_hex_valid(h);
			memcpy(hex, h, 65);
			found = 1;
			break;
		}
		snprintf(other, sizeof(other), "%s", name);
	}
	if (!found) {
		if (other[0])
			fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
				"checksum file '%s' has no line for '%s' (it names '%s'): "
				"pass the expected SHA-256 with --sha256", side, want, other);
		else
			fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT,
				"checksum file '%s' holds no SHA-256 in sha256sum format (%d line%s): "
				"fix it or pass --sha256", side, lines, lines == 1 ? "" : "s");
		free(side);
		return ctx->err.code;
	}
	free(side);
	return 1;
}

/* The expected SHA-256: the one given (from the command line, a manifest
 * or a journal: from names which, "option" when NULL), else the sidecar;
 * "" when neither. */
static int expected_sha256(struct fwd_ctx *ctx, const char *path, const char *expected,
			   const char *from, struct fwd_image_check *out)
{
	int ret;

	if (expected) {
		snprintf(out->expected_sha256, sizeof(out->expected_sha256), "%s", expected);
		if (!fwd_sha256_hex_valid(out->expected_sha256))
			return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT,
				"'%s' is not a SHA-256 (64 hex digits)", expected);
		snprintf(out->sha256_source, sizeof(out->sha256_source), "%s",
			 from ? from : "option");
		return 0;
	}
	ret = read_sidecar(ctx, path, out->expected_sha256);
	if (ret > 0)
		snprintf(out->sha256_source, sizeof(out->sha256_source), "sidecar");
	return ret < 0 ? ret : 0;
}

/* Who said what the SHA-256 should be, for a sentence. */
static const char *source_words(const char *source)
{
	if (!strcmp(source, "manifest"))
		return "the manifest";
	if (!strcmp(source, "journal"))
		return "the interrupted run's journal";
	if (!strcmp(source, "sidecar"))
		return "its .sha256 file";
	return "the command line";
}

static int compare_sha256(struct fwd_ctx *ctx, const char *path, struct fwd_image_check *out)
{
	if (!out->expected_sha256[0] || strcmp(out->expected_sha256, out->hpm.sha256_hex) == 0)
		return 0;
	out->problem = "sha256-mismatch";
	return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
		"'%s' has SHA-256 %s, but %s says %s: the file is not the one you "
		"meant to flash, or it is corrupted; download it again", path,
		out->hpm.sha256_hex, source_words(out->sha256_source), out->expected_sha256);
}

static int not_a_file(struct fwd_ctx *ctx, const char *path, mode_t mode,
		      struct fwd_image_check *out)
{
	out->problem = "not-regular";
	return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "'%s' is %s, not a firmware image: give "
				 "the path of the image file itself", path, fwd_file_kind(mode));
}

int fwd_image_open(struct fwd_ctx *ctx, const char *path, struct fwd_image_check *out,
		   off_t *size)
{
	struct stat st;
	int fd;

	/* O_NONBLOCK: opening a FIFO must not wait for a writer before fstat
	 * can refuse it. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		int e = errno;

		/* A socket cannot be opened at all (ENXIO): say what it is. */
		if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
			return not_a_file(ctx, path, st.st_mode, out);
		out->problem = "open";
		return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "cannot open image '%s': %s", path,
					 strerror(e));
	}
	if (fstat(fd, &st) < 0) {
		int e = errno;

		close(fd);
		out->problem = "open";
		return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "cannot stat image '%s': %s", path,
					 strerror(e));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return not_a_file(ctx, path, st.st_mode, out);
	}
	if (size)
		*size = st.st_size;
	return fd;
}

int fwd_image_check_hpm1(struct fwd_ctx *ctx, const char *path, const char *expected,
			 const char *expected_from, int copy_fd, struct fwd_image_check *out)
{
	struct fwd_err err;
	int fd, ret;

	memset(out, 0, sizeof(*out));
	out->path = path;
	ret = expected_sha256(ctx, path, expected, expected_from, out);
	if (ret)
		return ret;
	fd = fwd_image_open(ctx, path, out, NULL);
	if (fd < 0)
		return fd;
	ret = fwd_hpm1_check_fd(fd, copy_fd, &out->hpm, &err);
	close(fd);
	if (ret)
		out->problem = fwd_hpm1_error_name(ret);
	if (ret == FWD_HPM1_E_WRITE || ret == FWD_HPM1_E_INTERNAL)
		return fwd_ctx_set_error(ctx, -FWD_E_INTERNAL, "'%s': %s", path, err.msg);
	if (ret)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
					 "'%s' is not a valid HPM.1 image: %s", path, err.msg);
	return compare_sha256(ctx, path, out);
}

int fwd_image_is_hpm1(const char *path)
{
	char magic[FWD_HPM1_SIGNATURE_SIZE];
	size_t len = strlen(path);
	int fd, is;

	if (len > 4 && strcasecmp(path + len - 4, ".hpm") == 0)
		return 1;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return 0;
	is = read(fd, magic, sizeof(magic)) == (ssize_t)sizeof(magic) &&
	     memcmp(magic, FWD_HPM1_SIGNATURE, sizeof(magic)) == 0;
	close(fd);
	return is;
}

/* Reads all of fd into the digest and, when copy_fd >= 0, the copy. */
static int hash_and_copy(int fd, int copy_fd, struct fwd_hpm1_info *h, struct fwd_err *err)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char buf[65536], md[EVP_MAX_MD_SIZE];
	EVP_MD_CTX *md_ctx = EVP_MD_CTX_new();
	unsigned int md_len = 0;
	int ret = 0;

	if (!md_ctx || !EVP_DigestInit_ex(md_ctx, EVP_sha256(), NULL)) {
		EVP_MD_CTX_free(md_ctx);
		return fwd_error_set(err, -FWD_E_INTERNAL, "cannot compute SHA-256 with OpenSSL");
	}
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = fwd_error_set(err, -FWD_E_BAD_INPUT, "read error at offset %llu: %s",
					    (unsigned long long)h->size, strerror(errno));
			break;
		}
		if (n == 0)
			break;
		EVP_DigestUpdate(md_ctx, buf, (size_t)n);
		h->size += (uint64_t)n;
		for (ssize_t off = 0; copy_fd >= 0 && off < n;) {
			ssize_t w = write(copy_fd, buf + off, (size_t)(n - off));

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				ret = fwd_error_set(err, -FWD_E_REFUSED,
						    "cannot write the staged copy: %s",
						    strerror(w < 0 ? errno : ENOSPC));
				goto out;
			}
			off += w;
		}
	}
	EVP_DigestFinal_ex(md_ctx, md, &md_len);
	for (unsigned i = 0; i < md_len && i < 32; i++) {
		h->sha256[i] = md[i];
		h->sha256_hex[2 * i] = hex[md[i] >> 4];
		h->sha256_hex[2 * i + 1] = hex[md[i] & 15];
	}
	h->sha256_hex[64] = '\0';
out:
	EVP_MD_CTX_free(md_ctx);
	return ret;
}

/* need_sha: refuse an image without an expected SHA-256 (update), or
 * only hash it (check, which then says it could not compare one). */
static int vendor_pass(struct fwd_ctx *ctx, const char *path, const char *expected,
		       const char *expected_from, int copy_fd, struct fwd_image_check *out,
		       int need_sha)
{
	struct fwd_err err;
	off_t size;
	int fd, ret;

	memset(out, 0, sizeof(*out));
	out->path = path;
	out->vendor = 1;
	ret = expected_sha256(ctx, path, expected, expected_from, out);
	if (ret)
		return ret;
	/* What the path is comes first: a folder needs no SHA-256 to be refused. */
	fd = fwd_image_open(ctx, path, out, &size);
	if (fd < 0)
		return fd;
	if (need_sha && !out->expected_sha256[0]) {
		close(fd);
		out->problem = "sha256-missing";
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
			"'%s' is a vendor image fwdispatch cannot check by itself: give its "
			"SHA-256 as the vendor publishes it on the download page (--sha256-bmc / "
			"--sha256-bios, or a '%s.sha256' file in sha256sum format)", path, path);
	}
	if (size == 0) {
		close(fd);
		out->problem = "empty";
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
			"image '%s' is empty (0 bytes): download it again", path);
	}
	ret = hash_and_copy(fd, copy_fd, &out->hpm, &err);
	close(fd);
	if (ret)
		return fwd_ctx_set_error(ctx, ret, "'%s': %s", path, err.msg);
	return compare_sha256(ctx, path, out);
}

int fwd_image_check_vendor(struct fwd_ctx *ctx, const char *path, const char *expected,
			   const char *expected_from, int copy_fd, struct fwd_image_check *out)
{
	return vendor_pass(ctx, path, expected, expected_from, copy_fd, out, 1);
}

int fwd_image_read_vendor(struct fwd_ctx *ctx, const char *path, const char *expected,
			  const char *expected_from, struct fwd_image_check *out)
{
	return vendor_pass(ctx, path, expected, expected_from, -1, out, 0);
}

static json_t *version_json(const struct fwd_hpm1_version *v)
{
	char buf[FWD_HPM1_VERSION_STR_SIZE];

	fwd_hpm1_version_format(v, buf, sizeof(buf));
	return json_string(buf);
}

json_t *fwd_image_to_json(const struct fwd_image_check *img)
{
	const struct fwd_hpm1_info *h = &img->hpm;
	json_t *doc = json_object(), *comps = json_array();

	json_object_set_new(doc, "file", fwd_json_text(img->path));
	json_object_set_new(doc, "format", json_string(img->vendor ? "vendor" : "hpm1"));
	if (img->problem)
		json_object_set_new(doc, "problem", json_string(img->problem));
	json_object_set_new(doc, "sha256", h->sha256_hex[0] ? json_string(h->sha256_hex) : json_null());
	json_object_set_new(doc, "sha256_expected", img->expected_sha256[0] ?
			    json_string(img->expected_sha256) : json_null());
	json_object_set_new(doc, "sha256_source", img->sha256_source[0] ?
			    json_string(img->sha256_source) : json_null());
	json_object_set_new(doc, "size", json_integer((json_int_t)h->size));
	if (img->vendor) {
		json_decref(comps);
		return doc;
	}
	json_object_set_new(doc, "device_id", json_integer(h->device_id));
	json_object_set_new(doc, "manufacturer_id", json_integer(h->manufacturer_id));
	json_object_set_new(doc, "product_id", json_integer(h->product_id));
	json_object_set_new(doc, "earliest_compatible", version_json(&h->earliest));
	json_object_set_new(doc, "firmware_version", version_json(&h->firmware));
	for (unsigned i = 0; i < h->n_components; i++) {
		const struct fwd_hpm1_component *c = &h->components[i];

		json_array_append_new(comps, json_pack("{s:i, s:o, s:s, s:I}", "id", c->id,
						       "version", version_json(&c->version),
						       "description", c->description,
						       "length", (json_int_t)c->payload_length));
	}
	json_object_set_new(doc, "components", comps);
	return doc;
}

int fwd_image_sha256_fd(int fd, char hex[65], uint64_t *size, struct fwd_err *err)
{
	struct fwd_hpm1_info h;
	int ret;

	memset(&h, 0, sizeof(h));
	ret = hash_and_copy(fd, -1, &h, err);
	if (!ret) {
		memcpy(hex, h.sha256_hex, 65);
		hex[64] = '\0';
		*size = h.size;
	}
	return ret;
}
