/*
 * inventory.h: the inventory document (cmd-inventory.c) in the operator's
 * and Prometheus' forms (inventory-out.c).
 */
#ifndef FWD_CLI_INVENTORY_H
#define FWD_CLI_INVENTORY_H

#include <jansson.h>
#include <stdio.h>

#include "util/buf.h"

/* The text exposition format of doc into out: fwdispatch_* gauges, one
 * sample a target and component.  0 or -ENOMEM. */
int fwd_inventory_prometheus(const json_t *doc, struct fwd_buf *out);

/* One line a target, for a terminal. */
void fwd_inventory_print(const json_t *doc, FILE *f);

#endif
