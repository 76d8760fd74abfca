/*
 * probe.c: the hpe plugin's probe.
 *
 * Scores:
 *   90  a Redfish target whose service is an HPE iLO's (Vendor HPE, or an
 *       Oem.Hpe manager)
 *   80  in band, SMBIOS says HPE ProLiant, Synergy or Apollo of Gen10 or
 *       later (iLO 5 and 6): the update goes over Redfish, which the
 *       plugin's entry points say when called without it
 *    0  anything else: Gen9 and older (iLO 4 and before) stay with
 *       generic-hpm, the MicroServer Gen10 has no iLO
 */
#include "hpe.h"

#include <string.h>

#include "host.h"
#include "match.h"
#include "vendor.h"
#include "verdict.h"

#define HPE_RF_SCORE 90
#define HPE_DMI_SCORE 80
/* iLO 5 came with Gen10. */
#define HPE_FIRST_GEN 10

/* The server lines that carry an iLO. */
static int ilo_line(const char *product)
{
	return fwdp_icontains_word(product, "ProLiant") || fwdp_icontains_word(product, "Synergy") ||
	       fwdp_icontains_word(product, "Apollo");
}

/* The generation a product name says ("ProLiant DL360 Gen10 Plus": 10),
 * 0 when none: Gen8 and Gen9 carry iLO 4, Gen10 iLO 5, Gen11 iLO 6. */
static int generation(const char *product)
{
	const char *g = product ? strstr(product, "Gen") : NULL;
	int gen = 0;

	if (!g)
		return 0;
	for (g += 3; *g >= '0' && *g <= '9' && gen < 100; g++)
		gen = gen * 10 + (*g - '0');
	return gen;
}

int hpe_probe(struct fwd_ctx *ctx, const struct fwd_identity *id, int *score_out,
	      char *reason, size_t reason_size)
{
	const struct fwd_host_api *host = hpe_host();
	int gen;

	if (fwdp_redfish_target(host, ctx)) {
		const char *vendor = FWD_SIZED_GET(id, struct fwd_identity, service_vendor, NULL);
		const char *model = FWD_SIZED_GET(id, struct fwd_identity, manager_model, NULL);

		if (!fwdp_is_hpe(vendor))
			return fwdp_verdict(score_out, reason, reason_size, 0, "a Redfish service "
					    "of '%s', not an iLO's", fwdp_or_q(vendor));
		return fwdp_verdict(score_out, reason, reason_size, HPE_RF_SCORE, "an HPE iLO's "
				    "Redfish service (%s): the iLO's upload form, its update "
				    "state followed", fwdp_or_q(model));
	}
	if (!fwdp_identity_ok(id) || !fwdp_is_hpe(id->sys_vendor) || !ilo_line(id->product_name))
		return fwdp_verdict(score_out, reason, reason_size, 0, "not an HPE ProLiant, "
				    "Synergy or Apollo");
	gen = generation(id->product_name);
	if (gen < HPE_FIRST_GEN)
		return fwdp_verdict(score_out, reason, reason_size, 0, "an HPE %s: before Gen10 "
				    "its iLO (4 or older) does not take the iLO 5/6 upload form "
				    "this plugin sends", id->product_name);
	/* The MicroServer Gen10 (AMD) has no iLO; the Gen10 Plus has one. */
	if (fwdp_icontains_word(id->product_name, "MicroServer") && gen == 10 &&
	    !fwdp_icontains_word(id->product_name, "Plus"))
		return fwdp_verdict(score_out, reason, reason_size, 0, "an HPE %s: no iLO",
				    id->product_name);
	return fwdp_verdict(score_out, reason, reason_size, HPE_DMI_SCORE, "an HPE %s: its iLO "
			    "is updated over Redfish (fwdispatch update --redfish, through the "
			    "host interface or --host ILO)", id->product_name);
}
