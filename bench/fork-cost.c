/*
 * fork-cost.c: the time of one fork, _exit and wait of a small process, the
 * median of 15 batches of 20, printed in microseconds.  bench-detect.sh sets
 * it beside the cost of a plugin: the loader runs each plugin's entry point
 * and probe in a child (core/plugin-host/isolate.c), two forks per plugin.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BATCHES 15
#define PER_BATCH 20

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(void)
{
	double batch[BATCHES];

	for (int b = 0; b < BATCHES; b++) {
		double start = now_us();

		for (int i = 0; i < PER_BATCH; i++) {
			pid_t pid = fork();

			if (pid < 0) {
				perror("fork-cost: fork");
				return 1;
			}
			if (pid == 0)
				_exit(0);
			if (waitpid(pid, NULL, 0) != pid) {
				perror("fork-cost: waitpid");
				return 1;
			}
		}
		batch[b] = (now_us() - start) / PER_BATCH;
	}
	qsort(batch, BATCHES, sizeof(batch[0]), cmp);
	printf("%.0f\n", batch[BATCHES / 2]);
	return 0;
}
