/* SPDX-License-Identifier: MIT */
/*
 * One logical instruction (continuations already joined) into a struct
 * df_instr: keyword, flags, exec or shell form, words, key/value pairs, the
 * per-instruction argument checks BuildKit makes, and ONBUILD triggers. The
 * splitting rules are BuildKit's (frontend/dockerfile/parser), re-implemented.
 */
#include "df-parse-priv.h"

static const struct {
	const char *name;
	enum df_kind kind;
	const char *usage;
} instr_table[] = {
    {"FROM", DF_FROM, "FROM [--platform=<platform>] <image> [AS <name>]"},
    {"RUN", DF_RUN, "RUN [flags] <command>"},
    {"CMD", DF_CMD, "CMD <command>"},
    {"ENTRYPOINT", DF_ENTRYPOINT, "ENTRYPOINT <command>"},
    {"COPY", DF_COPY, "COPY [flags] <source>... <destination>"},
    {"ADD", DF_ADD, "ADD [flags] <source>... <destination>"},
    {"ENV", DF_ENV, "ENV <name>=<value>..."},
    {"ARG", DF_ARG, "ARG <name>[=<default>]..."},
    {"USER", DF_USER, "USER <user>[:<group>]"},
    {"WORKDIR", DF_WORKDIR, "WORKDIR <path>"},
    {"EXPOSE", DF_EXPOSE, "EXPOSE <port>[/<protocol>]..."},
    {"VOLUME", DF_VOLUME, "VOLUME <path>..."},
    {"LABEL", DF_LABEL, "LABEL <key>=<value>..."},
    {"HEALTHCHECK", DF_HEALTHCHECK, "HEALTHCHECK [flags] CMD <command>' or 'HEALTHCHECK NONE"},
    {"SHELL", DF_SHELL, "SHELL [\"<executable>\", \"<parameter>\"...]"},
    {"STOPSIGNAL", DF_STOPSIGNAL, "STOPSIGNAL <signal>"},
    {"ONBUILD", DF_ONBUILD, "ONBUILD <instruction>"},
    {"MAINTAINER", DF_MAINTAINER, "MAINTAINER <name>"},
};

const char *df_kind_name(enum df_kind k)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(instr_table); i++)
		if (instr_table[i].kind == k)
			return instr_table[i].name;
	return "UNKNOWN";
}

static const char *instr_usage(enum df_kind k)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(instr_table); i++)
		if (instr_table[i].kind == k)
			return instr_table[i].usage;
	return "";
}

static enum df_kind instr_kind(const char *s, size_t n)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(instr_table); i++)
		if (strlen(instr_table[i].name) == n &&
		    !vakt_strncasecmp(s, instr_table[i].name, n))
			return instr_table[i].kind;
	return DF_UNKNOWN;
}

/* End of the word starting at s[i] (quotes and escapes respected). */
static size_t word_end(const char *s, size_t i, size_t n, char escape, bool escape_in_squote)
{
	char quote = 0;

	while (i < n) {
		char c = s[i];

		if (!quote && df_is_space(c))
			break;
		if (c == escape && (!quote || quote == '"' || escape_in_squote)) {
			i += i + 1 < n ? 2 : 1;
			continue;
		}
		if (!quote && (c == '\'' || c == '"'))
			quote = c;
		else if (quote && c == quote)
			quote = 0;
		i++;
	}
	return i;
}

void df_split_words(const char *s, size_t n, char escape, df_word_fn fn, void *data)
{
	size_t i = 0;

	for (;;) {
		size_t start;

		i += df_lex_skip_space(s + i, n - i);
		if (i >= n)
			return;
		start = i;
		i = word_end(s, i, n, escape, false);
		fn(start, i - start, data);
	}
}

size_t df_unquote(const char *s, size_t n, char escape, char *out)
{
	size_t i = 0, o = 0;

	while (i < n) {
		char c = s[i];

		if (c == '\'') {
			for (i++; i < n && s[i] != '\''; i++)
				out[o++] = s[i];
			i += i < n;
		} else if (c == '"') {
			for (i++; i < n && s[i] != '"'; i++) {
				if (s[i] == escape) {
					if (i + 1 >= n)
						break; /* a lone escape at the end is dropped */
					if (s[i + 1] == '"' || s[i + 1] == '$' ||
					    s[i + 1] == escape)
						i++;
				}
				out[o++] = s[i];
			}
			i += i < n;
		} else if (c == escape) {
			if (i + 1 < n)
				out[o++] = s[i + 1];
			i += 2;
		} else {
			out[o++] = c;
			i++;
		}
	}
	out[o] = '\0';
	return o;
}

/* State while one instruction is being built. */
struct instr_build {
	struct df_parser *p;
	struct df_scratch *sc;
	struct df_instr *in;
	int depth;
};

static void build_error_at(struct instr_build *b, size_t off, const char *fmt, ...)
    VAKT_PRINTF(3, 4);

static void build_error_at(struct instr_build *b, size_t off, const char *fmt, ...)
{
	struct vakt_buf msg = VAKT_BUF_INIT;
	int line, col;
	va_list ap;

	if (b->in->text.n_segs) {
		shell_text_pos(&b->in->text, off, &line, &col);
	} else {
		line = b->in->span.line;
		col = b->in->span.column;
	}
	va_start(ap, fmt);
	vakt_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	df_parser_error(b->p, line, col, "%s", vakt_buf_str(&msg));
	vakt_buf_release(&msg);
}

/* An error at the keyword: the arguments are missing or wrong as a whole. */
static void build_usage_error(struct instr_build *b, const char *what)
{
	const struct df_instr *in = b->in;

	if (in->text.len)
		df_parser_error(b->p, in->span.line, in->span.column,
		                "cannot parse %s '%.*s%s': %s'%s'", df_kind_name(in->kind),
		                df_msg_len(in->text.len), in->text.s, df_msg_more(in->text.len),
		                what ? what : "expected ", instr_usage(in->kind));
	else
		df_parser_error(b->p, in->span.line, in->span.column,
		                "missing arguments for %s: expected '%s'", df_kind_name(in->kind),
		                instr_usage(in->kind));
}

static struct df_word *build_push_word(struct instr_build *b, size_t off, size_t len)
{
	struct df_scratch *sc = b->sc;
	struct df_word *w;

	sc->words = vakt_grow(sc->words, sizeof(*sc->words), sc->n_words + 1, &sc->cap_words);
	sc->wpos = vakt_grow(sc->wpos, sizeof(*sc->wpos), sc->n_words + 1, &sc->cap_wpos);
	sc->wpos[sc->n_words].off = off;
	sc->wpos[sc->n_words].len = len;
	w = &sc->words[sc->n_words++];
	w->span = shell_text_span(&b->in->text, off, len);
	return w;
}

/*
 * The unquoted value of raw (s[0..len) copied): raw itself when there is
 * nothing to unquote, as for most words, so that a word costs one copy.
 */
static char *word_value(struct instr_build *b, const char *s, size_t len, char *raw)
{
	char *v;

	if (!memchr(s, '\'', len) && !memchr(s, '"', len) && !memchr(s, b->p->escape, len))
		return raw;
	v = df_arena_alloc(&b->p->fp->arena, len + 1);
	df_unquote(s, len, b->p->escape, v);
	return v;
}

/* A shell-form word: raw as written, value unquoted. */
static void build_word(struct instr_build *b, size_t off, size_t len)
{
	struct df_arena *a = &b->p->fp->arena;
	const char *s = b->in->text.s + off;
	struct df_word *w = build_push_word(b, off, len);

	w->raw = df_arena_strndup(a, s, len);
	w->value = word_value(b, s, len, w->raw);
}

struct words_ctx {
	struct instr_build *b;
	size_t from; /* offset of the split text in the instruction text */
};

static void build_word_cb(size_t off, size_t len, void *data)
{
	struct words_ctx *wc = data;

	build_word(wc->b, wc->from + off, len);
}

/* Split text[from..] into words. */
static void build_words(struct instr_build *b, size_t from)
{
	struct words_ctx wc = {b, from};
	const struct shell_text *t = &b->in->text;

	if (from < t->len)
		df_split_words(t->s + from, t->len - from, b->p->escape, build_word_cb, &wc);
}

/*
 * Exec form: text[from..] as a JSON array of strings. Returns the JSON
 * verdict; on DF_JSON_OK the elements are the words.
 */
static enum df_json_result build_exec_form(struct instr_build *b, size_t from)
{
	struct df_scratch *sc = b->sc;
	const struct shell_text *t = &b->in->text;
	size_t count = 0;
	enum df_json_result r;

	if (from >= t->len || t->s[from] != '[')
		return DF_JSON_INVALID;
	r = df_json_parse_array(&b->p->fp->arena, t->s + from, t->len - from, &sc->elems,
	                        &sc->cap_elems, &count);
	if (r != DF_JSON_OK)
		return r;
	for (size_t i = 0; i < count; i++) {
		size_t off = from + sc->elems[i].off, len = sc->elems[i].len;
		struct df_word *w = build_push_word(b, off, len);

		w->raw = df_arena_strndup(&b->p->fp->arena, t->s + off, len);
		w->value = sc->elems[i].value;
	}
	b->in->exec_form = true;
	return r;
}

/* JSON if it is JSON, else shell-form words; a non-string element is an error. */
static void build_maybe_json(struct instr_build *b, size_t from)
{
	enum df_json_result r = build_exec_form(b, from);

	if (r == DF_JSON_OK)
		return;
	if (r == DF_JSON_NOT_STRINGS)
		build_error_at(b, from,
		               "cannot parse %s: a JSON array must hold only strings, e.g. "
		               "[\"executable\", \"parameter\"]",
		               df_kind_name(b->in->kind));
	build_words(b, from);
}

/* Append a key/value pair from text ranges; vlen == SIZE_MAX means no value. */
static void build_kv(struct instr_build *b, size_t koff, size_t klen, size_t voff, size_t vlen,
                     bool legacy)
{
	struct df_scratch *sc = b->sc;
	struct df_arena *a = &b->p->fp->arena;
	const struct shell_text *t = &b->in->text;
	struct df_kv *kv;

	sc->kvs = vakt_grow(sc->kvs, sizeof(*sc->kvs), sc->n_kvs + 1, &sc->cap_kvs);
	kv = &sc->kvs[sc->n_kvs++];
	memset(kv, 0, sizeof(*kv));
	kv->legacy = legacy;
	kv->key.raw = df_arena_strndup(a, t->s + koff, klen);
	kv->key.value = word_value(b, t->s + koff, klen, kv->key.raw);
	kv->key.span = shell_text_span(t, koff, klen);
	if (vlen == SIZE_MAX) {
		kv->value.span = kv->key.span;
		return;
	}
	kv->value.raw = df_arena_strndup(a, t->s + voff, vlen);
	kv->value.value = word_value(b, t->s + voff, vlen, kv->value.raw);
	kv->value.span = shell_text_span(t, voff, vlen);
}

/* ENV and LABEL (legacy "KEY name value" allowed) and ARG (name[=value]...). */
static void build_kvs(struct instr_build *b, bool is_arg)
{
	struct df_scratch *sc = b->sc;
	const struct shell_text *t = &b->in->text;
	size_t n;

	build_words(b, 0);
	n = sc->n_words;
	if (!n) {
		build_usage_error(b, NULL);
		return;
	}
	if (!is_arg && !memchr(t->s + sc->wpos[0].off, '=', sc->wpos[0].len)) {
		/* Legacy form: the name up to the first blank, the value is the rest. */
		size_t k = 0, v;

		while (k < t->len && !df_is_space(t->s[k]))
			k++;
		v = k + df_lex_skip_space(t->s + k, t->len - k);
		if (v >= t->len) {
			build_error_at(
			    b, 0, "missing value for %s '%.*s%s': expected '%s %.*s=<value>'",
			    df_kind_name(b->in->kind), df_msg_len(k), t->s, df_msg_more(k),
			    df_kind_name(b->in->kind), df_msg_len(k), t->s);
			build_kv(b, 0, k, 0, SIZE_MAX, true);
			return;
		}
		build_kv(b, 0, k, v, t->len - v, true);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		size_t off = sc->wpos[i].off, len = sc->wpos[i].len;
		const char *eq = memchr(t->s + off, '=', len);

		if (!eq) {
			if (is_arg) {
				build_kv(b, off, len, 0, SIZE_MAX, false);
				continue;
			}
			build_error_at(b, off, "missing '=' in '%.*s%s': expected <name>=<value>",
			               df_msg_len(len), t->s + off, df_msg_more(len));
			continue;
		}
		if (eq == t->s + off) {
			build_error_at(b, off, "missing name in '%.*s%s': expected <name>=<value>",
			               df_msg_len(len), t->s + off, df_msg_more(len));
			continue;
		}
		build_kv(b, off, (size_t)(eq - (t->s + off)), (size_t)(eq - t->s) + 1,
		         len - (size_t)(eq - (t->s + off)) - 1, false);
	}
}

/* FROM image [AS name]; the name's spelling is for a rule to judge (DF094). */
static void build_from(struct instr_build *b)
{
	struct df_scratch *sc = b->sc;

	build_words(b, 0);
	if (sc->n_words == 1 || (sc->n_words == 3 && !vakt_strcasecmp(sc->words[1].value, "as")))
		return;
	build_usage_error(b, NULL);
}

static void build_healthcheck(struct instr_build *b)
{
	const struct shell_text *t = &b->in->text;
	size_t k = 0, rest;
	const char *type;

	while (k < t->len && !df_is_space(t->s[k]))
		k++;
	if (!k) {
		build_usage_error(b, NULL);
		return;
	}
	build_word(b, 0, k);
	type = b->sc->words[0].value;
	rest = k + df_lex_skip_space(t->s + k, t->len - k);
	if (!vakt_strcasecmp(type, "NONE")) {
		if (rest < t->len)
			build_error_at(b, rest,
			               "unexpected arguments after HEALTHCHECK NONE: "
			               "expected nothing");
		build_words(b, rest);
		return;
	}
	if (vakt_strcasecmp(type, "CMD")) {
		build_error_at(b, 0, "unknown HEALTHCHECK type '%.*s%s': expected CMD or NONE",
		               df_msg_len(k), t->s, df_msg_more(k));
		build_words(b, rest);
		return;
	}
	if (rest >= t->len) {
		build_error_at(b, 0, "missing command after HEALTHCHECK CMD: expected '%s'",
		               instr_usage(DF_HEALTHCHECK));
		return;
	}
	build_maybe_json(b, rest);
}

static void build_onbuild(struct instr_build *b)
{
	struct df_instr *in = b->in;

	if (!in->text.len) {
		build_usage_error(b, NULL);
		return;
	}
	/* Deeper triggers (ONBUILD ONBUILD ONBUILD x) are kept as text only. */
	if (b->depth >= DF_MAX_ONBUILD_DEPTH)
		return;
	in->onbuild = df_arena_zalloc(&b->p->fp->arena, sizeof(*in->onbuild));
	if (!df_instr_parse(b->p, &in->text, b->depth + 1, in->onbuild))
		in->onbuild = NULL;
	else
		in->onbuild->stage = -1;
}

/* Per-kind arguments and checks on in->text. */
static void build_args(struct instr_build *b)
{
	struct df_instr *in = b->in;
	struct df_scratch *sc = b->sc;

	switch (in->kind) {
	case DF_FROM:
		build_from(b);
		break;
	case DF_RUN:
		build_maybe_json(b, 0);
		if (!in->text.len)
			build_usage_error(b, NULL);
		break;
	case DF_CMD:
	case DF_ENTRYPOINT:
		build_maybe_json(b, 0);
		break;
	case DF_SHELL:
		if (build_exec_form(b, 0) != DF_JSON_OK) {
			build_usage_error(b, "expected a JSON array: ");
			build_words(b, 0);
		} else if (!sc->n_words) {
			build_usage_error(b, "expected at least the executable: ");
		}
		break;
	case DF_COPY:
	case DF_ADD:
		build_maybe_json(b, 0);
		if (!in->text.len)
			build_usage_error(b, NULL);
		else if (sc->n_words < 2)
			build_usage_error(b, "missing destination: expected ");
		break;
	case DF_VOLUME:
		build_maybe_json(b, 0);
		if (!sc->n_words)
			build_usage_error(b, NULL);
		break;
	case DF_ENV:
	case DF_LABEL:
		build_kvs(b, false);
		break;
	case DF_ARG:
		build_kvs(b, true);
		break;
	case DF_HEALTHCHECK:
		build_healthcheck(b);
		break;
	case DF_ONBUILD:
		build_onbuild(b);
		break;
	case DF_USER:
	case DF_WORKDIR:
	case DF_EXPOSE:
	case DF_STOPSIGNAL:
	case DF_MAINTAINER:
		build_words(b, 0);
		if (!sc->n_words)
			build_usage_error(b, NULL);
		break;
	case DF_UNKNOWN:
		build_words(b, 0);
		break;
	}
}

/*
 * Flags before the arguments, as BuildKit's extractBuilderFlags: words that
 * start with "--", quotes removed; a lone "--" ends them. Returns the offset
 * of the first argument in lt.
 */
static size_t build_flags(struct instr_build *b, const struct shell_text *lt, size_t i, size_t end)
{
	struct df_scratch *sc = b->sc;
	struct df_arena *a = &b->p->fp->arena;
	char escape = b->p->escape;

	for (;;) {
		size_t start, we, n;
		char *word;
		const char *eq;
		struct df_flag *fl;

		i += df_lex_skip_space(lt->s + i, end - i);
		if (i >= end || lt->s[i] != '-' || i + 1 >= end || lt->s[i + 1] != '-')
			return i;
		start = i;
		we = word_end(lt->s, i, end, escape, true);
		word = df_arena_alloc(a, we - start + 1);
		/* Quotes go, an escaped character stays (in any quote). */
		{
			char quote = 0;
			size_t o = 0;

			for (size_t k = start; k < we; k++) {
				char c = lt->s[k];

				if (c == escape) {
					if (k + 1 < we)
						word[o++] = lt->s[++k];
					continue;
				}
				if (!quote && (c == '\'' || c == '"')) {
					quote = c;
					continue;
				}
				if (quote && c == quote) {
					quote = 0;
					continue;
				}
				word[o++] = c;
			}
			word[o] = '\0';
			n = o;
		}
		if (n == 2 && !strcmp(word, "--"))
			return we + df_lex_skip_space(lt->s + we, end - we);
		sc->flags =
		    vakt_grow(sc->flags, sizeof(*sc->flags), sc->n_flags + 1, &sc->cap_flags);
		fl = &sc->flags[sc->n_flags++];
		eq = strchr(word + 2, '=');
		if (eq) {
			fl->name = df_arena_strndup(a, word + 2, (size_t)(eq - word - 2));
			fl->value = word + (eq - word) + 1;
		} else {
			fl->name = word + 2;
			fl->value = NULL;
		}
		fl->span = shell_text_span(lt, start, we - start);
		i = we;
	}
}

static void *scratch_commit(struct df_arena *a, const void *v, size_t n, size_t elem)
{
	return n ? df_arena_memdup(a, v, n * elem) : NULL;
}

bool df_instr_parse(struct df_parser *p, const struct shell_text *lt, int depth,
                    struct df_instr *out)
{
	struct instr_build b = {p, &p->scratch[depth], out, depth};
	struct df_arena *a = &p->fp->arena;
	size_t k0, k1, t0, end = lt->len;

	b.sc->n_words = b.sc->n_flags = b.sc->n_kvs = 0;
	while (end && df_is_space(lt->s[end - 1]))
		end--;
	k0 = df_lex_skip_space(lt->s, end);
	if (k0 >= end)
		return false;
	k1 = k0;
	while (k1 < end && !df_is_space(lt->s[k1]))
		k1++;
	out->keyword = df_arena_strndup(a, lt->s + k0, k1 - k0);
	out->kind = instr_kind(lt->s + k0, k1 - k0);
	out->span = shell_text_span(lt, k0, end - k0);
	out->stage = -1;
	t0 = build_flags(&b, lt, k1, end);
	df_text_copy_range(a, lt, t0, end - t0, &out->text);
	out->flags = scratch_commit(a, b.sc->flags, b.sc->n_flags, sizeof(*out->flags));
	out->n_flags = b.sc->n_flags;
	if (out->kind == DF_UNKNOWN)
		df_parser_error(p, out->span.line, out->span.column,
		                "unknown instruction '%.*s%s' (expected one of FROM, RUN, CMD, "
		                "ENTRYPOINT, COPY, ADD, ENV, ARG, USER, WORKDIR, EXPOSE, VOLUME, "
		                "LABEL, HEALTHCHECK, SHELL, STOPSIGNAL, ONBUILD, MAINTAINER)",
		                df_msg_len(k1 - k0), out->keyword, df_msg_more(k1 - k0));
	build_args(&b);
	out->args = scratch_commit(a, b.sc->words, b.sc->n_words, sizeof(*out->args));
	out->n_args = b.sc->n_words;
	out->kvs = scratch_commit(a, b.sc->kvs, b.sc->n_kvs, sizeof(*out->kvs));
	out->n_kvs = b.sc->n_kvs;
	return true;
}

/* Collects the words of a text for the heredoc marker search. */
struct marker_search {
	struct df_parser *p;
	const struct df_instr *in;
	struct df_marker **v;
	size_t *cap;
	size_t n;
};

static void marker_word_cb(size_t off, size_t len, void *data)
{
	struct marker_search *ms = data;
	const char *w = ms->in->text.s + off;
	size_t i = 0, lt;
	bool strip = false, quoted;
	struct df_marker *m;

	while (i < len && w[i] >= '0' && w[i] <= '9')
		i++;
	if (len - i < 3 || w[i] != '<' || w[i + 1] != '<')
		return;
	lt = i;
	i += 2;
	if (w[i] == '-') {
		strip = true;
		i++;
	}
	if (i >= len || memchr(w + i, '<', len - i))
		return;
	quoted = memchr(w + i, '\'', len - i) || memchr(w + i, '"', len - i) ||
	         memchr(w + i, '\\', len - i);
	*ms->v = vakt_grow(*ms->v, sizeof(**ms->v), ms->n + 1, ms->cap);
	m = &(*ms->v)[ms->n++];
	m->off = off + lt;
	m->word_off = off;
	m->word_len = len;
	m->strip_tabs = strip;
	m->quoted = quoted;
	m->delim = df_arena_alloc(&ms->p->fp->arena, len - i + 1);
	df_unquote(w + i, len - i, '\\', m->delim);
}

size_t df_instr_markers(struct df_parser *p, const struct df_instr *in, struct df_marker **v,
                        size_t *cap)
{
	struct marker_search ms = {p, in, v, cap, 0};

	if (!memmem(in->text.s, in->text.len, "<<", 2))
		return 0;
	/* BuildKit's heredoc lexer always escapes with a backslash. */
	df_split_words(in->text.s, in->text.len, '\\', marker_word_cb, &ms);
	return ms.n;
}
