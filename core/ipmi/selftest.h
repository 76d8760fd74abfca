/*
 * selftest.h: the BMC's own self-test (IPMI Get Self Test Results,
 * `ipmitool mc selftest`), read before a flash.
 *
 * A BMC that fails its own self-test is not one to flash from afar
 * without a person deciding: the preflight refuses it unless the
 * operator says otherwise (update/update-checks.c).
 */
#ifndef FWD_SELFTEST_H
#define FWD_SELFTEST_H

#include <stddef.h>

#include "util/ctx.h"

enum fwd_selftest_result {
	FWD_SELFTEST_PASSED = 0,   /* 55h */
	FWD_SELFTEST_NOT_IMPLEMENTED, /* 56h: the BMC has none */
	FWD_SELFTEST_FAILED,       /* 57h (a device corrupted or inaccessible), 58h
	                              (fatal hardware error), or another answer */
	FWD_SELFTEST_UNKNOWN       /* no answer ipmitool could show */
};

/*
 * Reads ipmitool's `mc selftest` text: the "Selftest" line's value, and
 * for a failure the lines after it (what failed), joined with "; " into
 * detail (always terminated, "" when nothing).  Text without a "Selftest"
 * line is FWD_SELFTEST_UNKNOWN.
 */
enum fwd_selftest_result fwd_selftest_parse(const char *text, char *detail, size_t size);

/* Runs `ipmitool mc selftest` on ctx's target and parses it; a tool that
 * cannot run, or no answer, is FWD_SELFTEST_UNKNOWN with detail saying why
 * (and ctx's error cleared: the caller decides what unknown means). */
enum fwd_selftest_result fwd_selftest_read(struct fwd_ctx *ctx, char *detail, size_t size);

#endif
