/*
 * identity.c: the identity structure, its normalisation and its JSON.
 *
 * The readers (identity-sysfs.c, identity-dmidecode.c, identity-bmc.c)
 * all store values through fwd_identity_set(), so every field is
 * normalised the same way whatever its source.
 */
#include "identity/identity.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/ctx.h"

/* Field names (the sysfs file names) and where each lives in the id. */
static const struct {
	const char *name;
	size_t offset;
} text_fields[FWD_ID_N_TEXT] = {
	[FWD_ID_BOARD_VENDOR] = { "board_vendor", offsetof(struct fwd_identity, board_vendor) },
	[FWD_ID_BOARD_NAME] = { "board_name", offsetof(struct fwd_identity, board_name) },
	[FWD_ID_SYS_VENDOR] = { "sys_vendor", offsetof(struct fwd_identity, sys_vendor) },
	[FWD_ID_PRODUCT_NAME] = { "product_name", offsetof(struct fwd_identity, product_name) },
	[FWD_ID_PRODUCT_SKU] = { "product_sku", offsetof(struct fwd_identity, product_sku) },
	[FWD_ID_BIOS_VENDOR] = { "bios_vendor", offsetof(struct fwd_identity, bios_vendor) },
	[FWD_ID_BIOS_VERSION] = { "bios_version", offsetof(struct fwd_identity, bios_version) },
	[FWD_ID_BIOS_DATE] = { "bios_date", offsetof(struct fwd_identity, bios_date) },
	[FWD_ID_BMC_FIRMWARE] = { "bmc_firmware", offsetof(struct fwd_identity, bmc_firmware) },
	[FWD_ID_FRU_BOARD_VENDOR] = { "fru_board_vendor",
				      offsetof(struct fwd_identity, fru_board_vendor) },
	[FWD_ID_FRU_BOARD_NAME] = { "fru_board_name",
				    offsetof(struct fwd_identity, fru_board_name) },
	[FWD_ID_FRU_PRODUCT_NAME] = { "fru_product_name",
				      offsetof(struct fwd_identity, fru_product_name) },
	[FWD_ID_SERVICE_VENDOR] = { "service_vendor",
				    offsetof(struct fwd_identity, service_vendor) },
	[FWD_ID_SERVICE_PRODUCT] = { "service_product",
				     offsetof(struct fwd_identity, service_product) },
	[FWD_ID_MANAGER_MODEL] = { "manager_model",
				   offsetof(struct fwd_identity, manager_model) },
};

/*
 * Strings firmware leaves in a field it was never given.  Each one was
 * seen in real dumps (most in tests/data/servers.tsv, from linuxhw/DMI);
 * comparison ignores case, so "To be filled by O.E.M." matches too.
 */
static const char *const placeholders[] = {
	"To Be Filled By O.E.M.",    /* AMI Aptio default, every field */
	"To Be Filled By O.E.M",
	"To Be Filled By OEM",
	"Default string",            /* AMI, newer boards (Gigabyte, Inspur, Intel) */
	"Not Specified",             /* dmidecode's word for string index 0 */
	"Not Applicable",
	"Not Available",
	"System Product Name",       /* ASUS desktop boards */
	"System manufacturer",       /* ASUS desktop boards */
	"System Version",
	"SKU Number",                /* Intel server boards (S1200SP, S2600WFT) */
	"System SKU Number",         /* Intel S3420GPV */
	"Reserved for System Vendor",/* Lenovo board name */
	"O.E.M.",
	"OEM",
	"None",
	"(none)",                    /* Lenovo System x SKU */
	"(null)",                    /* HPE ML10 Gen9 SKU */
	"N/A",
	"NA",
	"empty",                     /* TYAN */
	"INVALID",                   /* Lenovo HR630X SKU */
	"Unknown",
	"0123456789",
	"1234567890",                /* Supermicro H8/X8 SKU, IBM x3200 M2 SKU */
	"01234567890123456789AB",    /* Gigabyte server boards' SKU */
	"XxXxXxX",                   /* IBM System x SKU */
	"<BAD INDEX>",               /* dmidecode: string index out of range */
	"<OUT OF SPEC>",
};

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* AMI's template names: "Type1ProductConfigId", "Type1Sku0",
 * "Type1Family", "Type2 - Board Product Name1": "Type" and a digit. */
static int is_ami_template(const char *s)
{
	return strncasecmp(s, "type", 4) == 0 && s[4] >= '0' && s[4] <= '9';
}

/* Only dots and spaces: Intel S5000 boards' ".........." SKU. */
static int is_only_dots(const char *s)
{
	int dots = 0;

	for (; *s; s++) {
		if (*s == '.')
			dots++;
		else if (*s != ' ')
			return 0;
	}
	return dots > 0;
}

static int is_placeholder(const char *s)
{
	for (size_t i = 0; i < sizeof(placeholders) / sizeof(placeholders[0]); i++)
		if (strcasecmp(s, placeholders[i]) == 0)
			return 1;
	return is_ami_template(s) || is_only_dots(s);
}

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned min;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0)
		len = 2, min = 0x80, cp = s[0] & 0x1f;
	else if ((s[0] & 0xf0) == 0xe0)
		len = 3, min = 0x800, cp = s[0] & 0x0f;
	else if ((s[0] & 0xf8) == 0xf0)
		len = 4, min = 0x10000, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

const char *fwd_identity_normalise(const char *value, char *buf, size_t size)
{
	const unsigned char *start, *end;
	size_t cap, out = 0;

	if (!value || !buf || size == 0)
		return NULL;
	buf[0] = '\0';
	start = (const unsigned char *)value;
	while (*start && is_space(*start))
		start++;
	end = start + strlen((const char *)start);
	while (end > start && is_space(end[-1]))
		end--;
	if (end == start)
		return NULL;

	cap = size - 1 < FWD_ID_VALUE_MAX ? size - 1 : FWD_ID_VALUE_MAX;
	for (const unsigned char *p = start; p < end;) {
		size_t len;

		/* A control character is not part of any name; it would also
		 * reach terminals and logs, so the whole value is dropped. */
		if (*p < 0x20 || *p == 0x7f) {
			buf[0] = '\0';
			return NULL;
		}
		len = utf8_len(p, (size_t)(end - p));
		if (out + (len ? len : 1) > cap)
			break;
		if (len) {
			memcpy(buf + out, p, len);
			out += len;
			p += len;
		} else {
			buf[out++] = '?';
			p++;
		}
	}
	/* Cutting may leave trailing spaces. */
	while (out > 0 && buf[out - 1] == ' ')
		out--;
	buf[out] = '\0';
	if (out == 0 || is_placeholder(buf)) {
		buf[0] = '\0';
		return NULL;
	}
	return buf;
}

/* SMBIOS 3.x chassis types, as dmidecode names them (codes 1-36). */
static const char *const chassis_names[] = {
	NULL, "Other", "Unknown", "Desktop", "Low Profile Desktop", "Pizza Box",
	"Mini Tower", "Tower", "Portable", "Laptop", "Notebook", "Hand Held",
	"Docking Station", "All In One", "Sub Notebook", "Space-saving", "Lunch Box",
	"Main Server Chassis", "Expansion Chassis", "Sub Chassis",
	"Bus Expansion Chassis", "Peripheral Chassis", "RAID Chassis",
	"Rack Mount Chassis", "Sealed-case PC", "Multi-system", "CompactPCI",
	"AdvancedTCA", "Blade", "Blade Enclosing", "Tablet", "Convertible",
	"Detachable", "IoT Gateway", "Embedded PC", "Mini PC", "Stick PC",
};
#define N_CHASSIS ((int)(sizeof(chassis_names) / sizeof(chassis_names[0])))

const char *fwd_chassis_type_name(int code)
{
	return code > 0 && code < N_CHASSIS ? chassis_names[code] : NULL;
}

int fwd_chassis_type_from_name(const char *name)
{
	char buf[64];
	const char *v = fwd_identity_normalise(name, buf, sizeof(buf));
	char *end;
	long n;

	if (!v)
		return 0;
	if (*v >= '0' && *v <= '9') {
		errno = 0;
		n = strtol(v, &end, 10);
		if (errno || *end)
			return 0;
		/* Bit 7 is the chassis lock, not part of the type. */
		n &= 0x7f;
		return n > 0 && n < N_CHASSIS ? (int)n : 0;
	}
	for (int i = 1; i < N_CHASSIS; i++)
		if (strcasecmp(v, chassis_names[i]) == 0)
			return i;
	/* Older dmidecode spellings. */
	if (strcasecmp(v, "Main System Chassis") == 0)
		return 17;
	if (strcasecmp(v, "Multi-System Chassis") == 0)
		return 25;
	return 0;
}

void fwd_identity_init(struct fwd_identity_info *info)
{
	memset(info, 0, sizeof(*info));
	info->id.size = sizeof(info->id);
	info->id.source = "none";
}

void fwd_identity_release(struct fwd_identity_info *info)
{
	for (int i = 0; i < FWD_ID_N_TEXT; i++)
		free(info->owned[i]);
	fwd_identity_init(info);
}

static const char **field_slot(struct fwd_identity *id, int field)
{
	return (const char **)((char *)id + text_fields[field].offset);
}

int fwd_identity_set(struct fwd_identity_info *info, const char *field, const char *value)
{
	char buf[FWD_ID_VALUE_MAX + 1];
	const char *v;
	char *copy = NULL;
	int f;

	if (!field)
		return -EINVAL;
	if (strcmp(field, "chassis_type") == 0) {
		info->id.chassis_type = fwd_chassis_type_from_name(value);
		return 0;
	}
	for (f = 0; f < FWD_ID_N_TEXT; f++)
		if (strcmp(field, text_fields[f].name) == 0)
			break;
	if (f == FWD_ID_N_TEXT)
		return -EINVAL;

	v = fwd_identity_normalise(value, buf, sizeof(buf));
	if (v && !(copy = strdup(v)))
		return -ENOMEM;
	free(info->owned[f]);
	info->owned[f] = copy;
	*field_slot(&info->id, f) = copy;
	return 0;
}

int fwd_identity_is_empty(const struct fwd_identity *id)
{
	if (!id)
		return 1;
	for (int f = 0; f <= FWD_ID_BIOS_DATE; f++)
		if (*(const char *const *)((const char *)id + text_fields[f].offset))
			return 0;
	return id->chassis_type == 0 && !id->bmc_known && !id->fru_board_vendor &&
	       !id->fru_board_name && !id->fru_product_name && !id->service_vendor &&
	       !id->service_product;
}

/*
 * Dell writes the base board's part number where its name goes ("0H28RR",
 * "0000000" on an OptiPlex): nobody knows a server by it, while the system
 * name (PowerEdge R640) is what its firmware is published for.
 */
static int is_part_number(const char *name)
{
	size_t len = strlen(name);

	if (name[0] != '0' || len < 6 || len > 7)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!(name[i] >= '0' && name[i] <= '9') && !(name[i] >= 'A' && name[i] <= 'Z'))
			return 0;
	return 1;
}

/* vendor and model, or model alone when it already starts with the vendor. */
static const char *label(const char *vendor, const char *model, char *buf, size_t size)
{
	size_t vlen = vendor ? strlen(vendor) : 0;

	if (!vendor || (strncasecmp(model, vendor, vlen) == 0 && model[vlen] == ' '))
		snprintf(buf, size, "%s", model);
	else
		snprintf(buf, size, "%s %s", vendor, model);
	return buf;
}

/* The model name people know from one source's vendor, board and system names. */
static const char *label_from(const char *vendor, const char *board, const char *sys_vendor,
			      const char *product, char *buf, size_t size)
{
	if (board && !is_part_number(board))
		return label(vendor ? vendor : sys_vendor, board, buf, size);
	if (product)
		return label(sys_vendor ? sys_vendor : vendor, product, buf, size);
	return NULL;
}

const char *fwd_identity_board_label(const struct fwd_identity *id, char *buf, size_t size)
{
	const char *name;

	if (size)
		buf[0] = '\0';
	if (!id || !size)
		return NULL;
	/* SMBIOS first (in-band, or --dmi-file); out-of-band the BMC's FRU. */
	name = label_from(id->board_vendor, id->board_name, id->sys_vendor, id->product_name,
			  buf, size);
	if (!name)
		name = label_from(id->fru_board_vendor, id->fru_board_name, id->fru_board_vendor,
				  id->fru_product_name, buf, size);
	return name;
}

static json_t *str_or_null(const char *s)
{
	json_t *j;

	if (!s)
		return json_null();
	/* Normalised values are valid UTF-8; this guards hand-made ids. */
	j = json_string(s);
	return j ? j : json_null();
}

static json_t *bmc_to_json(const struct fwd_identity *id)
{
	json_t *bmc;

	if (!id->bmc_known && !id->fru_board_vendor && !id->fru_board_name &&
	    !id->fru_product_name)
		return json_null();
	bmc = json_object();
	if (!bmc)
		return NULL;
	json_object_set_new(bmc, "manufacturer_id", id->bmc_known ?
			    json_integer(id->bmc_manufacturer_id) : json_null());
	json_object_set_new(bmc, "product_id", id->bmc_known ?
			    json_integer(id->bmc_product_id) : json_null());
	json_object_set_new(bmc, "device_id", id->bmc_known ?
			    json_integer(id->bmc_device_id) : json_null());
	json_object_set_new(bmc, "firmware", str_or_null(id->bmc_firmware));
	json_object_set_new(bmc, "fru_board_vendor", str_or_null(id->fru_board_vendor));
	json_object_set_new(bmc, "fru_board_name", str_or_null(id->fru_board_name));
	json_object_set_new(bmc, "fru_product_name", str_or_null(id->fru_product_name));
	return bmc;
}

json_t *fwd_identity_to_json(const struct fwd_identity *id)
{
	json_t *obj = json_object(), *bmc;

	if (!obj || !id)
		return obj;
	json_object_set_new(obj, "source", str_or_null(id->source));
	for (int f = 0; f <= FWD_ID_BIOS_DATE; f++)
		json_object_set_new(obj, text_fields[f].name,
			str_or_null(*(const char *const *)((const char *)id +
							   text_fields[f].offset)));
	json_object_set_new(obj, "chassis_type",
			    id->chassis_type ? json_integer(id->chassis_type) : json_null());
	bmc = bmc_to_json(id);
	if (!bmc) {
		json_decref(obj);
		return NULL;
	}
	json_object_set_new(obj, "bmc", bmc);
	/* What a Redfish service says of itself: only for a Redfish target. */
	if (id->service_vendor || id->service_product || id->manager_model)
		json_object_set_new(obj, "redfish", json_pack("{s:o, s:o, s:o}",
			"service_vendor", str_or_null(id->service_vendor),
			"service_product", str_or_null(id->service_product),
			"manager_model", str_or_null(id->manager_model)));
	return obj;
}

const char *fwd_identity_board_label_json(const json_t *identity, char *buf, size_t size)
{
	const json_t *bmc = json_object_get(identity, "bmc");
	struct fwd_identity_info info;
	const char *name;

	fwd_identity_init(&info);
	for (int f = 0; f < FWD_ID_N_TEXT; f++) {
		const json_t *v = json_object_get(identity, text_fields[f].name);

		if (!json_is_string(v))
			v = json_object_get(bmc, text_fields[f].name);
		if (json_is_string(v))
			fwd_identity_set(&info, text_fields[f].name, json_string_value(v));
	}
	name = fwd_identity_board_label(&info.id, buf, size);
	fwd_identity_release(&info);
	return name ? buf : NULL;
}

int fwd_identity_read(struct fwd_ctx *ctx, const char *dmi_file, const char *sysfs_root,
		      struct fwd_identity_info *info)
{
	fwd_identity_init(info);
	if (dmi_file && sysfs_root)
		return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT,
					 "--dmi-file and --sysfs-root exclude each other");
	if (dmi_file)
		return fwd_identity_read_dmidecode(info, dmi_file, &ctx->err);
	return fwd_identity_read_sysfs(info, sysfs_root, &ctx->err);
}
