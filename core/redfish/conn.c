/*
 * conn.c: the Redfish client's connection: one libcurl handle, TLS
 * verified in the handshake, one request at a time (redfish.h).
 */
#include "redfish/client.h"

#include <errno.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/clock.h"

/* A JSON answer larger than this is no Redfish resource of ours. */
#define BODY_MAX (4u << 20)
#define CONNECT_TIMEOUT_MS 10000L
#define REQUEST_TIMEOUT_MS 60000L

/*
 * OpenSSL's verify callback has no pointer of ours, and curl's
 * SSL_CTX callback runs just before the handshake it sets up: the client
 * handshaking now, one at a time (a command has one client, one thread
 * that talks to its BMC).
 */
static struct fwd_redfish *handshaking;

static void to_hex(const unsigned char *md, unsigned n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (unsigned i = 0; i < n; i++) {
		out[2 * i] = digits[md[i] >> 4];
		out[2 * i + 1] = digits[md[i] & 15];
	}
	out[2 * n] = '\0';
}

/*
 * The leaf certificate decides, by its SHA-256: the one pinned, or on
 * first use any (recorded once the exchange succeeded).  The chain above
 * it is not looked at: nobody vouches for a BMC's self-signed
 * certificate, the pin does.  Returning 0 ends the handshake before a
 * byte of a request is sent.
 */
static int verify_pin(int preverify, X509_STORE_CTX *store)
{
	struct fwd_redfish *rf = handshaking;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	X509 *cert;

	(void)preverify;
	if (!rf)
		return 0;
	if (X509_STORE_CTX_get_error_depth(store) > 0)
		return 1;
	cert = X509_STORE_CTX_get_current_cert(store);
	if (!cert || !X509_digest(cert, EVP_sha256(), md, &n) || n != 32)
		return 0;
	to_hex(md, n, rf->seen);
	if (!rf->pinned[0] || strcmp(rf->seen, rf->pinned) == 0)
		return 1;
	rf->pin_mismatch = 1;
	return 0;
}

static CURLcode set_up_tls(CURL *curl, void *ssl_ctx, void *payload)
{
	(void)curl;
	(void)payload;
	SSL_CTX_set_verify((SSL_CTX *)ssl_ctx, SSL_VERIFY_PEER, verify_pin);
	return CURLE_OK;
}

static int tls_options(struct fwd_ctx *ctx, struct fwd_redfish *rf)
{
	const struct fwd_target_opts *t = ctx->target;
	CURL *c = rf->curl;

	switch (rf->tls) {
	case FWD_TLS_CACERT:
		curl_easy_setopt(c, CURLOPT_CAINFO, t->cacert);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
		break;
	case FWD_TLS_INSECURE:
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
		break;
	case FWD_TLS_PINNED:
		/* curl's own check would refuse a self-signed certificate:
		 * verify_pin decides, inside the handshake. */
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
		if (curl_easy_setopt(c, CURLOPT_SSL_CTX_FUNCTION, set_up_tls) != CURLE_OK)
			return fwd_ctx_set_error(ctx, -FWD_E_INTERNAL, "this libcurl cannot check "
						 "a pinned certificate (it is not built with "
						 "OpenSSL): use --cacert");
		break;
	}
	return 0;
}

/* The pin to expect: --pin-cert, else the recorded one, else none yet. */
static int load_pin(struct fwd_ctx *ctx, struct fwd_redfish *rf)
{
	const struct fwd_target_opts *t = ctx->target;
	char name[128];
	int ret;

	if (t->pin_cert[0]) {
		snprintf(rf->pinned, sizeof(rf->pinned), "%s", t->pin_cert);
		return 0;
	}
	ret = fwd_pin_lookup(ctx, t->state_dir, fwd_target_file_name(t, name, sizeof(name)),
			     rf->pinned);
	return ret < 0 ? ret : 0;
}

struct fwd_redfish *fwd_redfish_client(struct fwd_ctx *ctx)
{
	const struct fwd_target_opts *t = ctx->target;
	struct fwd_redfish *rf;
	static int global_done;

	if (ctx->redfish)
		return ctx->redfish;
	if (!t || !t->redfish || !t->host) {
		fwd_ctx_set_error(ctx, -FWD_E_NOT_IMPLEMENTED, "the target is not a Redfish "
				  "service (--redfish --host H)");
		return NULL;
	}
	if (!global_done++ && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fwd_ctx_set_error(ctx, -FWD_E_INTERNAL, "libcurl cannot start");
		return NULL;
	}
	rf = calloc(1, sizeof(*rf));
	if (!rf || !(rf->curl = curl_easy_init())) {
		free(rf);
		fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
		return NULL;
	}
	/* An IPv6 address needs its brackets in a URL. */
	snprintf(rf->base, sizeof(rf->base), strchr(t->host, ':') ? "https://[%s]:%u" :
		 "https://%s:%u", t->host, t->pub.port);
	rf->tls = t->cacert ? FWD_TLS_CACERT : t->insecure ? FWD_TLS_INSECURE : FWD_TLS_PINNED;
	ctx->redfish = rf;
	if (rf->tls == FWD_TLS_PINNED && load_pin(ctx, rf) != 0) {
		fwd_redfish_close(ctx);
		return NULL;
	}
	return rf;
}

unsigned fwd_redfish_logins(const struct fwd_ctx *ctx)
{
	return ctx->redfish ? ctx->redfish->logins : 0;
}

int fwd_redfish_target(const struct fwd_ctx *ctx)
{
	return ctx->target && ctx->target->redfish && ctx->target->host;
}

json_t *fwd_redfish_tls_json(const struct fwd_ctx *ctx)
{
	const struct fwd_redfish *rf = ctx->redfish;
	const struct fwd_target_opts *t = ctx->target;
	const char *by;

	if (!fwd_redfish_target(ctx))
		return json_null();
	by = t->cacert ? "cacert" : t->insecure ? "insecure" : "pin";
	return json_pack("{s:s, s:o, s:b}", "verified_by", by, "certificate_sha256",
			 rf && rf->seen[0] ? json_string(rf->seen) : json_null(),
			 "pinned_now", rf && rf->pin_recorded && !ctx->plan);
}

/* ---- one exchange ---- */

struct exchange {
	struct fwd_redfish *rf;
	struct fwd_redfish_reply *out;
	char *body;
	size_t len;
	int too_long;
};

static size_t on_body(char *data, size_t size, size_t n, void *payload)
{
	struct exchange *x = payload;
	size_t add = size * n;
	char *p;

	if (x->too_long || x->len + add > BODY_MAX) {
		x->too_long = 1;
		return add;
	}
	p = realloc(x->body, x->len + add + 1);
	if (!p)
		return 0;
	memcpy(p + x->len, data, add);
	x->len += add;
	p[x->len] = '\0';
	x->body = p;
	return add;
}

/* "Name: value\r\n" into out (trimmed), when the header is name. */
static int header_value(const char *line, size_t len, const char *name, char *out,
			size_t size)
{
	size_t n = strlen(name), end;

	if (len <= n || strncasecmp(line, name, n) != 0 || line[n] != ':')
		return 0;
	line += n + 1;
	len -= n + 1;
	while (len && (*line == ' ' || *line == '\t'))
		line++, len--;
	end = len;
	while (end && (line[end - 1] == '\r' || line[end - 1] == '\n' || line[end - 1] == ' '))
		end--;
	snprintf(out, size, "%.*s", (int)end, line);
	return 1;
}

static size_t on_header(char *data, size_t size, size_t n, void *payload)
{
	struct exchange *x = payload;
	size_t len = size * n;
	char value[64];

	/* A 100 Continue or a redirect's headers come first: the last answer counts. */
	if (len >= 5 && strncmp(data, "HTTP/", 5) == 0) {
		x->out->location[0] = x->out->etag[0] = '\0';
		x->out->retry_after_s = 0;
	}
	header_value(data, len, "Location", x->out->location, sizeof(x->out->location));
	header_value(data, len, "ETag", x->out->etag, sizeof(x->out->etag));
	if (header_value(data, len, "Retry-After", value, sizeof(value))) {
		char *end;
		unsigned long s = strtoul(value, &end, 10);

		/* An HTTP date instead of seconds: a short wait is as good. */
		x->out->retry_after_s = end != value && !*end ? (s > 3600 ? 3600u : (unsigned)s) :
							      5u;
	}
	if (x->rf->logging_in)
		header_value(data, len, "X-Auth-Token", x->rf->token, sizeof(x->rf->token));
	return len;
}

/* The first message of a Redfish error body. */
static void error_message(struct fwd_redfish_reply *out)
{
	json_t *err = json_object_get(out->body, "error");
	json_t *info = json_array_get(json_object_get(err, "@Message.ExtendedInfo"), 0);
	const char *id = json_string_value(json_object_get(info, "MessageId"));
	const char *msg = json_string_value(json_object_get(info, "Message"));

	if (!id)
		id = json_string_value(json_object_get(err, "code"));
	if (!msg)
		msg = json_string_value(json_object_get(err, "message"));
	snprintf(out->message_id, sizeof(out->message_id), "%s", id ? id : "");
	snprintf(out->message, sizeof(out->message), "%s", msg ? msg : "");
}

static void parse_body(struct exchange *x)
{
	struct fwd_redfish_reply *out = x->out;
	const char *etag;

	if (x->body && !x->too_long && x->len)
		out->body = json_loadb(x->body, x->len, JSON_REJECT_DUPLICATES, NULL);
	if (!out->body)
		return;
	if (!json_is_object(out->body)) {
		json_decref(out->body);
		out->body = NULL;
		return;
	}
	etag = json_string_value(json_object_get(out->body, "@odata.etag"));
	if (!out->etag[0] && etag)
		snprintf(out->etag, sizeof(out->etag), "%s", etag);
	error_message(out);
}

static void say_insecure(struct fwd_ctx *ctx, struct fwd_redfish *rf)
{
	if (rf->tls != FWD_TLS_INSECURE || rf->insecure_said++)
		return;
	fwd_log(ctx, FWD_LOG_WARN, "--insecure: the certificate of %s is not verified; anyone "
		"on the path can read the password and the image", rf->base);
}

/* First use: the certificate seen is the one to trust from now on. */
static int record_pin(struct fwd_ctx *ctx, struct fwd_redfish *rf)
{
	char name[128], shown[FWD_PIN_SHOW_SIZE];
	int ret;

	if (rf->tls != FWD_TLS_PINNED || !rf->seen[0] || rf->pin_recorded)
		return 0;
	if (rf->pinned[0] && !ctx->target->pin_cert[0])
		return 0;
	rf->pin_recorded = 1;
	fwd_pin_show(rf->seen, shown);
	snprintf(rf->pinned, sizeof(rf->pinned), "%s", rf->seen);
	/* A dry run changes nothing, also here: it trusts for this run. */
	if (ctx->plan) {
		fwd_log(ctx, FWD_LOG_INFO, "trusting the certificate of %s for this dry run only "
			"(not pinned): SHA256 %s", rf->base, shown);
		return 0;
	}
	ret = fwd_pin_record(ctx, ctx->target->state_dir,
			     fwd_target_file_name(ctx->target, name, sizeof(name)), rf->seen);
	if (ret)
		return ret;
	fwd_log(ctx, FWD_LOG_INFO, "pinned the certificate of %s (%s): SHA256 %s",
		rf->base, ctx->target->pin_cert[0] ? "--pin-cert" : "first use: compare it "
		"with the one the BMC shows on its console or web page", shown);
	return 0;
}

static int transport_error(struct fwd_ctx *ctx, struct fwd_redfish *rf, CURLcode rc,
			   const char *method, const char *path)
{
	char pinned[FWD_PIN_SHOW_SIZE], seen[FWD_PIN_SHOW_SIZE];
	const char *why = rf->error[0] ? rf->error : curl_easy_strerror(rc);

	if (rf->pin_mismatch)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
			"the certificate of %s changed: pinned SHA256 %s, now SHA256 %s; nothing "
			"was sent.  If the BMC's certificate was replaced on purpose, check the new "
			"fingerprint on the BMC itself, then run again with --pin-cert %s",
			rf->base, fwd_pin_show(rf->pinned, pinned), fwd_pin_show(rf->seen, seen),
			rf->seen);
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
		/* Through the host interface, this machine's end is the usual culprit. */
		if (ctx->target && ctx->target->host_interface)
			return fwd_ctx_set_error(ctx, -FWD_E_BMC_GONE, "%s %s%s: %s; the BMC's "
						 "host interface needs this machine's end of it (its "
						 "USB or PCI network interface) up with %s", method,
						 rf->base, path, why, ctx->target->host_side);
		return fwd_ctx_set_error(ctx, -FWD_E_BMC_GONE, "%s %s%s: %s", method, rf->base,
					 path, why);
	case CURLE_OPERATION_TIMEDOUT:
		return fwd_ctx_set_error(ctx, -FWD_E_BMC_GONE, "%s %s%s: no answer in time (%s)",
					 method, rf->base, path, why);
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "the certificate of %s is not "
					 "trusted: %s; nothing was sent", rf->base, why);
	default:
		return fwd_ctx_set_error(ctx, rc == CURLE_SSL_CONNECT_ERROR ? -FWD_E_REFUSED :
					 -FWD_E_BMC_GONE, "%s %s%s: %s", method, rf->base,
					 path, why);
	}
}

int fwd_redfish_exchange(struct fwd_ctx *ctx, struct fwd_redfish *rf, const char *method,
			 const char *path, const char *json, const char *if_match,
			 int auth, struct fwd_redfish_reply *out,
			 int (*upload)(void *payload, CURL *curl, struct curl_slist **headers),
			 void *payload)
{
	struct exchange x = { .rf = rf, .out = out };
	struct curl_slist *headers = NULL;
	char url[1024], line[600];
	CURL *c = rf->curl;
	CURLcode rc;
	int ret;

	memset(out, 0, sizeof(*out));
	if (snprintf(url, sizeof(url), "%s%s", rf->base, path) >= (int)sizeof(url))
		return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "a Redfish path too long: %.60s...",
					 path);
	curl_easy_reset(c);
	ret = tls_options(ctx, rf);
	if (ret)
		return ret;
	say_insecure(ctx, rf);
	rf->error[0] = '\0';
	rf->pin_mismatch = 0;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, rf->error);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, CONNECT_TIMEOUT_MS);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, REQUEST_TIMEOUT_MS);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &x);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &x);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (!strcmp(method, "GET"))
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	headers = curl_slist_append(headers, "Accept: application/json");
	headers = curl_slist_append(headers, "OData-Version: 4.0");
	if (auth && rf->token[0]) {
		snprintf(line, sizeof(line), "X-Auth-Token: %s", rf->token);
		headers = curl_slist_append(headers, line);
		explicit_bzero(line, sizeof(line));
	} else if (auth && rf->basic) {
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(c, CURLOPT_USERNAME, ctx->target->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, ctx->target->password ?
				 ctx->target->password : "");
	}
	if (if_match) {
		snprintf(line, sizeof(line), "If-Match: %s", if_match);
		headers = curl_slist_append(headers, line);
	}
	if (json) {
		headers = curl_slist_append(headers, "Content-Type: application/json");
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(json));
	} else if (!upload && (!strcmp(method, "POST") || !strcmp(method, "PATCH"))) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
	}
	ret = upload ? upload(payload, c, &headers) : 0;
	if (ret) {
		curl_slist_free_all(headers);
		return ret;
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	fwd_log(ctx, FWD_LOG_DEBUG, "redfish: %s %s", method, path);

	handshaking = rf;
	rc = curl_easy_perform(c);
	handshaking = NULL;
	curl_slist_free_all(headers);
	if (rc == CURLE_OK) {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
		parse_body(&x);
		ret = record_pin(ctx, rf);
	} else {
		ret = transport_error(ctx, rf, rc, method, path);
	}
	free(x.body);
	fwd_log(ctx, FWD_LOG_DEBUG, "redfish: %s %s: %ld", method, path, out->status);
	return ret;
}

/* ---- judged requests ---- */

int fwd_redfish_judge(struct fwd_ctx *ctx, const char *method, const char *path,
		      const struct fwd_redfish_reply *r)
{
	const char *sep = r->message_id[0] || r->message[0] ? ": " : "";
	int code;

	if (r->status >= 200 && r->status < 300)
		return 0;
	if (r->status == 401 || r->status == 403)
		code = -FWD_E_AUTH;
	else if (r->status >= 500)
		code = -FWD_E_TOOL_FAILED;
	else
		code = -FWD_E_REFUSED;
	return fwd_ctx_set_error(ctx, code, "%s %s: the service answered %ld%s%s%s%s", method,
				 path, r->status, sep, r->message_id,
				 r->message_id[0] && r->message[0] ? " " : "", r->message);
}

int fwd_redfish_request(struct fwd_ctx *ctx, const char *method, const char *path,
			const json_t *body, const char *if_match, unsigned flags,
			struct fwd_redfish_reply *out)
{
	struct fwd_redfish *rf = fwd_redfish_client(ctx);
	int auth = !(flags & FWD_REDFISH_NO_AUTH), had_token, ret;
	char *json = NULL;

	memset(out, 0, sizeof(*out));
	if (!rf)
		return ctx->err.code;
	if (auth && !rf->token[0] && !rf->basic) {
		ret = fwd_redfish_login(ctx, rf);
		if (ret)
			return ret;
	}
	if (body && !(json = json_dumps(body, JSON_COMPACT)))
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	had_token = auth && rf->token[0];
	ret = fwd_redfish_exchange(ctx, rf, method, path, json, if_match, auth, out, NULL, NULL);
	/* The service forgot the session (a BMC reset, a timeout): once more. */
	if (!ret && out->status == 401 && had_token) {
		fwd_log(ctx, FWD_LOG_DEBUG, "redfish: the session ended; opening a new one");
		fwd_redfish_forget_session(ctx);
		fwd_redfish_reply_release(out);
		ret = fwd_redfish_login(ctx, rf);
		if (!ret)
			ret = fwd_redfish_exchange(ctx, rf, method, path, json, if_match, auth, out,
						   NULL, NULL);
	}
	free(json);
	if (ret || (flags & FWD_REDFISH_QUIET))
		return ret;
	return fwd_redfish_judge(ctx, method, path, out);
}

int fwd_redfish_get(struct fwd_ctx *ctx, const char *path, struct fwd_redfish_reply *out)
{
	return fwd_redfish_request(ctx, "GET", path, NULL, NULL, 0, out);
}

void fwd_redfish_reply_release(struct fwd_redfish_reply *r)
{
	json_decref(r->body);
	r->body = NULL;
}

void fwd_redfish_forget_session(struct fwd_ctx *ctx)
{
	struct fwd_redfish *rf = ctx->redfish;

	if (!rf)
		return;
	explicit_bzero(rf->token, sizeof(rf->token));
	rf->session_uri[0] = '\0';
}

void fwd_redfish_close(struct fwd_ctx *ctx)
{
	struct fwd_redfish *rf = ctx->redfish;
	struct fwd_redfish_reply r;
	struct fwd_err saved = ctx->err;

	if (!rf)
		return;
	/* The service keeps a session until it times out: end ours now, and
	 * keep the command's own error whatever this says. */
	if (rf->token[0] && rf->session_uri[0] &&
	    fwd_redfish_exchange(ctx, rf, "DELETE", rf->session_uri, NULL, NULL, 1, &r, NULL,
				 NULL) == 0) {
		if (r.status >= 300 && r.status != 401 && r.status != 404)
			fwd_log(ctx, FWD_LOG_DEBUG, "redfish: the session was not deleted: %ld",
				r.status);
		fwd_redfish_reply_release(&r);
	}
	ctx->err = saved;
	fwd_redfish_forget_session(ctx);
	curl_easy_cleanup(rf->curl);
	explicit_bzero(rf, sizeof(*rf));
	free(rf);
	ctx->redfish = NULL;
}
