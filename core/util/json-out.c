/*
 * json-out.c: printing the one JSON document of a --json command.
 */
#include "util/json-out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"

json_t *fwd_json_doc_new(void)
{
	return json_pack("{s:s}", "schema", FWD_JSON_SCHEMA);
}

void fwd_json_set_error(json_t *doc, int code, const char *message)
{
	json_object_set_new(doc, "error",
			    json_pack("{s:s, s:o, s:i}", "code", fwd_error_name(code),
				      "message", fwd_json_text(message ? message : fwd_strerror(code)),
				      "exit_code", fwd_exit_code(code)));
}

int fwd_json_print(const json_t *doc)
{
	if (json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0)
		return -1;
	return fputc('\n', stdout) == EOF ? -1 : 0;
}

json_t *fwd_json_text(const char *s)
{
	json_t *j;
	char *copy;

	if (!s)
		return json_null();
	j = json_string(s);
	if (j)
		return j;
	/* Replace every byte outside printable ASCII rather than lose the text. */
	copy = strdup(s);
	if (!copy)
		return json_null();
	for (char *p = copy; *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	j = json_string(copy);
	free(copy);
	return j ? j : json_null();
}

const char *fwd_json_str(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

const char *fwd_json_str_or(const json_t *obj, const char *key, const char *fallback)
{
	const char *s = fwd_json_str(obj, key);

	return s ? s : fallback;
}
