/*
 * preflight.c: the supermicro plugin's preflight: before the backup, before
 * the confirmation, before the BMC is touched, and in a dry run too.  Only
 * questions are sent (sum's queries); nothing changes.
 *
 * An HPM.1 BMC image takes the standard path (hpm-flash.c).  Everything
 * else goes through sum, and sum is asked first what would stop it:
 *
 *   oob-licence  (BIOS, out-of-band) `sum -i .. -c QueryProductKey`: an
 *                out-of-band BIOS update needs a node product key,
 *                SFT-OOB-LIC or SFT-DCMS-SINGLE, activated on the BMC
 *                (SUM user's guide, UpdateBios: "the OOB usage of this
 *                function is available when the BMC node product key is
 *                activated. The in-band usage ... does not require node
 *                product key activation").  Without it sum stops with exit
 *                80 "node product key is not activated" (or 149 and HTTP
 *                403 "Not licensed to perform this request", as seen in
 *                github.com/Dasharo/dasharo-issues/issues/327) - after
 *                fwdispatch would have flashed the BMC.  QueryProductKey
 *                is the cheapest question that tells (one call, no file;
 *                CheckOOBSupport tells too, with BMC and BIOS details on
 *                top).  pass / refuse, or warn when sum's answer cannot be
 *                read; in-band: skip.
 *   sum-state    (every part sum runs for) the BMC already in its firmware
 *                update mode, seen in whatever sum answered, refuses with
 *                the cold reset that ends it; for the BIOS, `sum -c
 *                UpdateBios --staged getinfo` (X13 root-of-trust boards:
 *                "check if there was any pending staged update task")
 *                refuses a BIOS update already waiting for the next boot
 *                (two for one reboot is how servers end up half-updated).
 *                A board without staged updates rejects the option: that
 *                part then does not apply.  pass / refuse / warn.
 *
 * sum's "busy, try later" exits (106 driver busy, 107 ROM chip occupied)
 * to any question refuse with -FWD_E_BUSY (exit 7): nothing was sent,
 * try again later.  No other "another instance is running" signal of sum
 * is public.
 */
#include "supermicro.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "hpm-flash.h"
#include "sum.h"

/* sum's questions take seconds; a BMC that does not answer, a minute. */
#define QUERY_TIMEOUT_MS (120u * 1000u)

/* Records a check's verdict (a host older than 2.4: logged instead). */
static void check(const struct fwd_host_api *host, struct fwd_ctx *ctx, const char *name,
		  enum fwd_check_verdict v, const char *fmt, ...) FWD_PRINTF(5, 6);

static void check(const struct fwd_host_api *host, struct fwd_ctx *ctx, const char *name,
		  enum fwd_check_verdict v, const char *fmt, ...)
{
	static const char *const words[] = { "pass", "warn", "refuse", "skip" };
	char detail[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	if (FWD_HOST_HAS(host, check) && host->check)
		host->check(ctx, name, v, "%s", detail);
	else
		host->log(ctx, v == FWD_CHECK_REFUSE ? FWD_LOG_ERROR : v == FWD_CHECK_WARN ?
			  FWD_LOG_WARN : FWD_LOG_INFO, "check %s: %s: %s", name,
			  (unsigned)v < 4 ? words[v] : "?", detail);
}

/* Asks sum one question; the outcome in *o (release it).  0 once sum ran. */
static int ask(const struct fwd_host_api *host, struct fwd_ctx *ctx, const char *command,
	       const char *option, const char *value, struct sm_sum_outcome *o)
{
	struct sm_sum_cmd c;
	int ret;

	memset(o, 0, sizeof(*o));
	ret = sm_sum_begin(host, ctx, &c, command);
	if (ret)
		return ret;
	if (option) {
		sm_sum_add(&c, option);
		sm_sum_add(&c, value);
	}
	return sm_sum_run(host, ctx, &c, 0, QUERY_TIMEOUT_MS, o);
}

/* "sum exit 145 (IPMI connection failed)" for a detail. */
static const char *exit_words(const struct sm_sum_outcome *o, char *buf, size_t size)
{
	if (o->signal)
		snprintf(buf, size, "sum was killed by signal %d", o->signal);
	else
		snprintf(buf, size, "sum exit %d%s%s%s", o->exit_code,
			 o->description[0] ? " (" : "", o->description,
			 o->description[0] ? ")" : "");
	return buf;
}

/*
 * What every answer of sum may say about its state: busy, or the BMC in
 * update mode.  Records sum-state's refusal and returns the code when it
 * does; 0 otherwise.
 */
static int state_refusal(const struct fwd_host_api *host, struct fwd_ctx *ctx,
			 const char *part, const char *asked, const struct sm_sum_outcome *o)
{
	char words[224];

	if (o->exit_code > 0 && sm_sum_exit_busy(o->exit_code)) {
		exit_words(o, words, sizeof(words));
		check(host, ctx, "sum-state", FWD_CHECK_REFUSE, "%s: sum is busy (%s)", part,
		      words);
		return host->set_error(ctx, -FWD_E_BUSY, "sum answered '%s' with %s: another "
				       "program, maybe another update, is using the flash or sum's "
				       "driver; nothing was sent: try again later", asked, words);
	}
	if (sm_says_update_mode(o->text)) {
		check(host, ctx, "sum-state", FWD_CHECK_REFUSE, "%s: the BMC is in its firmware "
		      "update mode", part);
		return host->set_error(ctx, -FWD_E_REFUSED, "sum says the BMC is in its firmware "
				       "update mode (an earlier update did not end, or another one "
				       "is running): if no other update is running, end it with a "
				       "cold reset of the BMC (ipmitool mc reset cold), wait until "
				       "it answers again, then run fwdispatch again; nothing was "
				       "sent");
	}
	return 0;
}

/* oob-licence, out-of-band: QueryProductKey. */
static int licence(const struct fwd_host_api *host, struct fwd_ctx *ctx)
{
	struct sm_sum_outcome o;
	struct sm_keys k;
	char words[224], have[300];
	int ret;

	ret = ask(host, ctx, "QueryProductKey", NULL, NULL, &o);
	if (ret) {
		sm_sum_outcome_release(&o);
		return ret;
	}
	ret = state_refusal(host, ctx, "BIOS", "QueryProductKey", &o);
	if (ret) {
		sm_sum_outcome_release(&o);
		return ret;
	}
	if (o.signal || o.exit_code != 0 || o.error_block || sm_keys_parse(o.text, &k) != 0) {
		check(host, ctx, "oob-licence", FWD_CHECK_WARN, "cannot tell whether the BMC has "
		      "the node product key an out-of-band BIOS update needs (SFT-OOB-LIC or "
		      "SFT-DCMS-SINGLE): sum -c QueryProductKey gave %s; without it the BIOS "
		      "part fails after the BMC part",
		      o.signal || o.exit_code ? exit_words(&o, words, sizeof(words))
					     : "an answer fwdispatch cannot read");
		sm_sum_outcome_release(&o);
		return 0;
	}
	sm_sum_outcome_release(&o);
	if (k.licensed) {
		check(host, ctx, "oob-licence", FWD_CHECK_PASS, "%s is activated on the BMC",
		      k.licence);
		return 0;
	}
	check(host, ctx, "oob-licence", FWD_CHECK_REFUSE, "no SFT-OOB-LIC or SFT-DCMS-SINGLE "
	      "node product key on the BMC%s%s%s%s", k.bad[0] ? ": " : "", k.bad,
	      k.others[0] ? "; it has " : "", k.others);
	if (k.bad[0] && k.others[0])
		snprintf(have, sizeof(have), "%s, and %s", k.bad, k.others);
	else
		snprintf(have, sizeof(have), "%s", k.bad[0] ? k.bad : k.others[0] ? k.others
									 : "no key at all");
	return host->set_error(ctx, -FWD_E_REFUSED, "an out-of-band BIOS update through sum needs "
			       "a node product key activated on the BMC, SFT-OOB-LIC or "
			       "SFT-DCMS-SINGLE, and the BMC has %s; without it sum stops "
			       "(exit 80) after the BMC part was flashed, so nothing was sent. "
			       "Activate the key (sum -c ActivateProductKey, or the BMC's web "
			       "interface), or update in-band: run fwdispatch on the host itself, "
			       "where sum needs no licence", have);
}

/* sum-state for the BIOS: a staged update waiting, the BMC's state. */
static int bios_state(const struct fwd_host_api *host, struct fwd_ctx *ctx)
{
	struct sm_sum_outcome o;
	char words[224];
	enum sm_staged st;
	int ret;

	ret = ask(host, ctx, "UpdateBios", "--staged", "getinfo", &o);
	if (ret) {
		sm_sum_outcome_release(&o);
		return ret;
	}
	ret = state_refusal(host, ctx, "BIOS", "UpdateBios --staged getinfo", &o);
	if (ret) {
		sm_sum_outcome_release(&o);
		return ret;
	}
	if (o.signal || o.exit_code != 0) {
		/* 38 "function is not supported", 1-30 an older sum that has no
		 * --staged: a board that cannot have a staged update waiting. */
		int none = o.exit_code == 38 || (o.exit_code > 0 && o.exit_code <= 30);

		check(host, ctx, "sum-state", none ? FWD_CHECK_PASS : FWD_CHECK_WARN,
		      none ? "BIOS: sum answers; no staged BIOS updates on this board (%s)"
			   : "BIOS: cannot tell whether a BIOS update is pending: sum -c "
			     "UpdateBios --staged getinfo gave %s",
		      exit_words(&o, words, sizeof(words)));
		sm_sum_outcome_release(&o);
		return 0;
	}
	st = sm_staged_parse(o.text);
	sm_sum_outcome_release(&o);
	if (st == SM_STAGED_NONE) {
		check(host, ctx, "sum-state", FWD_CHECK_PASS, "BIOS: sum answers; no staged BIOS "
		      "update pending");
		return 0;
	}
	if (st == SM_STAGED_UNKNOWN) {
		check(host, ctx, "sum-state", FWD_CHECK_WARN, "BIOS: sum's answer to UpdateBios "
		      "--staged getinfo says neither 'pending' nor 'none'");
		return 0;
	}
	check(host, ctx, "sum-state", FWD_CHECK_REFUSE, "BIOS: a staged BIOS update is pending "
	      "(it runs at the next boot)");
	return host->set_error(ctx, -FWD_E_REFUSED, "a staged BIOS update is already pending on "
			       "this board: it runs at the next boot of the host, and a second one "
			       "for the same reboot is how servers end up half-updated; reboot the "
			       "host to apply it (or drop it: sum -c UpdateBios --staged abort), "
			       "then run fwdispatch again; nothing was sent");
}

/* sum-state for a BMC image sum flashes: GetBmcInfo, the cheapest answer. */
static int bmc_state(const struct fwd_host_api *host, struct fwd_ctx *ctx)
{
	struct sm_sum_outcome o;
	char words[224];
	int ret;

	ret = ask(host, ctx, "GetBmcInfo", NULL, NULL, &o);
	if (ret) {
		sm_sum_outcome_release(&o);
		return ret;
	}
	ret = state_refusal(host, ctx, "BMC", "GetBmcInfo", &o);
	if (!ret) {
		if (o.signal || o.exit_code != 0)
			check(host, ctx, "sum-state", FWD_CHECK_WARN, "BMC: sum -c GetBmcInfo "
			      "gave %s", exit_words(&o, words, sizeof(words)));
		else
			check(host, ctx, "sum-state", FWD_CHECK_PASS, "BMC: sum answers; the "
			      "BMC is not in its update mode");
	}
	sm_sum_outcome_release(&o);
	return ret;
}

int sm_preflight(struct fwd_ctx *ctx, const struct fwd_identity *id, enum fwd_part part,
		 const struct fwd_flash_request *req)
{
	const struct fwd_host_api *host = sm_host();
	const struct fwd_target *t = host->target(ctx);
	struct sm_sum_cmd c;
	int ret;

	(void)id;
	if (part == FWD_PART_BMC && fwdp_is_hpm1(req))
		return fwdp_hpm_preflight(host, ctx);
	/* Everything else goes through sum: its target options, and sum. */
	ret = sm_sum_begin(host, ctx, &c, part == FWD_PART_BMC ? "UpdateBmc" : "UpdateBios");
	if (!ret)
		ret = host->find_tool(ctx, "sum");
	if (ret)
		return ret;
	if (part == FWD_PART_BMC)
		return bmc_state(host, ctx);
	if (t && t->out_of_band) {
		ret = licence(host, ctx);
		if (ret)
			return ret;
	} else {
		check(host, ctx, "oob-licence", FWD_CHECK_SKIP, "in-band needs no licence");
	}
	return bios_state(host, ctx);
}
