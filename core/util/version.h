/*
 * version.h: comparing firmware versions as vendors print them ("1.72",
 * "01.72.13", "6.10.30.00", "2.8.1"), and deciding whether a BMC runs
 * the firmware a flash put there.
 *
 * A version is read part by part between dots; two parts that are both
 * decimal numbers compare as numbers ("01" is "1"), others as text
 * (ignoring ASCII case in fwd_version_same_upto).
 */
#ifndef FWD_VERSION_H
#define FWD_VERSION_H

#include <stddef.h>

/*
 * Orders two dotted versions: number by number, a missing part counting
 * as 0; a part that is not a number compares as text.  Returns <0, 0 or >0.
 * A BMC's own spelling is first brought to the dotted part that orders it
 * (fwd_version_comparable): "iLO 5 v2.72" is 2.72, Lenovo's "11A-1.02"
 * is 1.02, then its milestone 11 and build A.
 */
int fwd_version_compare_dotted(const char *a, const char *b);

/*
 * The dotted part of a version as a BMC spells it, into out (cut to fit):
 * Lenovo XCC "NNL-V" (NN the milestone, L the build letter) as
 * "V.NN.L"; words with one that is "v" and a number ("iLO 5 v2.72",
 * "P50 v1.2.3 PROD") as that number; words with one that has a dot and
 * begins with a digit ("P50 1.2.3 DEV") as that one; anything else as
 * it is.  (Formats as fwupd's Redfish plugin reads them.)
 */
void fwd_version_comparable(const char *v, char *out, size_t size);

/* How many dot-separated parts v has (0 for NULL or ""). */
size_t fwd_version_parts(const char *v);

/* Do a and b agree on their first n parts?  (NULL or "" agree with nothing.) */
int fwd_version_same_upto(const char *a, const char *b, size_t n);

/*
 * Does a BMC that reports `now` run the firmware a flash put there?
 * Each version is read as fwd_version_comparable brings it ("iLO 5 v3.0.0"
 * is 3.0.0).
 *
 * `want` is the version the image installs (NULL or "" when unknown),
 * `before` what ran before the flash (likewise).  `now` may be less
 * precise than either: IPMI's Get Device ID shows major.minor only
 * ("4.40"), a vendor tool the full version ("4.40.00.00").  Versions are
 * compared on the parts both show.
 *  - with want: NEW when now agrees with want and shows at least as many
 *    parts; NOT_NEW when it disagrees; when it agrees but shows fewer
 *    parts, NEW only if it differs from before on those parts (then the
 *    firmware did change, to a version that matches), else UNSURE;
 *  - without want: NEW when now differs from before, NOT_NEW when it
 *    agrees with it, UNSURE when before is unknown.
 */
enum fwd_version_verdict {
	FWD_VERSION_NEW,
	FWD_VERSION_NOT_NEW,
	FWD_VERSION_UNSURE
};
enum fwd_version_verdict fwd_version_runs_new(const char *want, const char *before,
					      const char *now);

#endif
