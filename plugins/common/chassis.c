/*
 * chassis.c: SMBIOS chassis types (DSP0134 7.4.1), sorted into what they
 * tell a firmware updater.
 *
 * Tower (7) stays unknown: PowerEdge T and ProLiant ML tower servers
 * report it as much as workstations do.  Pizza Box (5) too: it named
 * 1U servers as often as thin desktops.
 */
#include "chassis.h"

static const char *const names[] = {
	"unknown", "Other", "Unknown", "Desktop", "Low Profile Desktop", "Pizza Box",
	"Mini Tower", "Tower", "Portable", "Laptop", "Notebook", "Hand Held",
	"Docking Station", "All In One", "Sub Notebook", "Space-saving", "Lunch Box",
	"Main Server Chassis", "Expansion Chassis", "Sub Chassis",
	"Bus Expansion Chassis", "Peripheral Chassis", "RAID Chassis",
	"Rack Mount Chassis", "Sealed-case PC", "Multi-system", "CompactPCI",
	"AdvancedTCA", "Blade", "Blade Enclosing", "Tablet", "Convertible",
	"Detachable", "IoT Gateway", "Embedded PC", "Mini PC", "Stick PC",
};

const char *fwdp_chassis_name(int code)
{
	if (code <= 0 || code >= (int)(sizeof(names) / sizeof(names[0])))
		return "unknown";
	return names[code];
}

enum fwdp_chassis_class fwdp_chassis_class(int code)
{
	switch (code) {
	case 17: /* Main Server Chassis */
	case 19: /* Sub Chassis: blade and multi-node sleds */
	case 22: /* RAID Chassis */
	case 23: /* Rack Mount Chassis */
	case 25: /* Multi-system */
	case 26: /* CompactPCI */
	case 27: /* AdvancedTCA */
	case 28: /* Blade */
	case 29: /* Blade Enclosing */
		return FWDP_CHASSIS_SERVER;
	case 3:  /* Desktop */
	case 4:  /* Low Profile Desktop */
	case 6:  /* Mini Tower */
	case 13: /* All In One */
	case 15: /* Space-saving */
	case 16: /* Lunch Box */
	case 24: /* Sealed-case PC */
	case 33: /* IoT Gateway */
	case 34: /* Embedded PC */
	case 35: /* Mini PC */
	case 36: /* Stick PC */
		return FWDP_CHASSIS_DESKTOP;
	case 8:  /* Portable */
	case 9:  /* Laptop */
	case 10: /* Notebook */
	case 11: /* Hand Held */
	case 12: /* Docking Station */
	case 14: /* Sub Notebook */
	case 30: /* Tablet */
	case 31: /* Convertible */
	case 32: /* Detachable */
		return FWDP_CHASSIS_PORTABLE;
	default:
		return FWDP_CHASSIS_UNKNOWN;
	}
}
