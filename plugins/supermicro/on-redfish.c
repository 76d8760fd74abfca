/*
 * on-redfish.c: the supermicro plugin on a Redfish target: whether the
 * service is a Supermicro BMC of a generation with a Redfish update path
 * (the probe's verdict).  supermicro.c sends each entry point to the shared
 * Redfish flow with the Supermicro profile (smc-profile.c, smc-start.c)
 * when the target is a Redfish one, and to IPMI and sum otherwise.
 *
 * The generation is read from the board's model (the manager's Model, else
 * the system's, else the board's): the letter and the digits before the
 * rest, as in X13DEI, X12DPi-NT6, H12SSL-i, X9DRi.  X12/X13/H12/H13 and later
 * take an upload OnStartUpdateRequest and StartUpdate; X11 and older have
 * no usable Redfish update path (bmclib drives their web CGIs, docs:
 * /work/shared/docs/redfish.md): IPMI and sum are their way.
 */
#include "supermicro.h"

#include <ctype.h>
#include <stdio.h>

#include "host.h"
#include "vendor.h"
#include "verdict.h"

/* Above the redfish plugin (30), which takes any service. */
#define SM_RF_SCORE 90
/* A Supermicro service whose model says no generation (a system SKU such
 * as SYS-620U-TNR): still above the generic plugin, whose push it would
 * refuse anyway, below a plugin that knows it better. */
#define SM_RF_SCORE_UNKNOWN 60
/* The first generation with the OnStartUpdateRequest flow. */
#define SM_RF_FIRST_GEN 12

/* The generation a model names (X13DEI: 13, X9DRi: 9), its series letter
 * in *series; 0 when the model does not start like a Supermicro board's
 * (a letter, one or two digits, a letter). */
static int generation(const char *model, char *series)
{
	int gen = 0;
	size_t n = 1;

	if (!model || (model[0] != 'X' && model[0] != 'H' && model[0] != 'B'))
		return 0;
	while (n < 3 && isdigit((unsigned char)model[n]))
		gen = gen * 10 + (model[n++] - '0');
	if (n == 1 || !isalpha((unsigned char)model[n]))
		return 0;
	*series = model[0];
	return gen;
}

int sm_rf_probe(struct fwd_ctx *ctx, const struct fwd_identity *id, int *score_out,
		char *reason, size_t reason_size)
{
	const char *vendor = FWD_SIZED_GET(id, struct fwd_identity, service_vendor, NULL);
	const char *models[] = {
		FWD_SIZED_GET(id, struct fwd_identity, manager_model, NULL),
		FWD_SIZED_GET(id, struct fwd_identity, product_name, NULL),
		FWD_SIZED_GET(id, struct fwd_identity, board_name, NULL),
	};
	const char *model = NULL;
	char series = 'X';
	int gen = 0;

	(void)ctx;
	if (!fwdp_host_redfish(sm_host()))
		return fwdp_verdict(score_out, reason, reason_size, 0, FWDP_NOT_REDFISH);
	if (!fwdp_is_supermicro(vendor))
		return fwdp_verdict(score_out, reason, reason_size, 0, "a Redfish service of "
				    "'%s', not a Supermicro BMC's (the redfish plugin takes it)",
				    fwdp_or_q(vendor));
	for (size_t i = 0; i < sizeof(models) / sizeof(models[0]) && !gen; i++) {
		gen = generation(models[i], &series);
		model = gen ? models[i] : model ? model : models[i];
	}
	if (!gen)
		return fwdp_verdict(score_out, reason, reason_size, SM_RF_SCORE_UNKNOWN,
				    "a Supermicro BMC's Redfish service, model %s: its generation "
				    "is not told, so it is taken as X12 or later", fwdp_or_q(model));
	if (gen < SM_RF_FIRST_GEN)
		return fwdp_verdict(score_out, reason, reason_size, 0, "a Supermicro %c%d board "
				    "(%s): %c%d and older have no usable Redfish update path; "
				    "update it over IPMI or with sum (fwdispatch update without "
				    "--redfish)", series, gen, model, series, gen);
	return fwdp_verdict(score_out, reason, reason_size, SM_RF_SCORE, "a Supermicro %c%d "
			    "BMC's Redfish service (%s): upload, verify, StartUpdate", series,
			    gen, model);
}
