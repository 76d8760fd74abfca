/*
 * sized.c: a plugin's sized structs, read and written at the boundary.
 */
#include "plugin-host/sized.h"

#include <string.h>

size_t fwd_sized_size(const void *theirs)
{
	size_t size = 0;

	if (theirs)
		memcpy(&size, theirs, sizeof(size));
	return size;
}

int fwd_sized_read(void *ours, size_t host_size, const void *theirs, size_t min)
{
	size_t size = fwd_sized_size(theirs);

	memset(ours, 0, host_size);
	memcpy(ours, &host_size, sizeof(host_size));
	if (!theirs || size < min)
		return -1;
	/* The size member itself is ours; the rest as far as both go. */
	memcpy((char *)ours + sizeof(size_t), (const char *)theirs + sizeof(size_t),
	       (size < host_size ? size : host_size) - sizeof(size_t));
	return 0;
}

void fwd_sized_write(void *theirs, const void *ours, size_t host_size)
{
	size_t size = fwd_sized_size(theirs);
	size_t n = size < host_size ? size : host_size;

	if (n > sizeof(size_t))
		memcpy((char *)theirs + sizeof(size_t), (const char *)ours + sizeof(size_t),
		       n - sizeof(size_t));
}
