/*
 * rf-service.c: reading the Redfish service for the shared flow (rf.h):
 * its manager, system, update service and firmware inventory, and the
 * versions that run now.
 */
#include "rf.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

int rf_get(struct fwd_ctx *ctx, const char *path, struct fwd_redfish_answer *a)
{
	const struct fwd_host_api *host = rf_host();

	return host->redfish(ctx, "GET", path, NULL, NULL, 0, a);
}

const char *rf_text(const struct fwd_json *obj, const char *key)
{
	const struct fwd_host_api *host = rf_host();

	return host->json_string_value(host->json_object_get(obj, key));
}

const char *rf_member(const struct fwd_json *coll, size_t i)
{
	const struct fwd_host_api *host = rf_host();

	return rf_text(host->json_array_get(host->json_object_get(coll, "Members"), i),
		       "@odata.id");
}

size_t rf_members(const struct fwd_json *coll)
{
	const struct fwd_host_api *host = rf_host();

	return host->json_array_size(host->json_object_get(coll, "Members"));
}

/* A link's @odata.id under obj[key], into out ("" when none). */
static void link(const struct fwd_json *obj, const char *key, char *out, size_t size)
{
	const char *u = rf_text(rf_host()->json_object_get(obj, key), "@odata.id");

	snprintf(out, size, "%s", u && u[0] == '/' ? u : "");
}

int rf_manager(struct fwd_ctx *ctx, char *uri, size_t size)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_redfish_answer coll = FWD_REDFISH_ANSWER_INIT;
	int ret = rf_get(ctx, "/redfish/v1/Managers", &coll);

	uri[0] = '\0';
	for (size_t i = 0; !ret && i < rf_members(coll.body); i++) {
		struct fwd_redfish_answer m = FWD_REDFISH_ANSWER_INIT;
		const char *u = rf_member(coll.body, i), *type;

		if (!u || u[0] != '/')
			continue;
		if (!uri[0])
			snprintf(uri, size, "%s", u);
		if (rf_get(ctx, u, &m) != 0)
			continue;
		type = rf_text(m.body, "ManagerType");
		if (type && !strcmp(type, "BMC")) {
			snprintf(uri, size, "%s", u);
			host->redfish_answer_release(&m);
			break;
		}
		host->redfish_answer_release(&m);
	}
	host->redfish_answer_release(&coll);
	if (!ret && !uri[0])
		ret = host->set_error(ctx, -FWD_E_BAD_INPUT, "the service lists no manager");
	return ret;
}

int rf_system(struct fwd_ctx *ctx, char *uri, size_t size)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_redfish_answer coll = FWD_REDFISH_ANSWER_INIT;
	int ret = rf_get(ctx, "/redfish/v1/Systems", &coll);
	const char *u = ret ? NULL : rf_member(coll.body, 0);

	snprintf(uri, size, "%s", u && u[0] == '/' ? u : "");
	host->redfish_answer_release(&coll);
	if (!ret && !uri[0])
		ret = host->set_error(ctx, -FWD_E_BAD_INPUT, "the service lists no computer "
				      "system");
	return ret;
}

void rf_task_of(const struct fwd_redfish_answer *a, char *out, size_t size)
{
	const char *id = rf_text(a->body, "@odata.id");
	const char *loc = a->location;

	/* A whole URL: from its path on. */
	if (!strncmp(loc, "https://", 8) || !strncmp(loc, "http://", 7)) {
		loc = strchr(strstr(loc, "//") + 2, '/');
		loc = loc ? loc : "";
	}
	snprintf(out, size, "%s", loc[0] == '/' ? loc : id && id[0] == '/' ? id : "");
}

int rf_update_service(struct fwd_ctx *ctx, struct rf_update_service *out)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_redfish_answer a = FWD_REDFISH_ANSWER_INIT;
	const struct fwd_json *v;
	const char *s;
	int ret;

	memset(out, 0, sizeof(*out));
	out->enabled = 1;
	out->max_bytes = -1;
	ret = rf_get(ctx, "/redfish/v1/UpdateService", &a);
	if (ret) {
		host->redfish_answer_release(&a);
		return ret;
	}
	if (host->json_bool_value(host->json_object_get(a.body, "ServiceEnabled")) == 0)
		out->enabled = 0;
	s = rf_text(a.body, "MultipartHttpPushUri");
	snprintf(out->multipart, sizeof(out->multipart), "%s", s && s[0] == '/' ? s : "");
	s = rf_text(a.body, "HttpPushUri");
	snprintf(out->push, sizeof(out->push), "%s", s && s[0] == '/' ? s : "");
	s = rf_text(host->json_object_get(host->json_object_get(a.body, "Actions"),
					  "#UpdateService.SimpleUpdate"), "target");
	snprintf(out->simple, sizeof(out->simple), "%s", s && s[0] == '/' ? s : "");
	s = rf_text(host->json_object_get(host->json_object_get(a.body, "Actions"),
					  "#UpdateService.StartUpdate"), "target");
	snprintf(out->start, sizeof(out->start), "%s", s && s[0] == '/' ? s : "");
	v = host->json_object_get(a.body, "MaxImageSizeBytes");
	if (v && host->json_integer_value(v) > 0)
		out->max_bytes = host->json_integer_value(v);
	link(a.body, "FirmwareInventory", out->inventory, sizeof(out->inventory));
	host->redfish_answer_release(&a);
	return 0;
}

/* Does an inventory entry hold the part's firmware?  By its Id or Name:
 * "BMC", "iDRAC", "XCC", "iLO" for the BMC; "BIOS", "UEFI" for the BIOS. */
static int holds_part(const struct fwd_json *item, enum fwd_part part)
{
	static const char *const bmc[] = { "bmc", "idrac", "xcc", "ilo", "manager", NULL };
	static const char *const bios[] = { "bios", "uefi", "systemrom", NULL };
	const char *const *words = part == FWD_PART_BMC ? bmc : bios;
	const char *fields[] = { rf_text(item, "Id"), rf_text(item, "Name") };

	for (size_t f = 0; f < 2; f++)
		for (size_t w = 0; fields[f] && words[w]; w++)
			if (strcasestr(fields[f], words[w]))
				return 1;
	return 0;
}

int rf_inventory_find(struct fwd_ctx *ctx, const struct rf_update_service *us,
		      enum fwd_part part, char *uri, size_t uri_size, char *version,
		      size_t version_size)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_redfish_answer coll = FWD_REDFISH_ANSWER_INIT;
	int ret;

	uri[0] = version[0] = '\0';
	if (!us->inventory[0])
		return host->set_error(ctx, -FWD_E_NOT_IMPLEMENTED, "the service has no "
				       "FirmwareInventory");
	ret = rf_get(ctx, us->inventory, &coll);
	for (size_t i = 0; !ret && i < rf_members(coll.body) && !uri[0]; i++) {
		struct fwd_redfish_answer item = FWD_REDFISH_ANSWER_INIT;
		const char *u = rf_member(coll.body, i), *v;

		if (!u || u[0] != '/' || rf_get(ctx, u, &item) != 0) {
			host->redfish_answer_release(&item);
			continue;
		}
		if (holds_part(item.body, part)) {
			v = rf_text(item.body, "Version");
			snprintf(uri, uri_size, "%s", u);
			snprintf(version, version_size, "%s", v ? v : "");
		}
		host->redfish_answer_release(&item);
	}
	host->redfish_answer_release(&coll);
	if (!ret && !uri[0])
		ret = host->set_error(ctx, -FWD_E_NOT_IMPLEMENTED, "the firmware inventory names "
				      "no %s", part == FWD_PART_BMC ? "BMC" : "BIOS");
	return ret;
}

/* The BMC's from its manager (FirmwareVersion), the BIOS's from the
 * firmware inventory, else the system's BiosVersion. */
int rf_read_versions(struct fwd_ctx *ctx, unsigned which, struct fwd_versions *out)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_redfish_answer a = FWD_REDFISH_ANSWER_INIT;
	struct rf_update_service us;
	char uri[256], version[64];
	const char *v;
	int ret;

	out->bmc[0] = out->bios[0] = '\0';
	if (which & FWD_VERSION_BMC) {
		ret = rf_manager(ctx, uri, sizeof(uri));
		if (!ret)
			ret = rf_get(ctx, uri, &a);
		if (ret) {
			host->redfish_answer_release(&a);
			return ret;
		}
		v = rf_text(a.body, "FirmwareVersion");
		snprintf(out->bmc, sizeof(out->bmc), "%s", v ? v : "");
		host->redfish_answer_release(&a);
	}
	if (!(which & FWD_VERSION_BIOS))
		return 0;
	if (rf_update_service(ctx, &us) == 0 &&
	    rf_inventory_find(ctx, &us, FWD_PART_BIOS, uri, sizeof(uri), version,
			      sizeof(version)) == 0 && version[0]) {
		snprintf(out->bios, sizeof(out->bios), "%s", version);
		return 0;
	}
	ret = rf_system(ctx, uri, sizeof(uri));
	if (!ret)
		ret = rf_get(ctx, uri, &a);
	if (!ret) {
		v = rf_text(a.body, "BiosVersion");
		snprintf(out->bios, sizeof(out->bios), "%s", v ? v : "");
	}
	host->redfish_answer_release(&a);
	return ret;
}
