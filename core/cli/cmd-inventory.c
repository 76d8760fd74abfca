/*
 * cmd-inventory.c: `fwdispatch inventory`: what each target runs now, for
 * monitoring: the board, its plugin, the BMC's and BIOS's versions, a BIOS
 * staged and waiting for the host's reboot, and the last update's result
 * and time from the history.
 *
 * One target (the command line's, as every command's), or every line of
 * --targets FILE, read in turn with the command line's user, password and
 * TLS options, each in a context of its own (its own Redfish session).  A
 * target that cannot be read is in the document with "up": false and its
 * error, so that monitoring sees it; the exit code is then 1 (the
 * document is written all the same).  --prometheus writes the text
 * exposition format (inventory-prom.c), --output FILE writes atomically
 * (node_exporter's textfile collector reads whole files only).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/inventory.h"
#include "identity/target-identity.h"
#include "redfish/redfish.h"
#include "update/bmc-sequence.h"
#include "update/history.h"
#include "util/atomic-file.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/json-out.h"
#include "util/trusted-text.h"
#include "util/utc-time.h"

/* A --targets file is an operator's list: a few thousand lines at most. */
#define TARGETS_MAX_BYTES (1024 * 1024)

/* The last history entry of target (and of component, when not NULL). */
static const json_t *last_entry(const json_t *history, const char *target,
				const char *component)
{
	const json_t *found = NULL;
	size_t i;
	json_t *e;

	json_array_foreach(history, i, e) {
		const char *t = fwd_json_str(e, "target"), *c = fwd_json_str(e, "component");

		if (t && !strcmp(t, target) && (!component || (c && !strcmp(c, component))))
			found = e;
	}
	return found;
}

/* "last_update" and "pending" of one target, from the history. */
static void add_history(json_t *o, const json_t *history, const char *target)
{
	const json_t *last = last_entry(history, target, NULL);
	const json_t *bios = last_entry(history, target, "bios");
	const char *outcome = bios ? fwd_json_str(bios, "outcome") : NULL;

	json_object_set_new(o, "last_update", last ? json_pack("{s:o, s:o, s:o, s:o, s:o}",
		"time", json_deep_copy(json_object_get(last, "time")),
		"result", json_deep_copy(json_object_get(last, "result")),
		"component", json_deep_copy(json_object_get(last, "component")),
		"version", json_deep_copy(json_object_get(last, "new")),
		"stopped_at", json_deep_copy(json_object_get(last, "stopped_at"))) : json_null());
	/* A staged BIOS no later line closed (verify records the one that runs). */
	json_object_set_new(o, "pending", outcome && !strcmp(outcome, "staged") ?
			    json_pack("{s:s, s:o, s:o}", "component", "bios",
				      "version", json_deep_copy(json_object_get(bios, "new")),
				      "since", json_deep_copy(json_object_get(bios, "time"))) :
			    json_null());
}

static json_t *text_or_null(const char *s)
{
	return s && *s ? fwd_json_text(s) : json_null();
}

/* One target read into a new object; *ok is 0 when it could not be. */
static json_t *read_target(struct fwd_cli *cli, struct fwd_ctx *ctx,
			   const struct fwd_target_opts *t, const json_t *history, int *ok)
{
	struct fwd_target_identity ti;
	struct fwd_versions v = { .size = sizeof(v) };
	char name[160], board[200] = "";
	json_t *o = json_object();
	int ret;

	fwd_target_describe(t, name, sizeof(name));
	json_object_set_new(o, "target", json_string(name));
	json_object_set_new(o, "protocol", json_string(t->redfish ? "redfish" : "ipmi"));
	ret = fwd_target_identify(ctx, &cli->identify, t, 1, &ti);
	if (!ret) {
		const struct fwd_identity *id = &ti.info.id;

		fwd_versions_now(ctx, ti.choice.chosen, id, FWD_VERSION_BMC | FWD_VERSION_BIOS, &v);
		if (!v.bmc[0])
			snprintf(v.bmc, sizeof(v.bmc), "%s", ti.bmc.firmware);
		if (id->board_vendor || id->board_name)
			snprintf(board, sizeof(board), "%s%s%s", id->board_vendor ? id->board_vendor :
				 "", id->board_vendor && id->board_name ? " " : "",
				 id->board_name ? id->board_name : "");
		else if (id->sys_vendor || id->product_name)
			snprintf(board, sizeof(board), "%s%s%s", id->sys_vendor ? id->sys_vendor : "",
				 id->sys_vendor && id->product_name ? " " : "",
				 id->product_name ? id->product_name : "");
		/* Out of band over IPMI, the BMC's own words are all there is. */
		else if (ti.bmc.manufacturer_name[0] || ti.bmc.product_name[0])
			snprintf(board, sizeof(board), "%s%s%s", ti.bmc.manufacturer_name,
				 ti.bmc.manufacturer_name[0] && ti.bmc.product_name[0] ? " " : "",
				 ti.bmc.product_name);
	}
	json_object_set_new(o, "up", json_boolean(ret == 0));
	json_object_set_new(o, "board", text_or_null(board));
	json_object_set_new(o, "plugin", !ret && ti.choice.chosen ?
			    json_string(ti.choice.chosen->name) : json_null());
	json_object_set_new(o, "bmc", text_or_null(v.bmc));
	json_object_set_new(o, "bios", text_or_null(v.bios));
	add_history(o, history, name);
	json_object_set_new(o, "error", ret ? json_pack("{s:s, s:o, s:i}", "code",
			    fwd_error_name(ret), "message", fwd_json_text(ctx->err.msg),
			    "exit_code", fwd_exit_code(ret)) : json_null());
	if (ret)
		fwd_log(ctx, FWD_LOG_WARN, "%s: %s", name, ctx->err.msg);
	fwd_ctx_clear_error(ctx);
	fwd_target_identity_release(&ti);
	*ok = ret == 0;
	return o;
}

/* A copy of the command line's target options for HOST[:PORT] [PROTOCOL]. */
static int target_of_line(const struct fwd_target_opts *base, char *line, unsigned lineno,
			  struct fwd_target_opts *t, struct fwd_err *err)
{
	char *host = strtok(line, " \t"), *proto = strtok(NULL, " \t"), *extra = strtok(NULL, " \t");
	char *close = host[0] == '[' ? strchr(host, ']') : NULL, *colon;

	fwd_target_init(t);
	if (extra || (proto && strcmp(proto, "ipmi") && strcmp(proto, "redfish")) ||
	    (host[0] == '[' && (!close || (close[1] && close[1] != ':'))))
		return fwd_error_set(err, -FWD_E_USAGE, "--targets line %u: expected HOST[:PORT] "
				     "[ipmi|redfish] ([ADDRESS]:PORT for IPv6)", lineno);
	t->redfish = proto ? !strcmp(proto, "redfish") : base->redfish;
	/* HOST:PORT or [ADDRESS]:PORT; a bare IPv6 address has no port. */
	if (close)
		colon = close[1] == ':' ? close + 1 : NULL;
	else
		colon = strchr(host, ':') == strrchr(host, ':') ? strchr(host, ':') : NULL;
	if (colon) {
		char *end;
		unsigned long port = strtoul(colon + 1, &end, 10);

		if (*end || !port || port > 65535)
			return fwd_error_set(err, -FWD_E_USAGE, "--targets line %u: '%s' is not a "
					     "port", lineno, colon + 1);
		*colon = '\0';
		t->pub.port = (unsigned)port;
		t->port_given = 1;
	}
	if (close) {
		*close = '\0';
		host++;
	}
	t->host = strdup(host);
	t->user = base->user ? strdup(base->user) : NULL;
	t->password_file = base->password_file ? strdup(base->password_file) : NULL;
	t->state_dir = base->state_dir ? strdup(base->state_dir) : NULL;
	t->cacert = base->cacert ? strdup(base->cacert) : NULL;
	t->insecure = base->insecure;
	t->pub.cipher = base->pub.cipher;
	t->request_size = base->request_size;
	if (!t->host || (base->user && !t->user) || (base->password_file && !t->password_file) ||
	    (base->state_dir && !t->state_dir) || (base->cacert && !t->cacert))
		return fwd_error_set(err, -ENOMEM, "out of memory");
	return fwd_target_finish(t, err);
}

/* Every target of the --targets file, each read in a context of its own. */
static int read_targets_file(struct fwd_cli *cli, struct fwd_ctx *ctx, const json_t *history,
			     json_t *list, int *all_ok)
{
	unsigned lineno = 0;
	char *text = NULL, *line, *next;
	/* It says where the password goes: trusted as the config file is. */
	int ret = fwd_trusted_text_read(cli->targets_file, "targets file", TARGETS_MAX_BYTES, 1,
					&text, &ctx->err);

	for (line = ret ? NULL : text; line && *line; line = next) {
		struct fwd_target_opts t;
		struct fwd_ctx tctx;
		char *hash;
		int ok;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		if ((hash = strchr(line, '#')))
			*hash = '\0';
		if (strspn(line, " \t\r") == strlen(line))
			continue;
		line[strcspn(line, "\r")] = '\0';
		ret = target_of_line(&cli->target, line, lineno, &t, &ctx->err);
		if (ret) {
			fwd_target_release(&t);
			break;
		}
		fwd_ctx_init(&tctx);
		tctx.log_level = ctx->log_level;
		tctx.quiet = ctx->quiet;
		tctx.colour = ctx->colour;
		tctx.target = &t;
		json_array_append_new(list, read_target(cli, &tctx, &t, history, &ok));
		*all_ok &= ok;
		fwd_redfish_close(&tctx);
		fwd_target_release(&t);
	}
	free(text);
	return ret;
}

static int emit(struct fwd_cli *cli, struct fwd_ctx *ctx, const json_t *doc)
{
	struct fwd_buf out = FWD_BUF_INIT;
	char *json;
	int ret;

	if (!cli->prometheus && !cli->output) {
		if (cli->json)
			fwd_json_print(doc);
		else
			fwd_inventory_print(doc, stdout);
		return 0;
	}
	if (cli->prometheus) {
		ret = fwd_inventory_prometheus(doc, &out);
	} else {
		/* JSON ends with a newline in a file as on a terminal. */
		json = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		ret = json ? fwd_buf_addf(&out, "%s\n", json) : -ENOMEM;
		free(json);
	}
	if (ret)
		ret = fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	else if (cli->output)
		ret = fwd_atomic_write(cli->output, out.s, out.len, 0644, 0, &ctx->err);
	else
		fputs(out.s, stdout);
	fwd_buf_release(&out);
	return ret;
}

static int cmd_inventory(struct fwd_cli *cli, struct fwd_ctx *ctx)
{
	json_t *doc = fwd_json_doc_new(), *list = json_array(), *history = NULL;
	char when[FWD_UTC_SIZE];
	size_t skipped = 0;
	int ret, all_ok = 1, ok;

	if (cli->prometheus && cli->json)
		return fwd_cli_usage_error(cli->command, 1, "--prometheus and --json are two "
					   "formats: give one");
	if (cli->targets_file && cli->target.host && !cli->target.host_interface)
		return fwd_cli_usage_error(cli->command, cli->json, "--targets and --host both "
					   "name targets: give one");
	fwd_utc_iso(time(NULL), when);
	json_object_set_new(doc, "command", json_string("inventory"));
	json_object_set_new(doc, "time", json_string(when));
	json_object_set_new(doc, "targets", list);
	/* The history is a help, not a need: without it, no last update. */
	if (fwd_history_load(ctx, cli->target.state_dir, &history, &skipped) != 0) {
		fwd_log(ctx, FWD_LOG_WARN, "%s: the last updates are not shown", ctx->err.msg);
		fwd_ctx_clear_error(ctx);
		history = json_array();
	}
	if (cli->targets_file) {
		ret = read_targets_file(cli, ctx, history, list, &all_ok);
	} else {
		json_array_append_new(list, read_target(cli, ctx, &cli->target, history, &ok));
		all_ok = ok;
		ret = 0;
	}
	if (!ret)
		ret = emit(cli, ctx, doc);
	json_decref(history);
	if (ret) {
		json_decref(doc);
		return fwd_cli_fail(cli, ctx, NULL);
	}
	json_decref(doc);
	return all_ok ? FWD_EXIT_OK : FWD_EXIT_FAILED;
}

const struct fwd_cmd_entry fwd_cmd_inventory = {
	.name = "inventory",
	.usage = "[--json|--prometheus] [--output FILE] [--targets FILE | --host H ...] "
		 "[--state-dir DIR]",
	.summary = "what each target runs now, for monitoring (JSON, Prometheus)",
	.help = "Reads each target's board, plugin, BMC and BIOS versions (as 'update'\n"
		"identifies it), and from STATE_DIR/history.jsonl its last update's result\n"
		"and time and a BIOS staged for the next reboot.  One target (the local BMC,\n"
		"or --host), or every line of --targets FILE: HOST[:PORT] [ipmi|redfish],\n"
		"'#' comments, the command line's user, password and TLS options for all.\n"
		"A target that cannot be read is listed with up false and its error, and\n"
		"the exit code is 1; the document is written all the same.  --prometheus\n"
		"prints the text exposition format (fwdispatch_* metrics) for node_exporter's\n"
		"textfile collector; --output FILE writes it atomically (mode 0644).\n",
	.options = FWD_OPT_JSON | FWD_OPT_PLUGINS | FWD_OPT_IDENTITY | FWD_OPT_TARGET |
		   FWD_OPT_STATE | FWD_OPT_VERBOSE | FWD_OPT_INVENTORY,
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_inventory,
};
