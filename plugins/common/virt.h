/*
 * virt.h: is the identity a virtual machine's?  A VM has no firmware of
 * its own to update, whatever strings its hypervisor made up.
 */
#ifndef FWDP_VIRT_H
#define FWDP_VIRT_H

#include <fwdispatch/fwd_plugin.h>

/* The hypervisor or cloud ("QEMU", "VMware", "Hyper-V", "Amazon EC2"...),
 * or NULL when nothing says VM.  Static string. */
const char *fwdp_virtual_machine(const struct fwd_identity *id);

#endif
