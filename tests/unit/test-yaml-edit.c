/* SPDX-License-Identifier: MIT */
/*
 * core/yaml-edit: each operation on block and flow text, the file's styles
 * (indent step, sequence indentation, quoting, CRLF, BOM), comments, several
 * documents and Lists, UTF-8 before an edited node, null values, and that
 * every operation run again on its result adds nothing. (The refusals are
 * in test-yaml-edit-refuse.c; test-yaml-edit-fixtures.c runs canned fixes
 * over every manifest fixture.)
 */
#include <errno.h>

#include "yaml-edit-test.h"

/* ---- scalars ------------------------------------------------------------------ */

static void op_set_bool(struct yfx *f)
{
	set(f, at(f, "spec.allowPrivilegeEscalation"), "false", false);
}

static void test_set_plain(void **state)
{
	(void)state;
	run("spec:\n  allowPrivilegeEscalation: true # was so\n", op_set_bool,
	    "spec:\n  allowPrivilegeEscalation: false # was so\n");
}

static void op_set_quoted(struct yfx *f)
{
	set(f, at(f, "a"), "it's", true);
	set(f, at(f, "b"), "new\"q", true);
	set(f, at(f, "c"), "true", true);
	set(f, at(f, "d"), "new", true);
	set(f, at(f, "g"), "x, y", true);
}

/*
 * Quoted stays quoted in its style; a plain string that would read as a bool
 * is quoted, and so is one that could not sit in a flow collection.
 */
static void test_set_quoting(void **state)
{
	(void)state;
	run("a: 'old'\nb: \"old\"\nc: old\nd: |\n  old\n  text\ne: x\ng: old\n", op_set_quoted,
	    "a: 'it''s'\nb: \"new\\\"q\"\nc: \"true\"\nd: \"new\"\ne: x\ng: \"x, y\"\n");
}

static void op_set_anchored(struct yfx *f)
{
	set(f, at(f, "c"), "false", false);
	set(f, at(f, "a"), "2", false);
	set(f, at(f, "b"), "3", false);
	set(f, at(f, "l")->items[0], "4", false);
	set(f, at(f, "l")->items[1], "5", false);
}

/*
 * An anchor no alias uses stays on the scalar, an empty one's too, apart
 * from the new value; a quoted scalar touching a comment stays apart from it.
 */
static void test_set_keeps_anchor(void **state)
{
	(void)state;
	run("a: &one:1\nb: &two\nl:\n- &three\n-\nc: \"x\"#y: z\n", op_set_anchored,
	    "a: &one 2\nb: &two 3\nl:\n- &three 4\n- 5\nc: false #y: z\n");
}

static void op_utf8(struct yfx *f)
{
	const struct vakt_yaml_node *r = root(f, 0);

	set(f, vakt_yaml_get(r->items[0], "v"), "new", true);
	ensure_path(f, r->items[0], "w", "1");
	set(f, vakt_yaml_get(r->items[1], "\xc3\xa9\xe2\x82\xac"), "new", true);
	ensure_path(f, r->items[1], "k", "z");
}

/* Characters before the node on its line are not bytes: "é€" is 2 columns, 5 bytes. */
static void test_utf8_before_node(void **state)
{
	(void)state;
	run("- {name: \"\xc3\xa9\xe2\x82\xac\", v: old}\n- \xc3\xa9\xe2\x82\xac: old # \xc3\xa9\n",
	    op_utf8,
	    "- {name: \"\xc3\xa9\xe2\x82\xac\", v: new, w: 1}\n"
	    "- \xc3\xa9\xe2\x82\xac: new # \xc3\xa9\n  k: z\n");
}

/* ---- mappings ------------------------------------------------------------------ */

static const char pod[] = "apiVersion: v1\n"
                          "kind: Pod\n"
                          "metadata:\n"
                          "  name: web # the name\n"
                          "spec:\n"
                          "  # the containers\n"
                          "  containers:\n"
                          "  - name: app\n"
                          "    image: nginx\n"
                          "# trailing comment\n";

static void op_pod(struct yfx *f)
{
	const struct vakt_yaml_node *c = at(f, "spec.containers")->items[0];

	ensure_path(f, root(f, 0), "spec.securityContext.runAsNonRoot", "true");
	ensure_path(f, c, "securityContext.allowPrivilegeEscalation", "false");
	ensure_path(f, c, "securityContext.capabilities", "{drop: [ALL]}");
}

static void test_ensure_block(void **state)
{
	(void)state;
	run(pod, op_pod,
	    "apiVersion: v1\n"
	    "kind: Pod\n"
	    "metadata:\n"
	    "  name: web # the name\n"
	    "spec:\n"
	    "  # the containers\n"
	    "  containers:\n"
	    "  - name: app\n"
	    "    image: nginx\n"
	    "    securityContext:\n"
	    "      allowPrivilegeEscalation: false\n"
	    "      capabilities:\n"
	    "        drop:\n"
	    "        - ALL\n"
	    "  securityContext:\n"
	    "    runAsNonRoot: true\n"
	    "# trailing comment\n");
}

static void op_wide(struct yfx *f)
{
	ensure_path(f, at(f, "spec.containers")->items[0], "securityContext.capabilities.drop",
	            "[ALL]");
}

/* A file indented by 4 with sequences 2 under their key is written the same way. */
static void test_ensure_file_style(void **state)
{
	(void)state;
	run("spec:\n    containers:\n      - name: app\n        image: x\n", op_wide,
	    "spec:\n    containers:\n      - name: app\n        image: x\n"
	    "        securityContext:\n"
	    "            capabilities:\n"
	    "                drop:\n"
	    "                  - ALL\n");
}

static void op_deep(struct yfx *f)
{
	ensure_path(f, root(f, 0), "spec.template.spec.securityContext.seccompProfile.type",
	            "RuntimeDefault");
	ensure_path(f, root(f, 0), "spec.template.spec.automountServiceAccountToken", "false");
	ensure_path(f, root(f, 0), "metadata.labels.app\\.kubernetes\\.io/name", "web");
}

/* Mappings created five deep, in one block; the indent step is the file's (3). */
static void test_ensure_deep(void **state)
{
	(void)state;
	run("kind: Deployment\nmetadata:\n   name: web\nspec:\n   replicas: 1 # one\n", op_deep,
	    "kind: Deployment\nmetadata:\n   name: web\n   labels:\n"
	    "      app.kubernetes.io/name: web\n"
	    "spec:\n   replicas: 1 # one\n   template:\n"
	    "      spec:\n         securityContext:\n            seccompProfile:\n"
	    "               type: RuntimeDefault\n"
	    "         automountServiceAccountToken: false\n");
}

static void op_dash_above(struct yfx *f)
{
	append(f, at(f, "l"), "{b: 2}");
	append(f, at(f, "l"), "c");
}

/* A `-` alone on its line, its mapping below: new items go at the `-`'s column. */
static void test_append_dash_above(void **state)
{
	struct vakt_error *err = NULL;
	struct yfx f;

	(void)state;
	run("l: &rn\n  -\n      a: 1\n", op_dash_above,
	    "l: &rn\n  -\n      a: 1\n  - b: 2\n  - c\n");
	/* A first item reached through an alias: where its `-` is, is not known. */
	open_ok(&f, "a: &a {x: 1}\nl:\n- *a\n- 2\n");
	refused(vakt_yedit_append(f.e, at(&f, "l"), "3", NULL, NULL, &err), -ENOTSUP, &err,
	        "is not found");
	yfx_close(&f);
}

static void op_flow(struct yfx *f)
{
	ensure_path(f, root(f, 0), "spec.securityContext.runAsNonRoot", "true");
	ensure_path(f, root(f, 0), "spec.hostNetwork", "false");
	append(f, at(f, "spec.containers"), "{name: b}");
}

static void test_ensure_flow(void **state)
{
	(void)state;
	run("spec: {containers: [{name: a}], securityContext: {}}\n", op_flow,
	    "spec: {containers: [{name: a}, {name: b}], securityContext: {runAsNonRoot: true}, "
	    "hostNetwork: false}\n");
}

static void op_nulls(struct yfx *f)
{
	struct vakt_error *err = NULL;

	ensure_path(f, root(f, 0), "a.x", "1");
	ensure_path(f, root(f, 0), "b.y", "[p]");
	ensure_path(f, root(f, 0), "c.z", "2");
	ok(vakt_yedit_ensure(f->e, root(f, 0), "d", "v", NULL, NULL, &err), err);
	ok(vakt_yedit_ensure(f->e, root(f, 0), "e", "{f: 1}", NULL, NULL, &err), err);
}

/* Null values (empty, ~, before a comment) are filled; the text ends without a line break. */
static void test_ensure_null_values(void **state)
{
	(void)state;
	run("a:\nb: ~\nc: # nothing yet\nd:", op_nulls,
	    "a:\n  x: 1\nb:\n  \"y\":\n  - p\nc: # nothing yet\n  z: 2\nd: v\ne:\n  f: 1");
}

static void op_existing(struct yfx *f)
{
	struct vakt_error *err = NULL;

	ok(vakt_yedit_ensure(f->e, root(f, 0), "runAsNonRoot", "true", NULL, NULL, &err), err);
	ok(vakt_yedit_ensure(f->e, root(f, 0), "image", "nginx:2", NULL, NULL, &err), err);
	ok(vakt_yedit_ensure(f->e, root(f, 0), "capabilities", "{drop: [ALL], add: []}", NULL, NULL,
	                     &err),
	   err);
}

/* Existing values are set and merged into, quoting kept. */
static void test_ensure_existing(void **state)
{
	(void)state;
	run("runAsNonRoot: false\nimage: \"nginx:1\"\ncapabilities:\n  drop: [NET_RAW]\n",
	    op_existing,
	    "runAsNonRoot: true\nimage: \"nginx:2\"\ncapabilities:\n  drop: [NET_RAW, ALL]\n"
	    "  add: []\n");
}

static void op_block_scalar(struct yfx *f)
{
	ensure_path(f, root(f, 0), "a.t", "1");
}

/* After a `|+` block scalar, its kept blank lines stay its own. */
static void test_ensure_after_block_scalar(void **state)
{
	struct yfx f;
	char *got;

	(void)state;
	run("a:\n  s: |+\n    text\n  \n\nb: 1\n", op_block_scalar,
	    "a:\n  s: |+\n    text\n  \n\n  t: 1\nb: 1\n");
	open_ok(&f, "a:\n  s: |+\n    text\n  \n\nb: 1\n");
	op_block_scalar(&f);
	got = yfx_apply(&f);
	yfx_close(&f);
	open_ok(&f, got);
	assert_string_equal(vakt_yaml_str(at(&f, "a.s")), "text\n\n\n");
	yfx_close(&f);
	free(got);
}

/* Several calls on one new mapping make one edit, with the first rule and every note. */
static void test_ensure_merged_calls(void **state)
{
	static const struct vakt_rule *const r1 = (const struct vakt_rule *)&r1;
	struct vakt_error *err = NULL;
	struct yfx f;
	const struct vakt_yaml_node *c;
	char *got;

	(void)state;
	open_ok(&f, pod);
	c = at(&f, "spec.containers")->items[0];
	ok(vakt_yedit_ensure_path(f.e, c, "securityContext.runAsUser", "10001", r1, "uid 10001",
	                          &err),
	   err);
	ok(vakt_yedit_ensure_path(f.e, c, "securityContext.runAsGroup", "10001", NULL, "gid 10001",
	                          &err),
	   err);
	ok(vakt_yedit_ensure_path(f.e, c, "securityContext.runAsUser", "10001", NULL, "uid 10001",
	                          &err),
	   err);
	got = yfx_apply(&f);
	assert_int_equal(f.edits.n, 1);
	assert_ptr_equal(f.edits.v[0].rule, r1);
	assert_string_equal(f.edits.v[0].note, "uid 10001; gid 10001");
	assert_non_null(strstr(got, "    securityContext:\n      runAsUser: 10001\n"
	                            "      runAsGroup: 10001\n"));
	free(got);
	yfx_close(&f);
}

/* ---- sequences ------------------------------------------------------------------ */

static void op_seqs(struct yfx *f)
{
	append(f, at(f, "spec.volumes"), "{name: tmp, emptyDir: {}}");
	append(f, vakt_yaml_get(at(f, "spec.containers")->items[0], "volumeMounts"),
	       "{name: tmp, mountPath: /tmp}");
}

static void test_append_block(void **state)
{
	(void)state;
	run("spec:\n"
	    "  volumes:\n"
	    "    - name: data\n"
	    "      emptyDir: {}\n"
	    "  containers:\n"
	    "    - name: app\n"
	    "      volumeMounts:\n"
	    "        - name: data\n"
	    "          mountPath: /data\n",
	    op_seqs,
	    "spec:\n"
	    "  volumes:\n"
	    "    - name: data\n"
	    "      emptyDir: {}\n"
	    "    - name: tmp\n"
	    "      emptyDir: {}\n"
	    "  containers:\n"
	    "    - name: app\n"
	    "      volumeMounts:\n"
	    "        - name: data\n"
	    "          mountPath: /data\n"
	    "        - name: tmp\n"
	    "          mountPath: /tmp\n");
}

static void op_flow_seqs(struct yfx *f)
{
	append(f, at(f, "drop"), "ALL");
	append(f, at(f, "add"), "ALL");
	append(f, at(f, "add"), "NET_BIND_SERVICE");
	append(f, at(f, "list"), "x");
	append(f, at(f, "c"), "x");
}

static void test_append_flow(void **state)
{
	(void)state;
	run("drop: []\nadd: [ NET_BIND_SERVICE ]\nlist:\n- a\n- [b] # c\nc: [# none yet\n]\n",
	    op_flow_seqs,
	    "drop: [ALL]\nadd: [ NET_BIND_SERVICE, ALL ]\nlist:\n- a\n- [b] # c\n- x\n"
	    "c: [x # none yet\n]\n");
}

/* ---- files ---------------------------------------------------------------------- */

static void op_docs(struct yfx *f)
{
	ensure_path(f, vakt_yaml_get(root(f, 0), "items")->items[0],
	            "spec.securityContext.runAsNonRoot", "true");
	ensure_path(f, root(f, 1), "spec.securityContext.runAsNonRoot", "true");
}

static void test_documents_and_lists(void **state)
{
	(void)state;
	run("# first\napiVersion: v1\nkind: List\nitems:\n- kind: Pod\n  spec:\n    containers:\n"
	    "    - name: a\n---\nkind: Pod\nspec: {containers: [{name: b}]}\n...\n",
	    op_docs,
	    "# first\napiVersion: v1\nkind: List\nitems:\n- kind: Pod\n  spec:\n    containers:\n"
	    "    - name: a\n    securityContext:\n      runAsNonRoot: true\n---\nkind: Pod\n"
	    "spec: {containers: [{name: b}], securityContext: {runAsNonRoot: true}}\n...\n");
}

static void op_crlf(struct yfx *f)
{
	struct vakt_error *err = NULL;

	ensure_path(f, root(f, 0), "b.d", "3");
	ok(vakt_yedit_ensure(f->e, root(f, 0), "e", "[x]", NULL, NULL, &err), err);
	set(f, at(f, "a"), "5", false);
	set(f, at(f, "s"), "t", true);
	ensure_path(f, root(f, 0), "f.g", "1");
}

static void op_bom_block(struct yfx *f)
{
	set(f, at(f, "a"), "x", true);
}

static void test_crlf_bom(void **state)
{
	(void)state;
	/* A block scalar ending on line 1 after a BOM, then a document */
	run("\xEF\xBB\xBF"
	    "a: >-\r\n---\r\nb: 1\r\n",
	    op_bom_block,
	    "\xEF\xBB\xBF"
	    "a: \"x\"\r\n---\r\nb: 1\r\n");
	run("\xEF\xBB\xBF"
	    "a: 1\r\nb:\r\n  c: 2\r\ns: |\r\n  x\r\nf:\r\nh: 1\r\n",
	    op_crlf,
	    "\xEF\xBB\xBF"
	    "a: 5\r\nb:\r\n  c: 2\r\n  d: 3\r\ns: \"t\"\r\nf:\r\n  g: 1\r\nh: 1\r\ne:\r\n- x\r\n");
}

/* ---- spans ---------------------------------------------------------------------- */

static void span_is(struct yfx *f, const struct vakt_yaml_node *n, const char *want)
{
	struct vakt_error *err = NULL;
	size_t off, end;

	ok(vakt_yedit_span(f->e, n, &off, &end, &err), err);
	assert_int_equal(end - off, strlen(want));
	assert_memory_equal(f->src->data + off, want, end - off);
}

static void test_spans(void **state)
{
	struct vakt_error *err = NULL;
	struct yfx f;
	size_t off, end;

	(void)state;
	open_ok(&f, "a: 'q' # c\nb: {c: 1}\nd:\n  - x\n  - \"\xc3\xa9\"\ne: >-\n  folded\n  text\n"
	            "f:\n");
	span_is(&f, at(&f, "a"), "'q'");
	span_is(&f, at(&f, "b"), "{c: 1}");
	span_is(&f, at(&f, "d"), "- x\n  - \"\xc3\xa9\"");
	span_is(&f, at(&f, "e"), ">-\n  folded\n  text");
	span_is(&f, at(&f, "f"), "");
	ok(vakt_yedit_pair_span(f.e, root(&f, 0), 0, &off, &end, &err), err);
	assert_int_equal(off, 0);
	assert_int_equal(end, 6);
	ok(vakt_yedit_pair_span(f.e, root(&f, 0), 2, &off, &end, &err), err);
	assert_memory_equal(f.src->data + off, "d:\n  - x\n  - \"\xc3\xa9\"", end - off);
	refused(vakt_yedit_pair_span(f.e, root(&f, 0), 9, &off, &end, &err), -EINVAL, &err,
	        "no pair 9");
	refused(vakt_yedit_pair_span(f.e, at(&f, "d"), 0, &off, &end, &err), -EINVAL, &err,
	        "no pair 0");
	yfx_close(&f);
}

static void op_repeat(struct yfx *f)
{
	struct vakt_error *err = NULL;

	set(f, at(f, "a"), "9", false);
	set(f, at(f, "a"), "2", false); /* the last asked wins */
	set(f, at(f, "b"), "9", false);
	set(f, at(f, "b"), "1", false); /* back to what it is: no edit */
	append(f, at(f, "l"), "x");
	append(f, at(f, "l"), "x");
	append(f, at(f, "l"), "[a, b]"); /* there already */
	append(f, at(f, "l"), "{name: t, v: [1]}");
	append(f, at(f, "l"), "{v: [1], name: t}"); /* the same as data */
	append(f, at(f, "l"), "{name: t, v: [2]}");
	append(f, at(f, "l"), "{name: t}");
	append(f, at(f, "l"), "[a]");
	ok(vakt_yedit_ensure(f->e, root(f, 0), "m", "[p]", NULL, NULL, &err), err);
	ok(vakt_yedit_ensure(f->e, root(f, 0), "m", "[p, q]", NULL, NULL, &err), err);
	ok(vakt_yedit_ensure(f->e, root(f, 0), "z", "~", NULL, NULL, &err), err);
	ok(vakt_yedit_ensure(f->e, root(f, 0), "f", "{b: 1}", NULL, NULL, &err), err);
}

/* Asking twice, or for what is there, changes nothing more. */
static void test_repeated_calls(void **state)
{
	(void)state;
	run("a: 1\nb: 1\nl:\n- [a, b]\nz: null\nf: {a: ~}\n", op_repeat,
	    "a: 2\nb: 1\nl:\n- [a, b]\n- x\n- name: t\n  v:\n  - 1\n- name: t\n  v:\n  - 2\n"
	    "- name: t\n- [a]\nz: null\nf: {a: ~, b: 1}\nm:\n- p\n- q\n");
}

static void op_fill_flow(struct yfx *f)
{
	ensure_path(f, root(f, 0), "a.b", "1");
	ensure_path(f, root(f, 0), "c.d", "1");
}

/* A null in a flow mapping is filled in flow style; an anchor's comment is skipped. */
static void test_fill_flow(void **state)
{
	(void)state;
	run("{a: ~, x: 1}\n", op_fill_flow, "{a: {b: 1}, x: 1, c: {d: 1}}\n");
}

static void op_json(struct yfx *f)
{
	ensure_path(f, at(f, "spec"), "securityContext.seccompProfile", "{type: RuntimeDefault}");
	ensure_path(f, at(f, "spec"), "volumes", "[{name: tmp, emptyDir: {}}]");
	set(f, at(f, "spec.image"), "nginx:1.27@sha256:ab", true);
	set(f, at(f, "spec.user"), "10001", false);
}

static void op_flow_yaml(struct yfx *f)
{
	ensure_path(f, root(f, 0)->items[0], "b", "x");
}

/* A JSON text gets JSON: keys and strings in double quotes, numbers and booleans bare. */
static void test_json(void **state)
{
	(void)state;
	run("{\n  \"spec\": {\"image\": \"nginx\", \"user\": 0}\n}\n", op_json,
	    "{\n  \"spec\": {\"image\": \"nginx:1.27@sha256:ab\", \"user\": 10001, "
	    "\"securityContext\": {\"seccompProfile\": {\"type\": \"RuntimeDefault\"}}, "
	    "\"volumes\": [{\"name\": \"tmp\", \"emptyDir\": {}}]}\n}\n");
	/* A flow mapping with plain keys is YAML: what is added is YAML too. */
	run("[ {a: 1} ]\n", op_flow_yaml, "[ {a: 1, b: x} ]\n");
}

static void op_comment_after_anchor(struct yfx *f)
{
	ensure_path(f, at(f, "a"), "c", "1");
	set(f, at(f, "e"), "v", true);
}

static void test_comment_after_anchor(void **state)
{
	(void)state;
	run("a: &x # the anchor\n  b: 1\ne: &y   \n", op_comment_after_anchor,
	    "a: &x # the anchor\n  b: 1\n  c: 1\ne: &y v   \n");
}

static void op_anchored_key(struct yfx *f)
{
	ensure_path(f, root(f, 0), "z", "1");
	ensure_path(f, at(f, "y"), "z", "1");
}

/* A first key with an anchor and a flow value is not a flow mapping; an alias as a key. */
static void test_anchored_first_key(void **state)
{
	(void)state;
	run("&k a: {b: 1}\ny: {*k : 2}\n", op_anchored_key,
	    "&k a: {b: 1}\ny: {*k : 2, z: 1}\nz: 1\n");
	/* `&y:` is an anchor y on an empty key: the colon is not the anchor's */
	run("&y: &b {c: 1}\ny: {d: 1}\n", op_anchored_key,
	    "&y: &b {c: 1}\ny: {d: 1, z: 1}\nz: 1\n");
}

static void op_wide_step(struct yfx *f)
{
	ensure_path(f, root(f, 0), "c.d", "[x]");
}

/* An indent step or sequence offset past 8 is not a style: the defaults are used. */
static void test_odd_style(void **state)
{
	(void)state;
	run("a:\n            b: 1\nl:\n            - x\n", op_wide_step,
	    "a:\n            b: 1\nl:\n            - x\nc:\n  d:\n  - x\n");
}

/* Strings that would read as numbers are quoted; a plain one stays plain. */
static void op_numbers(struct yfx *f)
{
	set(f, at(f, "a"), "+1", true);
	set(f, at(f, "b"), ".inf", true);
	set(f, at(f, "c"), "1.5e3", true);
	set(f, at(f, "d"), "1a!", true);
	set(f, at(f, "g"), "-.5", true);
}

static void test_quote_numbers(void **state)
{
	(void)state;
	run("a: x\nb: x\nc: x\nd: x\ng: x\n", op_numbers,
	    "a: \"+1\"\nb: \".inf\"\nc: \"1.5e3\"\nd: 1a!\ng: \"-.5\"\n");
}

static void op_strings(struct yfx *f)
{
	static const char *const v[] = {"a\nb", "t\tx", "\x01", "-x", " x", "x ",
	                                "x:",   "a: b", "a #b", "",   "a#b"};
	const struct vakt_yaml_node *l = at(f, "l");

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(v); i++)
		set(f, l->items[i], v[i], true);
}

/* What a plain or single-quoted scalar cannot hold is double-quoted, escaped. */
static void test_quote_strings(void **state)
{
	(void)state;
	run("l:\n- 'q'\n- x\n- x\n- x\n- x\n- x\n- x\n- x\n- x\n- x\n- x\n", op_strings,
	    "l:\n- \"a\\nb\"\n- \"t\\tx\"\n- \"\\x01\"\n- \"-x\"\n- \" x\"\n- \"x \"\n"
	    "- \"x:\"\n- \"a: b\"\n- \"a #b\"\n- \"\"\n- a#b\n");
}

/* Many nodes with aliases: the node table grows; a shared node inside a shared one. */
static void test_many_shared(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct vakt_error *err = NULL;
	struct yfx f;

	(void)state;
	vakt_buf_adds(&b, "in: &in {k: 1}\nout: &out {i: *in}\nuse: *out\n"
	                  "d: &d {p: &k {x: 1}, q: *k}\ne: *d\nl:\n");
	for (int i = 0; i < 700; i++)
		vakt_buf_addf(&b, "- {n: %d}\n", i);
	open_ok(&f, b.data);
	refused(vakt_yedit_ensure(f.e, at(&f, "in"), "z", "1", NULL, NULL, &err), -ENOTSUP, &err,
	        "several paths");
	refused(vakt_yedit_ensure(f.e, at(&f, "out"), "z", "1", NULL, NULL, &err), -ENOTSUP, &err,
	        "several paths");
	ensure_path(&f, at(&f, "l")->items[699], "z", "1");
	yfx_close(&f);
	vakt_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_set_plain),
	    cmocka_unit_test(test_set_quoting),
	    cmocka_unit_test(test_set_keeps_anchor),
	    cmocka_unit_test(test_utf8_before_node),
	    cmocka_unit_test(test_ensure_block),
	    cmocka_unit_test(test_ensure_file_style),
	    cmocka_unit_test(test_ensure_deep),
	    cmocka_unit_test(test_ensure_flow),
	    cmocka_unit_test(test_ensure_null_values),
	    cmocka_unit_test(test_ensure_existing),
	    cmocka_unit_test(test_ensure_after_block_scalar),
	    cmocka_unit_test(test_ensure_merged_calls),
	    cmocka_unit_test(test_append_block),
	    cmocka_unit_test(test_append_flow),
	    cmocka_unit_test(test_append_dash_above),
	    cmocka_unit_test(test_documents_and_lists),
	    cmocka_unit_test(test_crlf_bom),
	    cmocka_unit_test(test_spans),
	    cmocka_unit_test(test_repeated_calls),
	    cmocka_unit_test(test_fill_flow),
	    cmocka_unit_test(test_json),
	    cmocka_unit_test(test_comment_after_anchor),
	    cmocka_unit_test(test_anchored_first_key),
	    cmocka_unit_test(test_odd_style),
	    cmocka_unit_test(test_quote_numbers),
	    cmocka_unit_test(test_quote_strings),
	    cmocka_unit_test(test_many_shared),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
