/*
 * sized.h: reading and writing a plugin's sized structs (fwd_plugin.h:
 * every struct crossing the boundary starts with its size as the plugin
 * was built to know it).
 *
 * The host never touches a plugin-owned sized struct but through these,
 * at the boundary (host-api.c, plugins.c): a struct coming in is copied
 * into the host's own layout, with what an older plugin does not have
 * left zero (every member's default is zero); a struct going out is
 * written back no further than the plugin's size.  Everything behind the
 * boundary works on host-sized structs only.
 */
#ifndef FWD_SIZED_H
#define FWD_SIZED_H

#include <stddef.h>

/*
 * Copies theirs (a struct whose first member is its size_t size) into
 * ours (host_size bytes): the bytes both have, zeros after, and ours'
 * size set to host_size.  Returns 0, or -1 when theirs is NULL or
 * smaller than min (ours is then all zeros but its size).
 */
int fwd_sized_read(void *ours, size_t host_size, const void *theirs, size_t min);

/*
 * Copies ours (host_size bytes, size first) into theirs, no further than
 * theirs' own size, which stays as it was.
 */
void fwd_sized_write(void *theirs, const void *ours, size_t host_size);

/* The size a sized struct says it has (0 for NULL). */
size_t fwd_sized_size(const void *theirs);

#endif
