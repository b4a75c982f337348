/* SPDX-License-Identifier: MIT */
/*
 * vakt netpol's graph (kube-netpol-render.h): Graphviz DOT, one cluster per
 * namespace, a node per workload (red when every pod can reach it, dashed
 * with hostNetwork), an edge per allowed pair labelled with its ports, and
 * "outside the cluster" for external rows; and SVG, which Graphviz's dot
 * renders from that DOT in a child process.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kube-netpol-render.h"

/* --- DOT ------------------------------------------------------------------------- */

/* A DOT double-quoted string: quotes, backslashes and line breaks escaped. */
static void dot_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else if (*s == '\n' || *s == '\r')
			fputs("\\n", out);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

void kube_np_write_dot(FILE *out, const struct kube_np_view *v)
{
	const struct kube_netpol_model *m = v->m;
	bool outside = false;

	fputs("digraph netpol {\n"
	      "\trankdir=LR;\n"
	      "\tnode [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
	      "\tedge [fontname=\"Helvetica\", fontsize=10];\n",
	      out);
	for (size_t n = 0; n < m->n_nss; n++) {
		const struct kube_np_namespace *ns = &m->nss[n];

		if (!ns->n_workloads)
			continue;
		fprintf(out, "\tsubgraph cluster_%zu {\n\t\tlabel=", n);
		{
			char *l = vakt_xasprintf("namespace %s", ns->name);

			dot_str(out, l);
			free(l);
		}
		fputs(";\n", out);
		for (size_t i = ns->wl_first; i < ns->wl_first + ns->n_workloads; i++) {
			const struct kube_np_workload *w = &m->wls[i];
			char *l = vakt_xasprintf("%s\n%s%s", w->obj->kind_name, w->obj->name,
			                         v->open[i] ? "\n(every pod can reach)" : "");

			fprintf(out, "\t\tw%zu [label=", i);
			dot_str(out, l);
			fputs(", tooltip=", out);
			dot_str(out, w->id);
			if (v->open[i])
				fputs(", color=red, penwidth=2", out);
			if (w->host_network)
				fputs(", style=\"rounded,dashed\"", out);
			fputs("];\n", out);
			free(l);
		}
		fputs("\t}\n", out);
	}
	for (int d = 0; d < KUBE_NP_DIRS; d++)
		for (size_t i = 0; i < m->n_wls; i++)
			outside = outside || kube_np_view_shows_ext(v, d, i);
	if (outside)
		fputs("\toutside [label=\"outside the cluster\", shape=ellipse];\n", out);
	for (size_t i = 0; i < v->n_edges; i++) {
		const struct kube_np_edge *e = &v->edges[i];
		char *p;

		if (!kube_np_view_shows(v, e->src, e->dst))
			continue;
		p = kube_np_ports_str(&e->ports);
		fprintf(out, "\tw%zu -> w%zu [label=", e->src, e->dst);
		dot_str(out, p);
		fputs("];\n", out);
		free(p);
	}
	for (int d = 0; d < KUBE_NP_DIRS; d++) {
		for (size_t i = 0; i < m->n_wls; i++) {
			char *p, *a, *l;

			if (!kube_np_view_shows_ext(v, d, i))
				continue;
			p = kube_np_ports_str(&v->ext[d][i].ports);
			a = kube_np_addrs_str(&v->ext[d][i]);
			l = v->ext[d][i].any_address ? vakt_xstrdup(p)
			                             : vakt_xasprintf("%s\n%s", p, a);
			if (d == KUBE_NP_INGRESS)
				fprintf(out, "\toutside -> w%zu [style=dashed, label=", i);
			else
				fprintf(out, "\tw%zu -> outside [style=dashed, label=", i);
			dot_str(out, l);
			fputs("];\n", out);
			free(p);
			free(a);
			free(l);
		}
	}
	fputs("}\n", out);
}

/* --- SVG through Graphviz ------------------------------------------------------------ */

/* Whether prog is an executable file in one of PATH's directories. */
static bool np_in_path(const char *prog)
{
	const char *dir = getenv("PATH");
	bool found = false;

	while (dir && *dir && !found) {
		const char *end = strchr(dir, ':');
		size_t n = end ? (size_t)(end - dir) : strlen(dir);
		/* An empty entry means the current directory. */
		char *p = vakt_xasprintf("%.*s/%s", (int)(n ? n : 1), n ? dir : ".", prog);
		struct stat st;

		found = stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, X_OK) == 0;
		free(p);
		dir = end ? end + 1 : NULL;
	}
	return found;
}

int kube_np_write_svg(FILE *out, const char *dot_src, size_t len, struct vakt_error **err)
{
	char *argv[] = {(char *)KUBE_NP_DOT_PROGRAM, (char *)"-Tsvg", NULL};
	posix_spawn_file_actions_t fa;
	void (*old)(int);
	int fds[2], status = 0, r;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0) {
		r = -errno;
		return vakt_error_set(err, r, "cannot run '%s': %s", KUBE_NP_DOT_PROGRAM,
		                      strerror(-r));
	}
	fflush(out);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[0], STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&fa, fileno(out), STDOUT_FILENO);
	r = posix_spawnp(&pid, KUBE_NP_DOT_PROGRAM, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[0]);
	if (r != 0) {
		close(fds[1]);
		return vakt_error_set(err, -r, "cannot run '%s': %s", KUBE_NP_DOT_PROGRAM,
		                      strerror(r));
	}
	/* dot may exit early; its status tells, not a SIGPIPE. */
	old = signal(SIGPIPE, SIG_IGN);
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fds[1], dot_src + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	close(fds[1]);
	signal(SIGPIPE, old);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return vakt_error_set(err, -EIO, "'%s -Tsvg' failed (status %d)",
		                      KUBE_NP_DOT_PROGRAM,
		                      WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}

bool kube_np_svg_available(void)
{
	return np_in_path(KUBE_NP_DOT_PROGRAM);
}
