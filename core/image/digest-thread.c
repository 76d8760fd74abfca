/*
 * digest-thread.c: one OpenSSL digest on a second thread (digest-thread.h).
 *
 * A single producer and a single consumer share a ring of slots under one
 * mutex: the producer fills the slot at `head` and publishes it when full
 * (or at finish); the consumer digests published slots in order, outside
 * the lock, and frees them.  Only full slots cross, so a caller feeding a
 * few bytes at a time costs one lock per 64 KiB, not one per call.
 */
#include "image/digest-thread.h"

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct fwd_digest_thread {
	EVP_MD_CTX *md;               /* borrowed; only the thread updates it */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t filled;        /* a slot was published, or done */
	pthread_cond_t drained;       /* a slot was freed */
	size_t published;             /* slots handed to the thread, ever */
	size_t digested;              /* slots the thread has finished, ever */
	bool done;                    /* no more slots will come */
	bool failed;                  /* an EVP_DigestUpdate failed */
	size_t fill;                  /* bytes in the producer's slot */
	size_t len[FWD_DIGEST_SLOTS];
	uint8_t *slot[FWD_DIGEST_SLOTS];
	uint8_t *ring;                /* one allocation for all the slots */
};

static void *run(void *arg)
{
	struct fwd_digest_thread *t = arg;
	bool failed = false;

	pthread_mutex_lock(&t->lock);
	for (;;) {
		size_t i;

		while (t->digested == t->published && !t->done)
			pthread_cond_wait(&t->filled, &t->lock);
		if (t->digested == t->published)
			break;
		i = t->digested % FWD_DIGEST_SLOTS;
		pthread_mutex_unlock(&t->lock);
		if (EVP_DigestUpdate(t->md, t->slot[i], t->len[i]) != 1)
			failed = true;
		pthread_mutex_lock(&t->lock);
		t->digested++;
		pthread_cond_signal(&t->drained);
	}
	t->failed = failed;
	pthread_mutex_unlock(&t->lock);
	return NULL;
}

struct fwd_digest_thread *fwd_digest_thread_start(EVP_MD_CTX *md)
{
	struct fwd_digest_thread *t = calloc(1, sizeof(*t));
	sigset_t all, old;
	int rc;

	if (!t)
		return NULL;
	t->ring = malloc((size_t)FWD_DIGEST_SLOTS * FWD_DIGEST_SLOT_SIZE);
	if (!t->ring) {
		free(t);
		return NULL;
	}
	for (size_t i = 0; i < FWD_DIGEST_SLOTS; i++)
		t->slot[i] = t->ring + i * FWD_DIGEST_SLOT_SIZE;
	t->md = md;
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->filled, NULL);
	pthread_cond_init(&t->drained, NULL);
	/* The new thread inherits this mask: a signal meant for the run (a stop
	 * request, SIGCHLD) must never be delivered to it. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&t->thread, NULL, run, t);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		pthread_cond_destroy(&t->drained);
		pthread_cond_destroy(&t->filled);
		pthread_mutex_destroy(&t->lock);
		free(t->ring);
		free(t);
		return NULL;
	}
	return t;
}

/* Hands the producer's slot to the thread; waits for a free one. */
static void publish(struct fwd_digest_thread *t)
{
	pthread_mutex_lock(&t->lock);
	t->len[t->published % FWD_DIGEST_SLOTS] = t->fill;
	t->published++;
	pthread_cond_signal(&t->filled);
	while (t->published - t->digested == FWD_DIGEST_SLOTS)
		pthread_cond_wait(&t->drained, &t->lock);
	pthread_mutex_unlock(&t->lock);
	t->fill = 0;
}

void fwd_digest_thread_feed(struct fwd_digest_thread *t, const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n > 0) {
		/* The slot at `published` is the producer's: publish() only
		 * returns once it is not the thread's any more. */
		uint8_t *s = t->slot[t->published % FWD_DIGEST_SLOTS];
		size_t take = FWD_DIGEST_SLOT_SIZE - t->fill;

		take = take < n ? take : n;
		memcpy(s + t->fill, b, take);
		t->fill += take;
		b += take;
		n -= take;
		if (t->fill == FWD_DIGEST_SLOT_SIZE)
			publish(t);
	}
}

int fwd_digest_thread_finish(struct fwd_digest_thread *t)
{
	int rc;

	if (!t)
		return 0;
	pthread_mutex_lock(&t->lock);
	if (t->fill) {
		t->len[t->published % FWD_DIGEST_SLOTS] = t->fill;
		t->published++;
	}
	t->done = true;
	pthread_cond_signal(&t->filled);
	pthread_mutex_unlock(&t->lock);
	pthread_join(t->thread, NULL);
	rc = t->failed ? -1 : 0;
	pthread_cond_destroy(&t->drained);
	pthread_cond_destroy(&t->filled);
	pthread_mutex_destroy(&t->lock);
	free(t->ring);
	free(t);
	return rc;
}
