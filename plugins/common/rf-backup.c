/*
 * rf-backup.c: the BMC's settings a flash can lose, saved before it and put
 * back after it, over Redfish (rf.h); the same for every vendor's service.
 *
 * Saved (the plugin's part of the backup, under "vendor"):
 *   "resources": [{"name": "eth0" | "network-protocol", "uri", "etag",
 *                  "settings": {property: value}}]
 *       the manager's EthernetInterfaces (host name, DHCP, static
 *       addresses, VLAN, name servers) and its NetworkProtocol (which
 *       services listen where, NTP): only the properties a client may
 *       write, so that each one saved can be put back with a PATCH;
 *   "accounts": [{"uri", "UserName", "RoleId", "Enabled", "Locked"}]
 *       compared after the flash, never written: a password cannot be
 *       read, so an account the flash removed is the operator's to make;
 *   "passwords": why they are not in it.
 * A PATCH carries If-Match with the resource's ETag where the service
 * gives one, and is tried once more after a 412 (someone else wrote it
 * in between).
 */
#include "rf.h"

#include <stdio.h>
#include <string.h>

static const char *const iface_props[] = {
	"HostName", "FQDN", "DHCPv4", "IPv4StaticAddresses", "VLAN", "StaticNameServers",
	NULL
};
static const char *const protocol_props[] = {
	"HTTPS", "SSH", "IPMI", "SNMP", "NTP", NULL
};
static const char *const account_props[] = { "UserName", "RoleId", "Enabled", "Locked", NULL };

/* {prop: copy} for the props body has. */
static struct fwd_json *pick(const struct fwd_json *body, const char *const *props)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_json *out = host->json_object();

	for (size_t i = 0; out && props[i]; i++) {
		const struct fwd_json *v = host->json_object_get(body, props[i]);

		if (v)
			host->json_object_set_new(out, props[i], host->json_copy(v));
	}
	return out;
}

static int save_resource(struct fwd_ctx *ctx, const char *name, const char *uri,
			 const char *const *props, struct fwd_json *list)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_redfish_answer a = FWD_REDFISH_ANSWER_INIT;
	struct fwd_json *entry;
	int ret = rf_get(ctx, uri, &a);

	if (ret) {
		host->redfish_answer_release(&a);
		return ret;
	}
	entry = host->json_object();
	host->json_object_set_new(entry, "name", host->json_string(name));
	host->json_object_set_new(entry, "uri", host->json_string(uri));
	host->json_object_set_new(entry, "etag", a.etag[0] ? host->json_string(a.etag) :
				  host->json_null());
	host->json_object_set_new(entry, "settings", pick(a.body, props));
	host->json_array_append_new(list, entry);
	host->redfish_answer_release(&a);
	return 0;
}

/* Each member of the collection at manager[key] through save(). */
static int save_interfaces(struct fwd_ctx *ctx, const struct fwd_json *manager,
			   struct fwd_json *list)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_redfish_answer coll = FWD_REDFISH_ANSWER_INIT;
	const char *uri = rf_text(host->json_object_get(manager, "EthernetInterfaces"),
				  "@odata.id");
	int ret;

	if (!uri)
		return 0;
	ret = rf_get(ctx, uri, &coll);
	for (size_t i = 0; !ret && i < rf_members(coll.body); i++) {
		const char *m = rf_member(coll.body, i), *slash;

		if (!m || m[0] != '/')
			continue;
		slash = strrchr(m, '/');
		ret = save_resource(ctx, slash[1] ? slash + 1 : m, m, iface_props, list);
	}
	host->redfish_answer_release(&coll);
	return ret;
}

static int save_accounts(struct fwd_ctx *ctx, struct fwd_json *list)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_redfish_answer coll = FWD_REDFISH_ANSWER_INIT;
	int ret = rf_get(ctx, "/redfish/v1/AccountService/Accounts", &coll);

	for (size_t i = 0; !ret && i < rf_members(coll.body); i++) {
		struct fwd_redfish_answer a = FWD_REDFISH_ANSWER_INIT;
		const char *m = rf_member(coll.body, i);
		struct fwd_json *entry;

		if (!m || m[0] != '/')
			continue;
		ret = rf_get(ctx, m, &a);
		if (!ret) {
			entry = pick(a.body, account_props);
			host->json_object_set_new(entry, "uri", host->json_string(m));
			host->json_array_append_new(list, entry);
		}
		host->redfish_answer_release(&a);
	}
	host->redfish_answer_release(&coll);
	return ret;
}

int rf_backup(struct fwd_ctx *ctx, const struct fwd_identity *id, struct fwd_json *backup)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_redfish_answer m = FWD_REDFISH_ANSWER_INIT;
	struct fwd_json *resources, *accounts;
	const char *proto;
	char manager[256];
	int ret;

	(void)id;
	ret = rf_manager(ctx, manager, sizeof(manager));
	if (!ret)
		ret = rf_get(ctx, manager, &m);
	if (ret) {
		host->redfish_answer_release(&m);
		return ret;
	}
	resources = host->json_array();
	accounts = host->json_array();
	host->json_object_set_new(backup, "manager", host->json_string(manager));
	host->json_object_set_new(backup, "resources", resources);
	host->json_object_set_new(backup, "accounts", accounts);
	host->json_object_set_new(backup, "passwords", host->json_string(
		"not readable over Redfish: an account a flash resets or removes must be given "
		"its password again by hand"));
	ret = save_interfaces(ctx, m.body, resources);
	proto = rf_text(host->json_object_get(m.body, "NetworkProtocol"), "@odata.id");
	if (!ret && proto && proto[0] == '/')
		ret = save_resource(ctx, "network-protocol", proto, protocol_props, resources);
	if (!ret)
		ret = save_accounts(ctx, accounts);
	host->redfish_answer_release(&m);
	return ret;
}

/* ---- after the flash: compare, put back, read back ---- */

struct compare {
	struct fwd_ctx *ctx;
	struct fwd_json *result;
	unsigned flags;
	int differs;                  /* something still differs at the end */
	char first[160];              /* the first setting that differs, for the error */
};

static void note(struct compare *c, const char *name, const struct fwd_json *saved,
		 const struct fwd_json *now, int restored)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_json *o = host->json_object();

	host->json_object_set_new(o, "saved", saved ? host->json_copy(saved) : host->json_null());
	host->json_object_set_new(o, "now", now ? host->json_copy(now) : host->json_null());
	host->json_object_set_new(o, "restored", host->json_boolean(restored));
	host->json_object_set_new(c->result, name, o);
}

/* {prop: saved} for the props whose value now differs from the saved one. */
static struct fwd_json *differences(const struct fwd_json *saved, const struct fwd_json *now,
				    const char *const *props, size_t *n)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_json *patch = host->json_object();

	*n = 0;
	for (size_t i = 0; props[i]; i++) {
		const struct fwd_json *s = host->json_object_get(saved, props[i]);

		if (s && !host->json_equal(s, host->json_object_get(now, props[i]))) {
			host->json_object_set_new(patch, props[i], host->json_copy(s));
			(*n)++;
		}
	}
	return patch;
}

/* PATCH with the current ETag; once more on a 412. */
static int put_back(struct fwd_ctx *ctx, const char *uri, const struct fwd_json *patch,
		    const char *etag)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_redfish_answer a = FWD_REDFISH_ANSWER_INIT;
	int ret = host->redfish(ctx, "PATCH", uri, patch, etag[0] ? etag : NULL,
				FWD_REDFISH_QUIET, &a);

	if (!ret && a.status == 412) {
		struct fwd_redfish_answer fresh = FWD_REDFISH_ANSWER_INIT;

		host->log(ctx, FWD_LOG_INFO, "%s changed under the PATCH (412): reading it "
			  "again", uri);
		host->redfish_answer_release(&a);
		ret = rf_get(ctx, uri, &fresh);
		if (!ret)
			ret = host->redfish(ctx, "PATCH", uri, patch,
					    fresh.etag[0] ? fresh.etag : NULL, 0, &a);
		host->redfish_answer_release(&fresh);
	} else if (!ret && (a.status < 200 || a.status >= 300)) {
		ret = host->set_error(ctx, -FWD_E_REFUSED, "PATCH %s: the service answered %ld "
				      "%s %s", uri, a.status, a.message_id, a.message);
	}
	host->redfish_answer_release(&a);
	return ret;
}

static int check_resource(struct compare *c, const struct fwd_json *entry)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_redfish_answer now = FWD_REDFISH_ANSWER_INIT;
	const struct fwd_json *saved = host->json_object_get(entry, "settings");
	const char *uri = rf_text(entry, "uri"), *name = rf_text(entry, "name");
	const char *const *props;
	struct fwd_json *patch;
	char label[160];
	size_t n;
	int ret;

	if (!uri || uri[0] != '/' || !name || !saved)
		return host->set_error(c->ctx, -FWD_E_BAD_INPUT, "the backup's Redfish part is "
				       "damaged (a resource without uri, name or settings)");
	props = !strcmp(name, "network-protocol") ? protocol_props : iface_props;
	ret = rf_get(c->ctx, uri, &now);
	if (ret) {
		host->redfish_answer_release(&now);
		return ret;
	}
	patch = differences(saved, now.body, props, &n);
	if (n && (c->flags & FWD_SETTINGS_RESTORE)) {
		ret = put_back(c->ctx, uri, patch, now.etag);
		host->redfish_answer_release(&now);
		if (!ret)
			ret = rf_get(c->ctx, uri, &now);
	}
	for (size_t i = 0; !ret && props[i]; i++) {
		const struct fwd_json *s = host->json_object_get(saved, props[i]);
		const struct fwd_json *v = host->json_object_get(now.body, props[i]);
		int was = host->json_object_get(patch, props[i]) != NULL;
		int same = s && host->json_equal(s, v);

		if (!s)
			continue;
		snprintf(label, sizeof(label), "%s:%s", name, props[i]);
		note(c, label, s, v, was && same && (c->flags & FWD_SETTINGS_RESTORE));
		if (!same && !c->differs++)
			snprintf(c->first, sizeof(c->first), "%s", label);
	}
	host->json_release(patch);
	host->redfish_answer_release(&now);
	return ret;
}

/* Accounts: compared only (see the top of the file). */
static int check_account(struct compare *c, const struct fwd_json *saved)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_redfish_answer now = FWD_REDFISH_ANSWER_INIT;
	const char *uri = rf_text(saved, "uri"), *user = rf_text(saved, "UserName");
	char label[160];
	size_t n;
	struct fwd_json *diff;
	int ret;

	if (!uri || uri[0] != '/')
		return 0;
	ret = host->redfish(c->ctx, "GET", uri, NULL, NULL, FWD_REDFISH_QUIET, &now);
	if (ret) {
		host->redfish_answer_release(&now);
		return ret;
	}
	diff = differences(saved, now.status == 200 ? now.body : NULL, account_props, &n);
	snprintf(label, sizeof(label), "account:%s", user && *user ? user : uri);
	if (n) {
		note(c, label, saved, now.status == 200 ? now.body : NULL, 0);
		if (!c->differs++)
			snprintf(c->first, sizeof(c->first), "%.90s (accounts are not put back: "
				 "their passwords cannot be read)", label);
	}
	host->json_release(diff);
	host->redfish_answer_release(&now);
	return 0;
}

int rf_check_settings(struct fwd_ctx *ctx, const struct fwd_identity *id,
		      const struct fwd_json *saved, unsigned flags, struct fwd_json *result)
{
	const struct fwd_host_api *host = rf_host();
	const struct fwd_json *list = host->json_object_get(saved, "resources");
	const struct fwd_json *accounts = host->json_object_get(saved, "accounts");
	struct compare c = { .ctx = ctx, .result = result, .flags = flags };
	int ret = 0;

	(void)id;
	/* A dry run says what it would put back: nothing is sent. */
	if (flags & FWD_SETTINGS_DRY_RUN)
		c.flags &= ~FWD_SETTINGS_RESTORE;
	for (size_t i = 0; !ret && i < host->json_array_size(list); i++)
		ret = check_resource(&c, host->json_array_get(list, i));
	for (size_t i = 0; !ret && i < host->json_array_size(accounts); i++)
		ret = check_account(&c, host->json_array_get(accounts, i));
	if (ret)
		return ret;
	if (c.differs)
		return host->set_error(ctx, -FWD_E_VERIFY, "%d setting%s of the BMC differ%s from "
				       "the backup, first %s", c.differs, c.differs == 1 ? "" : "s",
				       c.differs == 1 ? "s" : "", c.first);
	return 0;
}
