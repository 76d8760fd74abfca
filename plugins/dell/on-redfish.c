/*
 * on-redfish.c: the dell plugin on a Redfish target: an iDRAC's own
 * service, driven through the shared Redfish flow with the iDRAC profile
 * (idrac-profile.c).  The probe's verdict for such a target, the job
 * status read from the iDRAC's job queue; dell.c sends each entry point
 * here when the target is a Redfish one and to racadm otherwise.
 */
#include "dell.h"

#include "host.h"
#include "idrac-jobs.h"
#include "rf.h"
#include "vendor.h"
#include "verdict.h"

/* Above the redfish plugin (30), which takes any service. */
#define DELL_RF_SCORE 90

int dell_rf_probe(struct fwd_ctx *ctx, const struct fwd_identity *id, int *score_out,
		  char *reason, size_t reason_size)
{
	const char *vendor = FWD_SIZED_GET(id, struct fwd_identity, service_vendor, NULL);
	const char *model = FWD_SIZED_GET(id, struct fwd_identity, manager_model, NULL);

	(void)ctx;
	if (!fwdp_host_redfish(dell_host()))
		return fwdp_verdict(score_out, reason, reason_size, 0, FWDP_NOT_REDFISH);
	if (!fwdp_is_dell(vendor))
		return fwdp_verdict(score_out, reason, reason_size, 0, "a Redfish service of "
				    "'%s', not an iDRAC's (the redfish plugin takes it)",
				    fwdp_or_q(vendor));
	return fwdp_verdict(score_out, reason, reason_size, DELL_RF_SCORE, "an iDRAC's Redfish "
			    "service (Vendor '%s'%s%s%s)", vendor, model ? ", manager '" : "",
			    model ? model : "", model ? "'" : "");
}

int dell_rf_job_status(struct fwd_ctx *ctx, const char *job_id, struct fwd_json *out)
{
	const struct fwd_host_api *host = dell_host();
	struct idrac_job j;
	int ret = idrac_job_read(ctx, job_id, &j);

	if (ret == -FWD_E_NOT_IMPLEMENTED)
		return host->set_error(ctx, -FWD_E_TOOL_FAILED, "the iDRAC's job queue has no "
				       "job %s", job_id);
	if (ret)
		return ret;
	host->json_object_set_new(out, "job_id", host->json_string(j.id));
	host->json_object_set_new(out, "status", host->json_string(j.state[0] ? j.state :
							 "unknown"));
	host->json_object_set_new(out, "message", j.message[0] ? host->json_string(j.message) :
				  host->json_null());
	host->json_object_set_new(out, "message_id", j.message_id[0] ?
				  host->json_string(j.message_id) : host->json_null());
	host->json_object_set_new(out, "percent", j.percent >= 0 ?
				  host->json_integer(j.percent) : host->json_null());
	host->json_object_set_new(out, "name", j.name[0] ? host->json_string(j.name) :
				  host->json_null());
	return 0;
}
