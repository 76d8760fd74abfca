/*
 * idrac-nic.c: the iDRAC's NIC selection and failover over Redfish: saved
 * with the backup, compared after a flash and put back (the Redfish side
 * of nic.c, which does the same through racadm; the backup's "nic" object
 * has the same shape, plus the resource's "uri").
 *
 * They are the iDRAC attributes NIC.1.Selection ("Dedicated", "LOM1"...)
 * and NIC.1.Failover ("None", "LOM1"..., "All"), in the manager's Dell
 * attributes resource (its Links.Oem.Dell link, else the iDRAC's own
 * Managers/iDRAC.Embedded.1/Oem/Dell/DellAttributes/iDRAC.Embedded.1), put
 * back with one PATCH {"Attributes": {...}} under If-Match, then read back.
 * Dell's OpenManage Ansible modules name the values (idrac_nic docs).
 */
#include "dell.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "rf.h"

struct nic_attr {
	const char *key;          /* in the backup and in check_settings' result */
	const char *attr;         /* the iDRAC's attribute */
};

static const struct nic_attr attrs[] = {
	{ "selection", "NIC.1.Selection" },
	{ "failover", "NIC.1.Failover" },
};
#define N_ATTRS (sizeof(attrs) / sizeof(attrs[0]))

/* The attributes resource of the manager, into uri[size]. */
static int attrs_uri(struct fwd_ctx *ctx, char *uri, size_t size)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_redfish_answer m = FWD_REDFISH_ANSWER_INIT;
	char manager[256];
	const struct fwd_json *dell;
	const char *link = NULL;
	int ret = rf_manager(ctx, manager, sizeof(manager));

	if (!ret)
		ret = rf_get(ctx, manager, &m);
	if (!ret) {
		dell = host->json_object_get(host->json_object_get(host->json_object_get(
			m.body, "Links"), "Oem"), "Dell");
		link = rf_text(host->json_object_get(dell, "DellAttributes"), "@odata.id");
		if (!link)
			link = rf_text(host->json_object_get(dell, "Attributes"), "@odata.id");
		if (link && link[0] == '/')
			snprintf(uri, size, "%s", link);
		else
			snprintf(uri, size, "%s/Oem/Dell/DellAttributes/iDRAC.Embedded.1", manager);
	}
	host->redfish_answer_release(&m);
	return ret;
}

/* The attributes now: their values into now[][64] ("" unread), the ETag. */
static int read_attrs(struct fwd_ctx *ctx, const char *uri, char now[][64], char *etag,
		      size_t etag_size, long *status)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_redfish_answer a = FWD_REDFISH_ANSWER_INIT;
	int ret = host->redfish(ctx, "GET", uri, NULL, NULL, FWD_REDFISH_QUIET, &a);
	const struct fwd_json *values = !ret && a.status == 200 ?
		host->json_object_get(a.body, "Attributes") : NULL;

	for (size_t i = 0; i < N_ATTRS; i++) {
		const char *v = rf_text(values, attrs[i].attr);

		snprintf(now[i], 64, "%s", v ? v : "");
	}
	snprintf(etag, etag_size, "%s", a.etag);
	*status = a.status;
	host->redfish_answer_release(&a);
	return ret;
}

int dell_rf_backup(struct fwd_ctx *ctx, const struct fwd_identity *id, struct fwd_json *backup)
{
	const struct fwd_host_api *host = rf_host();
	char uri[320], now[N_ATTRS][64], etag[160];
	struct fwd_json *nic;
	long status = 0;
	int ret = rf_backup(ctx, id, backup);

	if (!ret)
		ret = attrs_uri(ctx, uri, sizeof(uri));
	if (!ret)
		ret = read_attrs(ctx, uri, now, etag, sizeof(etag), &status);
	if (ret)
		return ret;
	nic = host->json_object();
	host->json_object_set_new(nic, "uri", host->json_string(uri));
	for (size_t i = 0; i < N_ATTRS; i++)
		host->json_object_set_new(nic, attrs[i].key, now[i][0] ?
					  host->json_string(now[i]) : host->json_null());
	if (!now[0][0] || !now[1][0]) {
		char note[512];

		snprintf(note, sizeof(note), "GET %s answered %ld without %s: not saved, so not "
			 "checked after the flash", uri, status, !now[0][0] ? attrs[0].attr :
			 attrs[1].attr);
		host->log(ctx, FWD_LOG_WARN, "%s", note);
		host->json_object_set_new(nic, "note", host->json_string(note));
	}
	host->json_object_set_new(backup, "nic", nic);
	return 0;
}

/* result[key] = {saved, now, restored[, would_run]}. */
static void report(struct fwd_json *result, size_t i, const char *saved, const char *now,
		   int restored, const char *would)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_json *o = host->json_object();

	host->json_object_set_new(o, "saved", host->json_string(saved));
	host->json_object_set_new(o, "now", host->json_string(now));
	host->json_object_set_new(o, "restored", host->json_boolean(restored));
	if (would)
		host->json_object_set_new(o, "would_run", host->json_string(would));
	host->json_object_set_new(result, attrs[i].key, o);
}

/* One PATCH of the attributes that differ, then the values read back. */
static int put_back(struct fwd_ctx *ctx, const char *uri, char want[][64], char now[][64],
		    const char *etag, int set[])
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_redfish_answer a = FWD_REDFISH_ANSWER_INIT;
	struct fwd_json *body = host->json_object(), *values = host->json_object();
	char etag_after[160];
	long status;
	int ret;

	for (size_t i = 0; i < N_ATTRS; i++) {
		if (!want[i][0] || !strcasecmp(want[i], now[i]))
			continue;
		host->log(ctx, FWD_LOG_WARN, "the iDRAC's %s is %s, the backup says %s: setting "
			  "it back", attrs[i].attr, now[i][0] ? now[i] : "unread", want[i]);
		host->json_object_set_new(values, attrs[i].attr, host->json_string(want[i]));
		set[i] = 1;
	}
	host->json_object_set_new(body, "Attributes", values);
	ret = host->redfish(ctx, "PATCH", uri, body, etag[0] ? etag : NULL, 0, &a);
	host->json_release(body);
	host->redfish_answer_release(&a);
	if (ret)
		return host->set_error(ctx, ret, "PATCH %s (the iDRAC's NIC) failed: %s; set it by "
				       "hand (iDRAC Settings, Network)", uri,
				       a.message[0] ? a.message : "see the log");
	return read_attrs(ctx, uri, now, etag_after, sizeof(etag_after), &status);
}

int dell_rf_check_settings(struct fwd_ctx *ctx, const struct fwd_identity *id,
			   const struct fwd_json *saved, unsigned flags, struct fwd_json *result)
{
	const struct fwd_host_api *host = rf_host();
	const struct fwd_json *nic = host->json_object_get(saved, "nic");
	const char *uri = rf_text(nic, "uri");
	char want[N_ATTRS][64], now[N_ATTRS][64], etag[160], first[320] = "";
	int set[N_ATTRS] = { 0 }, any = 0, ret;
	long status;

	for (size_t i = 0; i < N_ATTRS; i++) {
		const char *v = rf_text(nic, attrs[i].key);

		snprintf(want[i], 64, "%s", v ? v : "");
		any |= want[i][0] != '\0';
	}
	if (!any || !uri || uri[0] != '/') {
		host->log(ctx, FWD_LOG_INFO, "the backup holds no iDRAC NIC selection: nothing to "
			  "compare");
		return rf_check_settings(ctx, id, saved, flags, result);
	}
	ret = read_attrs(ctx, uri, now, etag, sizeof(etag), &status);
	if (ret)
		return ret;
	if ((flags & FWD_SETTINGS_RESTORE) && !(flags & FWD_SETTINGS_DRY_RUN)) {
		int off = 0;

		for (size_t i = 0; i < N_ATTRS; i++)
			off |= want[i][0] && strcasecmp(want[i], now[i]) != 0;
		if (off && (ret = put_back(ctx, uri, want, now, etag, set)))
			return ret;
	}
	for (size_t i = 0; i < N_ATTRS; i++) {
		char would[320];
		int off = want[i][0] && strcasecmp(want[i], now[i]) != 0;

		if (!want[i][0])
			continue;
		snprintf(would, sizeof(would), "PATCH %s {\"Attributes\": {\"%s\": \"%s\"}}", uri,
			 attrs[i].attr, want[i]);
		report(result, i, want[i], now[i], set[i] && !off,
		       off && (flags & FWD_SETTINGS_DRY_RUN) ? would : NULL);
		if (off && !first[0])
			snprintf(first, sizeof(first), "the iDRAC's %s is %s, the backup says %s",
				 attrs[i].attr, now[i][0] ? now[i] : "unread", want[i]);
	}
	/* The standard settings too; the NIC's difference is the error first. */
	ret = rf_check_settings(ctx, id, saved, flags, result);
	if (!first[0])
		return ret;
	if (flags & FWD_SETTINGS_DRY_RUN)
		return host->set_error(ctx, -FWD_E_VERIFY, "%s: would PATCH it back (dry run: "
				       "nothing set)", first);
	if (flags & FWD_SETTINGS_RESTORE)
		return host->set_error(ctx, -FWD_E_VERIFY, "%s after the PATCH: set it by hand in "
				       "the iDRAC's settings (Network)", first);
	return host->set_error(ctx, -FWD_E_VERIFY, "%s", first);
}
