/* SPDX-License-Identifier: MIT */
/* The shell tokenizer (src/shell/): one test per feature, positions, ceilings and helpers. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "shell/shell.h"
#include "core/util.h"

/* argv joined with '|' (a byte that does not occur in the tests' words). Caller frees. */
static char *joined(const struct shell_cmd *c)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	for (size_t i = 0; i < c->argc; i++) {
		if (i)
			vakt_buf_addc(&b, '|');
		vakt_buf_adds(&b, c->argv[i].text);
	}
	return vakt_buf_detach(&b);
}

/*
 * Tokenize s, expect return code rc and exactly the commands listed (each
 * argv joined with '|'), NULL-terminated. The script is left in *out.
 */
static void expect(const char *s, int rc, struct shell_script *out, ...)
{
	va_list ap;
	size_t i = 0;
	const char *want;
	int got_rc;

	memset(out, 0, sizeof(*out));
	got_rc = shell_parse_str(s, out);
	va_start(ap, out);
	while ((want = va_arg(ap, const char *)) != NULL) {
		char *got;

		if (i >= out->n) {
			print_error("script '%s': missing command %zu '%s'\n", s, i, want);
			fail();
		}
		got = joined(&out->cmds[i]);
		if (strcmp(got, want))
			print_error("script '%s': command %zu is '%s', want '%s'\n", s, i, got,
			            want);
		assert_string_equal(got, want);
		free(got);
		i++;
	}
	va_end(ap);
	if (i != out->n) {
		char *extra = joined(&out->cmds[i]);

		print_error("script '%s': %zu commands, want %zu (first extra '%s')\n", s, out->n,
		            i, extra);
		free(extra);
	}
	assert_int_equal(out->n, i);
	if (got_rc != rc)
		print_error("script '%s': rc %d, want %d\n", s, got_rc, rc);
	assert_int_equal(got_rc, rc);
}

static void assert_span(struct vakt_span sp, int l, int c, int el, int ec)
{
	if (sp.line != l || sp.column != c || sp.end_line != el || sp.end_column != ec)
		print_error("span %d:%d-%d:%d, want %d:%d-%d:%d\n", sp.line, sp.column, sp.end_line,
		            sp.end_column, l, c, el, ec);
	assert_int_equal(sp.line, l);
	assert_int_equal(sp.column, c);
	assert_int_equal(sp.end_line, el);
	assert_int_equal(sp.end_column, ec);
}

/* --- separators ------------------------------------------------------------ */

static void test_sep_and_or(void **state)
{
	struct shell_script s;

	expect("apt-get update && apt-get install -y curl || true", 0, &s, "apt-get|update",
	       "apt-get|install|-y|curl", "true", NULL);
	assert_int_equal(s.cmds[0].sep, SHELL_SEP_AND);
	assert_int_equal(s.cmds[1].sep, SHELL_SEP_OR);
	assert_int_equal(s.cmds[2].sep, SHELL_SEP_END);
	assert_false(s.cmds[1].piped_in);
	shell_script_release(&s);

	/* Without spaces, and a newline after the operator. */
	expect("a&&b||\n  c", 0, &s, "a", "b", "c", NULL);
	assert_int_equal(s.cmds[0].sep, SHELL_SEP_AND);
	assert_int_equal(s.cmds[1].sep, SHELL_SEP_OR);
	shell_script_release(&s);
}

static void test_sep_semi_newline(void **state)
{
	struct shell_script s;

	expect("a; b;c\nd\n\n;e;", 0, &s, "a", "b", "c", "d", "e", NULL);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(s.cmds[i].sep, SHELL_SEP_SEMI);
	assert_int_equal(s.cmds[4].sep, SHELL_SEP_SEMI);
	shell_script_release(&s);

	expect("", 0, &s, NULL);
	shell_script_release(&s);
	expect("  \n\t ;\n", 0, &s, NULL);
	shell_script_release(&s);
}

static void test_sep_pipe(void **state)
{
	struct shell_script s;

	expect("curl -fsSL https://x.io/i.sh | sh", 0, &s, "curl|-fsSL|https://x.io/i.sh", "sh",
	       NULL);
	assert_int_equal(s.cmds[0].sep, SHELL_SEP_PIPE);
	assert_false(s.cmds[0].piped_in);
	assert_true(s.cmds[1].piped_in);
	shell_script_release(&s);

	/* |& pipes stderr too; a pipe may continue on the next line. */
	expect("make |& tee log |\n  gzip", 0, &s, "make", "tee|log", "gzip", NULL);
	assert_int_equal(s.cmds[0].sep, SHELL_SEP_PIPE);
	assert_int_equal(s.cmds[1].sep, SHELL_SEP_PIPE);
	assert_true(s.cmds[1].piped_in);
	assert_true(s.cmds[2].piped_in);
	shell_script_release(&s);
}

static void test_sep_background(void **state)
{
	struct shell_script s;

	expect("dockerd & sleep 5; x&y", 0, &s, "dockerd", "sleep|5", "x", "y", NULL);
	assert_int_equal(s.cmds[0].sep, SHELL_SEP_BG);
	assert_int_equal(s.cmds[1].sep, SHELL_SEP_SEMI);
	assert_int_equal(s.cmds[2].sep, SHELL_SEP_BG);
	assert_false(s.cmds[1].piped_in);
	shell_script_release(&s);
}

static void test_sep_after_compound(void **state)
{
	struct shell_script s;

	/* The operator after ) } fi done esac separates the last inner command. */
	expect("(curl x) | sh", 0, &s, "curl|x", "sh", NULL);
	assert_int_equal(s.cmds[0].sep, SHELL_SEP_PIPE);
	assert_true(s.cmds[1].piped_in);
	shell_script_release(&s);

	expect("{ a; b; } | c", 0, &s, "a", "b", "c", NULL);
	assert_int_equal(s.cmds[0].sep, SHELL_SEP_SEMI);
	assert_int_equal(s.cmds[1].sep, SHELL_SEP_PIPE);
	assert_true(s.cmds[2].piped_in);
	shell_script_release(&s);

	expect("if a; then b; fi && c", 0, &s, "a", "b", "c", NULL);
	assert_int_equal(s.cmds[1].sep, SHELL_SEP_AND);
	shell_script_release(&s);
}

/* --- quoting ----------------------------------------------------------------- */

static void test_quote_single(void **state)
{
	struct shell_script s;

	expect("echo 'a  b' 'c\"d' 'x'y'' '$HOME' '\\n' ''", 0, &s, "echo|a  b|c\"d|xy|$HOME|\\n|",
	       NULL);
	assert_false(s.cmds[0].argv[0].quoted);
	assert_true(s.cmds[0].argv[1].quoted);
	assert_false(s.cmds[0].argv[4].has_expansion);
	assert_true(s.cmds[0].argv[6].quoted);
	shell_script_release(&s);

	/* Operators inside quotes are text. */
	expect("echo 'a && b; c | d'", 0, &s, "echo|a && b; c | d", NULL);
	shell_script_release(&s);
}

static void test_quote_double(void **state)
{
	struct shell_script s;

	expect("echo \"a  b\" \"q\\\"q\" \"b\\\\s\" \"d\\$x\" \"t\\`t\" \"k\\ep\" \"it's\"", 0, &s,
	       "echo|a  b|q\"q|b\\s|d$x|t`t|k\\ep|it's", NULL);
	assert_true(s.cmds[0].argv[1].quoted);
	assert_false(s.cmds[0].argv[4].has_expansion); /* \$ is literal */
	shell_script_release(&s);

	expect("echo \"$HOME/x\" \"${A:-b}\"", 0, &s, "echo|$HOME/x|${A:-b}", NULL);
	assert_true(s.cmds[0].argv[1].has_expansion);
	assert_true(s.cmds[0].argv[1].quoted);
	assert_true(s.cmds[0].argv[2].has_expansion);
	shell_script_release(&s);

	/* $"..." is a double-quoted string. */
	expect("echo $\"hi $X\"", 0, &s, "echo|hi $X", NULL);
	assert_true(s.cmds[0].argv[1].has_expansion);
	shell_script_release(&s);
}

static void test_quote_ansi_c(void **state)
{
	struct shell_script s;

	expect("printf $'a\\tb\\n' $'\\x41\\102\\u00e9' $'it\\'s' $'\\q' $'\\cA'", 0, &s,
	       "printf|a\tb\n|AB\xc3\xa9|it's|\\q|\x01", NULL);
	assert_true(s.cmds[0].argv[1].quoted);
	assert_false(s.cmds[0].argv[1].has_expansion);
	shell_script_release(&s);

	expect("echo $'unterminated", -EINVAL, &s, "echo|unterminated", NULL);
	shell_script_release(&s);
}

static void test_escape_unquoted(void **state)
{
	struct shell_script s;

	expect("echo a\\ b \\$HOME \\\"x\\\" \\&\\& c\\;d \\\\", 0, &s,
	       "echo|a b|$HOME|\"x\"|&&|c;d|\\", NULL);
	assert_true(s.cmds[0].argv[1].quoted);
	assert_false(s.cmds[0].argv[2].has_expansion);
	shell_script_release(&s);

	/* A trailing backslash stays. */
	expect("echo x\\", 0, &s, "echo|x\\", NULL);
	shell_script_release(&s);
}

static void test_continuation(void **state)
{
	struct shell_script s;

	/* Backslash-newline joins lines, also inside a word and inside double quotes. */
	expect("apt-get install \\\n  curl \\\n  wg\\\net \"a\\\nb\" 'c\\\nd'", 0, &s,
	       "apt-get|install|curl|wget|ab|c\\\nd", NULL);
	assert_span(s.cmds[0].argv[3].span, 3, 3, 4, 2);
	assert_span(s.cmds[0].span, 1, 1, 6, 2);
	shell_script_release(&s);

	/* CRLF line ends: a backslash before \r\n continues too, \r is a blank. */
	expect("a \\\r\n b\r\ncat <<EOF\r\nx\r\nEOF\r\nc", 0, &s, "a|b", "cat", "c", NULL);
	shell_script_release(&s);
}

static void test_expansion_kept(void **state)
{
	struct shell_script s;

	expect("echo $HOME ${PATH} $(id -u) `id -g`", 0, &s, "echo|$HOME|${PATH}|$(id -u)|`id -g`",
	       "id|-u", "id|-g", NULL);
	shell_script_release(&s);

	memset(&s, 0, sizeof(s));
	assert_int_equal(shell_parse_str("echo $HOME ${PATH} $1 $? $$ $((1+2)) a$ '$x'", &s), 0);
	assert_int_equal(s.n, 1);
	{
		char *j = joined(&s.cmds[0]);

		assert_string_equal(j, "echo|$HOME|${PATH}|$1|$?|$$|$((1+2))|a$|$x");
		free(j);
	}
	for (size_t i = 1; i <= 6; i++)
		assert_true(s.cmds[0].argv[i].has_expansion);
	assert_false(s.cmds[0].argv[7].has_expansion); /* a lone $ expands nothing */
	assert_false(s.cmds[0].argv[8].has_expansion); /* single-quoted */
	assert_false(s.cmds[0].argv[1].quoted);
	shell_script_release(&s);
}

static void test_comment(void **state)
{
	struct shell_script s;

	expect("# leading\napt-get update # trailing && rm -rf /\necho a#b '#c' \"#d\" \\#e #f", 0,
	       &s, "apt-get|update", "echo|a#b|#c|#d|#e", NULL);
	shell_script_release(&s);

	expect("echo $# ${#x}", 0, &s, "echo|$#|${#x}", NULL);
	shell_script_release(&s);
}

/* --- control structures --------------------------------------------------------- */

static void test_if(void **state)
{
	struct shell_script s;

	expect("if [ -f x ]; then apt-get install y; fi", 0, &s, "[|-f|x|]", "apt-get|install|y",
	       NULL);
	shell_script_release(&s);

	expect("if ! command -v curl; then\n  apk add curl\nelif test -x y; then z\nelse w; fi", 0,
	       &s, "command|-v|curl", "apk|add|curl", "test|-x|y", "z", "w", NULL);
	shell_script_release(&s);
}

static void test_while_until(void **state)
{
	struct shell_script s;

	expect("while read -r l; do echo \"$l\"; done < list.txt", 0, &s, "read|-r|l", "echo|$l",
	       NULL);
	assert_int_equal(s.cmds[1].n_redirs, 0); /* < list.txt belongs to the loop */
	shell_script_release(&s);

	expect("until curl -f localhost; do sleep 1; done", 0, &s, "curl|-f|localhost", "sleep|1",
	       NULL);
	shell_script_release(&s);

	expect("find . | while read f; do rm \"$f\"; done", 0, &s, "find|.", "read|f", "rm|$f",
	       NULL);
	assert_true(s.cmds[1].piped_in);
	shell_script_release(&s);
}

static void test_for(void **state)
{
	struct shell_script s;

	expect("for x in a b c; do echo $x; done", 0, &s, "echo|$x", NULL);
	shell_script_release(&s);

	expect("for p in $(ls /pkgs)\ndo\n  dpkg -i $p\ndone", 0, &s, "ls|/pkgs", "dpkg|-i|$p",
	       NULL);
	assert_int_equal(s.cmds[0].depth, 1);
	shell_script_release(&s);

	expect("for x; do y; done; for ((i = 0; i < 3; i++)); do z; done", 0, &s, "y", "z", NULL);
	shell_script_release(&s);

	expect("select o in a b; do break; done", 0, &s, "break", NULL);
	shell_script_release(&s);
}

static void test_case(void **state)
{
	struct shell_script s;

	expect("case \"$(uname -m)\" in\n  x86_64|amd64) arch=amd64 ;;\n  (aarch64) curl -o a "
	       "x;;\n  *) echo unsupported; exit 1 ;;\nesac",
	       0, &s, "uname|-m", "", "curl|-o|a|x", "echo|unsupported", "exit|1", NULL);
	assert_int_equal(s.cmds[1].n_assigns, 1);
	assert_string_equal(s.cmds[1].assigns[0].text, "arch=amd64");
	shell_script_release(&s);

	/* Nested case, ;& and ;;&, and a command right after esac. */
	expect("case a in a) case b in b) x;; esac;& c) y;;& esac; z", 0, &s, "x", "y", "z", NULL);
	shell_script_release(&s);
}

static void test_subshell(void **state)
{
	struct shell_script s;

	expect("(cd /src && make) && (cd /doc; make html)", 0, &s, "cd|/src", "make", "cd|/doc",
	       "make|html", NULL);
	assert_int_equal(s.cmds[1].sep, SHELL_SEP_AND);
	shell_script_release(&s);

	expect("((a))", 0, &s, NULL); /* arithmetic, not a subshell */
	shell_script_release(&s);
	expect("( (a) )", 0, &s, "a", NULL);
	shell_script_release(&s);
}

static void test_group(void **state)
{
	struct shell_script s;

	expect("{ echo a; echo b; } > log 2>&1", 0, &s, "echo|a", "echo|b", NULL);
	shell_script_release(&s);

	/* { and } only count as whole words at command position. */
	expect("echo {a,b} } {", 0, &s, "echo|{a,b}|}|{", NULL);
	shell_script_release(&s);
}

static void test_function(void **state)
{
	struct shell_script s;

	expect("f() { apk add x; }; f\nfunction g { rm y; }\nfunction h () { z; }", 0, &s,
	       "apk|add|x", "f", "rm|y", "z", NULL);
	shell_script_release(&s);
}

static void test_negation_and_reserved_args(void **state)
{
	struct shell_script s;

	expect("! grep -q x f && echo then do done fi if", 0, &s, "grep|-q|x|f",
	       "echo|then|do|done|fi|if", NULL);
	shell_script_release(&s);

	/* Quoted reserved words are commands. */
	expect("'if' x; \\fi y", 0, &s, "if|x", "fi|y", NULL);
	shell_script_release(&s);
}

static void test_double_bracket(void **state)
{
	struct shell_script s;

	expect("[[ -f a && $b =~ ^(x|y)$ || c < d ]] && e", 0, &s,
	       "[[|-f|a|&&|$b|=~|^(x|y)$||||c|<|d|]]", "e", NULL);
	assert_int_equal(s.cmds[0].n_redirs, 0);
	assert_int_equal(s.cmds[0].sep, SHELL_SEP_AND);
	shell_script_release(&s);
}

/* --- assignments and redirections --------------------------------------------------- */

static void test_assigns(void **state)
{
	struct shell_script s;
	const struct shell_cmd *c;

	expect("DEBIAN_FRONTEND=noninteractive A=\"x y\" B+=1 apt-get install -y CC=gcc", 0, &s,
	       "apt-get|install|-y|CC=gcc", NULL);
	c = &s.cmds[0];
	assert_int_equal(c->n_assigns, 3);
	assert_string_equal(c->assigns[0].text, "DEBIAN_FRONTEND=noninteractive");
	assert_string_equal(c->assigns[1].text, "A=x y");
	assert_true(c->assigns[1].quoted);
	assert_string_equal(c->assigns[2].text, "B+=1");
	assert_span(c->assigns[0].span, 1, 1, 1, 30);
	assert_span(c->span, 1, 1, 1, 69);
	shell_script_release(&s);

	/* Not assignments: quoted name, no name, and an assignment-only command. */
	expect("\"A\"=1 x; =y z; 1A=2 w; X=$(date) Y=z", 0, &s, "A=1|x", "=y|z", "1A=2|w", "",
	       "date", NULL);
	assert_int_equal(s.cmds[3].n_assigns, 2);
	assert_true(s.cmds[3].assigns[0].has_expansion);
	shell_script_release(&s);

	/* Array assignment keeps its parentheses. */
	expect("PKGS=(curl \"git lfs\") apt-get", 0, &s, "apt-get", NULL);
	assert_string_equal(s.cmds[0].assigns[0].text, "PKGS=(curl \"git lfs\")");
	shell_script_release(&s);
}

static void check_redir(const struct shell_cmd *c, size_t i, const char *op, const char *target)
{
	assert_true(i < c->n_redirs);
	if (strcmp(c->redirs[i].op, op) || strcmp(c->redirs[i].target.text, target))
		print_error("redir %zu: '%s' '%s', want '%s' '%s'\n", i, c->redirs[i].op,
		            c->redirs[i].target.text, op, target);
	assert_string_equal(c->redirs[i].op, op);
	assert_string_equal(c->redirs[i].target.text, target);
}

static void test_redirs(void **state)
{
	struct shell_script s;
	const struct shell_cmd *c;

	expect("cmd >out >>app < in 2>err 2> err2 &>both &>>both2 >&file 2>&1 1>&2 >&- 3<>rw "
	       ">|clob <<<\"here $x\" <&0 9>/tmp/lock 10< f arg",
	       0, &s, "cmd|arg", NULL);
	c = &s.cmds[0];
	assert_int_equal(c->n_redirs, 17);
	check_redir(c, 0, ">", "out");
	check_redir(c, 1, ">>", "app");
	check_redir(c, 2, "<", "in");
	check_redir(c, 3, "2>", "err");
	check_redir(c, 4, "2>", "err2");
	check_redir(c, 5, "&>", "both");
	check_redir(c, 6, "&>>", "both2");
	check_redir(c, 7, ">&", "file");
	check_redir(c, 8, "2>&1", "");
	check_redir(c, 9, "1>&2", "");
	check_redir(c, 10, ">&-", "");
	check_redir(c, 11, "3<>", "rw");
	check_redir(c, 12, ">|", "clob");
	check_redir(c, 13, "<<<", "here $x");
	assert_true(c->redirs[13].target.has_expansion);
	check_redir(c, 14, "<&0", "");
	check_redir(c, 15, "9>", "/tmp/lock");
	check_redir(c, 16, "10<", "f");
	assert_span(c->redirs[0].target.span, 1, 6, 1, 8);
	assert_span(c->redirs[8].target.span, 1, 58, 1, 61); /* 2>&1: the operator */
	shell_script_release(&s);

	/* Redirections before the program and a redirection-only command. */
	expect(">/dev/null 2>&1 curl x; > empty", 0, &s, "curl|x", "", NULL);
	check_redir(&s.cmds[0], 0, ">", "/dev/null");
	check_redir(&s.cmds[1], 0, ">", "empty");
	shell_script_release(&s);

	/* A digit that is part of a word is not an fd; an operator needs a target. */
	expect("echo a2>f 2 >g", 0, &s, "echo|a2|2", NULL);
	check_redir(&s.cmds[0], 0, ">", "f");
	shell_script_release(&s);
	expect("echo >", -EINVAL, &s, "echo", NULL);
	shell_script_release(&s);
}

static void test_heredoc_in_shell(void **state)
{
	struct shell_script s;

	expect("cat <<EOF > /etc/app.conf\nrm -rf / ; curl x | sh\nEOF\necho after", 0, &s, "cat",
	       "echo|after", NULL);
	check_redir(&s.cmds[0], 0, "<<", "EOF");
	check_redir(&s.cmds[0], 1, ">", "/etc/app.conf");
	assert_span(s.cmds[1].span, 4, 1, 4, 10);
	shell_script_release(&s);

	/* <<- strips tabs before the delimiter; quoted delimiters; two on one line. */
	expect("cat <<-'END' ; cat << \"X\" && y\n\tbody1\n\tEND\nbody2\nX\nz", 0, &s, "cat", "cat",
	       "y", "z", NULL);
	check_redir(&s.cmds[0], 0, "<<-", "END");
	check_redir(&s.cmds[1], 0, "<<", "X");
	shell_script_release(&s);

	/* Without a newline (a Dockerfile heredoc marker) or an end: no error. */
	expect("python3 <<EOF", 0, &s, "python3", NULL);
	shell_script_release(&s);
	expect("cat <<EOF\nnever ends", 0, &s, "cat", NULL);
	shell_script_release(&s);
}

/* --- recursion ----------------------------------------------------------------- */

static void test_sh_c(void **state)
{
	struct shell_script s;

	expect("sh -c 'apt-get update && curl -s x | bash'", 0, &s,
	       "sh|-c|apt-get update && curl -s x | bash", "apt-get|update", "curl|-s|x", "bash",
	       NULL);
	assert_int_equal(s.cmds[0].depth, 0);
	assert_int_equal(s.cmds[1].depth, 1);
	assert_int_equal(s.cmds[1].sep, SHELL_SEP_AND);
	assert_int_equal(s.cmds[2].sep, SHELL_SEP_PIPE);
	assert_true(s.cmds[3].piped_in);
	assert_int_equal(s.cmds[3].sep, SHELL_SEP_END);
	/* Exact positions inside the quoted body. */
	assert_span(s.cmds[1].argv[0].span, 1, 8, 1, 14);
	assert_span(s.cmds[2].span, 1, 26, 1, 34);
	assert_span(s.cmds[3].argv[0].span, 1, 38, 1, 41);
	shell_script_release(&s);
}

static void test_bash_c_double_quoted(void **state)
{
	struct shell_script s;

	/* Bytes of the body map to their source bytes (the quote after a backslash). */
	expect("bash -c \"echo \\\"a b\\\" && rm -rf \\$HOME\"", 0, &s,
	       "bash|-c|echo \"a b\" && rm -rf $HOME", "echo|a b", "rm|-rf|$HOME", NULL);
	assert_span(s.cmds[1].argv[1].span, 1, 16, 1, 21);
	assert_span(s.cmds[2].argv[2].span, 1, 34, 1, 38);
	assert_true(s.cmds[2].argv[2].has_expansion);
	shell_script_release(&s);

	/* Multi-line body with a continuation in the outer text. */
	expect("sh -c \"a &&\n  b\"", 0, &s, "sh|-c|a &&\n  b", "a", "b", NULL);
	assert_span(s.cmds[2].argv[0].span, 2, 3, 2, 3);
	shell_script_release(&s);
}

static void test_sh_flags_and_shells(void **state)
{
	struct shell_script s;

	expect("bash -ec 'a'; sh -xc b; bash -lc c; dash -e -c d; ash -o pipefail -c e; zsh -c f; "
	       "ksh -c -- g; /bin/sh -c h; bash --norc -c i",
	       0, &s, "bash|-ec|a", "a", "sh|-xc|b", "b", "bash|-lc|c", "c", "dash|-e|-c|d", "d",
	       "ash|-o|pipefail|-c|e", "e", "zsh|-c|f", "f", "ksh|-c|--|g", "g", "/bin/sh|-c|h",
	       "h", "bash|--norc|-c|i", "i", NULL);
	shell_script_release(&s);

	/* Only shells, and only with -c. */
	expect("python3 -c 'import os; os.system(1)'; bash script.sh; node -e 'a;b'", 0, &s,
	       "python3|-c|import os; os.system(1)", "bash|script.sh", "node|-e|a;b", NULL);
	shell_script_release(&s);
}

static void test_sh_c_wrapped(void **state)
{
	struct shell_script s;

	expect("sudo -u app sh -c 'x; y'; env A=1 bash -c z; busybox sh -c w", 0, &s,
	       "sudo|-u|app|sh|-c|x; y", "x", "y", "env|A=1|bash|-c|z", "z", "busybox|sh|-c|w", "w",
	       NULL);
	shell_script_release(&s);
}

static void test_cmd_subst(void **state)
{
	struct shell_script s;

	expect("echo \"$(curl -s \"http://x/$(date +%s)\")\" done", 0, &s,
	       "echo|$(curl -s \"http://x/$(date +%s)\")|done", "curl|-s|http://x/$(date +%s)",
	       "date|+%s", NULL);
	assert_int_equal(s.cmds[1].depth, 1);
	assert_int_equal(s.cmds[2].depth, 2);
	assert_true(s.cmds[0].argv[1].has_expansion);
	assert_span(s.cmds[1].argv[0].span, 1, 9, 1, 12);
	assert_span(s.cmds[2].span, 1, 29, 1, 36);
	shell_script_release(&s);

	/* Inside ${...}, arithmetic is not a command, process substitution is. */
	expect("echo ${V:-$(cat /v)} $(( $(nproc) + 1 )) <(ls /a) >(wc -l)", 0, &s,
	       "echo|${V:-$(cat /v)}|$(( $(nproc) + 1 ))|<(ls /a)|>(wc -l)", "cat|/v", "ls|/a",
	       "wc|-l", NULL);
	assert_span(s.cmds[1].span, 1, 13, 1, 18);
	shell_script_release(&s);

	/* A command substitution with a comment and a nested quote. */
	expect("x=$(echo ')' # )\n)", 0, &s, "", "echo|)", NULL);
	shell_script_release(&s);
}

static void test_backticks(void **state)
{
	struct shell_script s;

	expect("echo `uname -r` \"`id -u`\"", 0, &s, "echo|`uname -r`|`id -u`", "uname|-r", "id|-u",
	       NULL);
	assert_span(s.cmds[1].argv[0].span, 1, 7, 1, 11);
	assert_span(s.cmds[2].argv[1].span, 1, 22, 1, 23);
	shell_script_release(&s);

	expect("echo `a \\` b`", 0, &s, "echo|`a \\` b`", "a|`|b", NULL);
	shell_script_release(&s);
}

static void test_sh_c_subst_not_twice(void **state)
{
	struct shell_script s;

	/* $(date) is found once, inside the sh -c body, with its exact position. */
	expect("sh -c \"echo $(date)\"", 0, &s, "sh|-c|echo $(date)", "echo|$(date)", "date", NULL);
	assert_int_equal(s.cmds[2].depth, 2);
	assert_span(s.cmds[2].span, 1, 15, 1, 18);
	shell_script_release(&s);
}

/* --- ceilings and malformed input -------------------------------------------------- */

static void test_depth_ceiling(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct shell_script s = {0};
	int max = 0;

	/* SHELL_MAX_DEPTH + 3 nested substitutions: the deepest are not followed. */
	for (int i = 0; i < SHELL_MAX_DEPTH + 3; i++)
		vakt_buf_adds(&b, "echo $(");
	vakt_buf_adds(&b, "id");
	for (int i = 0; i < SHELL_MAX_DEPTH + 3; i++)
		vakt_buf_addc(&b, ')');
	assert_int_equal(shell_parse_str(b.data, &s), -E2BIG);
	for (size_t i = 0; i < s.n; i++)
		if (s.cmds[i].depth > max)
			max = s.cmds[i].depth;
	assert_int_equal(max, SHELL_MAX_DEPTH);
	assert_int_equal(s.n, SHELL_MAX_DEPTH + 1);
	shell_script_release(&s);

	/* Exactly at the ceiling is fine. */
	vakt_buf_reset(&b);
	for (int i = 0; i < SHELL_MAX_DEPTH; i++)
		vakt_buf_adds(&b, "sh -c \"$(");
	vakt_buf_adds(&b, "id");
	for (int i = 0; i < SHELL_MAX_DEPTH; i++)
		vakt_buf_adds(&b, ")\"");
	assert_int_equal(shell_parse_str(b.data, &s), -E2BIG);
	shell_script_release(&s);

	vakt_buf_reset(&b);
	for (int i = 0; i < SHELL_MAX_DEPTH; i++)
		vakt_buf_adds(&b, "a $(");
	vakt_buf_adds(&b, "id");
	for (int i = 0; i < SHELL_MAX_DEPTH; i++)
		vakt_buf_addc(&b, ')');
	assert_int_equal(shell_parse_str(b.data, &s), 0);
	assert_int_equal(s.n, SHELL_MAX_DEPTH + 1);
	assert_int_equal(s.cmds[s.n - 1].depth, SHELL_MAX_DEPTH);
	shell_script_release(&s);

	/* Very deep nesting of any kind neither crashes nor recurses without bound. */
	vakt_buf_reset(&b);
	for (int i = 0; i < 200000; i++)
		vakt_buf_adds(&b, "$(\"`${");
	assert_int_not_equal(shell_parse_str(b.data, &s), 0);
	shell_script_release(&s);
	vakt_buf_release(&b);
}

static void test_command_ceiling(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct shell_script s = {0};

	for (size_t i = 0; i < SHELL_MAX_COMMANDS; i++)
		vakt_buf_adds(&b, "a;");
	assert_int_equal(shell_parse_str(b.data, &s), 0);
	assert_int_equal(s.n, SHELL_MAX_COMMANDS);
	shell_script_release(&s);

	vakt_buf_adds(&b, "b");
	assert_int_equal(shell_parse_str(b.data, &s), -E2BIG);
	assert_int_equal(s.n, SHELL_MAX_COMMANDS);
	assert_string_equal(s.cmds[s.n - 1].argv[0].text, "a");
	/* Appending to a full script adds nothing. */
	assert_int_equal(shell_parse_str("c", &s), -E2BIG);
	assert_int_equal(s.n, SHELL_MAX_COMMANDS);
	shell_script_release(&s);
	vakt_buf_release(&b);
}

static void test_unterminated(void **state)
{
	struct shell_script s;

	expect("apt-get install 'curl && rm x", -EINVAL, &s, "apt-get|install|curl && rm x", NULL);
	shell_script_release(&s);
	expect("echo \"abc $(id", -EINVAL, &s, "echo|abc $(id", "id", NULL);
	shell_script_release(&s);
	expect("a; echo `b", -EINVAL, &s, "a", "echo|`b", "b", NULL);
	shell_script_release(&s);
	expect("echo ${x", -EINVAL, &s, "echo|${x", NULL);
	shell_script_release(&s);
	expect("(((", -EINVAL, &s, NULL);
	shell_script_release(&s);
	/* Unbalanced parentheses; other stray closers are ignored. */
	expect("(cd /x && make", -EINVAL, &s, "cd|/x", "make", NULL);
	shell_script_release(&s);
	expect("a) b", -EINVAL, &s, "a", "b", NULL);
	shell_script_release(&s);
	expect("} fi done esac ;; && x", 0, &s, "x", NULL);
	shell_script_release(&s);
}

static void test_linear_time(void **state)
{
	static const char *const pieces[] = {("apt-get install -y --no-install-recommends "
	                                      "curl=7.88 \"git\" $(echo x) >/dev/null 2>&1 "
	                                      "&& "),
	                                     "\"$(",
	                                     "'",
	                                     "${",
	                                     "`",
	                                     "\\\n",
	                                     "(",
	                                     "x=(",
	                                     "<<E\n",
	                                     "sh -c \"",
	                                     "$'",
	                                     "<<E ",
	                                     "sh -c x;",
	                                     "bash -c 'sh -c \"$(a) ",
	                                     "case ",
	                                     "[[ ",
	                                     "for ",
	                                     "f() ",
	                                     "a\n"};
	for (size_t p = 0; p < VAKT_ARRAY_SIZE(pieces); p++) {
		struct vakt_buf b = VAKT_BUF_INIT;
		struct shell_script s = {0};
		size_t n = strlen(pieces[p]);

		while (b.len < (1u << 20))
			vakt_buf_add(&b, pieces[p], n);
		(void)shell_parse_str(b.data, &s);
		shell_script_release(&s);
		vakt_buf_release(&b);
	}
	/*
	 * No clock here (tests/run.sh's timeout catches a hang): the shapes run
	 * under ASan for memory errors; bench/adversarial.sh measures that the
	 * parser stays linear in them (df-subst, df-pipe-*, df-and-chain).
	 */
}

/* --- positions ---------------------------------------------------------------- */

static void test_positions_str(void **state)
{
	struct shell_script s;

	expect("  a  b\n\tc 'd e'\n", 0, &s, "a|b", "c|d e", NULL);
	assert_span(s.cmds[0].argv[0].span, 1, 3, 1, 3);
	assert_span(s.cmds[0].argv[1].span, 1, 6, 1, 6);
	assert_span(s.cmds[0].span, 1, 3, 1, 6);
	assert_span(s.cmds[1].argv[1].span, 2, 4, 2, 8);
	shell_script_release(&s);
}

static void test_positions_segments(void **state)
{
	/*
	 * The text of
	 *   3: RUN apt-get update \
	 *   4:   # a comment line inside the continuation
	 *   5:     && apt-get install -y \
	 *   6:  curl
	 * as the Dockerfile parser hands it over: continuations and the
	 * comment line removed, one segment per source piece.
	 */
	static char text[] = "apt-get update     && apt-get install -y  curl";
	struct shell_seg segs[] = {{0, 3, 5}, {15, 5, 1}, {41, 6, 1}};
	struct shell_text t = {text, sizeof(text) - 1, segs, 3};
	struct shell_script s = {0};

	assert_int_equal(shell_parse(&t, &s), 0);
	assert_int_equal(s.n, 2);
	assert_span(s.cmds[0].argv[0].span, 3, 5, 3, 11);
	assert_span(s.cmds[0].argv[1].span, 3, 13, 3, 18);
	assert_span(s.cmds[1].argv[0].span, 5, 8, 5, 14);
	assert_span(s.cmds[1].argv[3].span, 6, 2, 6, 5);
	assert_span(s.cmds[1].span, 5, 8, 6, 5);
	shell_script_release(&s);

	/* sh -c across segments: the body maps back through them. */
	{
		static char text2[] = "sh -c 'a && b'";
		struct shell_seg segs2[] = {{0, 10, 5}, {9, 11, 3}};
		struct shell_text t2 = {text2, sizeof(text2) - 1, segs2, 2};

		assert_int_equal(shell_parse(&t2, &s), 0);
		assert_int_equal(s.n, 3);
		assert_span(s.cmds[1].argv[0].span, 10, 12, 10, 12);
		assert_span(s.cmds[2].argv[0].span, 11, 6, 11, 6);
		shell_script_release(&s);
	}

	/* A shell_text without segments counts lines like a plain string; NULL is empty. */
	{
		static char text3[] = "a\n b";
		struct shell_text t3 = {text3, sizeof(text3) - 1, NULL, 0};

		assert_int_equal(shell_parse(&t3, &s), 0);
		assert_int_equal(s.n, 2);
		assert_span(s.cmds[1].span, 2, 2, 2, 2);
		shell_script_release(&s);
		assert_int_equal(shell_parse(NULL, &s), 0);
		assert_int_equal(s.n, 0);
	}
}

static void test_append(void **state)
{
	struct shell_script s = {0};

	/* Parsing into a script appends (RUN text, then its heredoc bodies). */
	assert_int_equal(shell_parse_str("a | b", &s), 0);
	assert_int_equal(shell_parse_str("c", &s), 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.cmds[2].argv[0].text, "c");
	assert_false(s.cmds[2].piped_in);
	shell_script_release(&s);
	shell_script_release(&s);
	shell_script_release(NULL);
}

/* --- helpers ------------------------------------------------------------------ */

static void test_cmd_name(void **state)
{
	struct shell_script s;

	expect("/usr/bin/apt-get x; ./run.sh; A=1; dir/", 0, &s, "/usr/bin/apt-get|x", "./run.sh",
	       "", "dir/", NULL);
	assert_string_equal(shell_cmd_name(&s.cmds[0]), "apt-get");
	assert_string_equal(shell_cmd_name(&s.cmds[1]), "run.sh");
	assert_string_equal(shell_cmd_name(&s.cmds[2]), "");
	assert_string_equal(shell_cmd_name(&s.cmds[3]), "");
	shell_script_release(&s);
}

/* Index the wrappers skip to in the single command of script, and its name. */
static void check_wrapped(const char *script, const char *want)
{
	struct shell_script s = {0};
	size_t i;

	assert_int_equal(shell_parse_str(script, &s), 0);
	assert_int_equal(s.n, 1);
	i = shell_cmd_skip_wrappers(&s.cmds[0]);
	if (!want) {
		assert_int_equal(i, s.cmds[0].argc);
	} else {
		assert_true(i < s.cmds[0].argc);
		if (strcmp(s.cmds[0].argv[i].text, want))
			print_error("'%s': skipped to '%s', want '%s'\n", script,
			            s.cmds[0].argv[i].text, want);
		assert_string_equal(s.cmds[0].argv[i].text, want);
	}
	shell_script_release(&s);
}

static void test_skip_wrappers(void **state)
{
	check_wrapped("apt-get install", "apt-get");
	check_wrapped("sudo apt-get install", "apt-get");
	check_wrapped("sudo -E -u app -H apt-get", "apt-get");
	check_wrapped("sudo -uapp --preserve-env --group=g HOME=/x make", "make");
	check_wrapped("sudo --user app -- rm -rf /", "rm");
	check_wrapped("env -i A=1 B=\"2 3\" /usr/bin/python3 x", "/usr/bin/python3");
	check_wrapped("env - -u X -C /tmp ls", "ls");
	check_wrapped("exec -a name gunicorn", "gunicorn");
	check_wrapped("nice -n 10 ionice -c2 -n7 make", "make");
	check_wrapped("nice -5 nohup time -p stdbuf -oL -e 0 command -p curl", "curl");
	check_wrapped("timeout -s KILL 30s wget x", "wget");
	check_wrapped("xargs -0 -n1 -I{} rm", "rm");
	check_wrapped("gosu app:app node server.js", "node");
	check_wrapped("su-exec nobody id", "id");
	check_wrapped("eatmydata apt-get install", "apt-get");
	check_wrapped("sudo env A=1 nice exec apk add", "apk");
	/* Nothing runs. */
	check_wrapped("sudo", NULL);
	check_wrapped("env A=1", NULL);
	check_wrapped("xargs", NULL);
	check_wrapped("command -v curl", NULL);
	check_wrapped("sudo -u", NULL);
	check_wrapped("time", NULL);
}

static void test_has_flag(void **state)
{
	static const char *const yes_longs[] = {"--yes", "assume-yes", NULL};
	static const char *const nir[] = {"--no-install-recommends", NULL};
	struct shell_script s = {0};
	const struct shell_cmd *c;

	assert_int_equal(shell_parse_str("apt-get -qq install -yV --no-install-recommends=1 "
	                                 "curl -- -x --yes",
	                                 &s),
	                 0);
	c = &s.cmds[0];
	assert_true(shell_cmd_has_flag(c, 0, "y", NULL));
	assert_true(shell_cmd_has_flag(c, 0, "V", NULL));
	assert_true(shell_cmd_has_flag(c, 1, "q", NULL));
	assert_false(shell_cmd_has_flag(c, 2, "q", NULL));
	assert_false(shell_cmd_has_flag(c, 0, "x", NULL)); /* after -- */
	assert_false(shell_cmd_has_flag(c, 0, NULL, yes_longs));
	assert_true(shell_cmd_has_flag(c, 0, NULL, nir));
	assert_true(shell_cmd_has_flag(c, 0, "z", nir));
	assert_false(shell_cmd_has_flag(c, 0, "", NULL));
	assert_false(shell_cmd_has_flag(c, 99, "y", nir));
	shell_script_release(&s);

	assert_int_equal(shell_parse_str("apt-get install --assume-yes --no-install-recommendsx "
	                                 "- x",
	                                 &s),
	                 0);
	c = &s.cmds[0];
	assert_true(shell_cmd_has_flag(c, 0, NULL, yes_longs));
	assert_false(shell_cmd_has_flag(c, 0, NULL, nir)); /* a longer name is another flag */
	assert_false(shell_cmd_has_flag(c, 0, "y", NULL));
	shell_script_release(&s);

	/* An attached value is not more flags. */
	assert_int_equal(shell_parse_str("apt-get -oDpkg::Options::=--force-confnew -q x", &s), 0);
	c = &s.cmds[0];
	assert_true(shell_cmd_has_flag(c, 0, "o", NULL));
	assert_true(shell_cmd_has_flag(c, 0, "D", NULL)); /* the parser cannot know -o takes one */
	assert_false(shell_cmd_has_flag(c, 0, "f", NULL));
	assert_false(shell_cmd_has_flag(c, 0, "n", NULL));
	shell_script_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sep_and_or),
	    cmocka_unit_test(test_sep_semi_newline),
	    cmocka_unit_test(test_sep_pipe),
	    cmocka_unit_test(test_sep_background),
	    cmocka_unit_test(test_sep_after_compound),
	    cmocka_unit_test(test_quote_single),
	    cmocka_unit_test(test_quote_double),
	    cmocka_unit_test(test_quote_ansi_c),
	    cmocka_unit_test(test_escape_unquoted),
	    cmocka_unit_test(test_continuation),
	    cmocka_unit_test(test_expansion_kept),
	    cmocka_unit_test(test_comment),
	    cmocka_unit_test(test_if),
	    cmocka_unit_test(test_while_until),
	    cmocka_unit_test(test_for),
	    cmocka_unit_test(test_case),
	    cmocka_unit_test(test_subshell),
	    cmocka_unit_test(test_group),
	    cmocka_unit_test(test_function),
	    cmocka_unit_test(test_negation_and_reserved_args),
	    cmocka_unit_test(test_double_bracket),
	    cmocka_unit_test(test_assigns),
	    cmocka_unit_test(test_redirs),
	    cmocka_unit_test(test_heredoc_in_shell),
	    cmocka_unit_test(test_sh_c),
	    cmocka_unit_test(test_bash_c_double_quoted),
	    cmocka_unit_test(test_sh_flags_and_shells),
	    cmocka_unit_test(test_sh_c_wrapped),
	    cmocka_unit_test(test_cmd_subst),
	    cmocka_unit_test(test_backticks),
	    cmocka_unit_test(test_sh_c_subst_not_twice),
	    cmocka_unit_test(test_depth_ceiling),
	    cmocka_unit_test(test_command_ceiling),
	    cmocka_unit_test(test_unterminated),
	    cmocka_unit_test(test_linear_time),
	    cmocka_unit_test(test_positions_str),
	    cmocka_unit_test(test_positions_segments),
	    cmocka_unit_test(test_append),
	    cmocka_unit_test(test_cmd_name),
	    cmocka_unit_test(test_skip_wrappers),
	    cmocka_unit_test(test_has_flag),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
