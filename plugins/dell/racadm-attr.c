/*
 * racadm-attr.c: one attribute of `racadm get GROUP.ATTR`, and what may be
 * handed back to `racadm set` (see racadm.h).
 *
 * racadm get prints the object's key, then the attribute as name=value:
 *     [Key=iDRAC.Embedded.1#NIC.1]
 *     Selection=Dedicated
 * (public transcripts of `racadm get iDRAC.NIC.Selection`; `racadm help`
 * lists the values: Dedicated, LOM1..., and for Failover None, LOM1...,
 * All).  An attribute with a change pending may show it after the value,
 * " (Pending Value=...)": the value before it is the one in force.
 */
#include "racadm.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

int racadm_get_value(const char *text, const char *object, char *buf, size_t size)
{
	const char *dot = strrchr(object, '.');
	const char *attr = dot ? dot + 1 : object;
	char value[256], *paren;

	if (!*attr || !racadm_key_value(text, attr, value, sizeof(value)))
		return 0;
	paren = strstr(value, " (");
	if (paren)
		*paren = '\0';
	if (!value[0])
		return 0;
	snprintf(buf, size, "%s", value);
	return 1;
}

int racadm_value_word(const char *value)
{
	size_t n = value ? strlen(value) : 0;

	if (n == 0 || n > 31 || !isalnum((unsigned char)value[0]))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)value[i]) && !strchr(".-_", value[i]))
			return 0;
	return 1;
}
