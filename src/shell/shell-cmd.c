/* SPDX-License-Identifier: MIT */
/*
 * Questions about one simple command of a script: its program's name, where
 * the real command starts behind wrappers (sudo, env, xargs, ...), whether it
 * has a flag, and which argument is the script of `sh -c SCRIPT`.
 */
#include "shell-priv.h"

static bool name_is(const char *name, const char *const *set)
{
	for (; *set; set++)
		if (!strcmp(name, *set))
			return true;
	return false;
}

static const char *base_name(const char *p)
{
	const char *slash = strrchr(p, '/');

	return slash ? slash + 1 : p;
}

/* Index of the script argument of `sh -c SCRIPT`, or SIZE_MAX. */
size_t shell_cmd_script_index(const struct shell_cmd *c)
{
	static const char *const shells[] = {"sh", "bash", "ash", "dash", "zsh", "ksh", NULL};
	size_t i;
	bool seen_c = false;

	if (c->argc < 3)
		return SIZE_MAX; /* at least: sh -c script */
	i = shell_cmd_skip_wrappers(c);

	if (i < c->argc && !strcmp(base_name(c->argv[i].text), "busybox"))
		i++;
	if (i >= c->argc || !name_is(base_name(c->argv[i].text), shells))
		return SIZE_MAX;

	for (i++; i < c->argc; i++) {
		const char *w = c->argv[i].text;

		if (!strcmp(w, "--")) {
			i++;
			break;
		}
		if ((w[0] != '-' && w[0] != '+') || !w[1])
			break;
		if (w[0] == '-' && w[1] == '-') {
			/* Long options; two of bash's take a file. */
			if (!strcmp(w, "--rcfile") || !strcmp(w, "--init-file"))
				i++;
			continue;
		}
		for (const char *p = w + 1; *p; p++) {
			if (*p == 'c' && w[0] == '-')
				seen_c = true;
			else if (*p == 'o' || *p == 'O') {
				i++; /* -o option-name */
				break;
			}
		}
	}
	return seen_c && i < c->argc ? i : SIZE_MAX;
}

const char *shell_cmd_name(const struct shell_cmd *c)
{
	if (!c || !c->argc)
		return "";
	return base_name(c->argv[0].text);
}

/*
 * Skip the options of a wrapper starting at i: short letters in `arg_shorts`
 * and long names in `arg_longs` take a value (attached or the next word).
 * Returns the index of the first operand.
 */
static size_t skip_options(const struct shell_cmd *c, size_t i, const char *arg_shorts,
                           const char *const *arg_longs)
{
	while (i < c->argc) {
		const char *w = c->argv[i].text;

		if (w[0] != '-' || !w[1])
			break;
		i++;
		if (!strcmp(w, "--"))
			break;
		if (w[1] == '-') {
			if (arg_longs && !strchr(w, '=') && name_is(w + 2, arg_longs))
				i++;
			continue;
		}
		for (const char *p = w + 1; *p; p++) {
			if (strchr(arg_shorts, *p)) {
				if (!p[1])
					i++;
				break;
			}
		}
	}
	return i < c->argc ? i : c->argc;
}

static size_t skip_assignments(const struct shell_cmd *c, size_t i)
{
	while (i < c->argc) {
		const char *w = c->argv[i].text;
		size_t k = 0;

		if (!is_name_start(w[0]))
			break;
		while (is_name_char(w[k]))
			k++;
		if (w[k] != '=')
			break;
		i++;
	}
	return i;
}

/* Whether any short-option word before the first operand holds one of `letters`. */
static bool has_short_before_operand(const struct shell_cmd *c, size_t i, const char *letters)
{
	for (; i < c->argc; i++) {
		const char *w = c->argv[i].text;

		if (w[0] != '-' || !w[1] || w[1] == '-')
			return false;
		if (strpbrk(w + 1, letters))
			return true;
	}
	return false;
}

enum wrap_kind {
	WRAP_OPTIONS, /* options, then the command */
	WRAP_ASSIGNS, /* options and NAME=value words, then the command */
	WRAP_ENV,     /* env: also "-" alone */
	WRAP_COMMAND, /* command: -v and -V only look the name up */
	WRAP_OPERAND, /* options, one operand (timeout's duration), the command */
	WRAP_USER,    /* gosu USER command */
};

/* Programs that only run another command, and how to find it. */
static const struct wrapper {
	const char *name;
	enum wrap_kind kind;
	const char *arg_shorts;       /* short options that take a value */
	const char *const *arg_longs; /* long options that take a value (NULL-terminated) */
} wrappers[] = {
    {"sudo", WRAP_ASSIGNS, "CDghpRrTtUu",
     (const char *const[]){"user", "group", "host", "prompt", "role", "type", "close-from", "chdir",
                           "chroot", "other-user", "command-timeout", NULL}},
    {"doas", WRAP_OPTIONS, "uC", NULL},
    {"env", WRAP_ENV, "uCPS", (const char *const[]){"unset", "chdir", "split-string", NULL}},
    {"exec", WRAP_OPTIONS, "a", NULL},
    {"nice", WRAP_OPTIONS, "n", (const char *const[]){"adjustment", NULL}},
    {"ionice", WRAP_OPTIONS, "cnpPu",
     (const char *const[]){"class", "classdata", "pid", "pgid", "uid", NULL}},
    {"nohup", WRAP_OPTIONS, "", NULL},
    {"time", WRAP_OPTIONS, "fo", (const char *const[]){"format", "output", NULL}},
    {"command", WRAP_COMMAND, "", NULL},
    {"builtin", WRAP_OPTIONS, "", NULL},
    {"stdbuf", WRAP_OPTIONS, "ioe", (const char *const[]){"input", "output", "error", NULL}},
    {"xargs", WRAP_OPTIONS, "adEILnPs",
     (const char *const[]){"arg-file", "delimiter", "eof", "replace", "max-lines", "max-args",
                           "max-procs", "max-chars", "process-slot-var", NULL}},
    {"timeout", WRAP_OPERAND, "sk", (const char *const[]){"signal", "kill-after", NULL}},
    {"setsid", WRAP_OPTIONS, "", NULL},
    {"eatmydata", WRAP_OPTIONS, "", NULL},
    {"unbuffer", WRAP_OPTIONS, "", NULL},
    {"gosu", WRAP_USER, "", NULL},
    {"su-exec", WRAP_USER, "", NULL},
};

static const struct wrapper *find_wrapper(const char *name)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(wrappers); i++)
		if (wrappers[i].name[0] == name[0] && !strcmp(wrappers[i].name, name))
			return &wrappers[i];
	return NULL;
}

size_t shell_cmd_skip_wrappers(const struct shell_cmd *c)
{
	return c ? c->prog : 0;
}

size_t shell_cmd_find_prog(const struct shell_cmd *c)
{
	size_t i = 0;

	while (i < c->argc) {
		const struct wrapper *w = find_wrapper(base_name(c->argv[i].text));
		size_t next = i + 1;

		if (!w)
			return i;
		switch (w->kind) {
		case WRAP_ENV:
			while (next < c->argc && !strcmp(c->argv[next].text, "-"))
				next++;
			next =
			    skip_assignments(c, skip_options(c, next, w->arg_shorts, w->arg_longs));
			break;
		case WRAP_ASSIGNS:
			next =
			    skip_assignments(c, skip_options(c, next, w->arg_shorts, w->arg_longs));
			break;
		case WRAP_COMMAND:
			if (has_short_before_operand(c, next, "vV"))
				return c->argc;
			next = skip_options(c, next, w->arg_shorts, w->arg_longs);
			break;
		case WRAP_OPERAND:
			next = skip_options(c, next, w->arg_shorts, w->arg_longs) + 1;
			break;
		case WRAP_USER:
			next = i + 2;
			break;
		case WRAP_OPTIONS:
			next = skip_options(c, next, w->arg_shorts, w->arg_longs);
			break;
		}
		if (next >= c->argc)
			return c->argc;
		i = next;
	}
	return c->argc;
}

static bool long_matches(const char *w, const char *flag)
{
	size_t n;

	/* Accept the list written with or without the leading dashes. */
	if (flag[0] == '-' && flag[1] == '-')
		flag += 2;
	n = strlen(flag);
	return !strncmp(w + 2, flag, n) && (w[2 + n] == '\0' || w[2 + n] == '=');
}

bool shell_cmd_has_flag(const struct shell_cmd *c, size_t from, const char *shorts,
                        const char *const *longs)
{
	if (!c)
		return false;
	for (size_t i = from; i < c->argc; i++) {
		const char *w = c->argv[i].text;

		if (w[0] != '-' || !w[1])
			continue;
		if (w[1] == '-') {
			if (!w[2])
				break; /* -- ends the options */
			for (const char *const *l = longs; l && *l; l++)
				if (long_matches(w, *l))
					return true;
			continue;
		}
		/* A cluster ends where a value starts: -oDpkg::Options=x has no 'x' flag. */
		for (const char *p = w + 1; shorts && (is_name_char(*p) && *p != '_'); p++)
			if (strchr(shorts, *p))
				return true;
	}
	return false;
}
