/*
 * board.c: what the supermicro plugin knows of particular boards.
 */
#include "supermicro.h"

#include <stddef.h>
#include <stdio.h>

#include "match.h"

/*
 * Boards whose sum rejects --preserve_setting on UpdateBios (SUM's own
 * notes; ../shared/docs/vendor-tools.md).  Matched against the board and
 * product names, from SMBIOS or, without it, from the FRU.
 */
static const char *const no_preserve_boards[] = {
	"X12STH-SYS",
};

const char *sm_board_name(const struct fwd_identity *id)
{
	if (!id)
		return NULL;
	if (id->board_name)
		return id->board_name;
	if (id->fru_board_name)
		return id->fru_board_name;
	return id->product_name ? id->product_name : id->fru_product_name;
}

const char *sm_board_label(const struct fwd_identity *id, char *buf, size_t size)
{
	const char *name = sm_board_name(id);

	/* As people know it: "Supermicro X11SSH-F" (plugins cannot call the
	 * host's fwd_identity_board_label(); every board here is Supermicro's). */
	if (name)
		snprintf(buf, size, "Supermicro %s", name);
	else if (id && id->bmc_known)
		snprintf(buf, size, "this board (BMC product ID 0x%04x)",
			 (unsigned)id->bmc_product_id);
	else
		snprintf(buf, size, "this board");
	return buf;
}

const char *sm_board_rejects_preserve(const struct fwd_identity *id)
{
	const char *names[4];

	if (!id)
		return NULL;
	names[0] = id->board_name;
	names[1] = id->product_name;
	names[2] = id->fru_board_name;
	names[3] = id->fru_product_name;
	for (size_t i = 0; i < sizeof(no_preserve_boards) / sizeof(no_preserve_boards[0]); i++)
		for (size_t k = 0; k < 4; k++)
			if (fwdp_ieq(names[k], no_preserve_boards[i]))
				return no_preserve_boards[i];
	return NULL;
}
