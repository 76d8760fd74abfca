/*
 * chassis.h: what an SMBIOS chassis type code says about the machine.
 */
#ifndef FWDP_CHASSIS_H
#define FWDP_CHASSIS_H

enum fwdp_chassis_class {
	FWDP_CHASSIS_UNKNOWN,  /* 0, Other, Unknown, Tower, Pizza Box...: says nothing */
	FWDP_CHASSIS_SERVER,   /* Main Server, Rack Mount, Blade, Multi-system... */
	FWDP_CHASSIS_DESKTOP,  /* Desktop, Mini Tower, All In One, Mini PC... */
	FWDP_CHASSIS_PORTABLE  /* Laptop, Notebook, Tablet, Convertible... */
};

enum fwdp_chassis_class fwdp_chassis_class(int code);

/* The dmidecode name of a code ("Rack Mount Chassis"), for reasons;
 * "unknown" for 0 or a code out of range. */
const char *fwdp_chassis_name(int code);

#endif
