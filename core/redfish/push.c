/*
 * push.c: pushing an image to a Redfish update service (redfish.h).
 *
 * The image is never held in memory: libcurl reads it from the file as
 * the socket takes it, and the size is known up front, so the request
 * carries a Content-Length (some BMCs refuse chunked uploads).  Its
 * progress goes to the run's progress as bytes.
 *
 * A multipart push is a list of fields (struct fwd_redfish_field): the
 * DMTF form is UpdateParameters and UpdateFile; a vendor's has its own
 * (iLO: sessionKey, parameters, files[]).  A session field is filled in
 * here, from the client's token, when the form is built: a plugin never
 * holds the token, and the retry after a 401 sends the new one.
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
	struct fwd_redfish *rf;
	enum fwd_step step;
	const char *image_path;
	const struct fwd_redfish_field *fields; /* the form, or NULL: the image alone */
	size_t n_fields;
	char **json;               /* fields[i]'s JSON text, for FWD_FIELD_JSON */
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
	if (!p->fields) {
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
	for (size_t i = 0; i < p->n_fields; i++) {
		const struct fwd_redfish_field *f = &p->fields[i];
		CURLcode rc;

		part = curl_mime_addpart(p->mime);
		if (!part || curl_mime_name(part, f->name) != CURLE_OK)
			return fwd_ctx_set_error(p->ctx, -ENOMEM, "out of memory");
		switch (f->kind) {
		case FWD_FIELD_JSON:
			rc = curl_mime_data(part, p->json[i], CURL_ZERO_TERMINATED);
			if (rc == CURLE_OK)
				rc = curl_mime_type(part, "application/json");
			break;
		case FWD_FIELD_SESSION:
			/* libcurl copies it; the copy goes with the form. */
			rc = curl_mime_data(part, p->rf->token, CURL_ZERO_TERMINATED);
			break;
		case FWD_FIELD_IMAGE:
			/* filedata streams the file, and knows its size for
			 * Content-Length. */
			rc = curl_mime_filedata(part, p->image_path);
			if (rc == CURLE_OK)
				rc = curl_mime_type(part, "application/octet-stream");
			break;
		default:
			rc = curl_mime_data(part, f->text ? f->text : "", CURL_ZERO_TERMINATED);
			break;
		}
		if (rc != CURLE_OK)
			return fwd_ctx_set_error(p->ctx, -ENOMEM, "cannot build the form's field "
						 "'%s'", f->name);
	}
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

/* A form's fields are a name each, one image at most, and a session field
 * only on a session (not Basic, whose password would be the field). */
static int form_ok(struct fwd_ctx *ctx, const struct fwd_redfish_field *fields, size_t n)
{
	size_t images = 0;

	for (size_t i = 0; i < n; i++) {
		if (!fields[i].name || !fields[i].name[0] || fields[i].kind > FWD_FIELD_IMAGE ||
		    (fields[i].kind == FWD_FIELD_JSON && !fields[i].json))
			return fwd_ctx_set_error(ctx, -EINVAL, "a push form's field %zu is not "
						 "usable (no name, an unknown kind, or no JSON)", i);
		images += fields[i].kind == FWD_FIELD_IMAGE;
	}
	if (images > 1)
		return fwd_ctx_set_error(ctx, -EINVAL, "a push form names the image %zu times",
					 images);
	return 0;
}

static int has_session_field(const struct fwd_redfish_field *fields, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fields[i].kind == FWD_FIELD_SESSION)
			return 1;
	return 0;
}

static void release(struct push *p)
{
	if (p->mime)
		curl_mime_free(p->mime);
	p->mime = NULL;
	for (size_t i = 0; p->json && i < p->n_fields; i++)
		free(p->json[i]);
	free(p->json);
	p->json = NULL;
	if (p->file)
		fclose(p->file);
	p->file = NULL;
}

/* The push itself: fields NULL sends the image alone. */
static int push(struct fwd_ctx *ctx, enum fwd_step step, const char *uri,
		const struct fwd_redfish_field *fields, size_t n_fields, const char *image_path,
		struct fwd_redfish_reply *out)
{
	struct fwd_redfish *rf = fwd_redfish_client(ctx);
	struct push p = { .ctx = ctx, .rf = rf, .step = step, .image_path = image_path,
			  .fields = fields, .n_fields = n_fields };
	struct stat st;
	int ret;

	memset(out, 0, sizeof(*out));
	if (!rf)
		return ctx->err.code;
	if (fields && (ret = form_ok(ctx, fields, n_fields)))
		return ret;
	if (stat(image_path, &st) < 0 || !S_ISREG(st.st_mode))
		return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "cannot read the image '%s'",
					 image_path);
	p.size = st.st_size;
	if (fields && !(p.json = calloc(n_fields ? n_fields : 1, sizeof(*p.json))))
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	for (size_t i = 0; fields && i < n_fields; i++) {
		if (fields[i].kind != FWD_FIELD_JSON)
			continue;
		if (!(p.json[i] = json_dumps((const json_t *)fields[i].json, JSON_COMPACT))) {
			release(&p);
			return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
		}
	}
	if (!fields && !(p.file = fopen(image_path, "rbe"))) {
		release(&p);
		return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "cannot open the image '%s': %s",
					 image_path, strerror(errno));
	}
	/* The push must not be the first request: it would log in with the
	 * image on the wire.  Reading the root logs in and checks the
	 * certificate first. */
	ret = 0;
	if (!rf->token[0] && !rf->basic)
		ret = fwd_redfish_login(ctx, rf);
	if (!ret && fields && has_session_field(fields, n_fields) && !rf->token[0])
		ret = fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "this upload form carries the "
					"session's key, and the BMC gave no session (Basic "
					"authentication): nothing was pushed");
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
	release(&p);
	if (!ret)
		ret = judge(ctx, uri, out, p.size);
	return ret;
}

int fwd_redfish_push(struct fwd_ctx *ctx, enum fwd_step step, const char *uri,
		     const json_t *params, const char *image_path,
		     struct fwd_redfish_reply *out)
{
	const struct fwd_redfish_field dmtf[] = {
		{ .name = "UpdateParameters", .kind = FWD_FIELD_JSON,
		  .json = (const struct fwd_json *)params },
		{ .name = "UpdateFile", .kind = FWD_FIELD_IMAGE },
	};

	return push(ctx, step, uri, params ? dmtf : NULL, params ? 2 : 0, image_path, out);
}

int fwd_redfish_push_form(struct fwd_ctx *ctx, enum fwd_step step, const char *uri,
			  const struct fwd_redfish_field *fields, size_t n_fields,
			  const char *image_path, struct fwd_redfish_reply *out)
{
	if (!fields || !n_fields) {
		memset(out, 0, sizeof(*out));
		return fwd_ctx_set_error(ctx, -EINVAL, "a push form without fields");
	}
	return push(ctx, step, uri, fields, n_fields, image_path, out);
}
