/*
 * push.c: pushing an image to a Redfish update service (redfish.h).
 *
 * The image is never held in memory: libcurl reads it from the file as
 * the socket takes it, and the size is known up front, so the request
 * carries a Content-Length (some BMCs refuse chunked uploads).  Its
 * progress goes to the run's progress as bytes.
 */
#include "redfish/client.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A BMC that takes less than this for this long is stuck.  Checking a
 * large image before it answers can take a BMC a minute or two. */
#define LOW_SPEED_BYTES 1L
#define LOW_SPEED_SECONDS 300L

struct push {
	struct fwd_ctx *ctx;
	enum fwd_step step;
	const char *image_path;
	const char *params;        /* UpdateParameters as JSON, or NULL: the image alone */
	FILE *file;                /* the image alone, read by on_read */
	off_t size;
	curl_mime *mime;
	uint64_t shown;
};

static size_t on_read(char *buf, size_t size, size_t n, void *payload)
{
	struct push *p = payload;
	size_t got = fread(buf, size, n, p->file);

	return ferror(p->file) ? CURL_READFUNC_ABORT : got;
}

static int on_progress(void *payload, curl_off_t dltotal, curl_off_t dlnow,
		       curl_off_t ultotal, curl_off_t ulnow)
{
	struct push *p = payload;

	(void)dltotal;
	(void)dlnow;
	if (ultotal > 0 && (uint64_t)ulnow != p->shown && p->ctx->on_progress) {
		p->shown = (uint64_t)ulnow;
		p->ctx->on_progress(p->ctx->progress_payload, p->step, (uint64_t)ulnow,
				    (uint64_t)ultotal);
	}
	return 0;
}

static int set_up(void *payload, CURL *c, struct curl_slist **headers)
{
	struct push *p = payload;
	curl_mimepart *part;

	/* On a connection used before, libcurl sends a request again by
	 * itself when the server closed it without a word: not an image, which
	 * the BMC may be applying already.  A fresh one is never retried. */
	curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 0L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, LOW_SPEED_BYTES);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, LOW_SPEED_SECONDS);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, p);
	if (!p->params) {
		*headers = curl_slist_append(*headers, "Content-Type: application/octet-stream");
		curl_easy_setopt(c, CURLOPT_POST, 1L);
		curl_easy_setopt(c, CURLOPT_READFUNCTION, on_read);
		curl_easy_setopt(c, CURLOPT_READDATA, p);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)p->size);
		return 0;
	}
	p->mime = curl_mime_init(c);
	if (!p->mime)
		return fwd_ctx_set_error(p->ctx, -ENOMEM, "out of memory");
	part = curl_mime_addpart(p->mime);
	if (!part || curl_mime_name(part, "UpdateParameters") != CURLE_OK ||
	    curl_mime_data(part, p->params, CURL_ZERO_TERMINATED) != CURLE_OK ||
	    curl_mime_type(part, "application/json") != CURLE_OK)
		return fwd_ctx_set_error(p->ctx, -ENOMEM, "out of memory");
	part = curl_mime_addpart(p->mime);
	/* filedata streams the file, and knows its size for Content-Length. */
	if (!part || curl_mime_name(part, "UpdateFile") != CURLE_OK ||
	    curl_mime_filedata(part, p->image_path) != CURLE_OK ||
	    curl_mime_type(part, "application/octet-stream") != CURLE_OK)
		return fwd_ctx_set_error(p->ctx, -ENOMEM, "cannot attach '%s'", p->image_path);
	curl_easy_setopt(c, CURLOPT_MIMEPOST, p->mime);
	return 0;
}

/* What a refused push means, in the operator's words. */
static int judge(struct fwd_ctx *ctx, const char *uri, const struct fwd_redfish_reply *r,
		 off_t size)
{
	if (r->status == 413)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "the BMC refused the image as too "
					 "large (%lld bytes; 413%s%s): nothing was flashed",
					 (long long)size, r->message_id[0] ? ", " : "",
					 r->message_id);
	if (r->status == 503)
		return fwd_ctx_set_error(ctx, -FWD_E_BUSY, "the BMC's update service is busy "
					 "(503%s%s: another update runs, or it is starting); "
					 "nothing was flashed: try again %s", r->message_id[0] ?
					 ", " : "", r->message_id, r->retry_after_s ?
					 "after the time it asks for" : "later");
	return fwd_redfish_judge(ctx, "POST", uri, r);
}

int fwd_redfish_push(struct fwd_ctx *ctx, enum fwd_step step, const char *uri,
		     const json_t *params, const char *image_path,
		     struct fwd_redfish_reply *out)
{
	struct fwd_redfish *rf = fwd_redfish_client(ctx);
	struct push p = { .ctx = ctx, .step = step, .image_path = image_path };
	struct stat st;
	char *json = NULL;
	int ret;

	memset(out, 0, sizeof(*out));
	if (!rf)
		return ctx->err.code;
	if (stat(image_path, &st) < 0 || !S_ISREG(st.st_mode))
		return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "cannot read the image '%s'",
					 image_path);
	p.size = st.st_size;
	if (params && !(json = json_dumps(params, JSON_COMPACT)))
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	p.params = json;
	if (!params && !(p.file = fopen(image_path, "rbe"))) {
		free(json);
		return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "cannot open the image '%s': %s",
					 image_path, strerror(errno));
	}
	/* The push must not be the first request: it would log in with the
	 * image on the wire.  Reading the root logs in and checks the
	 * certificate first. */
	ret = 0;
	if (!rf->token[0] && !rf->basic)
		ret = fwd_redfish_login(ctx, rf);
	if (!ret)
		ret = fwd_redfish_exchange(ctx, rf, "POST", uri, NULL, NULL, 1, out, set_up, &p);
	/* The session ended since it was opened: once more, with a new one
	 * (a 401 mostly comes before the body, on Expect: 100-continue). */
	if (!ret && out->status == 401 && rf->token[0]) {
		fwd_redfish_forget_session(ctx);
		fwd_redfish_reply_release(out);
		if (p.mime)
			curl_mime_free(p.mime);
		p.mime = NULL;
		p.shown = 0;
		if (p.file)
			rewind(p.file);
		ret = fwd_redfish_login(ctx, rf);
		if (!ret)
			ret = fwd_redfish_exchange(ctx, rf, "POST", uri, NULL, NULL, 1, out, set_up,
						   &p);
	}
	if (p.mime)
		curl_mime_free(p.mime);
	if (p.file)
		fclose(p.file);
	free(json);
	if (!ret)
		ret = judge(ctx, uri, out, p.size);
	return ret;
}
