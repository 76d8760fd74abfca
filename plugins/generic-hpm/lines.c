/*
 * lines.c: the product lines and vendors generic-hpm recognises.
 *
 * Servers: names their makers give server lines (ProLiant, ThinkSystem,
 * System x, PRIMERGY...), the shapes of server board names where the same
 * vendor also makes desktops (Intel S2600WFT, Gigabyte MZ31-AR0-00,
 * Huawei RH2288H V3), and vendors that make nothing but servers.
 * Clients: desktop, laptop and tower-workstation lines, which have no
 * BMC to update.  Vendor-scoped rules apply only when the System or
 * Base Board manufacturer is that vendor.
 */
#include "generic-hpm.h"

#include "match.h"

#include <stddef.h>

enum vendor { ANY, HP, LENOVO, INTEL, GIGABYTE, HUAWEI };

#define F_PRODUCT 1u
#define F_BOARD 2u
#define F_SKU 4u
#define F_VENDOR 8u /* System or Base Board manufacturer */

enum test { WORD, CONTAINS, STARTS, STARTS_WORD, SHAPE, EQUALS };

struct rule {
	enum vendor vendor;
	unsigned fields;
	enum test test;
	const char *text;
	const char *what;
};

static const struct rule server_rules[] = {
	{ ANY, F_PRODUCT | F_BOARD, WORD, "ProLiant", "an HPE ProLiant server" },
	{ ANY, F_PRODUCT, CONTAINS, "Superdome", "an HPE Superdome server" }, /* Superdome2 */
	{ ANY, F_PRODUCT, WORD, "NetServer", "an HP NetServer" },
	{ HP, F_PRODUCT, WORD, "Apollo", "an HPE Apollo server" },
	{ HP, F_PRODUCT, WORD, "Synergy", "an HPE Synergy compute module" },
	{ HP, F_PRODUCT, WORD, "Moonshot", "an HPE Moonshot cartridge" },
	{ HP, F_PRODUCT, WORD, "Edgeline", "an HPE Edgeline server" },
	{ HP, F_PRODUCT, WORD, "Integrity", "an HPE Integrity server" },
	{ HP, F_PRODUCT, WORD, "Cloudline", "an HPE Cloudline server" },
	{ HP, F_PRODUCT, SHAPE, "AA99Gen*", "an HPE ProLiant server" },   /* ML10Gen9 */
	{ HP, F_PRODUCT, SHAPE, "AA999Gen*", "an HPE ProLiant server" },
	{ ANY, F_PRODUCT | F_BOARD | F_SKU, WORD, "ThinkSystem", "a Lenovo ThinkSystem server" },
	{ ANY, F_PRODUCT | F_SKU, WORD, "ThinkServer", "a Lenovo ThinkServer" },
	{ ANY, F_PRODUCT | F_SKU, WORD, "ThinkAgile", "a Lenovo ThinkAgile server" },
	{ LENOVO, F_PRODUCT, SHAPE, "HR999*", "a Lenovo rack server" },  /* HR630X */
	{ LENOVO, F_PRODUCT, SHAPE, "RD999*", "a Lenovo ThinkServer" },  /* RD450X */
	{ ANY, F_PRODUCT, CONTAINS, "System x", "a System x server" },
	{ ANY, F_PRODUCT, WORD, "xSeries", "an IBM xSeries server" },
	{ ANY, F_PRODUCT, WORD, "eServer", "an IBM eServer" },
	{ ANY, F_PRODUCT, WORD, "BladeCenter", "an IBM BladeCenter blade" },
	{ ANY, F_PRODUCT, WORD, "Flex System", "a Flex System compute node" },
	{ ANY, F_PRODUCT, WORD, "iDataPlex", "an IBM iDataPlex server" },
	{ ANY, F_PRODUCT, WORD, "NeXtScale", "a NeXtScale server" },
	{ ANY, F_PRODUCT, WORD, "PRIMERGY", "a Fujitsu PRIMERGY server" },
	{ ANY, F_PRODUCT, WORD, "PRIMEQUEST", "a Fujitsu PRIMEQUEST server" },
	{ ANY, F_PRODUCT, SHAPE, "UCS*", "a Cisco UCS server" },
	{ ANY, F_PRODUCT, WORD, "FusionServer", "a FusionServer" },
	{ ANY, F_PRODUCT, WORD, "TaiShan", "a Huawei TaiShan server" },
	{ ANY, F_PRODUCT, WORD, "Tecal", "a Huawei Tecal server" },
	{ HUAWEI, F_PRODUCT, SHAPE, "RH9999*", "a Huawei rack server" }, /* RH2288H V3 */
	{ HUAWEI, F_PRODUCT, SHAPE, "9999H V9*", "a Huawei rack server" }, /* 1288H V5 */
	{ HUAWEI, F_PRODUCT, SHAPE, "9999 V9*", "a Huawei rack server" },
	{ HUAWEI, F_PRODUCT, SHAPE, "CH999*", "a Huawei blade" },
	{ HUAWEI, F_BOARD, SHAPE, "BC99*", "a Huawei server board" },
	/* Intel's server boards are S, SE, W and M followed by digits; its
	 * desktop boards and NUCs are D... and NUC..., so the shape decides. */
	{ INTEL, F_BOARD, SHAPE, "S9999*", "an Intel server board" },
	{ INTEL, F_BOARD, SHAPE, "SE9999*", "an Intel server board" },
	{ INTEL, F_BOARD, SHAPE, "W9999*", "an Intel workstation board with a BMC" },
	{ INTEL, F_BOARD, SHAPE, "M99A*", "an Intel server board" },      /* M50CYP2SBSTD */
	{ INTEL, F_BOARD, STARTS, "SVRBD", "an Intel server board" },
	{ INTEL, F_BOARD, EQUALS, "WHITLEY", "an Intel server reference platform" },
	{ INTEL, F_BOARD, EQUALS, "PURLEY", "an Intel server reference platform" },
	{ INTEL, F_BOARD, EQUALS, "ArcherCity", "an Intel server reference platform" },
	{ INTEL, F_BOARD, EQUALS, "EAGLESTREAM", "an Intel server reference platform" },
	{ INTEL, F_BOARD, EQUALS, "BIRCHSTREAM", "an Intel server reference platform" },
	{ INTEL, F_BOARD, EQUALS, "Wolf Pass", "an Intel server reference platform" },
	{ INTEL, F_BOARD, EQUALS, "Wilson City", "an Intel server reference platform" },
	{ INTEL, F_BOARD, EQUALS, "Neon City", "an Intel server reference platform" },
	{ INTEL, F_BOARD, EQUALS, "Coyote Pass", "an Intel server reference platform" },
	{ INTEL, F_BOARD, EQUALS, "Buchanan Pass", "an Intel server reference platform" },
	/* Gigabyte server boards are M + three + "-" + three (MZ31-AR0-00),
	 * its servers R/G/E/H/S + three digits + "-" (R182-Z90-00); desktop
	 * boards are chipset names (B450M DS3H, Z390 AORUS PRO). */
	{ GIGABYTE, F_BOARD, SHAPE, "MA@9-@@@*", "a Gigabyte server board" },
	{ GIGABYTE, F_PRODUCT, SHAPE, "R999-@@@-*", "a Gigabyte rack server" },
	{ GIGABYTE, F_PRODUCT, SHAPE, "G999-@@@-*", "a Gigabyte GPU server" },
	{ GIGABYTE, F_PRODUCT, SHAPE, "E999-@@@-*", "a Gigabyte edge server" },
	{ GIGABYTE, F_PRODUCT, SHAPE, "H999-@@@-*", "a Gigabyte high-density server" },
	{ GIGABYTE, F_PRODUCT, SHAPE, "S999-@@@-*", "a Gigabyte storage server" },
	{ GIGABYTE, F_BOARD, STARTS, "C62", "a Gigabyte board on an Intel C62x server chipset" },
	{ GIGABYTE, F_BOARD, STARTS, "C74", "a Gigabyte board on an Intel C741 server chipset" },
	{ GIGABYTE, F_BOARD, STARTS, "GA-6", "a Gigabyte server board" }, /* GA-6LXSG */
	{ ANY, F_PRODUCT | F_BOARD, WORD, "IPMI", "a board with an IPMI BMC" },
	{ ANY, F_PRODUCT, STARTS_WORD, "Xserve", "an Apple Xserve" },
	{ ANY, F_PRODUCT, WORD, "Sun Fire", "a Sun Fire server" },
	{ ANY, F_PRODUCT, WORD, "SPARC", "a SPARC server" },
	{ ANY, F_PRODUCT, WORD, "Netra", "a Netra server" },
	{ ANY, F_PRODUCT, STARTS_WORD, "DGX", "an NVIDIA DGX server" },
	/* Made by Dell but sold under another name: a server all the same. */
	{ ANY, F_PRODUCT, STARTS_WORD, "PowerEdge", "a PowerEdge-named server" },
	{ ANY, F_PRODUCT | F_BOARD, WORD, "Server", "a server by its name" },
	{ ANY, F_PRODUCT, WORD, "Compute Node", "a compute node" },
	/* Vendors that make server boards and systems only. */
	{ ANY, F_VENDOR, STARTS, "ASRockRack", "an ASRock Rack server board" },
	{ ANY, F_VENDOR, STARTS, "ASRock Rack", "an ASRock Rack server board" },
	{ ANY, F_VENDOR, STARTS_WORD, "TYAN", "a TYAN server board" },
	{ ANY, F_VENDOR, STARTS_WORD, "Quanta", "a Quanta (QCT) server" },
	{ ANY, F_VENDOR, STARTS_WORD, "QCT", "a Quanta (QCT) server" },
	{ ANY, F_VENDOR, STARTS_WORD, "Inspur", "an Inspur server" },
	{ ANY, F_VENDOR, STARTS_WORD, "Cisco", "a Cisco server" },
	{ ANY, F_VENDOR, STARTS_WORD, "Wiwynn", "a Wiwynn server" },
	{ ANY, F_VENDOR, STARTS_WORD, "ZT Systems", "a ZT Systems server" },
	{ ANY, F_VENDOR, STARTS_WORD, "Penguin Computing", "a Penguin Computing server" },
	{ ANY, F_VENDOR, STARTS_WORD, "Hyve", "a Hyve server" },
	{ ANY, F_VENDOR, STARTS_WORD, "xFusion", "an xFusion server" },
	{ ANY, F_VENDOR, STARTS_WORD, "New H3C", "an H3C server" },
	{ ANY, F_VENDOR, STARTS_WORD, "H3C", "an H3C server" },
	{ ANY, F_VENDOR, STARTS_WORD, "Sugon", "a Sugon server" },
	{ ANY, F_VENDOR, STARTS_WORD, "Nettrix", "a Nettrix server" },
};

static const struct rule client_rules[] = {
	{ ANY, F_PRODUCT | F_SKU, WORD, "ThinkPad", "a laptop" },
	{ ANY, F_PRODUCT | F_SKU, WORD, "ThinkCentre", "a desktop" },
	{ ANY, F_PRODUCT | F_SKU, WORD, "ThinkStation", "a tower workstation" },
	{ ANY, F_PRODUCT | F_SKU, WORD, "ThinkBook", "a laptop" },
	{ ANY, F_PRODUCT | F_SKU, WORD, "IdeaPad", "a laptop" },
	{ ANY, F_PRODUCT | F_SKU, WORD, "IdeaCentre", "a desktop" },
	{ ANY, F_PRODUCT | F_SKU, WORD, "Legion", "a gaming PC" },
	{ ANY, F_PRODUCT | F_SKU, WORD, "Yoga", "a laptop" },
	{ ANY, F_PRODUCT, WORD, "EliteBook", "a laptop" },
	{ ANY, F_PRODUCT, WORD, "ProBook", "a laptop" },
	{ ANY, F_PRODUCT, WORD, "EliteDesk", "a desktop" },
	{ ANY, F_PRODUCT, WORD, "ProDesk", "a desktop" },
	{ ANY, F_PRODUCT, WORD, "EliteOne", "a desktop" },
	{ ANY, F_PRODUCT, WORD, "ZBook", "a mobile workstation" },
	{ ANY, F_PRODUCT, WORD, "Pavilion", "a desktop or laptop" },
	{ ANY, F_PRODUCT, WORD, "OMEN", "a gaming PC" },
	{ ANY, F_PRODUCT, WORD, "ENVY", "a desktop or laptop" },
	{ ANY, F_PRODUCT, WORD, "Spectre", "a laptop" },
	{ ANY, F_PRODUCT, WORD, "Chromebook", "a laptop" },
	{ ANY, F_PRODUCT, WORD, "Presario", "a desktop or laptop" },
	/* HP Z workstations, "Precision WorkStation", Sun Ultra workstations. */
	{ ANY, F_PRODUCT, WORD, "Workstation", "a tower workstation" },
	{ ANY, F_PRODUCT, WORD, "CELSIUS", "a workstation" },
	{ ANY, F_PRODUCT, WORD, "ESPRIMO", "a desktop" },
	{ ANY, F_PRODUCT, WORD, "LIFEBOOK", "a laptop" },
	{ ANY, F_PRODUCT, WORD, "FUTRO", "a thin client" },
	{ ANY, F_PRODUCT, WORD, "STYLISTIC", "a tablet" },
	{ ANY, F_PRODUCT, WORD, "AMILO", "a laptop" },
	{ ANY, F_PRODUCT, CONTAINS, "MacBook", "a laptop" },
	{ ANY, F_PRODUCT, CONTAINS, "iMac", "a desktop" },
	{ ANY, F_PRODUCT, CONTAINS, "Macmini", "a desktop" },
	{ ANY, F_PRODUCT, WORD, "Surface", "a tablet or laptop" },
	{ ANY, F_PRODUCT, WORD, "MateBook", "a laptop" },
	{ ANY, F_PRODUCT, WORD, "ZenBook", "a laptop" },
	{ ANY, F_PRODUCT, WORD, "VivoBook", "a laptop" },
	{ ANY, F_PRODUCT | F_BOARD, WORD, "ROG", "a gaming PC" },
	{ ANY, F_PRODUCT | F_BOARD, WORD, "TUF", "a gaming PC" },
	{ ANY, F_PRODUCT | F_BOARD, WORD, "GAMING", "a gaming PC" },
	{ ANY, F_PRODUCT | F_BOARD, WORD, "AORUS", "a gaming PC" },
	{ ANY, F_PRODUCT, WORD, "Aspire", "a desktop or laptop" },
	{ ANY, F_PRODUCT, WORD, "TravelMate", "a laptop" },
	{ ANY, F_PRODUCT, WORD, "Predator", "a gaming PC" },
	{ ANY, F_PRODUCT, WORD, "Nitro", "a gaming laptop" },
	{ ANY, F_PRODUCT, WORD, "Swift", "a laptop" },
	{ ANY, F_PRODUCT | F_BOARD, STARTS, "NUC", "a mini PC" },
	{ ANY, F_PRODUCT, WORD, "OptiPlex", "a desktop" },
	{ ANY, F_PRODUCT, WORD, "Latitude", "a laptop" },
	{ ANY, F_PRODUCT, WORD, "Inspiron", "a desktop or laptop" },
	{ ANY, F_PRODUCT, WORD, "Vostro", "a desktop or laptop" },
	{ ANY, F_PRODUCT, WORD, "XPS", "a desktop or laptop" },
};

/* Vendors whose machines are all clients (Apple's Xserve is a server
 * rule above, checked first). */
static const struct rule client_vendors[] = {
	{ ANY, F_VENDOR, STARTS_WORD, "Apple", "an Apple computer" },
	{ ANY, F_VENDOR, STARTS_WORD, "Acer", "an Acer computer" },
	{ ANY, F_VENDOR, STARTS_WORD, "TOSHIBA", "a Toshiba computer" },
	{ ANY, F_VENDOR, STARTS_WORD, "Dynabook", "a Dynabook laptop" },
	{ ANY, F_VENDOR, STARTS_WORD, "SAMSUNG ELECTRONICS", "a Samsung computer" },
	{ ANY, F_VENDOR, STARTS_WORD, "Sony", "a Sony computer" },
	{ ANY, F_VENDOR, STARTS_WORD, "Razer", "a Razer laptop" },
	{ ANY, F_VENDOR, STARTS_WORD, "Framework", "a Framework laptop" },
	{ ANY, F_VENDOR, STARTS_WORD, "System76", "a System76 computer" },
	{ ANY, F_VENDOR, STARTS_WORD, "TUXEDO", "a TUXEDO computer" },
	{ ANY, F_VENDOR, STARTS_WORD, "Purism", "a Purism laptop" },
	{ ANY, F_VENDOR, STARTS_WORD, "Google", "a Chromebook" },
	{ ANY, F_VENDOR, STARTS_WORD, "Microsoft", "a Microsoft Surface" },
	{ ANY, F_VENDOR, STARTS_WORD, "LG Electronics", "an LG computer" },
	{ ANY, F_VENDOR, STARTS_WORD, "Xiaomi", "a Xiaomi laptop" },
	{ ANY, F_VENDOR, STARTS_WORD, "Notebook", "a Clevo laptop" },
	{ ANY, F_VENDOR, STARTS_WORD, "CLEVO", "a Clevo laptop" },
};

static int is_vendor(const char *m, enum vendor v)
{
	switch (v) {
	case ANY:
		return 1;
	case HP:
		return fwdp_istarts_word(m, "HP") || fwdp_istarts_word(m, "HPE") ||
		       fwdp_istarts(m, "Hewlett") || fwdp_istarts_word(m, "Compaq");
	case LENOVO:
		return fwdp_istarts_word(m, "Lenovo");
	case INTEL:
		return fwdp_istarts_word(m, "Intel");
	case GIGABYTE:
		return fwdp_istarts(m, "Gigabyte") || fwdp_istarts(m, "Giga Computing");
	case HUAWEI:
		return fwdp_istarts(m, "Huawei");
	}
	return 0;
}

static int test(const char *s, enum test t, const char *text)
{
	switch (t) {
	case WORD: return fwdp_icontains_word(s, text);
	case CONTAINS: return fwdp_icontains(s, text);
	case STARTS: return fwdp_istarts(s, text);
	case STARTS_WORD: return fwdp_istarts_word(s, text);
	case SHAPE: return fwdp_shape(s, text);
	case EQUALS: return fwdp_ieq(s, text);
	}
	return 0;
}

static int match_rules(const struct fwd_identity *id, const struct rule *rules, size_t n,
		       struct ghpm_line *out)
{
	for (size_t i = 0; i < n; i++) {
		const struct rule *r = &rules[i];
		const char *fields[5];
		size_t nf = 0;

		if (r->vendor != ANY && !is_vendor(id->sys_vendor, r->vendor) &&
		    !is_vendor(id->board_vendor, r->vendor))
			continue;
		if (r->fields & F_PRODUCT)
			fields[nf++] = id->product_name;
		if (r->fields & F_BOARD)
			fields[nf++] = id->board_name;
		if (r->fields & F_SKU)
			fields[nf++] = id->product_sku;
		if (r->fields & F_VENDOR) {
			fields[nf++] = id->sys_vendor;
			fields[nf++] = id->board_vendor;
		}
		for (size_t f = 0; f < nf; f++) {
			if (fields[f] && test(fields[f], r->test, r->text)) {
				out->what = r->what;
				out->value = fields[f];
				/* "'ASRockRack' is an ASRock Rack server board"
				 * says little: name the model instead. */
				if (r->fields == F_VENDOR && (id->product_name || id->board_name))
					out->value = id->product_name ? id->product_name :
						     id->board_name;
				return 1;
			}
		}
	}
	return 0;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

int ghpm_server_line(const struct fwd_identity *id, struct ghpm_line *out)
{
	return match_rules(id, server_rules, N(server_rules), out);
}

int ghpm_client_line(const struct fwd_identity *id, struct ghpm_line *out)
{
	return match_rules(id, client_rules, N(client_rules), out);
}

int ghpm_client_vendor(const struct fwd_identity *id, struct ghpm_line *out)
{
	return match_rules(id, client_vendors, N(client_vendors), out);
}
