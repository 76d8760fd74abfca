/*
 * digest-thread.h: one OpenSSL digest computed on a second thread.
 *
 * The HPM.1 validator needs two digests of every byte (MD5 for the image's
 * trailer, SHA-256 for the operator); computed one after the other they
 * cost the sum of both, on a second core they cost the slower one.  The
 * bytes handed over are copied into a small ring of fixed buffers that the
 * thread drains, so memory does not depend on the image size and the caller
 * may reuse its buffer at once.
 *
 * Ownership: start() borrows the caller's EVP_MD_CTX until finish(); the
 * caller must not touch it in between.  finish() joins the thread, frees
 * everything start() allocated and hands the context back, ready for
 * EVP_DigestFinal_ex.  The thread blocks every signal: signals stay with the
 * threads that were there before.
 */
#ifndef FWD_DIGEST_THREAD_H
#define FWD_DIGEST_THREAD_H

#include <stddef.h>

#include <openssl/evp.h>

/* The ring: FWD_DIGEST_SLOTS buffers of FWD_DIGEST_SLOT_SIZE bytes. */
#define FWD_DIGEST_SLOT_SIZE (64 * 1024)
#define FWD_DIGEST_SLOTS     8

struct fwd_digest_thread;

/* Returns the running thread, or NULL (no memory, no thread): the caller
 * then updates md itself, as before. */
struct fwd_digest_thread *fwd_digest_thread_start(EVP_MD_CTX *md);

/* Hands over n bytes (copied; waits while the ring is full). */
void fwd_digest_thread_feed(struct fwd_digest_thread *t, const void *p, size_t n);

/* Digests what is left, joins and frees t (NULL is allowed: returns 0).
 * Returns 0, or -1 when an EVP_DigestUpdate failed on the thread. */
int fwd_digest_thread_finish(struct fwd_digest_thread *t);

#endif
