/*
 * jget: reads one JSON document and prints a value from it, so the shell
 * tests need no jq or python.
 *
 *   jget [-f FILE] PATH     PATH is dot-separated keys and array indexes,
 *                           e.g. plugins.0.name; "." is the whole document
 *   jget [-f FILE] -l PATH  the length of an array or object
 *   jget [-f FILE] -k PATH  the keys of an object, one per line, sorted
 *   jget [-f FILE] -c       only check that the input is exactly one document
 *
 * Strings print raw, anything else as compact JSON.  Exit 0 when found,
 * 1 when the path does not exist, 2 for invalid JSON or bad usage.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *walk(json_t *j, const char *path)
{
	char *copy, *tok, *save = NULL;

	if (strcmp(path, ".") == 0)
		return j;
	copy = strdup(path);
	for (tok = strtok_r(copy, ".", &save); j && tok; tok = strtok_r(NULL, ".", &save)) {
		char *end;
		long idx = strtol(tok, &end, 10);

		if (json_is_array(j) && *end == '\0' && end != tok)
			j = json_array_get(j, (size_t)idx);
		else if (json_is_object(j))
			j = json_object_get(j, tok);
		else
			j = NULL;
	}
	free(copy);
	return j;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void print_keys(json_t *obj)
{
	size_t n = json_object_size(obj), i = 0;
	const char **names = calloc(n ? n : 1, sizeof(*names));
	const char *key;
	json_t *value;

	if (!names)
		exit(2);
	json_object_foreach(obj, key, value)
		names[i++] = key;
	qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++)
		printf("%s\n", names[i]);
	free(names);
}

int main(int argc, char **argv)
{
	const char *file = NULL, *path = NULL;
	int len = 0, keys = 0, check = 0;
	json_error_t e;
	json_t *doc, *v;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-f") && i + 1 < argc)
			file = argv[++i];
		else if (!strcmp(argv[i], "-l"))
			len = 1;
		else if (!strcmp(argv[i], "-k"))
			keys = 1;
		else if (!strcmp(argv[i], "-c"))
			check = 1;
		else
			path = argv[i];
	}
	if (!path && !check) {
		fprintf(stderr, "usage: jget [-f FILE] [-l | -k] PATH | jget [-f FILE] -c\n");
		return 2;
	}
	doc = file ? json_load_file(file, 0, &e) : json_loadf(stdin, 0, &e);
	if (!doc) {
		fprintf(stderr, "jget: invalid JSON at line %d: %s\n", e.line, e.text);
		return 2;
	}
	if (check) {
		json_decref(doc);
		return 0;
	}
	v = walk(doc, path);
	if (!v) {
		json_decref(doc);
		return 1;
	}
	if (keys && !json_is_object(v)) {
		json_decref(doc);
		return 1;
	}
	if (keys)
		print_keys(v);
	else if (len)
		printf("%zu\n", json_is_array(v) ? json_array_size(v) : json_object_size(v));
	else if (json_is_string(v))
		printf("%s\n", json_string_value(v));
	else {
		char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

		printf("%s\n", s);
		free(s);
	}
	json_decref(doc);
	return 0;
}
