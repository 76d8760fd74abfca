/*
 * image-url.c: checking and fetching an image URL (image-url.h).
 */
#include "image/image-url.h"

#include <curl/curl.h>
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "util/error.h"

#define URL_MAX_LEN 1024

const char *fwd_image_url_problem(const char *url)
{
	const char *host, *end;

	if (strlen(url) > URL_MAX_LEN)
		return "it is longer than 1024 characters";
	for (const char *p = url; *p; p++)
		if (*p <= ' ' || *p >= 0x7f)
			return "it holds a space, a control character or a non-ASCII byte";
	if (!strncasecmp(url, "http://", 7))
		host = url + 7;
	else if (!strncasecmp(url, "https://", 8))
		host = url + 8;
	else
		return "it is not an http:// or https:// URL";
	end = host + strcspn(host, "/?#");
	if (end == host)
		return "it names no host";
	if (memchr(host, '@', (size_t)(end - host)))
		return "it holds a user or a password (USER:PASSWORD@): they would be kept in "
		       "the journal, the report, the history and the BMC's logs";
	return NULL;
}

struct sink {
	int fd;
	uint64_t bytes;
	int too_big;
	int write_errno;
};

static size_t to_fd(char *data, size_t one, size_t n, void *payload)
{
	struct sink *s = payload;
	size_t len = one * n, done = 0;

	if (s->bytes + len > FWD_IMAGE_URL_MAX_BYTES) {
		s->too_big = 1;
		return 0; /* curl stops: CURLE_WRITE_ERROR */
	}
	while (done < len) {
		ssize_t w = write(s->fd, data + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			s->write_errno = w < 0 ? errno : EIO;
			return 0;
		}
		done += (size_t)w;
	}
	s->bytes += len;
	return len;
}

/* What went wrong, in the operator's words. */
static int fetch_failed(struct fwd_ctx *ctx, const char *url, CURLcode rc, long status,
			const struct sink *s, const char *curl_err, const char *location)
{
	if (s->too_big)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "'%s' sends more than %llu MiB: "
					 "that is no firmware image; nothing was flashed", url,
					 FWD_IMAGE_URL_MAX_BYTES >> 20);
	if (s->write_errno)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "cannot write the copy of '%s' "
					 "to check it: %s; nothing was flashed", url,
					 strerror(s->write_errno));
	if (status >= 300 && status < 400)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "'%s' redirects (HTTP %ld) to "
					 "'%.300s': give that URL itself, a BMC may not follow a "
					 "redirect and would pull other bytes than were checked; "
					 "nothing was flashed", url, status, location ? location : "?");
	if (status >= 400)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "'%s' answers HTTP %ld: the image "
					 "cannot be fetched to check it; nothing was flashed", url,
					 status);
	return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "cannot fetch '%s' to check it: %s; "
				 "nothing was flashed", url,
				 curl_err[0] ? curl_err : curl_easy_strerror(rc));
}

int fwd_image_url_fetch(struct fwd_ctx *ctx, const char *url, int fd, uint64_t *bytes)
{
	char curl_err[CURL_ERROR_SIZE] = "";
	struct sink s = { .fd = fd };
	const char *location = NULL;
	long status = 0;
	CURLcode rc;
	CURL *curl;
	int ret;

	*bytes = 0;
	/* The Redfish client may have started libcurl already: the call counts. */
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || !(curl = curl_easy_init()))
		return fwd_ctx_set_error(ctx, -FWD_E_INTERNAL, "libcurl cannot start");
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 30L);
	/* A mirror that stalls for a minute is not coming back. */
	curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, 60L);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_err);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, to_fd);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, "fwdispatch/" FWD_VERSION);
	rc = curl_easy_perform(curl);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &location);
	/* A redirect's own body was written: it is no image either way. */
	if (rc != CURLE_OK || status != 200)
		ret = fetch_failed(ctx, url, rc, status, &s, curl_err, location);
	else
		ret = 0;
	*bytes = s.bytes;
	curl_easy_cleanup(curl);
	curl_global_cleanup();
	return ret;
}
