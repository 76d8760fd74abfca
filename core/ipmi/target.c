/*
 * target.c: the target options and the BMC password.
 */
#include "ipmi/target.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/file-kind.h"

#define PASSWORD_MAX 256

void fwd_target_init(struct fwd_target_opts *t)
{
	memset(t, 0, sizeof(*t));
	t->pub.size = sizeof(t->pub);
	t->pub.port = FWD_DEFAULT_IPMI_PORT;
	t->pub.cipher = -1;
	t->request_size = FWD_REQUEST_SIZE_AUTO;
}

static void wipe_free(char *s)
{
	if (!s)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

void fwd_target_release(struct fwd_target_opts *t)
{
	free(t->host);
	free(t->user);
	free(t->password_file);
	free(t->cacert);
	wipe_free(t->password);
	free(t->state_dir);
	fwd_target_init(t);
}

/* The first line of a file only the operator can read. */
static int read_password_file(const char *path, char **out, struct fwd_err *err)
{
	char buf[PASSWORD_MAX + 2];
	struct stat st;
	mode_t kind;
	ssize_t n;
	int fd, saved;

	/* A FIFO or a device there must not hang the run: fwd_open_regular. */
	fd = fwd_open_regular(path, O_RDONLY | O_CLOEXEC, 0, &kind);
	if (fd == -EINVAL)
		return fwd_error_set(err, -FWD_E_BAD_INPUT, "password file '%s' is %s, not a "
				     "regular file", path, fwd_file_kind(kind));
	if (fd < 0)
		return fwd_error_set(err, -FWD_E_BAD_INPUT, "cannot open password file '%s': %s",
				     path, strerror(-fd));
	if (fstat(fd, &st) < 0) {
		saved = errno;
		close(fd);
		return fwd_error_set(err, -FWD_E_BAD_INPUT, "cannot stat password file '%s': %s",
				     path, strerror(saved));
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		close(fd);
		return fwd_error_set(err, -FWD_E_REFUSED,
				     "password file '%s' is readable by group or others (mode "
				     "%04o); run 'chmod 600 %s'", path,
				     (unsigned)(st.st_mode & 07777), path);
	}
	n = read(fd, buf, sizeof(buf) - 1);
	saved = errno;
	close(fd);
	if (n < 0)
		return fwd_error_set(err, -FWD_E_BAD_INPUT, "cannot read password file '%s': %s",
				     path, strerror(saved));
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	if (strlen(buf) > PASSWORD_MAX - 2 || buf[0] == '\0') {
		/* Say which before the wipe: it leaves "" either way. */
		const char *what = buf[0] ? "has a first line too long for a password (more than "
					    "254 bytes): is it the right file?" : "is empty";

		explicit_bzero(buf, sizeof(buf));
		return fwd_error_set(err, -FWD_E_BAD_INPUT, "password file '%s' %s", path, what);
	}
	*out = strdup(buf);
	explicit_bzero(buf, sizeof(buf));
	return *out ? 0 : fwd_error_set(err, -ENOMEM, "out of memory");
}

/* host as a numeric address: IPv4 first (ipmitool's lanplus reaches an
 * IPv4 BMC that way; "localhost" is 127.0.0.1 then, not ::1), else IPv6. */
static void resolve(const char *host, char *out, size_t size)
{
	static const int families[] = { AF_INET, AF_INET6 };
	struct addrinfo hints, *res;

	out[0] = '\0';
	for (size_t i = 0; i < 2 && !out[0]; i++) {
		memset(&hints, 0, sizeof(hints));
		hints.ai_family = families[i];
		hints.ai_socktype = SOCK_DGRAM;
		if (getaddrinfo(host, NULL, &hints, &res) != 0)
			continue;
		if (getnameinfo(res->ai_addr, res->ai_addrlen, out, (socklen_t)size, NULL, 0,
				NI_NUMERICHOST) != 0)
			out[0] = '\0';
		freeaddrinfo(res);
	}
}

/* The options that belong to one protocol only, and the default port. */
static int finish_protocol(struct fwd_target_opts *t, struct fwd_err *err)
{
	if (!t->redfish) {
		t->pub.protocol = "ipmi";
		if (t->cacert || t->insecure || t->pin_cert[0])
			return fwd_error_set(err, -FWD_E_USAGE, "%s is for a Redfish target: "
					     "add --redfish", t->cacert ? "--cacert" :
					     t->insecure ? "--insecure" : "--pin-cert");
		return 0;
	}
	t->pub.protocol = "redfish";
	if (!t->port_given)
		t->pub.port = FWD_DEFAULT_REDFISH_PORT;
	if (t->pub.cipher >= 0 || t->request_size != FWD_REQUEST_SIZE_AUTO)
		return fwd_error_set(err, -FWD_E_USAGE, "%s is an IPMI option: a Redfish "
				     "target takes --cacert, --pin-cert or --insecure",
				     t->pub.cipher >= 0 ? "--cipher" : "--ipmi-request-size");
	if (!!t->cacert + t->insecure + !!t->pin_cert[0] > 1)
		return fwd_error_set(err, -FWD_E_USAGE, "--cacert, --pin-cert and --insecure "
				     "each decide how the certificate is trusted: give one");
	if (!t->user)
		return fwd_error_set(err, -FWD_E_USAGE, "a Redfish target needs --user");
	return 0;
}

int fwd_target_finish(struct fwd_target_opts *t, struct fwd_err *err)
{
	const char *env;
	int ret;

	if (!t->state_dir && !(t->state_dir = strdup(FWD_DEFAULT_STATE_DIR)))
		return fwd_error_set(err, -ENOMEM, "out of memory");
	t->pub.out_of_band = t->host != NULL;
	t->pub.host = t->host;
	t->pub.user = t->user;
	if (!t->host) {
		if (t->user || t->password_file)
			return fwd_error_set(err, -FWD_E_BAD_INPUT,
					     "%s needs --host: in-band access uses no credentials",
					     t->user ? "--user" : "--password-file");
		/* Redfish through the host interface is not there yet. */
		if (t->redfish)
			return fwd_error_set(err, -FWD_E_USAGE, "--redfish needs --host: the "
					     "BMC's Redfish service is reached over the network");
		if (t->cacert || t->insecure || t->pin_cert[0])
			return fwd_error_set(err, -FWD_E_USAGE, "%s is for a Redfish target "
					     "(--redfish --host H)", t->cacert ? "--cacert" :
					     t->insecure ? "--insecure" : "--pin-cert");
		return 0;
	}
	ret = finish_protocol(t, err);
	if (ret)
		return ret;
	resolve(t->host, t->addr, sizeof(t->addr));
	if (t->password_file) {
		ret = read_password_file(t->password_file, &t->password, err);
		if (ret)
			return ret;
	} else if ((env = getenv(t->redfish ? FWD_REDFISH_PASSWORD_ENV : "IPMI_PASSWORD")) &&
		   *env) {
		if (!(t->password = strdup(env)))
			return fwd_error_set(err, -ENOMEM, "out of memory");
	}
	t->pub.has_password = t->password != NULL;
	return 0;
}

const char *fwd_target_describe(const struct fwd_target_opts *t, char *buf, size_t size)
{
	if (!t || !t->host)
		snprintf(buf, size, "local BMC (in-band)");
	else
		snprintf(buf, size, "%s:%u%s", t->host, t->pub.port, t->host_interface ?
			 " (Redfish, host interface)" : t->redfish ? " (Redfish)" : "");
	return buf;
}

const char *fwd_target_file_name(const struct fwd_target_opts *t, char *buf, size_t size)
{
	if (!t->host) {
		snprintf(buf, size, "local");
		return buf;
	}
	snprintf(buf, size, "%s_%u", t->addr[0] ? t->addr : t->host, t->pub.port);
	for (char *p = buf; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_'))
			*p = '_';
	return buf;
}

/* " --OPTION VALUE", the value quoted for a shell. */
static int add_option(struct fwd_buf *out, const char *option, const char *value)
{
	if (fwd_buf_addf(out, " --%s ", option) < 0)
		return -ENOMEM;
	return fwd_buf_add_word(out, value);
}

int fwd_target_args(const struct fwd_target_opts *t, struct fwd_buf *out)
{
	char number[16], *real;
	int ret = 0;

	if (t->host) {
		ret |= add_option(out, "host", t->host);
		if (t->redfish && fwd_buf_add(out, " --redfish") < 0)
			ret = -ENOMEM;
		if (t->pub.port != (t->redfish ? FWD_DEFAULT_REDFISH_PORT : FWD_DEFAULT_IPMI_PORT)) {
			snprintf(number, sizeof(number), "%u", t->pub.port);
			ret |= add_option(out, "port", number);
		}
		if (t->user)
			ret |= add_option(out, "user", t->user);
		/* Absolute: the command may be run from another folder. */
		if (t->password_file) {
			real = realpath(t->password_file, NULL);
			ret |= add_option(out, "password-file", real ? real : t->password_file);
			free(real);
		}
		if (t->cacert) {
			real = realpath(t->cacert, NULL);
			ret |= add_option(out, "cacert", real ? real : t->cacert);
			free(real);
		}
		/* A pin is in the state folder by now; --insecure must be said again,
		 * or the command would verify what this run did not. */
		if (t->insecure && fwd_buf_add(out, " --insecure") < 0)
			ret = -ENOMEM;
		if (t->pub.cipher >= 0) {
			snprintf(number, sizeof(number), "%d", t->pub.cipher);
			ret |= add_option(out, "cipher", number);
		}
		if (t->request_size != FWD_REQUEST_SIZE_AUTO) {
			if (t->request_size)
				snprintf(number, sizeof(number), "%d", t->request_size);
			ret |= add_option(out, "ipmi-request-size",
					  t->request_size ? number : "default");
		}
	}
	if (t->state_dir && strcmp(t->state_dir, FWD_DEFAULT_STATE_DIR) != 0) {
		real = realpath(t->state_dir, NULL);
		ret |= add_option(out, "state-dir", real ? real : t->state_dir);
		free(real);
	}
	return ret ? -ENOMEM : 0;
}
