/*
 * sim_state.c: everything the module keeps in its state directory.
 *
 *   hpm.log            one line per command handled, for tests to grep:
 *                      "<event> key=value ... t=<unix seconds.ms>"
 *   payload-<c>.bin    the payload last uploaded to component c (complete)
 *   payload-<c>.part   an upload in progress or one that failed
 *   bmc.state          running and rollback firmware versions and the LAN
 *                      settings; rewritten atomically (temp, fsync, rename,
 *                      fsync of the directory) and read back at start-up, so
 *                      an activated version survives an ipmi_sim restart
 *
 * Files are created 0600.  The log is written with one write() per line and
 * no buffering, so a test sees a line as soon as the command is answered.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim.h"

int sim_state_path(const sim_target_t *t, char *out, size_t size,
		   const char *fmt, ...)
{
	char name[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(name))
		return -1;
	n = snprintf(out, size, "%s/%s", t->cfg.state_dir, name);
	return (n < 0 || (size_t)n >= size) ? -1 : 0;
}

int sim_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int sim_fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

int sim_state_open_log(sim_target_t *t)
{
	char path[PATH_MAX];
	struct stat st;

	if (stat(t->cfg.state_dir, &st) || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "hpm_target: state directory '%s' does not exist\n",
			t->cfg.state_dir);
		return -1;
	}
	if (sim_state_path(t, path, sizeof(path), "hpm.log"))
		return -1;
	t->log_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (t->log_fd < 0) {
		fprintf(stderr, "hpm_target: cannot open '%s': %s\n", path,
			strerror(errno));
		return -1;
	}
	return 0;
}

void sim_log(sim_target_t *t, const char *fmt, ...)
{
	char line[512];
	struct timespec ts;
	va_list ap;
	int n, m;

	if (t->log_fd < 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 32, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line) - 32)
		n = (int)sizeof(line) - 33;
	clock_gettime(CLOCK_REALTIME, &ts);
	m = snprintf(line + n, sizeof(line) - (size_t)n, " t=%lld.%03ld\n",
		     (long long)ts.tv_sec, ts.tv_nsec / 1000000);
	if (m > 0)
		(void)sim_write_all(t->log_fd, line, (size_t)n + (size_t)m);
}

const char *sim_version_str(const struct sim_version *v, char buf[32])
{
	snprintf(buf, 32, "%u.%02x.%02x.%02x.%02x.%02x", v->v[0] & 0x7f, v->v[1],
		 v->v[2], v->v[3], v->v[4], v->v[5]);
	return buf;
}

void sim_apply_bmc_version(sim_target_t *t)
{
	if (!t->bmc)
		return;
	ipmi_mc_set_fw_revision(t->bmc, t->current[0].v[0] & 0x7f,
				t->current[0].v[1]);
	ipmi_mc_set_aux_fw_revision(t->bmc, t->current[0].v + 2);
}

static void put_hex(FILE *f, const char *key, const unsigned char *b, size_t n)
{
	fprintf(f, "%s=", key);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%02x", i ? "." : "", b[i]);
	fputc('\n', f);
}

int sim_state_save(sim_target_t *t)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	FILE *f;
	int fd, ok;

	if (sim_state_path(t, path, sizeof(path), "bmc.state") ||
	    sim_state_path(t, tmp, sizeof(tmp), "bmc.state.tmp"))
		return -1;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		goto fail;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		goto fail;
	}
	fprintf(f, "# hpm_target state: running firmware and LAN settings\n");
	put_hex(f, "fw0", t->current[0].v, 6);
	put_hex(f, "rb0", t->rollback[0].v, 6);
	put_hex(f, "fw1", t->current[1].v, 6);
	put_hex(f, "rb1", t->rollback[1].v, 6);
	put_hex(f, "lan_ipsrc", &t->lan.ip_src, 1);
	put_hex(f, "lan_ip", t->lan.ip, 4);
	put_hex(f, "lan_mask", t->lan.mask, 4);
	put_hex(f, "lan_mac", t->lan.mac, 6);
	put_hex(f, "lan_gw", t->lan.gw, 4);
	put_hex(f, "lan_gw_mac", t->lan.gw_mac, 6);
	put_hex(f, "lan_vlan", t->lan.vlan, 2);
	put_hex(f, "lan_vlan_prio", &t->lan.vlan_prio, 1);
	put_hex(f, "nic_mode", &t->nic_mode, 1);
	ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
	if (fclose(f) != 0)
		ok = 0;
	if (!ok || rename(tmp, path) != 0)
		goto fail;
	if (sim_fsync_dir(t->cfg.state_dir))
		goto fail;
	return 0;
fail:
	sim_log(t, "error state-save path=%s errno=%d", path, errno);
	unlink(tmp);
	return -1;
}

/* Each key names a field and its size; the value is dotted hex bytes. */
static unsigned char *state_field(sim_target_t *t, const char *key, size_t *n)
{
	static const struct {
		const char *key;
		size_t off, n;
	} fields[] = {
		{ "fw0", offsetof(sim_target_t, current[0]), 6 },
		{ "rb0", offsetof(sim_target_t, rollback[0]), 6 },
		{ "fw1", offsetof(sim_target_t, current[1]), 6 },
		{ "rb1", offsetof(sim_target_t, rollback[1]), 6 },
		{ "lan_ipsrc", offsetof(sim_target_t, lan.ip_src), 1 },
		{ "lan_ip", offsetof(sim_target_t, lan.ip), 4 },
		{ "lan_mask", offsetof(sim_target_t, lan.mask), 4 },
		{ "lan_mac", offsetof(sim_target_t, lan.mac), 6 },
		{ "lan_gw", offsetof(sim_target_t, lan.gw), 4 },
		{ "lan_gw_mac", offsetof(sim_target_t, lan.gw_mac), 6 },
		{ "lan_vlan", offsetof(sim_target_t, lan.vlan), 2 },
		{ "lan_vlan_prio", offsetof(sim_target_t, lan.vlan_prio), 1 },
		{ "nic_mode", offsetof(sim_target_t, nic_mode), 1 },
	};

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (!strcmp(key, fields[i].key)) {
			*n = fields[i].n;
			return (unsigned char *)t + fields[i].off;
		}
	}
	return NULL;
}

int sim_state_load(sim_target_t *t)
{
	char path[PATH_MAX], line[256];
	sim_target_t loaded = *t;
	int lineno = 0;
	FILE *f;

	if (sim_state_path(t, path, sizeof(path), "bmc.state"))
		return -1;
	f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? 0 : -1;
	while (fgets(line, sizeof(line), f)) {
		char *eq, *nl = strchr(line, '\n');
		unsigned char *field;
		size_t n;

		lineno++;
		if (nl)
			*nl = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		eq = strchr(line, '=');
		if (!eq)
			goto corrupt;
		*eq = '\0';
		field = state_field(&loaded, line, &n);
		if (!field || sim_hex_parse(field, n, eq + 1, '.'))
			goto corrupt;
	}
	fclose(f);
	*t = loaded;
	return 0;
corrupt:
	fclose(f);
	fprintf(stderr, "hpm_target: '%s' line %d is not valid state\n", path,
		lineno);
	return -1;
}
