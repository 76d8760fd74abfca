/*
 * hints-json.c: see hints-json.h.
 */
#include "hints-json.h"

#include <errno.h>

/* A JSON array of the NULL-terminated strings, or NULL when out of memory. */
static struct fwd_json *string_array(const struct fwd_host_api *host, const char *const *list,
				     size_t max)
{
	struct fwd_json *arr = host->json_array();

	if (!arr)
		return NULL;
	for (size_t i = 0; i < max && list[i]; i++) {
		if (host->json_array_append_new(arr, host->json_string(list[i])) != 0) {
			host->json_release(arr);
			return NULL;
		}
	}
	return arr;
}

int fwdp_hint_add(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		  struct fwd_json *hints, const struct fwdp_hint *hint)
{
	struct fwd_json *obj = host->json_object();
	struct fwd_json *steps = string_array(host, hint->steps, FWDP_HINT_MAX_STEPS);
	struct fwd_json *applies = string_array(host, hint->applies, 3);
	int bad = !obj || !steps || !applies;

	if (bad) {
		host->json_release(obj);
		host->json_release(steps);
		host->json_release(applies);
	} else {
		/* The setters steal the values, also when they fail. */
		bad |= host->json_object_set_new(obj, "id", host->json_string(hint->id)) != 0;
		bad |= host->json_object_set_new(obj, "title", host->json_string(hint->title)) != 0;
		bad |= host->json_object_set_new(obj, "when", host->json_string(hint->when)) != 0;
		bad |= host->json_object_set_new(obj, "steps", steps) != 0;
		bad |= host->json_object_set_new(obj, "applies", applies) != 0;
		if (bad)
			host->json_release(obj);
		else
			bad = host->json_array_append_new(hints, obj) != 0;
	}
	if (bad)
		return host->set_error(ctx, -ENOMEM, "out of memory while building the "
				       "recovery hint '%s'", hint->id);
	return 0;
}
