/* SPDX-License-Identifier: MIT */
/*
 * The event loop of vakt watch: events from the probe or a recording go
 * through the state engine, the recorder and the rules; matches become
 * alerts. Statistics lines, the drop alert and the summary are printed
 * here.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli-watch.h"
#include "cli.h"
#include "runtime/rt-ctrmeta.h"
#include "runtime/rt-probe.h"
#include "runtime/rt-record.h"
#include "runtime/rt-replay.h"
#include "runtime/rt-state.h"
#include "runtime/rt-users.h"

/* Events between checks for a signal while replaying. */
#define WATCH_REPLAY_SLICE 4096
/* The poll timeout of the live loop, in ms: how late a stop or a stats line may be. */
#define WATCH_POLL_MS 100

static volatile sig_atomic_t stop_requested;

/* Print err once and free it. */
static void print_error(struct vakt_error *err)
{
	char *msg = err ? vakt_error_format(err) : NULL;

	cli_error("%s", msg ? msg : "unknown error");
	free(msg);
	vakt_error_free(err);
}

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

struct watch_loop {
	struct watch_args *a;
	struct rt_state *state;
	struct rt_eval_ctx *ctx;
	struct rt_alerter *alerter;
	struct rt_recorder *rec;
	FILE *recf;
	struct vakt_buf output, fields;
	uint64_t events;
	uint64_t drops; /* the probe's, for the recording's end line */
	int failed;     /* an exit code once the output or the recording failed */
};

static uint64_t now_ns(int clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void on_match(const struct rt_rule *rule, const void *evp, void *data)
{
	struct watch_loop *l = data;
	const struct rt_event *ev = evp;
	struct vakt_error *err = NULL;
	struct rt_alert al = {.ts = ev->ts,
	                      .rule = rule->name,
	                      .priority = rule->priority,
	                      .source = rule->source,
	                      .tags = rule->tags,
	                      .n_tags = rule->n_tags};

	if (l->failed)
		return;
	vakt_buf_reset(&l->output);
	rt_rule_render(rule, l->ctx, ev, &l->output);
	al.output = vakt_buf_str(&l->output);
	if (l->a->format == RT_ALERT_JSON) {
		vakt_buf_reset(&l->fields);
		rt_rule_output_fields_json(rule, l->ctx, ev, &l->fields);
		al.fields_json = vakt_buf_str(&l->fields);
	}
	if (rt_alerter_emit(l->alerter, &al, &err) < 0) {
		print_error(err);
		l->failed = CLI_EXIT_ENVIRONMENT;
	}
}

/* One event: the state first (ancestry, descriptors), the recording, then the rules. */
static void on_event(struct rt_event *ev, void *data)
{
	struct watch_loop *l = data;
	struct vakt_error *err = NULL;

	rt_state_apply(l->state, ev);
	l->events++;
	if (l->rec && !l->failed && rt_record_event(l->rec, ev, &err) < 0) {
		print_error(err);
		l->failed = CLI_EXIT_ENVIRONMENT;
	}
	rt_ruleset_eval(l->a->rs, l->ctx, (size_t)ev->type, ev, on_match, l);
}

/* An alert of vakt's own, for drops: Falco calls its twin "Falco internal: syscall event drop". */
static void drop_alert(struct watch_loop *l, uint64_t dropped, uint64_t seen, double window)
{
	static const char *const tags[] = {"vakt_internal"};
	char text[256];
	struct rt_alert al = {.ts = now_ns(CLOCK_REALTIME),
	                      .rule = "vakt internal: events dropped",
	                      .priority = RT_PRIO_CRITICAL,
	                      .source = "internal",
	                      .output = text,
	                      .tags = tags,
	                      .n_tags = 1,
	                      .fields_json = "{}"};
	struct vakt_error *err = NULL;

	snprintf(text, sizeof(text),
	         "%" PRIu64 " of %" PRIu64 " events dropped in the last %.0f s (%.1f%%): the ring "
	         "buffer was full; rules may have missed what those events showed (raise "
	         "--ring-size, narrow the rules, or give vakt a core)",
	         dropped, seen, window, seen ? 100.0 * (double)dropped / (double)seen : 0.0);
	if (rt_alerter_emit(l->alerter, &al, &err) < 0) {
		print_error(err);
		l->failed = CLI_EXIT_ENVIRONMENT;
	}
}

static void print_stats(const char *what, uint64_t events, const struct rt_probe_stats *ps,
                        const struct rt_alerter *w)
{
	struct rt_alert_stats as;

	rt_alerter_stats(w, &as);
	fprintf(stderr, "vakt: %s: %" PRIu64 " events, %" PRIu64 " alerts", what, events,
	        as.emitted);
	if (as.limited)
		fprintf(stderr, " (%" PRIu64 " rate limited)", as.limited);
	if (ps) {
		fprintf(stderr, ", %" PRIu64 " dropped", ps->drops);
		if (ps->drops && ps->drops_per_cpu) {
			fputs(" (per CPU:", stderr);
			for (size_t i = 0; i < ps->n_cpus; i++)
				fprintf(stderr, " %" PRIu64, ps->drops_per_cpu[i]);
			fputc(')', stderr);
		}
		if (ps->faults)
			fprintf(stderr, ", %" PRIu64 " unreadable arguments", ps->faults);
	}
	fputc('\n', stderr);
}

/*
 * Start --record once the state holds the threads the recording must begin
 * with (live: after the /proc bootstrap). 0 or an exit code (printed).
 */
static int watch_record_open(struct watch_loop *l, uint64_t boot_ns)
{
	struct rt_record_info info = {.start_ns = now_ns(CLOCK_REALTIME), .boot_ns = boot_ns};
	struct vakt_error *err = NULL;
	char host[256];

	if (!l->a->record)
		return 0;
	if (gethostname(host, sizeof(host)) == 0) {
		host[sizeof(host) - 1] = '\0';
		info.hostname = host;
	}
	l->recf = fopen(l->a->record, "we");
	if (!l->recf) {
		cli_error("cannot write '%s': %s", l->a->record, strerror(errno));
		return CLI_EXIT_ENVIRONMENT;
	}
	if (rt_record_open(l->recf, l->a->record, l->state, &info, &l->rec, &err) < 0) {
		print_error(err);
		return CLI_EXIT_ENVIRONMENT;
	}
	return 0;
}

static int watch_replay(struct watch_loop *l)
{
	struct rt_replay *rp = NULL;
	struct vakt_error *err = NULL;
	struct rt_event *ev;
	int r;

	if (rt_replay_open(l->a->replay, l->state, NULL, &rp, &err) < 0) {
		print_error(err);
		return CLI_EXIT_INPUT;
	}
	if ((l->failed = watch_record_open(l, rt_replay_header(rp)->boot_ns))) {
		rt_replay_close(rp);
		return l->failed;
	}
	for (uint64_t n = 0; !l->failed; n++) {
		if (n % WATCH_REPLAY_SLICE == 0 && stop_requested)
			break;
		/* The replay's own event, read on its second thread when there is one. */
		r = rt_replay_next_ref(rp, &ev, &err);
		if (r == 0)
			break;
		if (r < 0) {
			print_error(err);
			l->failed = CLI_EXIT_INPUT;
			break;
		}
		on_event(ev, l);
	}
	print_stats("replayed", l->events, NULL, l->alerter);
	if (rt_replay_drops(rp))
		fprintf(stderr,
		        "vakt: the recording says %" PRIu64 " events were dropped while it was "
		        "made\n",
		        rt_replay_drops(rp));
	rt_replay_close(rp);
	return l->failed;
}

static int watch_live(struct watch_loop *l)
{
	struct rt_probe_opts po = {.ring_bytes = l->a->ring};
	struct rt_probe *p = NULL;
	struct rt_probe_stats ps, last = {0};
	struct vakt_error *err = NULL;
	bool state_types[RT_EV_COUNT] = {0};
	uint64_t start = now_ns(CLOCK_MONOTONIC), next_stats, next_drop, last_events = 0;
	size_t n_wanted = 0;

	rt_ruleset_wanted_evtypes(l->a->rs, po.evtypes, RT_EV_COUNT);
	for (size_t i = 1; i < RT_EV_COUNT; i++)
		n_wanted += po.evtypes[i];
	rt_probe_state_evtypes(state_types);
	for (size_t i = 1; i < RT_EV_COUNT; i++)
		po.evtypes[i] = po.evtypes[i] || state_types[i];
	if (rt_probe_open(&po, &p, &err) < 0)
		goto env_error;
	/* The table before the first event, so that no event meets an unknown parent. */
	if (rt_state_bootstrap(l->state, &err) < 0 || rt_probe_drop_privileges(&err) < 0)
		goto env_error;
	if ((l->failed = watch_record_open(l, rt_state_boot_ns(l->state)))) {
		rt_probe_close(p);
		return l->failed;
	}
	fprintf(stderr, "vakt: watching: %zu rules over %zu event types (Ctrl-C stops)\n",
	        rt_ruleset_n_rules(l->a->rs), n_wanted);
	next_stats = l->a->stats > 0 ? start + (uint64_t)(l->a->stats * 1e9) : UINT64_MAX;
	next_drop = start + 1000000000u;
	while (!stop_requested && !l->failed) {
		uint64_t now;

		if (rt_probe_poll(p, WATCH_POLL_MS, on_event, l, &err) < 0)
			goto env_error;
		now = now_ns(CLOCK_MONOTONIC);
		if (now >= next_drop) {
			uint64_t dropped, seen;

			rt_probe_stats(p, &ps);
			dropped = ps.drops - last.drops;
			seen = (ps.events - last.events) + dropped;
			if (l->a->drop_alert > 0 && dropped &&
			    100.0 * (double)dropped > l->a->drop_alert * (double)seen)
				drop_alert(l, dropped, seen, (double)(now - next_drop) / 1e9 + 1.0);
			last = ps;
			next_drop = now + 1000000000u;
		}
		if (now >= next_stats) {
			rt_probe_stats(p, &ps);
			print_stats("stats", l->events - last_events, &ps, l->alerter);
			last_events = l->events;
			next_stats = now + (uint64_t)(l->a->stats * 1e9);
		}
		if (l->a->duration > 0 && now - start >= (uint64_t)(l->a->duration * 1e9))
			break;
	}
	/* What is still in the ring is part of the watch. */
	if (!l->failed)
		rt_probe_poll(p, 0, on_event, l, NULL);
	rt_probe_stats(p, &ps);
	l->drops = ps.drops;
	print_stats("stopped", l->events, &ps, l->alerter);
	rt_probe_close(p);
	return l->failed;
env_error:
	print_error(err);
	rt_probe_close(p);
	return CLI_EXIT_ENVIRONMENT;
}

int watch_run(struct watch_args *a)
{
	struct watch_loop l = {.a = a, .output = VAKT_BUF_INIT, .fields = VAKT_BUF_INIT};
	struct rt_alert_opts ao = {
	    .format = a->format, .min = a->priority, .rate = a->rate, .burst = a->burst};
	struct rt_state_opts so = {0};
	struct rt_users *users = NULL;
	struct rt_ctrmeta_cache *meta = NULL;
	FILE *out = NULL;
	struct vakt_error *err = NULL;
	struct sigaction sa = {.sa_handler = on_signal};
	int r = 0;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (!a->replay) {
		if (!rt_probe_built_in()) {
			cli_error(
			    "this vakt was built without the eBPF probe: `vakt watch --check` says "
			    "what the build machine lacked; --replay FILE still works");
			return CLI_EXIT_ENVIRONMENT;
		}
		users = rt_users_new("/proc");
		meta = rt_ctrmeta_new("/");
		so.proc_root = "/proc";
		so.users = users;
		so.ctrmeta = meta;
		/* containerd's bare /<namespace>/<id> layout is a container only where it runs. */
		so.containerd = access("/run/containerd", F_OK) == 0;
	}
	l.state = rt_state_new(&so);
	l.ctx = rt_eval_ctx_new(a->rs);
	if (a->output) {
		/* Appended to as alerts come, as Falco's file output: tail -f shows them. */
		out = fopen(a->output, "ae");
		if (!out) {
			cli_error("cannot write '%s': %s", a->output, strerror(errno));
			r = CLI_EXIT_ENVIRONMENT;
			goto out;
		}
		ao.out = out;
	} else if (!a->program) {
		ao.out = stdout;
	}
	ao.program = a->program;
	if (rt_alerter_new(&ao, &l.alerter, &err) < 0) {
		print_error(err);
		r = CLI_EXIT_ENVIRONMENT;
		goto out;
	}
	r = a->replay ? watch_replay(&l) : watch_live(&l);
out:
	if (l.rec && rt_record_close(l.rec, l.drops, &err) < 0) {
		print_error(err);
		r = r ? r : CLI_EXIT_ENVIRONMENT;
	}
	if (l.recf && fclose(l.recf) != 0 && !r) {
		cli_error("cannot write '%s': %s", a->record, strerror(errno));
		r = CLI_EXIT_ENVIRONMENT;
	}
	if (rt_alerter_free(l.alerter) < 0 && !r)
		r = CLI_EXIT_ENVIRONMENT;
	if (out && fclose(out) != 0 && !r) {
		cli_error("cannot write '%s': %s", a->output, strerror(errno));
		r = CLI_EXIT_ENVIRONMENT;
	}
	vakt_buf_release(&l.output);
	vakt_buf_release(&l.fields);
	rt_eval_ctx_free(l.ctx);
	rt_state_free(l.state);
	rt_ctrmeta_free(meta);
	rt_users_free(users);
	return r;
}
