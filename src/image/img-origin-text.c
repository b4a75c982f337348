/* SPDX-License-Identifier: MIT */
/*
 * The text the aligner compares (img-origin.h): whitespace folded, the
 * builders' decorations taken off a created_by, variable references of the
 * Dockerfile side turned into wildcards, Go's %q quoting (how the legacy
 * builder and BuildKit write CMD and ENTRYPOINT), and the glob match of a
 * pattern against a history entry. No cleanup labels needed.
 */
#include "img-origin-priv.h"

static const struct {
	const char *name;
	enum origin_kind kind;
} kinds[] = {
    {"RUN", OK_RUN},
    {"COPY", OK_COPY},
    {"ADD", OK_ADD},
    {"ENV", OK_ENV},
    {"ARG", OK_ARG},
    {"LABEL", OK_LABEL},
    {"USER", OK_USER},
    {"WORKDIR", OK_WORKDIR},
    {"EXPOSE", OK_EXPOSE},
    {"VOLUME", OK_VOLUME},
    {"CMD", OK_CMD},
    {"ENTRYPOINT", OK_ENTRYPOINT},
    {"HEALTHCHECK", OK_HEALTHCHECK},
    {"SHELL", OK_SHELL},
    {"STOPSIGNAL", OK_STOPSIGNAL},
    {"ONBUILD", OK_ONBUILD},
    {"MAINTAINER", OK_MAINTAINER},
};

/* What buildah appends to created_by for its build flags (buildMetadata()). */
static const char *const buildah_meta[] = {
    "|inheritLabels=",      "|unsetLabel=",  "|unsetAnnotation=",
    "|inheritAnnotations=", "|force-mtime=", "|clamp-mtime=",
};

bool origin_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

enum origin_kind origin_kind_of(const char *s, size_t n, bool upper_only)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(kinds); i++) {
		if (strlen(kinds[i].name) != n)
			continue;
		if (upper_only ? !memcmp(s, kinds[i].name, n)
		               : !vakt_strncasecmp(s, kinds[i].name, n))
			return kinds[i].kind;
	}
	return OK_NONE;
}

const char *origin_kind_name(enum origin_kind k)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(kinds); i++)
		if (kinds[i].kind == k)
			return kinds[i].name;
	return "?";
}

void origin_fold(struct vakt_buf *out, const char *s, size_t n)
{
	bool space = false;
	size_t start = out->len;

	for (size_t i = 0; i < n; i++) {
		if (origin_space(s[i])) {
			space = true;
			continue;
		}
		if (space && out->len > start)
			vakt_buf_addc(out, ' ');
		space = false;
		vakt_buf_addc(out, s[i]);
	}
	if (!out->data)
		vakt_buf_add(out, "", 0);
}

/* Cut buildah's build-flag notes off the end of a folded created_by. */
static size_t cut_buildah_meta(const char *s, size_t n)
{
	size_t cut = n;

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(buildah_meta); i++) {
		const char *m = memmem(s, n, buildah_meta[i], strlen(buildah_meta[i]));

		if (m && (size_t)(m - s) < cut)
			cut = (size_t)(m - s);
	}
	while (cut && s[cut - 1] == ' ')
		cut--;
	return cut;
}

/* The first word of s[0..n) and where the rest starts. */
static size_t first_word(const char *s, size_t n, size_t *rest)
{
	size_t w = 0;

	while (w < n && s[w] != ' ')
		w++;
	*rest = w < n ? w + 1 : n;
	return w;
}

void origin_hist_parse(const char *created_by, struct origin_hist *h)
{
	static const char buildkit[] = " # buildkit";
	static const char nop[] = "#(nop) ";
	const char *s, *at;
	size_t n, w, rest;

	vakt_buf_reset(&h->buf);
	h->kind = OK_NONE;
	h->flavour = FL_SHELL;
	h->p = "";
	h->n = 0;
	if (!created_by)
		return;
	origin_fold(&h->buf, created_by, strlen(created_by));
	s = h->buf.data;
	n = h->buf.len;
	if (!n)
		return;
	/* BuildKit: "RUN ... # buildkit", "COPY ... # buildkit", and the metadata as is. */
	if (n > sizeof(buildkit) - 1 &&
	    !memcmp(s + n - (sizeof(buildkit) - 1), buildkit, sizeof(buildkit) - 1)) {
		n -= sizeof(buildkit) - 1;
		w = first_word(s, n, &rest);
		h->kind = origin_kind_of(s, w, true);
		h->flavour = FL_BUILDKIT;
		h->p = s + rest;
		h->n = n - rest;
		return;
	}
	w = first_word(s, n, &rest);
	if ((h->kind = origin_kind_of(s, w, true)) != OK_NONE) {
		h->flavour = FL_BUILDKIT;
		h->p = s + rest;
		h->n = n - rest;
		return;
	}
	/*
	 * "SHELL... #(nop) KEYWORD ...": the legacy builder and buildah. The
	 * shell before it has no quotes; a RUN that merely prints "#(nop) "
	 * has its quote or other words first.
	 */
	at = memmem(s, n, nop, sizeof(nop) - 1);
	if (at && at > s && at - s <= 256 && at[-1] == ' ' && !memchr(s, '"', (size_t)(at - s)) &&
	    !memchr(s, '\'', (size_t)(at - s))) {
		const char *p = at + sizeof(nop) - 1;
		size_t pn = n - (size_t)(p - s);

		pn = cut_buildah_meta(p, pn);
		w = first_word(p, pn, &rest);
		h->kind = origin_kind_of(p, w, false);
		h->flavour = FL_NOP;
		h->p = p + rest;
		h->n = pn > rest ? pn - rest : 0;
		return;
	}
	/* Anything else is a RUN as the legacy builder and buildah write it. */
	h->kind = OK_RUN;
	h->flavour = FL_SHELL;
	h->p = s;
	h->n = cut_buildah_meta(s, n);
}

void origin_hist_release(struct origin_hist *h)
{
	vakt_buf_release(&h->buf);
}

/* --- patterns: literal text with wildcards where a variable was --------------- */

void origin_pat_reset(struct origin_pat *p)
{
	vakt_buf_reset(&p->raw);
	p->n_any = 0;
}

void origin_pat_release(struct origin_pat *p)
{
	vakt_buf_release(&p->raw);
	vakt_buf_release(&p->folded);
	free(p->cuts);
	memset(p, 0, sizeof(*p));
}

void origin_pat_lit(struct origin_pat *p, const char *s)
{
	origin_pat_litn(p, s, strlen(s));
}

/* Literal text; a byte that is ORIGIN_ANY becomes '?', so that only origin_pat_any() loosens. */
void origin_pat_litn(struct origin_pat *p, const char *s, size_t n)
{
	size_t from = p->raw.len;

	vakt_buf_add(&p->raw, s, n);
	for (size_t i = from; i < p->raw.len; i++)
		if (p->raw.data[i] == ORIGIN_ANY)
			p->raw.data[i] = '?';
}

/* A wildcard: the byte ORIGIN_ANY in raw, matching any run of bytes. */
void origin_pat_any(struct origin_pat *p)
{
	vakt_buf_addc(&p->raw, ORIGIN_ANY);
	p->n_any++;
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

void origin_pat_word(struct origin_pat *p, const char *s)
{
	size_t i = 0, lit = 0;

	while (s[i]) {
		size_t end;

		if (s[i] != '$' || !(s[i + 1] == '{' || name_char(s[i + 1]))) {
			i++;
			continue;
		}
		origin_pat_litn(p, s + lit, i - lit);
		if (s[i + 1] == '{') {
			int depth = 0;

			for (end = i + 1; s[end]; end++) {
				if (s[end] == '{')
					depth++;
				else if (s[end] == '}' && --depth == 0)
					break;
			}
			end = s[end] ? end + 1 : end;
		} else {
			for (end = i + 1; name_char(s[end]); end++)
				;
		}
		origin_pat_any(p);
		i = lit = end;
	}
	origin_pat_litn(p, s + lit, i - lit);
}

/*
 * Match the folded pattern against h[0..n): the first literal piece at the
 * start, the last at the end, the ones between found leftmost in order
 * (leftmost is enough when wildcards match any run of bytes).
 */
bool origin_pat_match(struct origin_pat *p, const char *h, size_t n)
{
	const char *f;
	size_t fn, k = 0, pos = 0, nc = 0;

	vakt_buf_reset(&p->folded);
	origin_fold(&p->folded, p->raw.data ? p->raw.data : "", p->raw.len);
	f = p->folded.data;
	fn = p->folded.len;
	if (!p->n_any)
		return fn == n && !memcmp(f, h, n);
	/* Cut points: the wildcards in the folded text. */
	p->cuts = vakt_grow(p->cuts, sizeof(*p->cuts), p->n_any + 2, &p->cap_cuts);
	p->cuts[nc++] = 0;
	for (size_t i = 0; i < fn; i++)
		if (f[i] == ORIGIN_ANY)
			p->cuts[nc++] = i;
	for (k = 0; k < nc; k++) {
		size_t from = k ? p->cuts[k] + 1 : 0;
		size_t to = k + 1 < nc ? p->cuts[k + 1] : fn;
		size_t len = to - from;

		if (k == 0) {
			if (len > n || memcmp(f, h, len))
				return false;
			pos = len;
		} else if (k + 1 == nc) {
			if (len > n - pos || memcmp(f + from, h + n - len, len))
				return false;
			pos = n;
		} else if (len) {
			const char *at = memmem(h + pos, n - pos, f + from, len);

			if (!at)
				return false;
			pos = (size_t)(at - h) + len;
		}
	}
	return true;
}

/* --- Go's strconv.Quote, as CMD %q writes each element --------------------- */

void origin_go_quote(struct vakt_buf *b, const char *s)
{
	vakt_buf_addc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '"':
			vakt_buf_adds(b, "\\\"");
			break;
		case '\\':
			vakt_buf_adds(b, "\\\\");
			break;
		case '\a':
			vakt_buf_adds(b, "\\a");
			break;
		case '\b':
			vakt_buf_adds(b, "\\b");
			break;
		case '\f':
			vakt_buf_adds(b, "\\f");
			break;
		case '\n':
			vakt_buf_adds(b, "\\n");
			break;
		case '\r':
			vakt_buf_adds(b, "\\r");
			break;
		case '\t':
			vakt_buf_adds(b, "\\t");
			break;
		case '\v':
			vakt_buf_adds(b, "\\v");
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				vakt_buf_addf(b, "\\x%02x", c);
			else
				vakt_buf_addc(b, (char)c);
		}
	}
	vakt_buf_addc(b, '"');
}

/* --- paths -------------------------------------------------------------------- */

char *origin_path_clean(const char *path)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	const char *p = path;

	/* Only absolute paths come here: components joined with '/', "." and ".." folded. */
	while (*p) {
		size_t n;

		while (*p == '/')
			p++;
		for (n = 0; p[n] && p[n] != '/'; n++)
			;
		if (!n)
			break;
		if (n == 1 && p[0] == '.') {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (b.len && b.data[b.len - 1] != '/')
				b.len--;
			if (b.len)
				b.len--;
			if (b.data)
				b.data[b.len] = '\0';
		} else {
			vakt_buf_addc(&b, '/');
			vakt_buf_add(&b, p, n);
		}
		p += n;
	}
	if (!b.len)
		vakt_buf_addc(&b, '/');
	return vakt_buf_detach(&b);
}
