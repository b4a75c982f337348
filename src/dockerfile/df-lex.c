/* SPDX-License-Identifier: MIT */
/*
 * Physical lines of a Dockerfile as BuildKit reads them: a UTF-8 BOM dropped
 * from the first line, "\n" line ends with trailing carriage returns
 * removed, the escape character that continues a line, and the parser
 * directives at the top of the file.
 */
#include "df-parse-priv.h"

void df_lex_init(struct df_lexer *lx, const char *data, size_t len)
{
	lx->data = data;
	lx->len = len;
	lx->pos = 0;
	lx->next_no = 1;
	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
		lx->pos = 3;
}

bool df_lex_next(struct df_lexer *lx, struct df_line *out)
{
	const char *start, *nl;
	size_t n;

	if (lx->pos >= lx->len)
		return false;
	start = lx->data + lx->pos;
	nl = memchr(start, '\n', lx->len - lx->pos);
	n = nl ? (size_t)(nl - start) : lx->len - lx->pos;
	lx->pos += n + (nl ? 1 : 0);
	out->has_nl = nl != NULL;
	while (n && start[n - 1] == '\r')
		n--;
	out->p = start;
	out->len = n;
	out->no = lx->next_no++;
	return true;
}

size_t df_lex_skip_space(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && df_is_space(p[i]))
		i++;
	return i;
}

bool df_lex_continues(const char *p, size_t *n, char escape)
{
	size_t e = *n;

	while (e && (p[e - 1] == ' ' || p[e - 1] == '\t'))
		e--;
	if (!e || p[e - 1] != escape)
		return false;
	/* An escaped escape ("\\") at the end is a literal, not a continuation. */
	if (e >= 2 && p[e - 2] == escape)
		return false;
	*n = e - 1;
	return true;
}

static bool lex_is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool lex_is_alnum(char c)
{
	return lex_is_alpha(c) || (c >= '0' && c <= '9');
}

bool df_lex_directive(const struct df_line *l, const char **name, size_t *name_len,
                      const char **value, size_t *value_len)
{
	const char *p = l->p;
	size_t n = l->len, i = df_lex_skip_space(p, n), k0, k1, v0, v1;

	if (i >= n || p[i] != '#')
		return false;
	i++;
	i += df_lex_skip_space(p + i, n - i);
	k0 = i;
	if (i >= n || !lex_is_alpha(p[i]))
		return false;
	while (i < n && lex_is_alnum(p[i]))
		i++;
	k1 = i;
	i += df_lex_skip_space(p + i, n - i);
	if (i >= n || p[i] != '=')
		return false;
	i++;
	i += df_lex_skip_space(p + i, n - i);
	v0 = i;
	v1 = n;
	while (v1 > v0 && df_is_space(p[v1 - 1]))
		v1--;
	if (v1 == v0)
		return false;
	if (!((k1 - k0 == 6 && (!vakt_strncasecmp(p + k0, "syntax", 6) ||
	                        !vakt_strncasecmp(p + k0, "escape", 6))) ||
	      (k1 - k0 == 5 && !vakt_strncasecmp(p + k0, "check", 5))))
		return false;
	*name = p + k0;
	*name_len = k1 - k0;
	*value = p + v0;
	*value_len = v1 - v0;
	return true;
}
