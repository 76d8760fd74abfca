/*
 * identity-redfish.c: who a Redfish target is, from what its service
 * says: the service root (Vendor, Product), the BMC's manager (firmware,
 * model) and the first computer system (maker, model, SKU, BIOS).
 */
#include "identity/identity.h"

#include <errno.h>
#include <string.h>

#include "redfish/manager.h"
#include "redfish/redfish.h"
#include "util/ctx.h"

static const char *text(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* Sets field from a string, skipping what is not one; -ENOMEM only. */
static int set(struct fwd_identity_info *info, const char *field, const char *value)
{
	return value && fwd_identity_set(info, field, value) < 0 ? -1 : 0;
}

static int read_system(struct fwd_ctx *ctx, struct fwd_identity_info *info)
{
	struct fwd_redfish_reply coll, sys;
	const char *uri;
	int ret = 0;

	if (fwd_redfish_get(ctx, "/redfish/v1/Systems", &coll) != 0)
		return 0;
	uri = text(json_array_get(json_object_get(coll.body, "Members"), 0), "@odata.id");
	if (uri && uri[0] == '/' && fwd_redfish_get(ctx, uri, &sys) == 0) {
		ret |= set(info, "sys_vendor", text(sys.body, "Manufacturer"));
		ret |= set(info, "product_name", text(sys.body, "Model"));
		ret |= set(info, "product_sku", text(sys.body, "SKU"));
		ret |= set(info, "bios_version", text(sys.body, "BiosVersion"));
		fwd_redfish_reply_release(&sys);
	}
	fwd_redfish_reply_release(&coll);
	return ret;
}

int fwd_identity_read_redfish(struct fwd_ctx *ctx, struct fwd_identity_info *info,
			      struct fwd_bmc_info *bmc)
{
	struct fwd_redfish_reply root;
	int ret;

	ret = fwd_redfish_request(ctx, "GET", FWD_REDFISH_ROOT, NULL, NULL,
				  FWD_REDFISH_NO_AUTH, &root);
	if (ret)
		return ret;
	if (!root.body || !json_object_get(root.body, "RedfishVersion")) {
		fwd_redfish_reply_release(&root);
		return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "%s:%u answers, but not as a "
					 "Redfish service (no RedfishVersion at %s)",
					 ctx->target->host, ctx->target->pub.port,
					 FWD_REDFISH_ROOT);
	}
	ret = set(info, "service_vendor", text(root.body, "Vendor")) |
	      set(info, "service_product", text(root.body, "Product"));
	fwd_redfish_reply_release(&root);
	if (ret)
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	info->id.source = "redfish";
	ret = fwd_redfish_bmc_info(ctx, bmc, 0);
	if (ret)
		return ret;
	if (fwd_identity_set_bmc(info, bmc) != 0 || set(info, "manager_model", bmc->product_name[0] ?
							 bmc->product_name : NULL) ||
	    read_system(ctx, info))
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	info->id.source = "redfish";
	fwd_ctx_clear_error(ctx);
	return 0;
}
