/* SPDX-License-Identifier: MIT */
/*
 * The eBPF probe's cost (bench/watch-overhead.sh runs it):
 *
 *   watch-overhead loop N              openat("/etc/hostname") + close N times;
 *                                      prints the CPU ns per pair (user + system
 *                                      time of the process: the probe runs in the
 *                                      traced syscall's context, and other load on
 *                                      the machine does not count)
 *   watch-overhead load RATE SECS PROCS  PROCS processes making RATE events/s
 *                                      in all for SECS seconds, with pairs of a
 *                                      failing openat and a close(-1): cheap
 *                                      syscalls, so that two cores can make the
 *                                      rate; prints what they made
 *   watch-overhead attach SECS [RING]  loads the probe (openat + the state set),
 *                                      polls and decodes for SECS seconds, then
 *                                      prints events, drops and faults; "ready"
 *                                      goes to stderr once it is attached
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runtime/rt-probe.h"

static double clock_s(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

static long num(const char *s)
{
	return strtol(s, NULL, 10);
}

static int pair(void)
{
	int fd = openat(AT_FDCWD, "/etc/hostname", O_RDONLY);

	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int loop(long n)
{
	double t0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);

	for (long i = 0; i < n; i++)
		if (pair() < 0)
			return 1;
	printf("%.0f\n", (clock_s(CLOCK_PROCESS_CPUTIME_ID) - t0) * 1e9 / (double)n);
	return 0;
}

/* Two events at little cost: an openat that finds nothing, a close of no fd. */
static void cheap_pair(void)
{
	int fd = openat(AT_FDCWD, "/nonexistent/vakt-bench", O_RDONLY);

	close(fd);
}

/* Paced: in batches of 100 pairs, sleeping whenever ahead of the rate. */
static long load_one(double pairs_per_s, double secs)
{
	double t0 = now(), end = t0 + secs;
	long done = 0;

	while (now() < end) {
		double due = t0 + (double)done / pairs_per_s;
		double ahead = due - now();

		if (ahead > 0) {
			struct timespec ts = {0, (long)(ahead * 1e9)};

			nanosleep(&ts, NULL);
		}
		for (int i = 0; i < 100; i++)
			cheap_pair();
		done += 100;
	}
	return done;
}

static int load(long rate, double secs, int procs)
{
	int fds[2];
	long total = 0;
	double t0 = now();

	if (pipe(fds) < 0)
		return 1;
	for (int p = 0; p < procs; p++) {
		if (fork() == 0) {
			long done = load_one((double)rate / 2 / procs, secs);

			if (write(fds[1], &done, sizeof(done)) != sizeof(done))
				_exit(1);
			_exit(0);
		}
	}
	close(fds[1]);
	for (int p = 0; p < procs; p++) {
		long done;

		if (read(fds[0], &done, sizeof(done)) == sizeof(done))
			total += done;
		wait(NULL);
	}
	printf("%ld pairs, %.0f events/s\n", total, 2.0 * (double)total / (now() - t0));
	return 0;
}

static unsigned long long delivered;

static void count(struct rt_event *ev, void *data)
{
	(void)ev;
	(void)data;
	delivered++;
}

static int attach(double secs, long ring)
{
	struct rt_probe_opts o;
	struct rt_probe *p;
	struct rt_probe_stats st;
	struct vakt_error *err = NULL;
	double end;

	memset(&o, 0, sizeof(o));
	o.evtypes[RT_EV_OPENAT] = true;
	o.ring_bytes = (size_t)ring;
	if (rt_probe_open(&o, &p, &err) != 0) {
		fprintf(stderr, "watch-overhead: %s\n", err->msg);
		return 4;
	}
	fprintf(stderr, "ready\n");
	end = now() + secs;
	while (now() < end)
		if (rt_probe_poll(p, 100, count, NULL, &err) < 0) {
			fprintf(stderr, "watch-overhead: %s\n", err->msg);
			return 1;
		}
	while (rt_probe_poll(p, 0, count, NULL, &err) > 0)
		;
	rt_probe_stats(p, &st);
	printf("delivered %llu, committed %llu, drops %llu, faults %llu, misses %llu\n", delivered,
	       (unsigned long long)st.events, (unsigned long long)st.drops,
	       (unsigned long long)st.faults, (unsigned long long)st.misses);
	rt_probe_close(p);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "loop"))
		return loop(num(argv[2]));
	if (argc >= 5 && !strcmp(argv[1], "load"))
		return load(num(argv[2]), (double)num(argv[3]), (int)num(argv[4]));
	if (argc >= 3 && !strcmp(argv[1], "attach"))
		return attach((double)num(argv[2]), argc > 3 ? num(argv[3]) : 0);
	fprintf(stderr,
	        "usage: watch-overhead loop N | load RATE SECS PROCS | attach SECS [RING]\n");
	return 2;
}
