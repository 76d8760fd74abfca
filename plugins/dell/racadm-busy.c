/*
 * racadm-busy.c: does racadm's answer say that the iDRAC is busy with
 * other work, so the same call may succeed later, rather than that the
 * call is wrong or failed (see racadm.h)?
 *
 * The signals, by message ID (as a word) or by their registry text, from
 * public material: Dell's iDRAC message registry as iDRAC 9's Redfish
 * answers show it, and Dell's iDRAC-Redfish-Scripting examples:
 *  RAC0508  "Unable to complete the operation because the provider is not
 *           ready.", resolution "wait a few minutes ... and retry" (an
 *           iDRAC 9 answer while an import or export ran);
 *  SYS431   "... because an import or export operation is currently in
 *           progress." (the same answer's first message);
 *  RED023   "Lifecycle Controller in use. This job will start when
 *           Lifecycle Controller is available." (the Lifecycle Controller
 *           is held: the host sits in POST or in the LC's own interface);
 *  "Job for this device is already present" (an update refused because a
 *           job for the same component is queued; Dell's scripts test for
 *           this text, no message ID is shown with it).
 * Not one: RAC1032, `jobqueue delete`'s "job(s) was cancelled by the user".
 * racadm's own wording around these ("ERROR: ...") is not documented:
 * only the IDs and the registry's text are relied on.
 */
#include "racadm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "vendor-text.h"

static const char *const busy_ids[] = { "RAC0508", "SYS431", "RED023", NULL };
static const char *const busy_texts[] = {
	"provider is not ready",
	"import or export operation is currently in progress",
	"Lifecycle Controller in use",
	"job for this device is already present",
	NULL,
};

static int line_is_busy(const char *line)
{
	for (size_t i = 0; busy_ids[i]; i++)
		if (fwdp_icontains_word(line, busy_ids[i]))
			return 1;
	for (size_t i = 0; busy_texts[i]; i++)
		if (fwdp_icontains(line, busy_texts[i]))
			return 1;
	return 0;
}

/* The first busy line of text (cleaned of escapes), trimmed, into line. */
static int find_busy(const char *text, char *line, size_t size)
{
	char *clean = fwdp_text_clean(text);
	const char *p = clean;
	int found = 0;

	while (p && *p && !found) {
		size_t len = strcspn(p, "\r\n");
		char buf[512];

		snprintf(buf, sizeof(buf), "%.*s", (int)len, p);
		if (line_is_busy(buf)) {
			const char *s = buf + strspn(buf, " \t");
			size_t n = strlen(s);

			while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
				n--;
			snprintf(line, size, "%.*s", (int)n, s);
			found = 1;
		}
		p += len;
		p += strspn(p, "\r\n");
	}
	free(clean);
	return found;
}

int racadm_busy(const char *out, const char *err, char *line, size_t size)
{
	return find_busy(out ? out : "", line, size) || find_busy(err ? err : "", line, size);
}
