/*
 * sim.h: internal header of hpm_target.so, the ipmi_sim module that plays an
 * HPM.1 upgrade target for the fwdispatch tests.
 *
 * The module is one shared object built from small files, one job each:
 *   hpm_target.c   entry points called by ipmi_sim, handler registration
 *   sim_args.c     the "key=value ..." argument string of the loadlib line
 *   sim_hpm.c      PICMG/HPM.1 upgrade commands (netfn 0x2C, group 0x00)
 *   sim_lan.c      LAN configuration parameters of the LAN channel
 *   sim_health.c   the BMC's self-test and Supermicro's OEM LAN interface mode
 *   sim_silence.c  cold reset and "stop answering": outgoing packets dropped
 *   sim_state.c    the state directory: command log, payloads, bmc.state
 *   sim_time.c     monotonic deadlines
 *
 * Ownership: a single struct sim_target lives for the whole ipmi_sim process
 * (static storage in hpm_target.c) and is handed to every handler as its
 * cb_data.  ipmi_sim is single threaded, so nothing here locks, and no
 * handler may block or sleep: time is modelled with deadlines and timers.
 */
#ifndef FWD_SIM_H
#define FWD_SIM_H

#include <limits.h>
#include <stdint.h>
#include <time.h>

#include <OpenIPMI/serv.h>
#include <OpenIPMI/mcserv.h>

#define SIM_MODULE_VERSION "1.0"

/* Components 0 (BMC firmware) and 1 (boot loader), as many BMCs report. */
#define SIM_COMPONENTS 2
#define SIM_COMPONENTS_MASK 0x03

/* The stamp the test image builder puts at the start of every payload:
 * "FWDSIMFW", the 6-byte HPM.1 version, then two zero bytes. */
#define SIM_STAMP_MAGIC "FWDSIMFW"
#define SIM_STAMP_LEN 16

struct sim_target_s;

/* An HPM.1 version: major (7-bit binary), minor (BCD), 4 auxiliary bytes. */
struct sim_version {
	unsigned char v[6];
};

/* LAN settings of the LAN channel, in the wire format of the parameters. */
struct sim_lan {
	unsigned char ip_src;     /* param 4: 0 none, 1 static, 2 dhcp, 3 bios */
	unsigned char ip[4];      /* param 3 */
	unsigned char mask[4];    /* param 6 */
	unsigned char mac[6];     /* param 5 */
	unsigned char gw[4];      /* param 12 */
	unsigned char gw_mac[6];  /* param 13 */
	unsigned char vlan[2];    /* param 20: id low, id high | 0x80 enable */
	unsigned char vlan_prio;  /* param 21 */
};

/* What the loadlib argument string says; read-only after init. */
struct sim_config {
	char state_dir[PATH_MAX];
	struct sim_version fw[SIM_COMPONENTS]; /* running versions at first start */
	unsigned reset_silence_s;      /* silence after Cold Reset */
	long stop_after_blocks;        /* < 0: off */
	unsigned stop_silence_s;       /* 0: silent until the process ends */
	int finish_checksum_error;
	int selftest_fail;
	int auto_rollback;             /* global capability bit 1 */
	int long_duration;
	unsigned long_duration_ms;
	unsigned max_block;            /* 0: no limit */
	int flash_resets_lan;
	int activation;                /* SIM_ACTIVATE_*: when the new firmware runs */
	int reset_rollback;            /* the new firmware does not boot: back to the old */
	unsigned char upgrade_timeout; /* HPM.1 timeouts, 5 s units */
	unsigned char selftest_timeout;
	unsigned char rollback_timeout;
	unsigned char inaccess_timeout;
	struct sim_lan lan;            /* LAN settings at first start */
	int mc_selftest;               /* SIM_MC_SELFTEST_* */
	int nic_mode_known;            /* Supermicro's OEM NIC mode command answers */
	unsigned char nic_mode;        /* at first start: 0 dedicated, 1 shared, 2 failover */
	int flash_resets_nic_mode;     /* an activation puts the mode back to failover */
};

/* Get Self Test Results' answer (module argument mc_selftest). */
#define SIM_MC_SELFTEST_PASS    0
#define SIM_MC_SELFTEST_NOTIMPL 1
#define SIM_MC_SELFTEST_FAIL    2
#define SIM_MC_SELFTEST_FATAL   3

/* When an activated firmware starts to run (module argument "activation"). */
#define SIM_ACTIVATE_NOW    0  /* at once: mc info shows it right after Activate */
#define SIM_ACTIVATE_RESET  1  /* at the next cold reset, which the client sends */
#define SIM_ACTIVATE_REBOOT 2  /* the BMC reboots by itself right after Activate */

/* An Initiate Upgrade Action (upload or compare) and its blocks. */
struct sim_upload {
	int active;
	unsigned char action;          /* 2 upload, 3 compare */
	unsigned char component;
	int fd;                        /* the .part file being written */
	unsigned long long bytes;
	unsigned long blocks;          /* blocks accepted so far */
	int last_block;                /* block number of the last one, -1 none */
	unsigned char stamp[SIM_STAMP_LEN];
};

/* A long-duration command (answered 0x80) that completes at done_at. */
struct sim_longop {
	int busy;
	unsigned char cmd;
	unsigned char final_cc;
	struct timespec done_at;
	void (*complete)(struct sim_target_s *t);
};

typedef struct sim_target_s {
	sys_data_t *sys;
	struct sim_config cfg;
	lmc_data_t *bmc;
	int log_fd;

	/* HPM.1 */
	struct sim_version current[SIM_COMPONENTS];
	struct sim_version rollback[SIM_COMPONENTS];
	struct sim_version pending[SIM_COMPONENTS];
	unsigned char pending_mask;    /* uploads finished, not yet activated */
	unsigned char stamped_mask;    /* pending uploads that carried a stamp */
	unsigned char rollback_mask;   /* rolled back by the last activation */
	struct sim_upload up;
	struct sim_longop op;
	ipmi_timer_t *op_timer;
	unsigned char last_cmd, last_cc;
	unsigned char selftest[2];

	/* LAN */
	channel_t *lan_chan;
	struct sim_lan lan, lan_rollback;
	unsigned char lan_set_state;   /* param 0: 0 complete, 1 in progress */
	unsigned char nic_mode;        /* Supermicro's LAN interface mode (sim_health.c) */
	void (*orig_get_lan)(channel_t *chan, msg_t *msg, unsigned char *rdata,
			     unsigned int *rdata_len);
	void (*orig_set_lan)(channel_t *chan, msg_t *msg, unsigned char *rdata,
			     unsigned int *rdata_len);

	/* silence: cold reset and "stop answering" */
	lanserv_data_t *lan_srv;
	void (*orig_send_out)(lanserv_data_t *lan, struct iovec *data, int vecs,
			      void *addr, int addr_len);
	int silent;
	int silent_forever;
	struct timespec silent_until;
	unsigned long dropped;
	ipmi_timer_t *silence_timer;
	ipmi_timer_t *reset_timer;
} sim_target_t;

/* sim_args.c: parse "key=value ..." into cfg (defaults first).  Returns 0,
 * or -1 after printing what was wrong to stderr. */
int sim_args_parse(struct sim_config *cfg, const char *initstr);
int sim_version_parse(struct sim_version *out, const char *text);
int sim_ipv4_parse(unsigned char out[4], const char *text);
int sim_hex_parse(unsigned char *out, size_t n, const char *text, char sep);

/* sim_state.c */
int sim_state_open_log(sim_target_t *t);
void sim_log(sim_target_t *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int sim_state_path(const sim_target_t *t, char *out, size_t size,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int sim_state_load(sim_target_t *t);  /* 0 loaded or absent, -1 corrupt */
int sim_state_save(sim_target_t *t);  /* atomic: temp, fsync, rename */
const char *sim_version_str(const struct sim_version *v, char buf[32]);
void sim_apply_bmc_version(sim_target_t *t);
int sim_write_all(int fd, const void *buf, size_t len);
int sim_fsync_dir(const char *dir);

/* sim_hpm.c */
void sim_hpm_handle(lmc_data_t *mc, msg_t *msg, unsigned char *rdata,
		    unsigned int *rdata_len, void *cb_data);
void sim_hpm_reboot(sim_target_t *t);   /* drop upgrade state, as a reset does */
int sim_hpm_init_timers(sim_target_t *t);

/* sim_lan.c */
int sim_lan_attach(sim_target_t *t);    /* hook the LAN channel's parameters */
void sim_lan_reset_to_dhcp(sim_target_t *t);

/* sim_health.c */
int sim_health_register(sim_target_t *t);  /* 0, or an errno */
void sim_health_flashed(sim_target_t *t);  /* an activation happened */
const char *sim_nic_mode_name(unsigned char mode);
int sim_nic_mode_parse(const char *text, unsigned char *mode);

/* sim_silence.c */
int sim_silence_attach(sim_target_t *t); /* hook the LAN channel's sends */
int sim_silence_active(sim_target_t *t);
void sim_silence_begin(sim_target_t *t, unsigned seconds, int forever,
		       const char *why);
/* The BMC reboots by itself (activation=reboot): silent for reset_silence
 * seconds from the event loop, then back on the firmware bmc.state names. */
void sim_reboot_soon(sim_target_t *t);
void sim_cold_reset_handle(lmc_data_t *mc, msg_t *msg, unsigned char *rdata,
			   unsigned int *rdata_len, void *cb_data);

/* time helpers */
void sim_now(struct timespec *ts);
void sim_add_ms(struct timespec *ts, unsigned long ms);
int sim_before(const struct timespec *a, const struct timespec *b);

#endif /* FWD_SIM_H */
