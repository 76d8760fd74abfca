/*
 * edit-distance.h: how far a mistyped name is from a known one, for the
 * "did you mean" of an unknown option or config key.
 */
#ifndef FWD_EDIT_DISTANCE_H
#define FWD_EDIT_DISTANCE_H

#include <stddef.h>

/* How many single-character edits turn a[0..la) into the string b
 * (Levenshtein); 99 for names longer than 62 characters, which no
 * option or key has. */
size_t fwd_edit_distance(const char *a, size_t la, const char *b);

#endif
