/*
 * sim_hpm.c: the HPM.1 upgrade target, netfn 0x2C (PICMG), group 0x00.
 *
 * What ipmitool 1.8.19 sends for "hpm upgrade F force activate" and what a
 * BMC answers is summed up in docs/hpm1.md of the project.  This file keeps
 * the target's side of it:
 *   - the payload of each upload is streamed to payload-<c>.part and renamed
 *     to payload-<c>.bin when Finish Firmware Upload accepts it;
 *   - the new version is read from the stamp at the start of the payload
 *     ("FWDSIMFW", 6-byte version, 2 zero bytes) and becomes the running
 *     version, the one Get Device ID reports, on Activate Firmware;
 *   - fault switches from the module arguments: silence after N blocks,
 *     checksum error at Finish, self-test failure with rollback,
 *     long-duration (0x80) answers, a maximum block size.
 *
 * Every answer has the full length ipmitool expects for the command (it
 * copies fixed sizes without looking at the length) and nothing here ever
 * answers 0xC0, which would make ipmitool retry forever.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sim.h"

#define PICMG_ID 0x00

enum {
	HPM_GET_CAPABILITIES = 0x2e,
	HPM_GET_COMPONENT_PROPERTIES = 0x2f,
	HPM_ABORT = 0x30,
	HPM_INITIATE = 0x31,
	HPM_UPLOAD_BLOCK = 0x32,
	HPM_FINISH = 0x33,
	HPM_GET_STATUS = 0x34,
	HPM_ACTIVATE = 0x35,
	HPM_QUERY_SELFTEST = 0x36,
	HPM_QUERY_ROLLBACK = 0x37,
};

enum {
	CC_OK = 0x00,
	CC_IN_PROGRESS = 0x80,
	CC_HPM_81 = 0x81,      /* length mismatch / invalid component mask */
	CC_HPM_82 = 0x82,      /* checksum error / invalid component id */
	CC_HPM_83 = 0x83,      /* compare mismatch / invalid property */
	CC_INVALID_CMD = 0xc1,
	CC_BAD_LENGTH = 0xc7,
	CC_BAD_FIELD = 0xcc,
	CC_CANNOT_RESPOND = 0xce,
	CC_WRONG_STATE = 0xd5,
};

/*
 * Global capabilities: self-test (bit 0), automatic rollback (bit 1).
 * With automatic rollback, ipmitool 1.8.19 follows a failed self-test with
 * Query Rollback Status, and when that reports the rollback done it ends
 * with "Firmware upgrade procedure successful" and exit 0: the firmware did
 * not change, which only a look at the running version reveals.
 * auto_rollback=0 clears the bit; ipmitool then reports the failure.
 */
#define CAP_SELFTEST 0x01
#define CAP_AUTO_ROLLBACK 0x02

/* Component properties: rollback (bits 0-1 = automatic), preparation
 * (bit 2), comparison (bit 3); no deferred activation, no payload reset. */
static const unsigned char comp_flags[SIM_COMPONENTS] = { 0x0d, 0x0c };
static const char comp_desc[SIM_COMPONENTS][13] = { "BMC Firmware", "Boot Loader" };

/* cc, the PICMG identifier, then exactly `full` data bytes (zero padded). */
static void reply(unsigned char *rdata, unsigned int *rdata_len,
		  unsigned char cc, const unsigned char *data, unsigned n,
		  unsigned full)
{
	rdata[0] = cc;
	rdata[1] = PICMG_ID;
	memset(rdata + 2, 0, full);
	if (data && n)
		memcpy(rdata + 2, data, n < full ? n : full);
	*rdata_len = 2 + full;
}

/* --- long-duration commands -------------------------------------------- */

static void op_poll(sim_target_t *t)
{
	struct timespec now;
	void (*complete)(sim_target_t *);

	if (!t->op.busy)
		return;
	sim_now(&now);
	if (sim_before(&now, &t->op.done_at))
		return;
	t->op.busy = 0;
	t->last_cmd = t->op.cmd;
	t->last_cc = t->op.final_cc;
	complete = t->op.complete;
	t->op.complete = NULL;
	if (complete)
		complete(t);
	sim_log(t, "long-op-done cmd=0x%02x cc=0x%02x", t->op.cmd, t->op.final_cc);
}

static void op_timer_cb(void *cb_data)
{
	op_poll(cb_data);
}

static void op_start(sim_target_t *t, unsigned char cmd, unsigned char final_cc,
		     void (*complete)(sim_target_t *))
{
	struct timeval tv;

	t->op.busy = 1;
	t->op.cmd = cmd;
	t->op.final_cc = final_cc;
	t->op.complete = complete;
	sim_now(&t->op.done_at);
	sim_add_ms(&t->op.done_at, t->cfg.long_duration_ms);
	t->last_cmd = cmd;
	t->last_cc = CC_IN_PROGRESS;
	if (t->op_timer) {
		tv.tv_sec = t->cfg.long_duration_ms / 1000;
		tv.tv_usec = (t->cfg.long_duration_ms % 1000) * 1000;
		t->sys->stop_timer(t->op_timer);
		t->sys->start_timer(t->op_timer, &tv);
	}
}

static void op_cancel(sim_target_t *t)
{
	if (t->op.busy && t->op_timer)
		t->sys->stop_timer(t->op_timer);
	t->op.busy = 0;
	t->op.complete = NULL;
}

int sim_hpm_init_timers(sim_target_t *t)
{
	return t->sys->alloc_timer(t->sys, op_timer_cb, t, &t->op_timer);
}

/* --- upload state ------------------------------------------------------- */

static const char *part_name(unsigned char action)
{
	return action == 3 ? "compare" : "payload";
}

static void upload_end(sim_target_t *t)
{
	if (!t->up.active)
		return;
	if (t->up.fd >= 0)
		close(t->up.fd);
	t->up.fd = -1;
	t->up.active = 0;
}

static int upload_begin(sim_target_t *t, unsigned char comp, unsigned char action)
{
	char path[PATH_MAX];

	upload_end(t);
	if (sim_state_path(t, path, sizeof(path), "%s-%u.part",
			   part_name(action), comp))
		return -1;
	t->up.fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (t->up.fd < 0) {
		sim_log(t, "error open path=%s errno=%d", path, errno);
		return -1;
	}
	t->up.active = 1;
	t->up.action = action;
	t->up.component = comp;
	t->up.bytes = 0;
	t->up.blocks = 0;
	t->up.last_block = -1;
	memset(t->up.stamp, 0, sizeof(t->up.stamp));
	return 0;
}

void sim_hpm_reboot(sim_target_t *t)
{
	upload_end(t);
	op_cancel(t);
	/* An upload not yet activated does not survive a reset. */
	t->pending_mask = 0;
	t->stamped_mask = 0;
	t->selftest[0] = 0x55;
	t->selftest[1] = 0x00;
}

/* --- commands ----------------------------------------------------------- */

static void get_capabilities(sim_target_t *t, unsigned char *rdata,
			     unsigned int *rdata_len)
{
	unsigned char d[7] = {
		0x00, CAP_SELFTEST | (t->cfg.auto_rollback ? CAP_AUTO_ROLLBACK : 0),
		t->cfg.upgrade_timeout,
		t->cfg.selftest_timeout, t->cfg.rollback_timeout,
		t->cfg.inaccess_timeout, SIM_COMPONENTS_MASK,
	};

	sim_log(t, "capabilities");
	reply(rdata, rdata_len, CC_OK, d, sizeof(d), sizeof(d));
}

static void get_component_properties(sim_target_t *t, msg_t *msg,
				     unsigned char *rdata,
				     unsigned int *rdata_len)
{
	unsigned char comp, sel;

	if (msg->len < 3) {
		sim_log(t, "compprop cc=0xc7");
		reply(rdata, rdata_len, CC_BAD_LENGTH, NULL, 0, 0);
		return;
	}
	comp = msg->data[1];
	sel = msg->data[2];
	sim_log(t, "compprop comp=%u sel=%u", comp, sel);
	if (comp >= SIM_COMPONENTS) {
		reply(rdata, rdata_len, CC_HPM_82, NULL, 0, 0);
		return;
	}
	switch (sel) {
	case 0:
		reply(rdata, rdata_len, CC_OK, &comp_flags[comp], 1, 1);
		break;
	case 1:
		reply(rdata, rdata_len, CC_OK, t->current[comp].v, 6, 6);
		break;
	case 2:
		reply(rdata, rdata_len, CC_OK, (const unsigned char *)comp_desc[comp],
		      12, 12);
		break;
	case 3:
		reply(rdata, rdata_len, CC_OK, t->rollback[comp].v, 6, 6);
		break;
	case 4: /* deferred version: the finished upload awaiting activation */
		reply(rdata, rdata_len, CC_OK,
		      (t->stamped_mask & (1u << comp)) ? t->pending[comp].v : NULL,
		      6, 6);
		break;
	case 192: /* OEM properties: none */
		reply(rdata, rdata_len, CC_OK, NULL, 0, 4);
		break;
	default:
		reply(rdata, rdata_len, CC_HPM_83, NULL, 0, 0);
		break;
	}
}

static void abort_upgrade(sim_target_t *t, unsigned char *rdata,
			  unsigned int *rdata_len)
{
	sim_log(t, "abort upload=%d busy=%d", t->up.active, t->op.busy);
	upload_end(t);
	op_cancel(t);
	t->last_cmd = HPM_ABORT;
	t->last_cc = CC_OK;
	reply(rdata, rdata_len, CC_OK, NULL, 0, 0);
}

static void initiate(sim_target_t *t, msg_t *msg, unsigned char *rdata,
		     unsigned int *rdata_len)
{
	unsigned char mask, action, cc = CC_OK;

	if (msg->len < 3) {
		sim_log(t, "initiate cc=0xc7");
		reply(rdata, rdata_len, CC_BAD_LENGTH, NULL, 0, 0);
		return;
	}
	mask = msg->data[1];
	action = msg->data[2];
	if (t->op.busy)
		cc = CC_WRONG_STATE;
	else if (action > 3)
		cc = CC_BAD_FIELD;
	else if (!mask || (mask & ~SIM_COMPONENTS_MASK))
		cc = CC_HPM_81;
	else if (action >= 2 && (mask & (mask - 1)))
		cc = CC_HPM_81;  /* upload and compare take exactly one component */

	if (cc == CC_OK) {
		unsigned char comp = 0;

		while (!(mask & (1u << comp)))
			comp++;
		switch (action) {
		case 0: /* backup: the running image becomes the rollback copy */
			upload_end(t);
			for (unsigned c = 0; c < SIM_COMPONENTS; c++)
				if (mask & (1u << c))
					t->rollback[c] = t->current[c];
			break;
		case 1: /* prepare: nothing to erase in a simulator */
			upload_end(t);
			break;
		default:
			if (upload_begin(t, comp, action))
				cc = CC_CANNOT_RESPOND;
			break;
		}
	}
	if (cc == CC_OK && t->cfg.long_duration) {
		op_start(t, HPM_INITIATE, CC_OK, NULL);
		cc = CC_IN_PROGRESS;
	} else {
		t->last_cmd = HPM_INITIATE;
		t->last_cc = cc;
	}
	sim_log(t, "initiate action=%u mask=0x%02x cc=0x%02x", action, mask, cc);
	reply(rdata, rdata_len, cc, NULL, 0, 0);
}

static void upload_block(sim_target_t *t, msg_t *msg, unsigned char *rdata,
			 unsigned int *rdata_len)
{
	unsigned block, len, expected;
	unsigned char cc = CC_OK;
	const char *note = "";

	if (msg->len < 3) {
		sim_log(t, "upload cc=0xc7 len=%u", msg->len);
		reply(rdata, rdata_len, CC_BAD_LENGTH, NULL, 0, 0);
		return;
	}
	block = msg->data[1];
	len = msg->len - 2;
	if (t->op.busy || !t->up.active) {
		sim_log(t, "upload block=%u len=%u cc=0xd5 no upload in progress",
			block, len);
		reply(rdata, rdata_len, CC_WRONG_STATE, NULL, 0, 0);
		return;
	}
	if (t->cfg.stop_after_blocks >= 0 &&
	    t->up.blocks >= (unsigned long)t->cfg.stop_after_blocks) {
		/* The fault: from this block on, the target says nothing. */
		sim_log(t, "upload block=%u len=%u dropped stop_after_blocks=%ld",
			block, len, t->cfg.stop_after_blocks);
		upload_end(t);
		sim_silence_begin(t, t->cfg.stop_silence_s,
				  t->cfg.stop_silence_s == 0, "stop_after_blocks");
		reply(rdata, rdata_len, CC_OK, NULL, 0, 0);
		return;
	}
	expected = t->up.last_block < 0 ? 0 : ((unsigned)t->up.last_block + 1) & 0xff;
	if (t->cfg.max_block && len > t->cfg.max_block) {
		/* ipmitool shrinks its block and retries when this comes first. */
		cc = CC_BAD_LENGTH;
		note = " over max_block";
	} else if (t->up.last_block >= 0 && block == (unsigned)t->up.last_block) {
		/* A resend after a lost answer: already stored. */
		note = " duplicate";
	} else if (block != expected) {
		cc = CC_BAD_FIELD;
		note = " out of sequence";
	} else if (sim_write_all(t->up.fd, msg->data + 2, len)) {
		sim_log(t, "error write errno=%d", errno);
		cc = CC_CANNOT_RESPOND;
	} else {
		if (t->up.bytes < SIM_STAMP_LEN) {
			size_t n = SIM_STAMP_LEN - (size_t)t->up.bytes;

			memcpy(t->up.stamp + t->up.bytes, msg->data + 2,
			       len < n ? len : n);
		}
		t->up.bytes += len;
		t->up.blocks++;
		t->up.last_block = (int)block;
	}
	sim_log(t, "upload block=%u len=%u cc=0x%02x%s", block, len, cc, note);
	reply(rdata, rdata_len, cc, NULL, 0, 0);
}

/* Byte-for-byte comparison of the compare upload with the stored payload. */
static unsigned char compare_payload(sim_target_t *t, unsigned char comp)
{
	char a[PATH_MAX], b[PATH_MAX];
	unsigned char ba[4096], bb[4096];
	unsigned char cc = CC_HPM_83;
	FILE *fa = NULL, *fb = NULL;

	if (sim_state_path(t, a, sizeof(a), "compare-%u.part", comp) ||
	    sim_state_path(t, b, sizeof(b), "payload-%u.bin", comp))
		return cc;
	fa = fopen(a, "re");
	fb = fopen(b, "re");
	if (fa && fb) {
		for (;;) {
			size_t na = fread(ba, 1, sizeof(ba), fa);
			size_t nb = fread(bb, 1, sizeof(bb), fb);

			if (na != nb || memcmp(ba, bb, na))
				break;
			if (na == 0) {
				cc = CC_OK;
				break;
			}
		}
	}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	unlink(a);
	return cc;
}

/* The upload becomes payload-<c>.bin, durably, before Finish is answered. */
static int commit_payload(sim_target_t *t)
{
	char part[PATH_MAX], bin[PATH_MAX];
	unsigned char comp = t->up.component;

	if (sim_state_path(t, part, sizeof(part), "payload-%u.part", comp) ||
	    sim_state_path(t, bin, sizeof(bin), "payload-%u.bin", comp))
		return -1;
	if (fsync(t->up.fd) || rename(part, bin) || sim_fsync_dir(t->cfg.state_dir)) {
		sim_log(t, "error commit path=%s errno=%d", bin, errno);
		return -1;
	}
	return 0;
}

static const char *read_stamp(sim_target_t *t, struct sim_version *out)
{
	const unsigned char *s = t->up.stamp;

	if (t->up.bytes < SIM_STAMP_LEN || memcmp(s, SIM_STAMP_MAGIC, 8))
		return "none";
	if (s[14] || s[15])
		return "invalid";
	memcpy(out->v, s + 8, 6);
	return NULL;
}

static void finish(sim_target_t *t, msg_t *msg, unsigned char *rdata,
		   unsigned int *rdata_len)
{
	unsigned long total;
	unsigned char comp, cc;
	char vbuf[32];
	const char *stamp = "-";

	if (msg->len < 6) {
		sim_log(t, "finish cc=0xc7");
		reply(rdata, rdata_len, CC_BAD_LENGTH, NULL, 0, 0);
		return;
	}
	comp = msg->data[1];
	total = (unsigned long)msg->data[2] | (unsigned long)msg->data[3] << 8 |
		(unsigned long)msg->data[4] << 16 | (unsigned long)msg->data[5] << 24;
	if (t->op.busy || !t->up.active) {
		sim_log(t, "finish comp=%u len=%lu cc=0xd5 no upload in progress",
			comp, total);
		reply(rdata, rdata_len, CC_WRONG_STATE, NULL, 0, 0);
		return;
	}
	if (comp != t->up.component) {
		cc = CC_BAD_FIELD;
	} else if (total != t->up.bytes) {
		cc = CC_HPM_81;  /* image length mismatch */
	} else if (t->up.action == 3) {
		cc = compare_payload(t, comp);
	} else if (t->cfg.finish_checksum_error) {
		cc = CC_HPM_82;  /* the fault switch */
	} else if (commit_payload(t)) {
		cc = CC_CANNOT_RESPOND;
	} else {
		struct sim_version v;
		unsigned char bit = (unsigned char)(1u << comp);

		stamp = read_stamp(t, &v);
		t->pending_mask |= bit;
		if (!stamp) {
			t->pending[comp] = v;
			t->stamped_mask |= bit;
			stamp = sim_version_str(&v, vbuf);
		} else {
			t->stamped_mask &= (unsigned char)~bit;
		}
		cc = CC_OK;
	}
	if (t->cfg.long_duration && comp == t->up.component) {
		/* Report the outcome through Get Upgrade Status, later. */
		op_start(t, HPM_FINISH, cc, NULL);
		sim_log(t, "finish comp=%u len=%lu received=%llu action=%u stamp=%s cc=0x80 result=0x%02x",
			comp, total, t->up.bytes, t->up.action, stamp, cc);
		cc = CC_IN_PROGRESS;
	} else {
		t->last_cmd = HPM_FINISH;
		t->last_cc = cc;
		sim_log(t, "finish comp=%u len=%lu received=%llu action=%u stamp=%s cc=0x%02x",
			comp, total, t->up.bytes, t->up.action, stamp, cc);
	}
	if (comp == t->up.component)
		upload_end(t);
	reply(rdata, rdata_len, cc, NULL, 0, 0);
}

static void activate_now(sim_target_t *t)
{
	char a[32], b[32];

	t->rollback_mask = 0;
	t->selftest[0] = 0x55;   /* passed */
	t->selftest[1] = 0x00;
	for (unsigned c = 0; c < SIM_COMPONENTS; c++) {
		unsigned char bit = (unsigned char)(1u << c);

		if (!(t->pending_mask & bit))
			continue;
		if (t->cfg.selftest_fail) {
			/* The new image fails its self-test; the target goes
			 * back to the image it ran before. */
			t->rollback_mask |= bit;
			t->selftest[0] = 0x57;  /* device error */
			t->selftest[1] = 0x01;  /* operational firmware corrupted */
			sim_log(t, "selftest comp=%u failed rollback-to=%s", c,
				sim_version_str(&t->current[c], a));
			continue;
		}
		if (!(t->stamped_mask & bit)) {
			sim_log(t, "activate comp=%u no version stamp in payload, version stays %s",
				c, sim_version_str(&t->current[c], a));
			continue;
		}
		if (t->cfg.reset_rollback) {
			/* Accepted, but the new image will not boot: the next
			 * reset comes back on the old one. */
			sim_log(t, "activate comp=%u version %s -> %s will not boot, stays %s", c,
				sim_version_str(&t->current[c], a),
				sim_version_str(&t->pending[c], b),
				sim_version_str(&t->current[c], a));
			continue;
		}
		sim_log(t, "activate comp=%u version %s -> %s", c,
			sim_version_str(&t->current[c], a),
			sim_version_str(&t->pending[c], b));
		t->rollback[c] = t->current[c];
		t->current[c] = t->pending[c];
	}
	t->pending_mask = 0;
	t->stamped_mask = 0;
	if (t->cfg.flash_resets_lan)
		sim_lan_reset_to_dhcp(t);
	sim_health_flashed(t);
	sim_state_save(t);
	/* bmc.state holds the new firmware; mc info shows it once it runs. */
	if (t->cfg.activation == SIM_ACTIVATE_NOW)
		sim_apply_bmc_version(t);
	else if (t->cfg.activation == SIM_ACTIVATE_REBOOT)
		sim_reboot_soon(t);
	else
		sim_log(t, "activate deferred until the next cold reset");
}

static void activate(sim_target_t *t, msg_t *msg, unsigned char *rdata,
		     unsigned int *rdata_len)
{
	unsigned char cc = CC_OK, pending = t->pending_mask;
	int override = msg->len >= 2 ? msg->data[1] : -1;

	if (t->op.busy || !pending) {
		cc = CC_WRONG_STATE;   /* nothing uploaded to activate */
	} else if (t->cfg.long_duration) {
		op_start(t, HPM_ACTIVATE, CC_OK, activate_now);
		cc = CC_IN_PROGRESS;
	} else {
		activate_now(t);
	}
	if (cc != CC_IN_PROGRESS) {
		t->last_cmd = HPM_ACTIVATE;
		t->last_cc = cc;
	}
	sim_log(t, "activate mask=0x%02x rollback_override=%d cc=0x%02x", pending,
		override, cc);
	reply(rdata, rdata_len, cc, NULL, 0, 0);
}

static void get_status(sim_target_t *t, unsigned char *rdata,
		       unsigned int *rdata_len)
{
	unsigned char d[2];

	if (t->op.busy) {
		d[0] = t->op.cmd;
		d[1] = CC_IN_PROGRESS;
	} else {
		d[0] = t->last_cmd;
		d[1] = t->last_cc;
	}
	sim_log(t, "status cmd=0x%02x last_cc=0x%02x", d[0], d[1]);
	reply(rdata, rdata_len, CC_OK, d, 2, 2);
}

static void query_selftest(sim_target_t *t, unsigned char *rdata,
			   unsigned int *rdata_len)
{
	if (t->op.busy && t->op.cmd == HPM_ACTIVATE) {
		sim_log(t, "selftest cc=0x80 activation in progress");
		reply(rdata, rdata_len, CC_IN_PROGRESS, NULL, 0, 2);
		return;
	}
	sim_log(t, "selftest result=0x%02x,0x%02x", t->selftest[0], t->selftest[1]);
	reply(rdata, rdata_len, CC_OK, t->selftest, 2, 2);
}

static void query_rollback(sim_target_t *t, unsigned char *rdata,
			   unsigned int *rdata_len)
{
	if (t->op.busy && t->op.cmd == HPM_ACTIVATE) {
		sim_log(t, "rollback-status cc=0x80 activation in progress");
		reply(rdata, rdata_len, CC_IN_PROGRESS, NULL, 0, 1);
		return;
	}
	/* cc 0 with a non-zero mask: rollback completed on those components. */
	sim_log(t, "rollback-status mask=0x%02x", t->rollback_mask);
	reply(rdata, rdata_len, CC_OK, &t->rollback_mask, 1, 1);
}

void sim_hpm_handle(lmc_data_t *mc, msg_t *msg, unsigned char *rdata,
		    unsigned int *rdata_len, void *cb_data)
{
	sim_target_t *t = cb_data;

	if (!t->bmc)
		t->bmc = mc;
	if (sim_silence_active(t)) {
		/* The answer is dropped on its way out; change nothing. */
		sim_log(t, "dropped picmg cmd=0x%02x (silent)", msg->cmd);
		reply(rdata, rdata_len, CC_OK, NULL, 0, 0);
		return;
	}
	op_poll(t);
	switch (msg->cmd) {
	case HPM_GET_CAPABILITIES:
		get_capabilities(t, rdata, rdata_len);
		break;
	case HPM_GET_COMPONENT_PROPERTIES:
		get_component_properties(t, msg, rdata, rdata_len);
		break;
	case HPM_ABORT:
		abort_upgrade(t, rdata, rdata_len);
		break;
	case HPM_INITIATE:
		initiate(t, msg, rdata, rdata_len);
		break;
	case HPM_UPLOAD_BLOCK:
		upload_block(t, msg, rdata, rdata_len);
		break;
	case HPM_FINISH:
		finish(t, msg, rdata, rdata_len);
		break;
	case HPM_GET_STATUS:
		get_status(t, rdata, rdata_len);
		break;
	case HPM_ACTIVATE:
		activate(t, msg, rdata, rdata_len);
		break;
	case HPM_QUERY_SELFTEST:
		query_selftest(t, rdata, rdata_len);
		break;
	case HPM_QUERY_ROLLBACK:
		query_rollback(t, rdata, rdata_len);
		break;
	default:
		/* 0x00 Get PICMG Properties, 0x3E HPM.2 and the rest: this is
		 * not an ATCA board, only an HPM.1 upgrade target. */
		sim_log(t, "picmg cmd=0x%02x cc=0xc1", msg->cmd);
		reply(rdata, rdata_len, CC_INVALID_CMD, NULL, 0, 0);
		break;
	}
}
