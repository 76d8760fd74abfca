/*
 * tool-locate.c: which program a tool name means (FWDISPATCH_<NAME>, then
 * PATH), and what to tell the operator when there is none.  The contract
 * is in tool-locate.h.
 */
#include "tool/tool-locate.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tool/run-command.h"

/* What the operator should install or point the variable at, and which
 * tools take a remote BMC's password only on their command line. */
static const struct {
	const char *name;
	const char *install;     /* an apt-get line, or NULL */
	const char *what;        /* "the path of ..." */
	int password_in_argv;    /* out-of-band: -p PASSWORD, no other way */
} known_tools[] = {
	{ "ipmitool", "apt-get install ipmitool", "ipmitool", 0 },
	{ "sum", NULL, "Supermicro's sum (Supermicro Update Manager)", 1 },
	{ "racadm", NULL, "Dell's racadm (iDRAC Tools)", 1 },
};

int fwd_tool_password_in_argv(const char *name)
{
	for (size_t i = 0; i < sizeof(known_tools) / sizeof(known_tools[0]); i++)
		if (!strcmp(name, known_tools[i].name))
			return known_tools[i].password_in_argv;
	return 0;
}

static void tool_hint(const char *name, const char *var, char *buf, size_t size)
{
	for (size_t i = 0; i < sizeof(known_tools) / sizeof(known_tools[0]); i++) {
		if (strcmp(name, known_tools[i].name) != 0)
			continue;
		if (known_tools[i].install)
			snprintf(buf, size, "install it (%s) or set %s to its path",
				 known_tools[i].install, var);
		else
			snprintf(buf, size, "set %s to the path of %s", var, known_tools[i].what);
		return;
	}
	snprintf(buf, size, "set %s to the path of '%s'", var, name);
}

/* NULL when path is a regular file we may execute, else why not, with
 * *code the errno value that fits (ENOENT, EISDIR, EACCES, ...). */
static const char *unusable(const char *path, int *code)
{
	struct stat st;

	*code = 0;
	if (stat(path, &st) < 0) {
		*code = errno;
		return strerror(*code);
	}
	if (S_ISDIR(st.st_mode)) {
		*code = EISDIR;
		return "it is a directory";
	}
	if (!S_ISREG(st.st_mode)) {
		*code = EACCES;
		return "not a regular file";
	}
	if (faccessat(AT_FDCWD, path, X_OK, AT_EACCESS) < 0) {
		*code = errno;
		return *code == EACCES ? "not executable" : strerror(*code);
	}
	return NULL;
}

/* Copies path to out, made absolute against the current directory. */
static int absolute(const char *path, char *out, size_t out_size, struct fwd_err *err)
{
	char cwd[PATH_MAX];
	int n;

	if (path[0] == '/') {
		n = snprintf(out, out_size, "%s", path);
	} else {
		if (!getcwd(cwd, sizeof(cwd)))
			return fwd_error_set(err, -errno,
				    "cannot find the current directory for '%s': %s", path,
				    strerror(errno));
		n = snprintf(out, out_size, "%s/%s", cwd, path);
	}
	if (n < 0 || (size_t)n >= out_size)
		return fwd_error_set(err, -ENAMETOOLONG, "path of '%s' is too long", path);
	return 0;
}

/*
 * Looks prog up in search (a PATH value).  0 with out set; 1 when not
 * found, with the first unusable candidate and why in why_path/why.
 */
static int search_path(const char *prog, const char *search, char *out, size_t out_size,
		       char *why_path, size_t why_size, const char **why)
{
	const char *p = search;

	*why = NULL;
	while (*p) {
		size_t len = strcspn(p, ":");
		char cand[PATH_MAX];
		const char *r;
		int n, code;

		/* Empty and relative entries mean the current directory: never. */
		if (len && p[0] == '/') {
			n = snprintf(cand, sizeof(cand), "%.*s/%s", (int)len, p, prog);
			if (n > 0 && (size_t)n < sizeof(cand)) {
				if (!(r = unusable(cand, &code))) {
					if ((size_t)n >= out_size)
						return -ENAMETOOLONG;
					memcpy(out, cand, (size_t)n + 1);
					return 0;
				}
				if (!*why && code != ENOENT && code != ENOTDIR) {
					snprintf(why_path, why_size, "%s", cand);
					*why = r;
				}
			}
		}
		p += len;
		if (*p == ':')
			p++;
	}
	return 1;
}

/*
 * Every Linux system has a `sum` of its own: coreutils' checksum program.
 * Run as Supermicro's tool it would fail at best, so it is never taken for
 * SUM, which is not installed into the system's bin folders.
 */
static int is_coreutils_sum(const char *path)
{
	char real[PATH_MAX];

	if (!realpath(path, real))
		return 0;
	return !strcmp(real, "/usr/bin/sum") || !strcmp(real, "/bin/sum");
}

int fwd_tool_locate(const char *name, char *out, size_t out_size, struct fwd_err *err)
{
	char var[128], hint[256], why_path[PATH_MAX];
	const char *value, *search, *why, *prog;
	size_t i, k;
	int ret, code;

	fwd_error_clear(err);
	if (!name || !name[0] || !out || !out_size)
		return fwd_error_set(err, -EINVAL, "no tool name given");

	if (strchr(name, '/')) {
		if ((why = unusable(name, &code)))
			return fwd_error_set(err, -FWD_E_TOOL_MISSING, "cannot use '%s': %s",
				    name, why);
		return absolute(name, out, out_size, err);
	}

	k = (size_t)snprintf(var, sizeof(var), "FWDISPATCH_");
	for (i = 0; name[i] && k + 1 < sizeof(var); i++)
		var[k++] = isalnum((unsigned char)name[i]) ? (char)toupper((unsigned char)name[i])
							   : '_';
	var[k] = '\0';
	tool_hint(name, var, hint, sizeof(hint));

	search = getenv("PATH");
	if (!search || !search[0])
		search = FWD_RUN_PATH;

	value = getenv(var);
	if (value && value[0] && strchr(value, '/')) {
		if ((why = unusable(value, &code)))
			return fwd_error_set(err, -FWD_E_TOOL_MISSING,
				    "cannot use '%s' from %s: %s; %s", value, var, why, hint);
		return absolute(value, out, out_size, err);
	}
	prog = value && value[0] ? value : name;
	ret = search_path(prog, search, out, out_size, why_path, sizeof(why_path), &why);
	if (ret == -ENAMETOOLONG)
		return fwd_error_set(err, ret, "path of '%s' is too long", prog);
	if (ret == 0 && strcmp(prog, "sum") == 0 && is_coreutils_sum(out))
		return fwd_error_set(err, -FWD_E_TOOL_MISSING,
			    "the 'sum' in PATH is '%s', the checksum program of GNU coreutils, "
			    "not Supermicro's Update Manager; %s", out, hint);
	if (ret == 0)
		return 0;
	if (prog == value) {
		if (why)
			return fwd_error_set(err, -FWD_E_TOOL_MISSING,
				    "cannot use '%s' (%s=%s, found in PATH %s): %s; %s", why_path,
				    var, value, search, why, hint);
		return fwd_error_set(err, -FWD_E_TOOL_MISSING,
			    "'%s' (from %s) not found in PATH (%s); %s", value, var, search,
			    hint);
	}
	if (why)
		return fwd_error_set(err, -FWD_E_TOOL_MISSING,
			    "no usable '%s' in PATH (%s): '%s': %s; %s", name, search, why_path,
			    why, hint);
	return fwd_error_set(err, -FWD_E_TOOL_MISSING, "'%s' not found in PATH (%s); %s",
		    name, search, hint);
}
