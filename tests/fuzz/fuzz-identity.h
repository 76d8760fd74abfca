/*
 * fuzz-identity.h: what any identity read from untrusted text must be,
 * whatever the text: each field absent or a normalised value (identity.h),
 * and the identity printable as JSON and as a board label.
 */
#ifndef FWD_FUZZ_IDENTITY_H
#define FWD_FUZZ_IDENTITY_H

#include "identity/identity.h"

/* Checks info's fields (FUZZ_CHECK) and runs its JSON and label. */
void fuzz_identity_sound(const struct fwd_identity_info *info);

#endif
