/* SPDX-License-Identifier: MIT */
/*
 * The aligner of vakt image --dockerfile (image/img-origin.h): the
 * normalisation of each builder's created_by, and the alignment of a
 * history with the instructions, last first: mismatches stop it, the
 * entries before the first instruction are the base image's, instructions
 * that may leave no entry (ONBUILD, ARG) are skipped. The strings are the
 * ones the legacy builder, BuildKit and buildah write for each instruction.
 */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "image/img-origin.h"

/* --- building steps from a compact form --------------------------------------- */

#define MAX_STEPS 32

struct fixture {
	struct img_dockerfile df;
	struct img_dockerfile_step steps[MAX_STEPS];
	struct img_dockerfile_heredoc heredocs[MAX_STEPS];
	char *owned[MAX_STEPS * 64];
	size_t n_owned;
	const char *vec[MAX_STEPS][2][32]; /* args, flags */
};

static char *keep(struct fixture *f, char *s)
{
	assert_true(f->n_owned < VAKT_ARRAY_SIZE(f->owned));
	f->owned[f->n_owned++] = s;
	return s;
}

/*
 * One instruction as written: "RUN apt-get install -y x", "COPY --chown=a .
 * /app", "CMD [\"a\", \"b\"]". Words are split on spaces (quotes dropped);
 * a JSON array is the exec form.
 */
static void add(struct fixture *f, int line, const char *instr)
{
	size_t j = f->df.n_steps++;
	struct img_dockerfile_step *s = &f->steps[j];
	const char *sp = strchr(instr, ' ');
	const char *rest = sp ? sp + 1 : "";
	size_t na = 0, nf = 0;

	assert_true(j < MAX_STEPS);
	s->keyword = keep(f, vakt_xstrndup(instr, sp ? (size_t)(sp - instr) : strlen(instr)));
	s->text = rest;
	s->line = line;
	while (!strncmp(rest, "--", 2)) {
		const char *e = strchr(rest, ' ');
		size_t n = e ? (size_t)(e - rest) : strlen(rest);

		f->vec[j][1][nf++] = keep(f, vakt_xstrndup(rest + 2, n - 2));
		rest = e ? e + 1 : rest + n;
	}
	s->args_text = rest;
	if (rest[0] == '[') {
		json_t *a = json_loads(rest, 0, NULL);
		size_t i;
		json_t *v;

		assert_non_null(a);
		json_array_foreach(a, i, v) f->vec[j][0][na++] =
		    keep(f, vakt_xstrdup(json_string_value(v)));
		json_decref(a);
		s->exec_form = true;
	} else {
		for (const char *p = rest; *p;) {
			size_t n = strcspn(p, " ");
			char *w = keep(f, vakt_xstrndup(p, n));
			char *q = w;

			for (char *r = w; *r; r++)
				if (*r != '"')
					*q++ = *r;
			*q = '\0';
			if (n)
				f->vec[j][0][na++] = w;
			p += n;
			p += *p == ' ';
		}
	}
	s->args = f->vec[j][0];
	s->flags = f->vec[j][1];
}

static void heredoc(struct fixture *f, const char *name, const char *body)
{
	struct img_dockerfile_step *s = &f->steps[f->df.n_steps - 1];

	f->heredocs[f->df.n_steps - 1] = (struct img_dockerfile_heredoc){name, body};
	s->heredocs = &f->heredocs[f->df.n_steps - 1];
	s->n_heredocs = 1;
}

static struct fixture *fixture_new(int from_line, const char *from)
{
	struct fixture *f = vakt_xcalloc(1, sizeof(*f));

	f->df.path = "Dockerfile";
	f->df.from = from;
	f->df.from_line = from_line;
	f->df.from_scratch = !strcmp(from, "FROM scratch");
	f->df.steps = f->steps;
	return f;
}

static void fixture_free(struct fixture *f)
{
	for (size_t i = 0; i < f->n_owned; i++)
		free(f->owned[i]);
	free(f);
}

/*
 * Align history (NULL-terminated created_by strings) with f and compare
 * with want: one character per entry, "b" base image, "u" unmatched, or
 * the 1-based number of the instruction (as a digit or letter: 1-9, then
 * A for 10...).
 */
static void check(struct fixture *f, const char *const *history, const char *want)
{
	size_t n = 0;
	struct img_history h[64] = {0};
	struct img_origin o[64];
	char got[65] = {0};

	while (history[n]) {
		h[n].created_by = (char *)(uintptr_t)history[n];
		n++;
	}
	img_origin_align(&f->df, h, n, o);
	for (size_t i = 0; i < n; i++) {
		if (o[i].kind == IMG_ORIGIN_BASE)
			got[i] = 'b';
		else if (o[i].kind == IMG_ORIGIN_UNMATCHED)
			got[i] = 'u';
		else if (o[i].kind == IMG_ORIGIN_STEP)
			got[i] = (char)(o[i].step < 9 ? '1' + o[i].step : 'A' + o[i].step - 9);
		else
			got[i] = '?';
	}
	assert_string_equal(got, want);
}

/* --- normalisation ----------------------------------------------------------------- */

static void test_normalise(void **state)
{
	static const struct {
		const char *created_by, *want;
	} table[] = {
	    /* legacy builder */
	    {"/bin/sh -c #(nop)  CMD [\"x\"]", "CMD [\"x\"]"},
	    {"/bin/sh -c #(nop) COPY file:0a1b2c in /app ", "COPY file:0a1b2c in /app"},
	    {"/bin/sh -c #(nop)  ENV A=b", "ENV A=b"},
	    {"/bin/sh -c #(nop) WORKDIR /app", "WORKDIR /app"},
	    {"/bin/sh -c apt-get update", "RUN /bin/sh -c apt-get update"},
	    {"|2 A=1 B=2 /bin/sh -c make", "RUN |2 A=1 B=2 /bin/sh -c make"},
	    {"/bin/bash -o pipefail -c #(nop)  USER app", "USER app"},
	    {"echo hi", "RUN echo hi"},
	    /* BuildKit */
	    {"RUN /bin/sh -c apt-get   update # buildkit", "RUN /bin/sh -c apt-get update"},
	    {"COPY . /app # buildkit", "COPY . /app"},
	    {"ADD x / # buildkit", "ADD x /"},
	    {"ENV A=b", "ENV A=b"},
	    {"WORKDIR /app", "WORKDIR /app"},
	    {"USER app", "USER app"},
	    {"EXPOSE 8080/tcp", "EXPOSE 8080/tcp"},
	    {"EXPOSE map[8080/tcp:{}]", "EXPOSE map[8080/tcp:{}]"},
	    {"RUN /bin/sh -c set -e\necho hi\n # buildkit", "RUN /bin/sh -c set -e echo hi"},
	    /* buildah, podman: the instruction as written */
	    {"/bin/sh -c #(nop) env A=\"b\"", "ENV A=\"b\""},
	    {"/bin/sh -c #(nop) USER app|force-mtime=0", "USER app"},
	    {"/bin/sh -c #(nop) COPY dir:0a1b in ./      ", "COPY dir:0a1b in ./"},
	    {"/bin/sh -c --mount=type=cache,target=/root/.cache pip install x",
	     "RUN /bin/sh -c --mount=type=cache,target=/root/.cache pip install x"},
	    /* a RUN that prints the marker is still a RUN */
	    {"/bin/sh -c echo \"#(nop) \" ENV", "RUN /bin/sh -c echo \"#(nop) \" ENV"},
	    /* nothing known */
	    {"/bin/sh -c #(nop) FROBNICATE x", NULL},
	    {"", NULL},
	    {NULL, NULL},
	};

	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(table); i++) {
		char *got = img_origin_normalise(table[i].created_by);

		if (table[i].want)
			assert_string_equal(got, table[i].want);
		else
			assert_null(got);
		free(got);
	}
}

/* --- alignment ---------------------------------------------------------------------- */

/* The Dockerfile of tests/image/dockerfiles/app.Dockerfile, its final chain. */
static struct fixture *app_dockerfile(void)
{
	struct fixture *f = fixture_new(9, "FROM debian:12");

	add(f, 10, "LABEL org.opencontainers.image.title=\"vakt-test\"");
	add(f, 11, "ENV LANG=C.UTF-8 APP_HOME=/app");
	add(f, 13, "RUN apt-get update && apt-get install -y curl");
	add(f, 18, "ARG APP_VERSION=1.0");
	add(f, 19, "WORKDIR $APP_HOME");
	add(f, 20, "COPY --from=build /out/app /usr/local/bin/app");
	add(f, 21, "COPY --chown=10001:10001 app/ ./");
	add(f, 22, "RUN install -m 4755 /bin/dash /usr/local/bin/sdash");
	add(f, 23, "ONBUILD RUN echo hi");
	add(f, 24, "EXPOSE 8080");
	add(f, 25, "USER 10001:10001");
	add(f, 26, "HEALTHCHECK --interval=30s CMD curl -f http://localhost:8080/ || exit 1");
	add(f, 27, "CMD [\"/app/run\", \"--port\", \"8080\"]");
	return f;
}

static void test_buildkit(void **state)
{
	static const char *const h[] = {
	    "# debian.sh --arch 'amd64' out/ 'bookworm' '@1734912000'",
	    "LABEL org.opencontainers.image.title=vakt-test",
	    "ENV LANG=C.UTF-8 APP_HOME=/app",
	    "RUN /bin/sh -c apt-get update && apt-get install -y curl # buildkit",
	    "ARG APP_VERSION=1.0",
	    "WORKDIR /app",
	    "COPY /out/app /usr/local/bin/app # buildkit",
	    "COPY --chown=10001:10001 app/ ./ # buildkit",
	    "RUN |1 APP_VERSION=1.0 /bin/sh -c install -m 4755 /bin/dash /usr/local/bin/sdash "
	    "# buildkit",
	    "EXPOSE [8080/tcp]",
	    "USER 10001:10001",
	    "HEALTHCHECK {Test:[CMD-SHELL curl -f http://localhost:8080/ || exit 1] Interval:30s}",
	    "CMD [\"/app/run\" \"--port\" \"8080\"]",
	    NULL,
	};
	struct fixture *f = app_dockerfile();

	(void)state;
	/* ONBUILD (instruction 9) leaves no entry with BuildKit. */
	check(f, h, "b12345678ABCD");
	fixture_free(f);
}

static void test_legacy(void **state)
{
	static const char *const h[] = {
	    "/bin/sh -c #(nop) ADD file:6d0e56eb in / ",
	    "/bin/sh -c #(nop)  CMD [\"bash\"]",
	    "/bin/sh -c #(nop)  LABEL org.opencontainers.image.title=vakt-test",
	    "/bin/sh -c #(nop)  ENV LANG=C.UTF-8 APP_HOME=/app",
	    "/bin/sh -c apt-get update && apt-get install -y curl",
	    "/bin/sh -c #(nop)  ARG APP_VERSION=1.0",
	    "/bin/sh -c #(nop) WORKDIR /app",
	    "/bin/sh -c #(nop) COPY file:3c6e8b1f in /usr/local/bin/app ",
	    "/bin/sh -c #(nop) COPY --chown=10001:10001dir:8f2a4c6e in ./ ",
	    "|1 APP_VERSION=1.0 /bin/sh -c install -m 4755 /bin/dash /usr/local/bin/sdash",
	    "/bin/sh -c #(nop)  ONBUILD RUN echo hi",
	    "/bin/sh -c #(nop)  EXPOSE 8080",
	    "/bin/sh -c #(nop)  USER 10001:10001",
	    "/bin/sh -c #(nop)  HEALTHCHECK &{[\"CMD-SHELL\" \"curl -f http://localhost:8080/ || "
	    "exit 1\"] \"30s\" \"0s\" \"0s\" '\\x00'}",
	    "/bin/sh -c #(nop)  CMD [\"/app/run\" \"--port\" \"8080\"]",
	    NULL,
	};
	struct fixture *f = app_dockerfile();

	(void)state;
	check(f, h, "bb123456789ABCD");
	fixture_free(f);
}

static void test_buildah(void **state)
{
	static const char *const h[] = {
	    "/bin/sh -c #(nop) ADD file:6d0e56eb in / ",
	    "/bin/sh -c #(nop)  CMD [\"bash\"]",
	    "/bin/sh -c #(nop) LABEL org.opencontainers.image.title=\"vakt-test\"",
	    "/bin/sh -c #(nop) ENV LANG=C.UTF-8 APP_HOME=/app",
	    "/bin/sh -c apt-get update && apt-get install -y curl",
	    "/bin/sh -c #(nop) ARG ",
	    "/bin/sh -c #(nop) WORKDIR $APP_HOME",
	    "/bin/sh -c #(nop) COPY file:3c6e8b1f in /usr/local/bin/app      ",
	    "/bin/sh -c #(nop) COPY dir:8f2a4c6e in ./      ",
	    "/bin/sh -c install -m 4755 /bin/dash /usr/local/bin/sdash",
	    "/bin/sh -c #(nop) ONBUILD RUN echo hi",
	    "/bin/sh -c #(nop) EXPOSE 8080",
	    "/bin/sh -c #(nop) USER 10001:10001",
	    "/bin/sh -c #(nop) HEALTHCHECK --interval=30s CMD curl -f http://localhost:8080/ || "
	    "exit 1",
	    "/bin/sh -c #(nop) CMD [\"/app/run\", \"--port\", \"8080\"]",
	    NULL,
	};
	struct fixture *f = app_dockerfile();

	(void)state;
	check(f, h, "bb123456789ABCD");
	fixture_free(f);
}

/* A line added to the Dockerfile after the build: what comes before it is not guessed. */
static void test_mismatch_stops(void **state)
{
	static const char *const h[] = {
	    "/bin/sh -c #(nop) ADD file:0a in / ",
	    "/bin/sh -c apt-get update",
	    "/bin/sh -c make",
	    "/bin/sh -c #(nop)  USER app",
	    NULL,
	};
	struct fixture *f = fixture_new(1, "FROM debian:12");

	(void)state;
	add(f, 2, "RUN apt-get update");
	add(f, 3, "RUN apt-get install -y curl"); /* not in the image */
	add(f, 4, "RUN make");
	add(f, 5, "USER app");
	check(f, h, "uu34");
	fixture_free(f);
}

/* Another command in the same place is not a match: never a wrong line. */
static void test_run_exact(void **state)
{
	static const char *const near[] = {"/bin/sh -c cd src && make", NULL};
	static const char *const prefix[] = {"/bin/sh -c make install", NULL};
	static const char *const args[] = {"|1 V=1 /bin/sh -c make", NULL};
	static const char *const args_space[] = {"|1 V=a b /bin/sh -c make", NULL};
	static const char *const exec_vs_shell[] = {"/bin/sh -c echo hi", NULL};
	static const char *const exec_legacy[] = {"echo hi", NULL};
	static const char *const exec_buildkit[] = {"RUN echo hi # buildkit", NULL};
	struct fixture *f = fixture_new(1, "FROM scratch");

	(void)state;
	add(f, 2, "RUN make");
	check(f, near, "u");
	check(f, prefix, "u");
	check(f, args, "1");
	check(f, args_space, "1");
	fixture_free(f);
	f = fixture_new(1, "FROM scratch");
	add(f, 2, "RUN [\"echo\", \"hi\"]");
	check(f, exec_vs_shell, "u");
	check(f, exec_legacy, "1");
	check(f, exec_buildkit, "1");
	fixture_free(f);
}

/* Every instruction found and nothing before: FROM scratch has no base layers. */
static void test_base_and_scratch(void **state)
{
	static const char *const h[] = {"ADD rootfs.tar / # buildkit", "USER app", NULL};
	static const char *const extra[] = {"/bin/sh -c #(nop) ADD file:0a in / ",
	                                    "ADD rootfs.tar / # buildkit", "USER app", NULL};
	struct fixture *f = fixture_new(1, "FROM scratch");

	(void)state;
	add(f, 2, "ADD rootfs.tar /");
	add(f, 3, "USER app");
	check(f, h, "12");
	check(f, extra, "u12");
	fixture_free(f);
	f = fixture_new(1, "FROM alpine:3.19");
	add(f, 2, "ADD rootfs.tar /");
	add(f, 3, "USER app");
	check(f, extra, "b12");
	fixture_free(f);
}

/* More instructions than entries: what is there still matches from the end. */
static void test_short_history(void **state)
{
	static const char *const h[] = {"USER app", NULL};
	struct fixture *f = fixture_new(1, "FROM alpine");

	(void)state;
	add(f, 2, "RUN apk add curl");
	add(f, 3, "USER app");
	check(f, h, "2");
	fixture_free(f);
}

/* ONBUILD and ARG: an entry with the legacy builder, none (possibly) with BuildKit. */
static void test_optional(void **state)
{
	static const char *const legacy[] = {"/bin/sh -c #(nop)  ARG V=1",
	                                     "/bin/sh -c #(nop)  ONBUILD RUN make",
	                                     "/bin/sh -c #(nop)  USER app", NULL};
	static const char *const buildkit[] = {"USER app", NULL};
	static const char *const other_arg[] = {"ARG W=1", "USER app", NULL};
	struct fixture *f = fixture_new(1, "FROM scratch");

	(void)state;
	add(f, 2, "ARG V=1");
	add(f, 3, "ONBUILD RUN make");
	add(f, 4, "USER app");
	check(f, legacy, "123");
	check(f, buildkit, "3");
	/* an ARG entry of another name is not this ARG's */
	check(f, other_arg, "u3");
	fixture_free(f);
}

/* SHELL changes the prefix of RUN and CMD; relative WORKDIR joins the last one. */
static void test_shell_and_workdir(void **state)
{
	static const char *const h[] = {
	    "SHELL [/bin/bash -o pipefail -c]",
	    "RUN /bin/bash -o pipefail -c curl -s x | sh # buildkit",
	    "WORKDIR /app",
	    "WORKDIR /app/src",
	    "CMD [\"/bin/bash\" \"-o\" \"pipefail\" \"-c\" \"make run\"]",
	    NULL,
	};
	static const char *const legacy[] = {
	    "/bin/bash -o pipefail -c #(nop)  SHELL [/bin/bash -o pipefail -c]",
	    "/bin/bash -o pipefail -c curl -s x | sh",
	    "/bin/bash -o pipefail -c #(nop) WORKDIR /app",
	    "/bin/bash -o pipefail -c #(nop) WORKDIR /app/src",
	    "/bin/bash -o pipefail -c #(nop)  CMD [\"/bin/bash\" \"-o\" \"pipefail\" \"-c\" \"make "
	    "run\"]",
	    NULL,
	};
	struct fixture *f = fixture_new(1, "FROM scratch");

	(void)state;
	add(f, 2, "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]");
	add(f, 3, "RUN curl -s x | sh");
	add(f, 4, "WORKDIR /app");
	add(f, 5, "WORKDIR src");
	add(f, 6, "CMD make run");
	check(f, h, "12345");
	check(f, legacy, "12345");
	fixture_free(f);
}

/* What the builder expanded is a wildcard on the Dockerfile's side. */
static void test_variables(void **state)
{
	static const char *const h[] = {
	    "ENV PATH=/usr/local/bin:/usr/bin:/opt/app/bin",
	    "COPY src/ /opt/app/ # buildkit",
	    "USER app:app",
	    NULL,
	};
	static const char *const wrong[] = {"ENV PATH=/x", "COPY src/ /srv/x # buildkit",
	                                    "USER app:app", NULL};
	struct fixture *f = fixture_new(1, "FROM scratch");

	(void)state;
	add(f, 2, "ENV PATH=$PATH:/opt/app/bin");
	add(f, 3, "COPY ${SRC} $APP_HOME/");
	add(f, 4, "USER ${USER}:app");
	check(f, h, "123");
	/* the literal parts still count: a destination that does not end in '/' is not $APP_HOME/
	 */
	check(f, wrong, "uu3");
	fixture_free(f);
}

/* BuildKit runs a heredoc's body (or a #! script from /dev/pipes). */
static void test_heredoc(void **state)
{
	static const char *const body[] = {"RUN /bin/sh -c set -e\necho hi\n # buildkit", NULL};
	static const char *const script[] = {"RUN /bin/sh -c /dev/pipes/EOT # buildkit", NULL};
	static const char *const buildah[] = {"/bin/sh -c <<EOT\nset -e\necho hi", NULL};
	static const char *const copy[] = {"COPY <<EOF /etc/x.conf # buildkit", NULL};
	struct fixture *f = fixture_new(1, "FROM scratch");

	(void)state;
	add(f, 2, "RUN <<EOT");
	heredoc(f, "EOT", "set -e\necho hi\n");
	check(f, body, "1");
	check(f, buildah, "1");
	fixture_free(f);
	f = fixture_new(1, "FROM scratch");
	add(f, 2, "RUN <<EOT");
	heredoc(f, "EOT", "#!/usr/bin/env python3\nprint(1)\n");
	check(f, script, "1");
	fixture_free(f);
	f = fixture_new(1, "FROM scratch");
	add(f, 2, "COPY <<-EOF /etc/x.conf");
	heredoc(f, "EOF", "hello\n");
	check(f, copy, "1");
	fixture_free(f);
}

static void test_expose_forms(void **state)
{
	static const char *const forms[][2] = {
	    {"EXPOSE 80 443/udp 9000-9002", NULL},
	    {"EXPOSE [80/tcp 443/udp 9000/tcp 9001/tcp 9002/tcp]", NULL},
	    {"EXPOSE map[443/udp:{} 80/tcp:{} 9000/tcp:{} 9001/tcp:{} 9002/tcp:{}]", NULL},
	    {"/bin/sh -c #(nop)  EXPOSE 80 443/udp 9000-9002", NULL},
	    {"/bin/sh -c #(nop) EXPOSE 80 443/UDP 9000-9002", NULL},
	};
	static const char *const other[] = {"EXPOSE [80/tcp 443/tcp]", NULL};
	struct fixture *f = fixture_new(1, "FROM scratch");

	(void)state;
	add(f, 2, "EXPOSE 80 443/udp 9000-9002");
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(forms); i++)
		check(f, forms[i], "1");
	check(f, other, "u");
	fixture_free(f);
}

static void test_cmd_quoting(void **state)
{
	static const char *const h[] = {
	    "CMD [\"sh\" \"-c\" \"echo \\\"a\\tb\\\" \\\\ done\"]",
	    NULL,
	};
	static const char *const shell[] = {"ENTRYPOINT [\"/bin/sh\" \"-c\" \"exec app --x 1\"]",
	                                    NULL};
	struct fixture *f = fixture_new(1, "FROM scratch");

	(void)state;
	add(f, 2, "CMD [\"sh\", \"-c\", \"echo \\\"a\\tb\\\" \\\\ done\"]");
	check(f, h, "1");
	fixture_free(f);
	f = fixture_new(1, "FROM scratch");
	add(f, 2, "ENTRYPOINT exec app   --x 1");
	check(f, shell, "1");
	fixture_free(f);
}

/* buildah's notes after the instruction: build flags, mount checksums. */
static void test_buildah_notes(void **state)
{
	static const char *const h[] = {
	    "/bin/sh -c --mount=type=bind,source=go.sum,target=go.sum go build:sha256:0a1b"
	    "|force-mtime=0",
	    "/bin/sh -c #(nop) USER app|inheritLabels=false|force-mtime=0",
	    NULL,
	};
	struct fixture *f = fixture_new(1, "FROM scratch");

	(void)state;
	add(f, 2, "RUN --mount=type=bind,source=go.sum,target=go.sum go build");
	add(f, 3, "USER app");
	check(f, h, "12");
	fixture_free(f);
}

/* Hostile histories: bounded work, no match made of noise. */
static void test_hostile(void **state)
{
	size_t n = 1u << 20;
	char *big = vakt_xmalloc(n + 12), *cmd = vakt_xmalloc(2048 + 5);
	const char *h[3] = {big, "/bin/sh -c #(nop) #(nop) #(nop) ", NULL};
	struct fixture *f = fixture_new(1, "FROM scratch");

	(void)state;
	memcpy(big, "/bin/sh -c ", 11);
	memset(big + 11, 'a', n);
	big[n + 11] = '\0';
	memcpy(cmd, "RUN ", 4);
	memset(cmd + 4, 'a', 2048);
	cmd[2052] = '\0';
	add(f, 2, cmd);
	add(f, 3, "USER app");
	check(f, h, "uu");
	fixture_free(f);
	free(big);
	free(cmd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_normalise),        cmocka_unit_test(test_buildkit),
	    cmocka_unit_test(test_legacy),           cmocka_unit_test(test_buildah),
	    cmocka_unit_test(test_mismatch_stops),   cmocka_unit_test(test_run_exact),
	    cmocka_unit_test(test_base_and_scratch), cmocka_unit_test(test_short_history),
	    cmocka_unit_test(test_optional),         cmocka_unit_test(test_shell_and_workdir),
	    cmocka_unit_test(test_variables),        cmocka_unit_test(test_heredoc),
	    cmocka_unit_test(test_expose_forms),     cmocka_unit_test(test_cmd_quoting),
	    cmocka_unit_test(test_buildah_notes),    cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
