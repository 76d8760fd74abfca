/*
 * udp-delay-relay.c: a UDP relay on 127.0.0.1 that makes a loopback BMC look
 * far away.  bench-upload.sh puts it between ipmitool (or fwdispatch) and
 * the simulator to time an HPM.1 upload at 10 and 50 ms of round trip.
 *
 *   udp-delay-relay [--ready-file F] [--idle S] LISTEN-PORT TARGET-PORT RTT-MS
 *
 * Every datagram from a client to 127.0.0.1:LISTEN-PORT goes on to
 * 127.0.0.1:TARGET-PORT RTT/2 ms later, and every answer back to that client
 * RTT/2 ms after it came: a request and its answer cost one RTT more than
 * without the relay.  LISTEN-PORT 0 picks a free port.  Once bound, the
 * relay prints "port N" on stdout, and with --ready-file writes N into F
 * (complete when it appears: written beside it, then renamed).
 *
 * Each client address (each ipmitool process has its own source port) gets
 * its own upstream socket, so answers go back to the client that asked; a
 * client silent for --idle seconds (default 30) is forgotten, and when the
 * table is full the longest silent one makes room (most likely an ipmitool
 * process that has exited).  The delay is
 * the same for every datagram, so a FIFO queue is in due-time order: no
 * reordering beyond what the delay implies.  One thread: ppoll(2) sleeps
 * until a socket is readable or the queue's head is due (CLOCK_MONOTONIC,
 * to the nanosecond rather than poll's milliseconds, which would add up to
 * 1 ms per hop).  SIGTERM or SIGINT stops it; it then prints what it
 * forwarded and dropped on stderr.  Everything it owns (sockets, the queue)
 * lives in this file's statics and dies with the process.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* A fwdispatch run starts dozens of ipmitool processes, each a client. */
#define MAX_CLIENTS 256
#define MAX_DGRAM 65536
/* A queue this long means nobody reads the far end: drop, as a link would. */
#define MAX_QUEUED 4096

struct client {
	int used;
	struct sockaddr_in addr;	/* the client's address on the listen socket */
	int fd;				/* its own socket, connected to the target */
	long long last_ns;		/* last datagram either way */
	int pending;			/* queued datagrams that name this slot */
};

/* One delayed datagram; to_target says which way it goes. */
struct item {
	struct item *next;
	long long due_ns;
	int slot;
	int to_target;
	size_t len;
	unsigned char data[];
};

static struct client clients[MAX_CLIENTS];
static struct item *head, *tail;
static int queued;
static long long half_ns, idle_ns;
static unsigned long n_up, n_down, n_dropped;
static volatile sig_atomic_t stop;

static void on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void usage(void)
{
	fprintf(stderr, "usage: udp-delay-relay [--ready-file F] [--idle S] "
		"LISTEN-PORT TARGET-PORT RTT-MS\n");
	exit(2);
}

/* A decimal number within [lo, hi], or the usage message. */
static long number(const char *s, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		usage();
	return v;
}

static struct sockaddr_in loopback(int port)
{
	struct sockaddr_in a;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons(port);
	return a;
}

/* The slot of this client address, a new one (with its upstream socket)
 * if unknown: a free slot, else the longest silent client's with nothing
 * queued.  -1 if there is none or the socket cannot be made. */
static int client_slot(const struct sockaddr_in *from, const struct sockaddr_in *target)
{
	int i, free_slot = -1, oldest = -1, fd;

	for (i = 0; i < MAX_CLIENTS; i++) {
		if (clients[i].used && clients[i].addr.sin_port == from->sin_port &&
		    clients[i].addr.sin_addr.s_addr == from->sin_addr.s_addr)
			return i;
		if (!clients[i].used && free_slot < 0)
			free_slot = i;
		if (clients[i].used && !clients[i].pending &&
		    (oldest < 0 || clients[i].last_ns < clients[oldest].last_ns))
			oldest = i;
	}
	if (free_slot < 0 && oldest >= 0) {
		close(clients[oldest].fd);
		clients[oldest].used = 0;
		free_slot = oldest;
	}
	if (free_slot < 0)
		return -1;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	/* connect: the kernel then passes only the target's answers to it. */
	if (fd < 0 || connect(fd, (const struct sockaddr *)target, sizeof(*target)) < 0) {
		perror("udp-delay-relay: upstream socket");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	clients[free_slot] = (struct client){ .used = 1, .addr = *from, .fd = fd };
	return free_slot;
}

/* Queues LEN bytes to leave half an RTT from now. */
static void enqueue(int slot, int to_target, const unsigned char *data, size_t len)
{
	struct item *it;

	if (queued >= MAX_QUEUED || !(it = malloc(sizeof(*it) + len))) {
		n_dropped++;
		return;
	}
	it->next = NULL;
	it->due_ns = now_ns() + half_ns;
	it->slot = slot;
	it->to_target = to_target;
	it->len = len;
	memcpy(it->data, data, len);
	if (tail)
		tail->next = it;
	else
		head = it;
	tail = it;
	queued++;
	clients[slot].pending++;
	clients[slot].last_ns = now_ns();
}

/* Sends every datagram that is due.  A send that fails (the target not
 * listening yet, the client gone) is a datagram lost, as on a network. */
static void send_due(int listen_fd)
{
	long long t = now_ns();
	struct item *it;
	struct client *c;
	ssize_t r;

	while ((it = head) && it->due_ns <= t) {
		c = &clients[it->slot];
		if (it->to_target)
			r = send(c->fd, it->data, it->len, 0);
		else
			r = sendto(listen_fd, it->data, it->len, 0,
				   (const struct sockaddr *)&c->addr, sizeof(c->addr));
		if (r < 0)
			n_dropped++;
		else if (it->to_target)
			n_up++;
		else
			n_down++;
		head = it->next;
		if (!head)
			tail = NULL;
		queued--;
		c->pending--;
		free(it);
	}
}

/* Forgets the clients idle for idle_ns with nothing of theirs queued. */
static void expire_clients(void)
{
	long long t = now_ns();
	int i;

	for (i = 0; i < MAX_CLIENTS; i++)
		if (clients[i].used && !clients[i].pending && t - clients[i].last_ns > idle_ns) {
			close(clients[i].fd);
			clients[i].used = 0;
		}
}

static int write_ready_file(const char *path, int port)
{
	char tmp[4096];
	FILE *f;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return -1;
	f = fopen(tmp, "w");
	if (!f)
		return -1;
	fprintf(f, "%d\n", port);
	if (fclose(f) != 0 || rename(tmp, path) != 0)
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	static unsigned char buf[MAX_DGRAM];
	const char *ready_file = NULL;
	struct sockaddr_in addr, target, from;
	struct pollfd pfd[MAX_CLIENTS + 1];
	int slot_of[MAX_CLIENTS + 1];
	socklen_t alen = sizeof(addr);
	struct sigaction sa;
	sigset_t block, unblocked;
	long rtt_ms, idle_s = 30;
	int lfd, i, n, slot;
	ssize_t len;

	for (i = 1; i < argc && !strncmp(argv[i], "--", 2); i += 2) {
		if (i + 1 >= argc)
			usage();
		if (!strcmp(argv[i], "--ready-file"))
			ready_file = argv[i + 1];
		else if (!strcmp(argv[i], "--idle"))
			idle_s = number(argv[i + 1], 1, 86400);
		else
			usage();
	}
	if (argc - i != 3)
		usage();
	addr = loopback(number(argv[i], 0, 65535));
	target = loopback(number(argv[i + 1], 1, 65535));
	rtt_ms = number(argv[i + 2], 0, 60000);
	half_ns = rtt_ms * 1000000LL / 2;
	idle_ns = idle_s * 1000000000LL;

	/* SIGTERM is blocked but while ppoll waits, so no stop is missed
	 * between the check of `stop` and the wait. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &unblocked);
	sigdelset(&unblocked, SIGTERM);
	sigdelset(&unblocked, SIGINT);

	lfd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
	    getsockname(lfd, (struct sockaddr *)&addr, &alen) < 0) {
		perror("udp-delay-relay: listen socket");
		return 1;
	}
	printf("port %d\n", ntohs(addr.sin_port));
	fflush(stdout);
	if (ready_file && write_ready_file(ready_file, ntohs(addr.sin_port)) < 0) {
		perror("udp-delay-relay: ready file");
		return 1;
	}

	while (!stop) {
		struct timespec wait;
		long long d;

		n = 0;
		pfd[n++] = (struct pollfd){ .fd = lfd, .events = POLLIN };
		for (i = 0; i < MAX_CLIENTS; i++)
			if (clients[i].used) {
				slot_of[n] = i;
				pfd[n++] = (struct pollfd){ .fd = clients[i].fd, .events = POLLIN };
			}
		/* Wake for the queue's head, or once a second to forget idle
		 * clients when the queue is empty. */
		d = head ? head->due_ns - now_ns() : 1000000000LL;
		if (d < 0)
			d = 0;
		wait = (struct timespec){ .tv_sec = d / 1000000000LL, .tv_nsec = d % 1000000000LL };
		if (ppoll(pfd, n, &wait, &unblocked) < 0 && errno != EINTR) {
			perror("udp-delay-relay: ppoll");
			return 1;
		}
		if (pfd[0].revents & POLLIN) {
			alen = sizeof(from);
			len = recvfrom(lfd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &alen);
			if (len >= 0 && (slot = client_slot(&from, &target)) >= 0)
				enqueue(slot, 1, buf, len);
			else if (len >= 0)
				n_dropped++;
		}
		for (i = 1; i < n; i++) {
			if (!(pfd[i].revents & (POLLIN | POLLERR)))
				continue;
			/* POLLERR: an ICMP error (the target not listening); the
			 * recv reads and clears it. */
			len = recv(pfd[i].fd, buf, sizeof(buf), 0);
			if (len >= 0)
				enqueue(slot_of[i], 0, buf, len);
		}
		send_due(lfd);
		expire_clients();
	}
	fprintf(stderr, "udp-delay-relay: %lu datagrams to the target, %lu back, %lu dropped\n",
		n_up, n_down, n_dropped);
	return 0;
}
