/* SPDX-License-Identifier: MIT */
/*
 * Identity rules: who the final image runs as (DF001-DF004). They judge the
 * final stage together with the stages it builds on through FROM <stage>,
 * since USER is inherited along that chain; build stages are not judged.
 */
#include "df-check-sec.h"

/* One USER of the final chain. */
struct user_at {
	size_t at; /* instruction index */
	int stage;
	const struct df_word *word;
	char *value; /* owned; expanded, NULL when a variable is unresolved */
};

struct users {
	struct user_at *v;
	size_t n;
	size_t cap;
	int *chain; /* owned; final stage first */
	size_t n_chain;
};

/* The USERs of the final chain in build order (the first ancestor's first). */
static void users_collect(const struct df_file *f, struct users *u)
{
	memset(u, 0, sizeof(*u));
	if (f->final_stage < 0 || !f->n_stages)
		return;
	u->chain = vakt_xcalloc(f->n_stages, sizeof(*u->chain));
	u->n_chain = df_sec_final_chain(f, u->chain);
	for (size_t c = u->n_chain; c-- > 0;) {
		const struct df_stage *st = &f->stages[u->chain[c]];

		for (size_t i = st->from; i < st->end && i < f->n_instrs; i++) {
			const struct df_instr *in = &f->instrs[i];
			struct user_at *ua;

			if (in->kind != DF_USER || in->n_args < 1)
				continue;
			u->v = vakt_grow(u->v, sizeof(*u->v), u->n + 1, &u->cap);
			ua = &u->v[u->n++];
			ua->at = i;
			ua->stage = u->chain[c];
			ua->word = &in->args[0];
			ua->value = df_file_word(f, in->stage, i, &in->args[0], false);
		}
	}
}

static void users_release(struct users *u)
{
	for (size_t i = 0; i < u->n; i++)
		free(u->v[i].value);
	free(u->v);
	free(u->chain);
	memset(u, 0, sizeof(*u));
}

/* Length of the user part of "user[:group]". */
static size_t user_len(const char *v)
{
	return strcspn(v, ":");
}

static bool all_digits_n(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* root, 0, 00, root:x, 0:0 ... */
static bool is_root(const char *v)
{
	size_t n = user_len(v);

	if (n == 4 && !memcmp(v, "root", 4))
		return true;
	if (!all_digits_n(v, n))
		return false;
	for (size_t i = 0; i < n; i++)
		if (v[i] != '0')
			return false;
	return true;
}

/* A base image documented to run as a non-root user by default. */
static bool base_runs_nonroot(const char *image)
{
	struct vakt_imageref r;
	bool yes;

	if (!image || vakt_imageref_parse(image, &r, NULL))
		return false;
	yes = vakt_imageref_runs_nonroot(&r);
	vakt_imageref_release(&r);
	return yes;
}

/* Whether word names a privilege-dropping helper: gosu, su-exec, or a path ending in one. */
static bool drop_helper_word(const char *w)
{
	static const char *const helpers[] = {"gosu", "su-exec"};
	const char *base = strrchr(w, '/');

	base = base ? base + 1 : w;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(helpers); i++)
		if (!strcmp(base, helpers[i]))
			return true;
	return false;
}

/*
 * Whether the final chain installs gosu or su-exec (a RUN naming one, a COPY
 * or ADD of one) and starts through an ENTRYPOINT: the docker-library
 * pattern of an entrypoint that prepares as root, then runs the server as
 * its own user (postgres, redis, mysql, mongo, rabbitmq).
 */
static bool entrypoint_drops(const struct df_file *f, const struct users *u)
{
	bool helper = false, entry = false;

	for (size_t c = 0; c < u->n_chain; c++) {
		const struct df_stage *st = &f->stages[u->chain[c]];

		for (size_t i = st->from; i < st->end && i < f->n_instrs; i++) {
			const struct df_instr *in = &f->instrs[i];

			entry = entry || in->kind == DF_ENTRYPOINT;
			for (size_t k = 0; !helper && in->kind == DF_RUN && k < in->sh.n; k++)
				for (size_t a = 0; !helper && a < in->sh.cmds[k].argc; a++)
					helper = drop_helper_word(in->sh.cmds[k].argv[a].text);
			for (size_t a = 0; !helper && (in->kind == DF_COPY || in->kind == DF_ADD) &&
			                   a < in->n_args;
			     a++)
				helper = in->args[a].value && drop_helper_word(in->args[a].value);
		}
	}
	return helper && entry;
}

/* DF001: no USER in the final stage nor in the stages it builds on. */
void df_check_sec_no_user(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;
	const struct df_stage *final, *root;
	struct users u;
	const char *image;
	bool scratch;

	users_collect(f, &u);
	if (!u.n_chain || u.n) {
		users_release(&u);
		return;
	}
	final = &f->stages[u.chain[0]];
	root = &f->stages[u.chain[u.n_chain - 1]];
	image = df_sec_stage_image(root, &scratch);
	if (!scratch && base_runs_nonroot(image)) {
		users_release(&u);
		return;
	}
	{
		struct vakt_span sp =
		    final->image ? final->image->span : f->instrs[final->from].span;
		const char *written =
		    root->image && root->image->value ? root->image->value : "the base image";
		char *via = NULL;

		if (u.n_chain > 1) {
			char *label = df_sec_stage_label(f, root->index);

			via = vakt_xasprintf(", nor does %s it builds on", label);
			free(label);
		}
		if (scratch)
			vakt_check_emit(
			    ctx, &sp, NULL,
			    "the final stage sets no USER%s and starts FROM scratch, so "
			    "its process runs as UID 0 (root): add a numeric USER such "
			    "as USER 10001",
			    via ? via : "");
		else if (entrypoint_drops(f, &u)) {
			/* The server is not root; the entrypoint's start and docker exec are. */
			vakt_check_emit(ctx, &sp, NULL,
			                "the final stage sets no USER%s: the container starts as "
			                "root, and the gosu/su-exec it installs lets its "
			                "ENTRYPOINT run the service as another user; make sure "
			                "the entrypoint always drops, or add USER 10001 if the "
			                "image can run unprivileged from the start",
			                via ? via : "");
			vakt_check_lower(ctx, 2);
		} else
			vakt_check_emit(ctx, &sp, NULL,
			                "the final stage sets no USER%s, so the container runs as "
			                "the user of '%.*s', which is root for almost every base "
			                "image: add a non-root USER such as USER 10001",
			                via ? via : "", DF_SEC_MSG_MAX, image ? image : written);
		free(via);
	}
	users_release(&u);
}

/*
 * The last USER of the final chain when it is root: returns its index in
 * u->v and sets *earlier to the last non-root USER before it (or -1).
 * Returns -1 when the image does not end as root (or cannot be known).
 */
static long last_root(const struct users *u, long *earlier)
{
	const struct user_at *last;

	*earlier = -1;
	if (!u->n)
		return -1;
	last = &u->v[u->n - 1];
	if (!last->value || !is_root(last->value))
		return -1;
	for (size_t i = u->n - 1; i-- > 0;) {
		if (u->v[i].value && !is_root(u->v[i].value)) {
			*earlier = (long)i;
			break;
		}
	}
	return (long)(u->n - 1);
}

/* " (set in stage 'x', which the final stage builds on)" or ""; the caller frees it. */
static char *inherited_note(const struct df_file *f, const struct users *u,
                            const struct user_at *ua)
{
	char *label, *s;

	if (!u->n_chain || ua->stage == u->chain[0])
		return vakt_xstrdup("");
	label = df_sec_stage_label(f, ua->stage);
	s = vakt_xasprintf(" (set in %s, which the final stage builds on)", label);
	free(label);
	return s;
}

/* " ('$X' resolves to 'root')" when a variable was expanded; the caller frees it. */
static char *resolved_note(const struct user_at *ua)
{
	if (!ua->word->raw || !strchr(ua->word->raw, '$'))
		return vakt_xstrdup("");
	return vakt_xasprintf(" ('%.*s' resolves to '%.*s')", DF_SEC_MSG_MAX, ua->word->raw,
	                      DF_SEC_MSG_MAX, ua->value);
}

/* DF002: the image ends as root, and never was anything else. */
void df_check_sec_root_user(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;
	struct users u;
	long last, earlier;

	users_collect(f, &u);
	last = last_root(&u, &earlier);
	if (last >= 0 && earlier < 0) {
		const struct user_at *ua = &u.v[last];
		char *inh = inherited_note(f, &u, ua), *res = resolved_note(ua);

		vakt_check_emit(ctx, &ua->word->span, NULL,
		                "USER %.*s%s makes root the user the container runs as%s: "
		                "switch to a non-root user such as USER 10001",
		                DF_SEC_MSG_MAX, ua->word->value ? ua->word->value : ua->value, res,
		                inh);
		free(inh);
		free(res);
	}
	users_release(&u);
}

/* DF003: the image switches back to root after a non-root USER and stays there. */
void df_check_sec_back_to_root(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;
	struct users u;
	long last, earlier;

	users_collect(f, &u);
	last = last_root(&u, &earlier);
	if (last >= 0 && earlier >= 0) {
		const struct user_at *ua = &u.v[last], *prev = &u.v[earlier];
		char *res = resolved_note(ua);

		vakt_check_emit(ctx, &ua->word->span, NULL,
		                "USER %.*s%s switches back to root after USER %.*s at line %d, and "
		                "no later USER switches away again: the container runs as root; "
		                "add USER %.*s after the steps that need root",
		                DF_SEC_MSG_MAX, ua->word->value ? ua->word->value : ua->value, res,
		                DF_SEC_MSG_MAX, prev->value, df_sec_line(f, prev->at),
		                DF_SEC_MSG_MAX, prev->value);
		free(res);
	}
	users_release(&u);
}

/* DF004: the final USER is a name, which runAsNonRoot cannot verify. */
void df_check_sec_named_user(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;
	struct users u;
	const struct user_at *ua;

	users_collect(f, &u);
	if (!u.n) {
		users_release(&u);
		return;
	}
	ua = &u.v[u.n - 1];
	if (ua->value && !is_root(ua->value) && !all_digits_n(ua->value, user_len(ua->value))) {
		char *inh = inherited_note(f, &u, ua);
		int n = (int)user_len(ua->value);

		vakt_check_emit(ctx, &ua->word->span, NULL,
		                "USER %.*s names the user instead of its numeric UID%s: Kubernetes "
		                "runAsNonRoot cannot verify a name and refuses to start the "
		                "container; use the UID, e.g. USER 10001:10001, after creating "
		                "'%.*s' with that UID",
		                DF_SEC_MSG_MAX, ua->value, inh,
		                n < DF_SEC_MSG_MAX ? n : DF_SEC_MSG_MAX, ua->value);
		free(inh);
	}
	users_release(&u);
}
