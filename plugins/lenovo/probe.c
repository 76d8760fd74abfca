/*
 * probe.c: the lenovo plugin's probe.
 *
 * Scores:
 *   90  a Redfish target whose service is a Lenovo XClarity Controller's
 *       (Vendor Lenovo)
 *   80  in band, SMBIOS says Lenovo ThinkSystem (XCC 1 to 3): the update
 *       goes over Redfish, which the plugin's entry points say when called
 *       without it
 *    0  anything else: System x (IMM2), ThinkServer, ThinkStation, and the
 *       ThinkSystem ST50/ST58 towers, which have no XCC, stay where they
 *       were (generic-hpm, or no plugin)
 */
#include "lenovo.h"

#include "host.h"
#include "match.h"
#include "verdict.h"

#define LENOVO_RF_SCORE 90
#define LENOVO_DMI_SCORE 80

static int is_lenovo(const char *m)
{
	return fwdp_istarts_word(m, "Lenovo");
}

/* ThinkSystem, but the entry towers without an XCC. */
static int xcc_line(const char *product)
{
	return fwdp_icontains_word(product, "ThinkSystem") &&
	       !fwdp_icontains_word(product, "ST50") && !fwdp_icontains_word(product, "ST58");
}

int lenovo_probe(struct fwd_ctx *ctx, const struct fwd_identity *id, int *score_out,
		 char *reason, size_t reason_size)
{
	if (fwdp_redfish_target(lenovo_host(), ctx)) {
		const char *vendor = FWD_SIZED_GET(id, struct fwd_identity, service_vendor, NULL);
		const char *model = FWD_SIZED_GET(id, struct fwd_identity, manager_model, NULL);

		if (!is_lenovo(vendor))
			return fwdp_verdict(score_out, reason, reason_size, 0, "a Redfish service "
					    "of '%s', not an XCC's", fwdp_or_q(vendor));
		return fwdp_verdict(score_out, reason, reason_size, LENOVO_RF_SCORE, "a Lenovo "
				    "XClarity Controller's Redfish service (%s): the image names "
				    "its target, the XCC's reset waited out", fwdp_or_q(model));
	}
	if (!fwdp_identity_ok(id) || !is_lenovo(id->sys_vendor) || !xcc_line(id->product_name))
		return fwdp_verdict(score_out, reason, reason_size, 0, "not a Lenovo ThinkSystem "
				    "server with an XCC");
	return fwdp_verdict(score_out, reason, reason_size, LENOVO_DMI_SCORE, "a Lenovo %s: its "
			    "XCC is updated over Redfish (fwdispatch update --redfish, through the "
			    "host interface or --host XCC)", id->product_name);
}
