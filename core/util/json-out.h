/*
 * json-out.h: the JSON documents fwdispatch prints.
 *
 * Every --json command prints exactly one document on stdout, an object
 * with "schema": "fwdispatch/1" first, and "error": {"code", "message",
 * "exit_code"} when it failed.
 */
#ifndef FWD_JSON_OUT_H
#define FWD_JSON_OUT_H

#include <jansson.h>

#define FWD_JSON_SCHEMA "fwdispatch/1"

/* A new document holding only the schema key. */
json_t *fwd_json_doc_new(void);

/* Sets doc.error from an error code and message. */
void fwd_json_set_error(json_t *doc, int code, const char *message);

/* Prints doc with a trailing newline on stdout.  Returns 0 or -1. */
int fwd_json_print(const json_t *doc);

/* The string at obj.key, or NULL when absent or not a string (borrowed). */
const char *fwd_json_str(const json_t *obj, const char *key);
/* The same, or fallback when the key is missing or no string: for output
 * from state files that may have been cut short or tampered with. */
const char *fwd_json_str_or(const json_t *obj, const char *key, const char *fallback);

/* json_string() that never fails on text that is not UTF-8 (tool output). */
json_t *fwd_json_text(const char *s);

#endif
