/*
 * virt.c: the SMBIOS strings hypervisors and clouds fill in.  Each entry
 * is what that product writes by default (QEMU's "Standard PC (Q35 +
 * ICH9, 2009)", Hyper-V's "Microsoft Corporation" / "Virtual Machine",
 * Xen HVM's "HVM domU", ...).  Short words are matched whole so that a
 * real product containing them is not taken for a VM.
 */
#include "virt.h"

#include "match.h"

#include <stddef.h>

enum where { SYS_VENDOR, PRODUCT, BOARD_VENDOR, BOARD_NAME, BIOS_VENDOR };
enum how { EQUALS, STARTS, CONTAINS, WORD };

static const struct {
	enum where where;
	enum how how;
	const char *text;
	const char *name;
} signs[] = {
	{ SYS_VENDOR, WORD, "QEMU", "QEMU" },
	{ PRODUCT, STARTS, "Standard PC (", "QEMU" },
	{ BIOS_VENDOR, CONTAINS, "OVMF", "QEMU" },
	{ PRODUCT, EQUALS, "KVM", "KVM" },
	{ PRODUCT, WORD, "RHEV Hypervisor", "KVM" },
	{ PRODUCT, WORD, "oVirt Node", "KVM" },
	{ PRODUCT, STARTS, "OpenStack", "OpenStack" },
	{ SYS_VENDOR, STARTS, "OpenStack", "OpenStack" },
	{ SYS_VENDOR, WORD, "Bochs", "Bochs" },
	{ PRODUCT, WORD, "Bochs", "Bochs" },
	{ SYS_VENDOR, STARTS, "VMware", "VMware" },
	{ PRODUCT, STARTS, "VMware", "VMware" },
	{ SYS_VENDOR, STARTS, "innotek", "VirtualBox" },
	{ PRODUCT, WORD, "VirtualBox", "VirtualBox" },
	{ BOARD_NAME, WORD, "VirtualBox", "VirtualBox" },
	{ SYS_VENDOR, EQUALS, "Xen", "Xen" },
	{ PRODUCT, WORD, "HVM domU", "Xen" },
	{ BIOS_VENDOR, EQUALS, "Xen", "Xen" },
	{ PRODUCT, EQUALS, "Virtual Machine", "Hyper-V" },
	{ BOARD_NAME, EQUALS, "Virtual Machine", "Hyper-V" },
	{ SYS_VENDOR, STARTS, "Parallels", "Parallels" },
	{ PRODUCT, STARTS, "Parallels", "Parallels" },
	{ SYS_VENDOR, EQUALS, "Amazon EC2", "Amazon EC2" },
	{ BIOS_VENDOR, EQUALS, "Amazon EC2", "Amazon EC2" },
	{ PRODUCT, EQUALS, "Google Compute Engine", "Google Compute Engine" },
	{ PRODUCT, STARTS, "Alibaba Cloud ECS", "Alibaba Cloud" },
	{ SYS_VENDOR, STARTS, "DigitalOcean", "DigitalOcean" },
	{ PRODUCT, EQUALS, "Droplet", "DigitalOcean" },
	{ PRODUCT, EQUALS, "vServer", "Hetzner vServer" },
	{ PRODUCT, EQUALS, "AHV", "Nutanix AHV" },
	{ SYS_VENDOR, EQUALS, "BHYVE", "bhyve" },
	{ PRODUCT, EQUALS, "BHYVE", "bhyve" },
	{ SYS_VENDOR, WORD, "Cloud Hypervisor", "Cloud Hypervisor" },
};

static const char *field(const struct fwd_identity *id, enum where w)
{
	switch (w) {
	case SYS_VENDOR: return id->sys_vendor;
	case PRODUCT: return id->product_name;
	case BOARD_VENDOR: return id->board_vendor;
	case BOARD_NAME: return id->board_name;
	case BIOS_VENDOR: return id->bios_vendor;
	}
	return NULL;
}

static int test(const char *s, enum how how, const char *text)
{
	switch (how) {
	case EQUALS: return fwdp_ieq(s, text);
	case STARTS: return fwdp_istarts(s, text);
	case CONTAINS: return fwdp_icontains(s, text);
	case WORD: return fwdp_icontains_word(s, text);
	}
	return 0;
}

const char *fwdp_virtual_machine(const struct fwd_identity *id)
{
	for (size_t i = 0; i < sizeof(signs) / sizeof(signs[0]); i++) {
		if (test(field(id, signs[i].where), signs[i].how, signs[i].text))
			return signs[i].name;
	}
	return NULL;
}
