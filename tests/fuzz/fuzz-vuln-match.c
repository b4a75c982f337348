/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the OSV evaluation (src/vuln/vuln-match.c) on
 * records as hostile as a database can hold. The input is lines: the
 * first byte picks the scheme ('d' deb, 'a' apk, 'r' rpm, else by value
 * modulo 3), the first line is the installed version, then one event or
 * range a line: "i V" introduced, "f V" fixed, "l V" last_affected,
 * "L V" limit, "v V" a versions[] entry, "E", "S" or "G" a new ECOSYSTEM,
 * SEMVER or GIT range. Checked:
 *   - the verdict does not depend on the order of the events (the schema
 *     sorts them): the same entry with every range's events reversed gives
 *     the same verdict and names the same fix;
 *   - a fix is one of the entry's fixed versions, and only when affected;
 *   - the basis is a string within its buffer;
 *   - SemVer precedence is antisymmetric on any two lines.
 */
#include <stdint.h>

#include "core/util.h"
#include "vuln/vuln-match.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile size_t sink;

#define MAX_EVENTS 256
#define MAX_RANGES 16

struct input {
	struct vuln_affected a;
	struct vuln_range ranges[MAX_RANGES];
	struct vuln_event events[MAX_EVENTS];
	char *versions[MAX_EVENTS];
	size_t n_events;
};

static void add_event(struct input *in, enum vuln_event_kind k, char *v)
{
	struct vuln_range *r;

	if (!in->a.n_ranges) {
		in->a.n_ranges = 1;
		in->ranges[0] = (struct vuln_range){VULN_RANGE_ECOSYSTEM, &in->events[0], 0};
	}
	r = &in->ranges[in->a.n_ranges - 1];
	if (in->n_events >= MAX_EVENTS)
		return;
	in->events[in->n_events++] = (struct vuln_event){k, v};
	r->n_events++;
}

static void reverse(struct vuln_range *r)
{
	for (size_t i = 0, j = r->n_events; i + 1 < j; i++, j--) {
		struct vuln_event t = r->events[i];

		r->events[i] = r->events[j - 1];
		r->events[j - 1] = t;
	}
}

static bool is_fixed_event(const struct input *in, const char *f)
{
	for (size_t i = 0; i < in->n_events; i++)
		if (in->events[i].version == f && in->events[i].kind == VULN_EVENT_FIXED)
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct input in;
	enum pkg_version_scheme s;
	struct vuln_verdict v1, v2;
	char *text, *save = NULL, *installed, *line;

	if (!size)
		return 0;
	s = data[0] == 'd'   ? PKG_VERSION_DEB
	    : data[0] == 'a' ? PKG_VERSION_APK
	    : data[0] == 'r' ? PKG_VERSION_RPM
	                     : (enum pkg_version_scheme)(data[0] % 3);
	memset(&in, 0, sizeof(in));
	in.a.ranges = in.ranges;
	in.a.versions = in.versions;
	text = vakt_xstrndup((const char *)data + 1, size - 1);
	installed = strtok_r(text, "\n", &save);
	if (!installed) {
		free(text);
		return 0;
	}
	while ((line = strtok_r(NULL, "\n", &save))) {
		char *v = line[0] && line[1] == ' ' ? line + 2 : NULL;

		switch (line[0]) {
		case 'E':
		case 'S':
		case 'G':
			if (in.a.n_ranges < MAX_RANGES)
				in.ranges[in.a.n_ranges++] =
				    (struct vuln_range){line[0] == 'S'   ? VULN_RANGE_SEMVER
				                        : line[0] == 'G' ? VULN_RANGE_GIT
				                                         : VULN_RANGE_ECOSYSTEM,
				                        &in.events[in.n_events], 0};
			break;
		case 'i':
		case 'f':
		case 'l':
		case 'L':
			if (v)
				add_event(&in,
				          line[0] == 'i'   ? VULN_EVENT_INTRODUCED
				          : line[0] == 'f' ? VULN_EVENT_FIXED
				          : line[0] == 'l' ? VULN_EVENT_LAST_AFFECTED
				                           : VULN_EVENT_LIMIT,
				          v);
			break;
		case 'v':
			if (v && in.a.n_versions < MAX_EVENTS)
				in.versions[in.a.n_versions++] = v;
			break;
		default:
			/* Any other line: SemVer on it and the installed version. */
			if (vuln_semver_cmp(line, installed) != -vuln_semver_cmp(installed, line))
				__builtin_trap();
			break;
		}
	}
	if (vuln_match_affected(s, &in.a, installed, &v1))
		__builtin_trap();
	for (size_t i = 0; i < in.a.n_ranges; i++)
		reverse(&in.ranges[i]);
	if (vuln_match_affected(s, &in.a, installed, &v2))
		__builtin_trap();
	if (v1.affected != v2.affected || !v1.fixed != !v2.fixed)
		__builtin_trap();
	if (v1.fixed &&
	    (!v1.affected || !is_fixed_event(&in, v1.fixed) || !is_fixed_event(&in, v2.fixed)))
		__builtin_trap();
	if (v1.fixed && strcmp(v1.fixed, v2.fixed))
		__builtin_trap();
	if (strnlen(v1.basis, sizeof(v1.basis)) >= sizeof(v1.basis) || !*v1.basis)
		__builtin_trap();
	sink += strlen(v2.basis);
	free(text);
	return 0;
}
