/*
 * sim_lan.c: the LAN settings of the BMC's LAN channel, held by the module.
 *
 * ipmi_sim answers Get/Set LAN Configuration Parameters (netfn 0x0C, cmd
 * 0x02/0x01) through two hooks of the channel, after its own checks of the
 * request and the channel number.  The module takes over the parameters a
 * BMC update can lose (set-in-progress 0, address 3, source 4, MAC 5, mask
 * 6, gateway 12/13, VLAN 20/21) and passes every other parameter to
 * ipmi_sim's own code, so "ipmitool lan print" shows a complete channel.
 *
 * Writes follow the set-in-progress protocol ipmitool uses: 1 starts a set
 * (the old values are kept for a rollback), 2 commits, 0 ends it (rolling
 * back if nothing was committed).  A write outside a set is committed at
 * once.  Committed settings go to bmc.state, so they survive a restart, and
 * flash_resets_lan makes an activation put them back to DHCP.
 */
#include <stdio.h>
#include <string.h>

#include "sim.h"

#define LANP_REVISION 0x11
#define CC_OK 0x00
#define CC_SET_IN_PROGRESS 0x81
#define CC_BAD_LENGTH 0xc7
#define CC_BAD_FIELD 0xcc

/* The channel hooks carry no cb_data, so they find their target here. */
static sim_target_t *lan_target;

static void describe(char *buf, size_t size, unsigned param,
		     const unsigned char *v, unsigned n)
{
	static const char *const src[] = { "none", "static", "dhcp", "bios", "other" };
	size_t off = 0;

	switch (param) {
	case 3: case 6: case 12:
		snprintf(buf, size, "%u.%u.%u.%u", v[0], v[1], v[2], v[3]);
		return;
	case 4:
		snprintf(buf, size, "%s", src[(v[0] & 0x0f) < 4 ? (v[0] & 0x0f) : 4]);
		return;
	case 20:
		if (v[1] & 0x80)
			snprintf(buf, size, "%u", (unsigned)((v[1] & 0x0f) << 8 | v[0]));
		else
			snprintf(buf, size, "off");
		return;
	default:
		buf[0] = '\0';
		for (unsigned i = 0; i < n && off + 4 < size; i++)
			off += (size_t)snprintf(buf + off, size - off, "%s%02x",
						i ? ":" : "", v[i]);
		return;
	}
}

/* Where a parameter the module keeps lives, and its size; NULL otherwise. */
static unsigned char *lan_field(sim_target_t *t, unsigned param, unsigned *n)
{
	switch (param) {
	case 0:  *n = 1; return &t->lan_set_state;
	case 3:  *n = 4; return t->lan.ip;
	case 4:  *n = 1; return &t->lan.ip_src;
	case 5:  *n = 6; return t->lan.mac;
	case 6:  *n = 4; return t->lan.mask;
	case 12: *n = 4; return t->lan.gw;
	case 13: *n = 6; return t->lan.gw_mac;
	case 20: *n = 2; return t->lan.vlan;
	case 21: *n = 1; return &t->lan.vlan_prio;
	default: return NULL;
	}
}

static void lan_get(channel_t *chan, msg_t *msg, unsigned char *rdata,
		    unsigned int *rdata_len)
{
	sim_target_t *t = lan_target;
	unsigned param = msg->data[1], n;
	unsigned char *field;

	if (sim_silence_active(t)) {
		rdata[0] = CC_OK;
		*rdata_len = 1;
		return;
	}
	field = lan_field(t, param, &n);
	if (!field) {
		t->orig_get_lan(chan, msg, rdata, rdata_len);
		return;
	}
	sim_log(t, "lan-get param=%u", param);
	rdata[0] = CC_OK;
	rdata[1] = LANP_REVISION;
	if (msg->data[0] & 0x80) {   /* parameter revision only */
		*rdata_len = 2;
		return;
	}
	memcpy(rdata + 2, field, n);
	*rdata_len = 2 + n;
}

static unsigned char set_in_progress(sim_target_t *t, unsigned char v)
{
	switch (v & 0x03) {
	case 0: /* set complete: what was not committed is rolled back */
		if (t->lan_set_state == 1 &&
		    memcmp(&t->lan, &t->lan_rollback, sizeof(t->lan))) {
			t->lan = t->lan_rollback;
			sim_log(t, "lan rollback uncommitted changes");
		}
		t->lan_set_state = 0;
		return CC_OK;
	case 1:
		if (t->lan_set_state == 1)
			return CC_SET_IN_PROGRESS;
		t->lan_rollback = t->lan;
		t->lan_set_state = 1;
		return CC_OK;
	case 2: /* commit write */
		if (t->lan_set_state != 1)
			return CC_SET_IN_PROGRESS;
		sim_state_save(t);
		t->lan_rollback = t->lan;
		return CC_OK;
	default:
		return CC_BAD_FIELD;
	}
}

static unsigned char check_value(unsigned param, const unsigned char *v)
{
	unsigned id;

	switch (param) {
	case 4:
		return (v[0] & 0x0f) <= 4 ? CC_OK : CC_BAD_FIELD;
	case 20:
		id = (unsigned)(v[1] & 0x0f) << 8 | v[0];
		if (id > 4094 || ((v[1] & 0x80) && id == 0))
			return CC_BAD_FIELD;
		return CC_OK;
	case 21:
		return v[0] <= 7 ? CC_OK : CC_BAD_FIELD;
	default:
		return CC_OK;
	}
}

static void lan_set(channel_t *chan, msg_t *msg, unsigned char *rdata,
		    unsigned int *rdata_len)
{
	sim_target_t *t = lan_target;
	unsigned param = msg->data[1], n, len = msg->len - 2;
	const unsigned char *v = msg->data + 2;
	unsigned char *field, cc;
	char text[64] = "";

	if (sim_silence_active(t)) {
		rdata[0] = CC_OK;
		*rdata_len = 1;
		return;
	}
	field = lan_field(t, param, &n);
	if (!field) {
		t->orig_set_lan(chan, msg, rdata, rdata_len);
		return;
	}
	if (len < n) {
		cc = CC_BAD_LENGTH;
	} else if (param == 0) {
		cc = set_in_progress(t, v[0]);
		snprintf(text, sizeof(text), "%u", v[0] & 0x03);
	} else {
		describe(text, sizeof(text), param, v, n);
		cc = check_value(param, v);
		if (cc == CC_OK) {
			memcpy(field, v, n);
			/* Outside a set-in-progress a write takes effect now. */
			if (t->lan_set_state == 0)
				sim_state_save(t);
		}
	}
	sim_log(t, "lan-set param=%u value=%s cc=0x%02x", param, text, cc);
	rdata[0] = cc;
	*rdata_len = 1;
}

void sim_lan_reset_to_dhcp(sim_target_t *t)
{
	unsigned char mac[6];

	memcpy(mac, t->lan.mac, sizeof(mac));   /* burnt in: not a setting */
	memset(&t->lan, 0, sizeof(t->lan));
	memcpy(t->lan.mac, mac, sizeof(mac));
	t->lan.ip_src = 2;
	t->lan_rollback = t->lan;
	t->lan_set_state = 0;
	sim_log(t, "lan reset-to-dhcp reason=flash_resets_lan");
}

int sim_lan_attach(sim_target_t *t)
{
	channel_t *chan = t->lan_chan;

	if (!chan || !chan->get_lan_parms || !chan->set_lan_parms)
		return -1;
	t->orig_get_lan = chan->get_lan_parms;
	t->orig_set_lan = chan->set_lan_parms;
	lan_target = t;
	chan->get_lan_parms = lan_get;
	chan->set_lan_parms = lan_set;
	return 0;
}
