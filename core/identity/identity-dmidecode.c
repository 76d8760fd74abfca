/*
 * identity-dmidecode.c: the identity from a dmidecode text dump, for
 * when fwdispatch runs away from the server (`dmidecode > FILE` there,
 * `fwdispatch detect --dmi-file FILE` here).
 *
 * dmidecode's layout changed over the years, so records are recognised
 * by what every version prints:
 *   3.x:  "Handle 0x0001, DMI type 1, 27 bytes" / "System Information" /
 *         "\tManufacturer: Dell Inc."; a blank line after each record.
 *   2.x:  "Handle 0x0001" / "\tDMI type 1, 25 bytes." / "\tSystem
 *         Information" / "\t\tManufacturer: ..."; no blank lines.
 *   1.x:  as 2.x with "System Information Block", "Vendor:", "Product:".
 *   -q:   no Handle lines: the title starts the record.
 * Keys are read at the indentation of the record's first key line only,
 * so nested lists (Characteristics, Features) are never mistaken for
 * fields.
 */
#include "identity/identity.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* A line: pointer and length, never NUL-terminated. */
struct span {
	const char *p;
	size_t n;
};

static int span_starts(struct span s, const char *prefix)
{
	size_t n = strlen(prefix);

	return s.n >= n && strncasecmp(s.p, prefix, n) == 0;
}

static int span_eq(struct span s, const char *word)
{
	return s.n == strlen(word) && strncasecmp(s.p, word, s.n) == 0;
}

static const char *span_find(struct span s, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; n <= s.n && i <= s.n - n; i++)
		if (memcmp(s.p + i, needle, n) == 0)
			return s.p + i;
	return NULL;
}

/* The record titles dmidecode prints, old and new, for the types read. */
static const struct {
	const char *title;
	int type;
} titles[] = {
	{ "BIOS Information", 0 },
	{ "System Information", 1 },
	{ "Base Board Information", 2 },
	{ "Chassis Information", 3 },
	{ "BIOS Information Block", 0 },   /* dmidecode 1.x */
	{ "System Information Block", 1 },
	{ "Board Information Block", 2 },
	{ "Chassis Information Block", 3 },
};

static int title_type(struct span s)
{
	for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++)
		if (span_eq(s, titles[i].title))
			return titles[i].type;
	return -1;
}

/* Which field a key of a record type sets; NULL when not read. */
static const struct {
	int type;
	const char *key;
	const char *field;
} keys[] = {
	{ 0, "Vendor", "bios_vendor" },
	{ 0, "Version", "bios_version" },
	{ 0, "Release Date", "bios_date" },
	{ 0, "Release", "bios_date" },            /* dmidecode 1.x */
	{ 1, "Manufacturer", "sys_vendor" },
	{ 1, "Vendor", "sys_vendor" },            /* dmidecode 1.x */
	{ 1, "Product Name", "product_name" },
	{ 1, "Product", "product_name" },         /* dmidecode 1.x */
	{ 1, "SKU Number", "product_sku" },
	{ 2, "Manufacturer", "board_vendor" },
	{ 2, "Vendor", "board_vendor" },          /* dmidecode 1.x */
	{ 2, "Product Name", "board_name" },
	{ 2, "Product", "board_name" },           /* dmidecode 1.x */
	{ 3, "Type", "chassis_type" },
	{ 3, "Chassis Type", "chassis_type" },    /* dmidecode 1.x */
};

static const char *key_field(int type, struct span key)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (keys[i].type == type && span_eq(key, keys[i].key))
			return keys[i].field;
	return NULL;
}

struct parser {
	struct fwd_identity_info *info;
	int in_record;      /* between a record's start and the blank line after it */
	int type;           /* its DMI type, -1 while unknown */
	int titled;         /* its title line was seen */
	int use;            /* its fields are read: the first record of its type */
	size_t key_indent;  /* indentation of its first key line */
	int have_key_indent;
	unsigned done;      /* bit t: a record of type t was read */
	int found_record;   /* any "DMI type" line or known title */
	int oom;
};

static void set_type(struct parser *ps, int type)
{
	ps->type = type;
	ps->use = 0;
	if (type >= 0)
		ps->found_record = 1;
	if (type >= 0 && type <= 3 && !(ps->done & (1u << type))) {
		ps->done |= 1u << type;
		ps->use = 1;
	}
}

static void start_record(struct parser *ps, int type)
{
	ps->in_record = 1;
	ps->titled = 0;
	ps->have_key_indent = 0;
	set_type(ps, type);
}

/* The number after "DMI type " in line, -1 when absent. */
static int dmi_type_in(struct span line)
{
	const char *at = span_find(line, "DMI type ");
	int n = 0, digits = 0;

	if (!at)
		return -1;
	for (at += 9; at < line.p + line.n && *at >= '0' && *at <= '9' && digits < 4; at++) {
		n = n * 10 + (*at - '0');
		digits++;
	}
	return digits ? n : -1;
}

static void read_key(struct parser *ps, struct span rest, size_t indent)
{
	const char *colon = memchr(rest.p, ':', rest.n);
	struct span key;
	const char *field;
	char value[FWD_ID_VALUE_MAX * 4 + 1];
	size_t vlen;
	const char *v;

	if (!colon)
		return;
	if (!ps->have_key_indent) {
		ps->key_indent = indent;
		ps->have_key_indent = 1;
	} else if (indent != ps->key_indent) {
		return;
	}
	key.p = rest.p;
	key.n = (size_t)(colon - rest.p);
	while (key.n && (key.p[key.n - 1] == ' ' || key.p[key.n - 1] == '\t'))
		key.n--;
	field = key_field(ps->type, key);
	if (!field)
		return;
	v = colon + 1;
	vlen = (size_t)(rest.p + rest.n - v);
	/* Skip the leading spaces first, so that the cut below keeps text. */
	while (vlen && (*v == ' ' || *v == '\t'))
		v++, vlen--;
	if (vlen > sizeof(value) - 1)
		vlen = sizeof(value) - 1;
	memcpy(value, v, vlen);
	value[vlen] = '\0';
	/* A NUL inside a line would cut the value short; the file check
	 * before parsing refuses those. */
	if (fwd_identity_set(ps->info, field, value) == -ENOMEM)
		ps->oom = 1;
}

static void parse_line(struct parser *ps, struct span line)
{
	size_t indent = 0;
	struct span rest;
	int t;

	if (line.n && line.p[line.n - 1] == '\r')
		line.n--;
	while (indent < line.n && (line.p[indent] == ' ' || line.p[indent] == '\t'))
		indent++;
	rest.p = line.p + indent;
	rest.n = line.n - indent;
	while (rest.n && (rest.p[rest.n - 1] == ' ' || rest.p[rest.n - 1] == '\t'))
		rest.n--;

	if (rest.n == 0) {
		ps->in_record = 0;
		ps->use = 0;
		return;
	}
	if (span_starts(rest, "Handle 0x")) {
		start_record(ps, dmi_type_in(rest));
		return;
	}
	if (span_starts(rest, "DMI type ")) {
		/* 2.x: the type follows on its own line. */
		if (ps->in_record && ps->type < 0)
			set_type(ps, dmi_type_in(rest));
		return;
	}
	if (indent == 0) {
		/* A title, a header line, or in -q output a record's start. */
		t = title_type(rest);
		if (!ps->in_record) {
			start_record(ps, t);
			ps->titled = 1;
		} else if (!ps->titled) {
			if (ps->type < 0 && t >= 0)
				set_type(ps, t);
			ps->titled = 1;
		}
		return;
	}
	if (ps->in_record && ps->use)
		read_key(ps, rest, indent);
}

/*
 * The text ends without a newline: dmidecode never writes that, so the
 * file was cut.  That matters when the cut falls inside a record being
 * read (its last value may be half there) or at a record's first line;
 * a cut further on (memory, slots...) leaves the identity whole.
 */
static int cut_in_record(const struct parser *ps, struct span rest)
{
	static const char handle[] = "Handle";
	size_t n;

	if (ps->in_record && ps->use)
		return 1;
	while (rest.n && (*rest.p == ' ' || *rest.p == '\t'))
		rest.p++, rest.n--;
	n = rest.n < sizeof(handle) - 1 ? rest.n : sizeof(handle) - 1;
	return n && strncasecmp(rest.p, handle, n) == 0;
}

static const char *display(const char *name)
{
	return name ? name : "input";
}

/* Is it text?  0, or -FWD_E_BAD_INPUT with err set. */
static int check_text(const char *text, size_t len, const char *name, struct fwd_err *err)
{
	size_t controls = 0;
	int blank = 1;

	if (len >= 2 && (((unsigned char)text[0] == 0xff && (unsigned char)text[1] == 0xfe) ||
			 ((unsigned char)text[0] == 0xfe && (unsigned char)text[1] == 0xff))) {
		fwd_error_set(err, 0, "'%s' is UTF-16 text: save it as UTF-8 or plain text, "
			 "or run 'dmidecode > FILE' on the server", display(name));
		return -FWD_E_BAD_INPUT;
	}
	if ((len >= 4 && memcmp(text, "_SM_", 4) == 0) ||
	    (len >= 5 && memcmp(text, "_SM3_", 5) == 0) ||
	    (len >= 5 && memcmp(text, "_DMI_", 5) == 0)) {
		fwd_error_set(err, 0, "'%s' is a binary SMBIOS dump ('dmidecode --dump-bin'), "
			 "not text: decode it with 'dmidecode --from-dump FILE > TEXT' and pass "
			 "TEXT", display(name));
		return -FWD_E_BAD_INPUT;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == '\0') {
			controls = len;
			break;
		}
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' &&
		     c != '\v') || c == 0x7f)
			controls++;
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			blank = 0;
	}
	if (len == 0 || blank) {
		fwd_error_set(err, 0, "'%s' is empty: expected the output of "
			 "'dmidecode > FILE' run on the server", display(name));
		return -FWD_E_BAD_INPUT;
	}
	/* dmidecode prints only text; a few stray bytes are tolerated. */
	if (controls > len / 100) {
		fwd_error_set(err, 0, "'%s' is binary data, not a dmidecode dump: run "
			 "'dmidecode > FILE' on the server", display(name));
		return -FWD_E_BAD_INPUT;
	}
	return 0;
}

static int parse(struct fwd_identity_info *info, const char *text, size_t len,
		 const char *name, struct fwd_err *err)
{
	struct fwd_identity_info tmp;
	struct parser ps = { 0 };
	struct span all = { text, len };
	const char *p = text, *end = text + len;
	int ret;

	ret = check_text(text, len, name, err);
	if (ret)
		return ret;
	/* A UTF-8 byte order mark, as some editors add. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		p += 3;

	fwd_identity_init(&tmp);
	ps.info = &tmp;
	ps.type = -1;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct span line;

		/* No newline: the file was cut, possibly inside a value. */
		if (!nl)
			break;
		line.p = p;
		line.n = (size_t)(nl - p);
		parse_line(&ps, line);
		p = nl + 1;
	}
	if (p < end && cut_in_record(&ps, (struct span){ p, (size_t)(end - p) })) {
		fwd_identity_release(&tmp);
		fwd_error_set(err, 0, "'%s' is cut short inside a BIOS, system, base board or "
			 "chassis record: copy the whole output of 'dmidecode > FILE' again",
			 display(name));
		return -FWD_E_BAD_INPUT;
	}

	if (ps.oom) {
		fwd_identity_release(&tmp);
		fwd_error_set(err, 0, "out of memory");
		return -FWD_E_INTERNAL;
	}
	if (!ps.found_record) {
		fwd_identity_release(&tmp);
		if (span_find(all, "No SMBIOS nor DMI entry point found")) {
			/* A real answer: the machine has no DMI tables. */
			fwd_identity_release(info);
			info->id.source = "dmidecode";
			return 0;
		}
		if (span_find(all, "Permission denied"))
			fwd_error_set(err, 0, "'%s' holds no DMI records: dmidecode could not "
				 "read the tables ('Permission denied'); run 'sudo dmidecode > FILE' "
				 "on the server", display(name));
		else
			fwd_error_set(err, 0, "'%s' is not a dmidecode dump: no 'DMI type' record "
				 "found; run 'dmidecode > FILE' on the server", display(name));
		return -FWD_E_BAD_INPUT;
	}
	if (!(ps.done & 0xf)) {
		fwd_identity_release(&tmp);
		fwd_error_set(err, 0, "'%s' has no BIOS, system, base board or chassis record: "
			 "run 'dmidecode > FILE' without '-t'", display(name));
		return -FWD_E_BAD_INPUT;
	}
	/* Only now is the caller's identity replaced: a failure changes nothing. */
	fwd_identity_release(info);
	*info = tmp;
	info->id.source = "dmidecode";
	return 0;
}

int fwd_identity_parse_dmidecode(struct fwd_identity_info *info, const char *text,
				 size_t len, struct fwd_err *err)
{
	return fwd_error_code(err, parse(info, text ? text : "", text ? len : 0, NULL, err));
}

/* Reads at most FWD_DMI_FILE_MAX bytes of fd into *out (malloc'd). */
static int slurp(int fd, const char *name, char **out, size_t *out_len, struct fwd_err *err)
{
	size_t cap = 64 * 1024, len = 0;
	char *buf = malloc(cap), *bigger;
	ssize_t n;

	if (!buf)
		goto oom;
	for (;;) {
		if (len == cap) {
			if (cap > FWD_DMI_FILE_MAX) {
				free(buf);
				fwd_error_set(err, 0, "'%s' is larger than %u MiB: not a dmidecode "
					 "dump (those are well under 1 MiB)", name,
					 FWD_DMI_FILE_MAX >> 20);
				return -FWD_E_BAD_INPUT;
			}
			/* Up to one byte past the limit, to tell "at" from "over". */
			cap = cap * 2 > FWD_DMI_FILE_MAX ? FWD_DMI_FILE_MAX + 1 : cap * 2;
			bigger = realloc(buf, cap);
			if (!bigger)
				goto oom;
			buf = bigger;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			free(buf);
			fwd_error_set(err, 0, "cannot read '%s': %s", name, strerror(e));
			return -FWD_E_BAD_INPUT;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > FWD_DMI_FILE_MAX) {
		free(buf);
		fwd_error_set(err, 0, "'%s' is larger than %u MiB: not a dmidecode dump "
			 "(those are well under 1 MiB)", name, FWD_DMI_FILE_MAX >> 20);
		return -FWD_E_BAD_INPUT;
	}
	*out = buf;
	*out_len = len;
	return 0;
oom:
	free(buf);
	fwd_error_set(err, 0, "out of memory");
	return -FWD_E_INTERNAL;
}

static int read_dmidecode(struct fwd_identity_info *info, const char *path,
			  struct fwd_err *err)
{
	const char *name = path;
	struct stat st;
	char *text = NULL;
	size_t len = 0;
	int fd, ret;

	if (!path || !*path) {
		fwd_error_set(err, 0, "no dmidecode file given");
		return -FWD_E_BAD_INPUT;
	}
	if (strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
		name = "standard input";
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
		if (fd < 0) {
			fwd_error_set(err, 0, "cannot open '%s': %s", path, strerror(errno));
			return -FWD_E_BAD_INPUT;
		}
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		fwd_error_set(err, 0, "'%s' is a folder: expected the file written by "
			 "'dmidecode > FILE'", name);
		ret = -FWD_E_BAD_INPUT;
	} else {
		ret = slurp(fd, name, &text, &len, err);
	}
	if (fd != STDIN_FILENO)
		close(fd);
	if (ret)
		return ret;
	ret = parse(info, text, len, name, err);
	free(text);
	return ret;
}

int fwd_identity_read_dmidecode(struct fwd_identity_info *info, const char *path,
				struct fwd_err *err)
{
	return fwd_error_code(err, read_dmidecode(info, path, err));
}
