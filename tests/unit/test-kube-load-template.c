/* SPDX-License-Identifier: MIT */
/*
 * kube/kube-template.c and the loader's use of it: a template is told by
 * what YAML cannot read as a manifest, not by a `{{` anywhere. Go
 * templates that are data (PrometheusRule alert text, Alertmanager
 * templates, Argo workflow parameters) leave the file a manifest.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "kube/kube-load.h"

#define PATH "rules.yaml"

/* Load text into set; the errors' formatted messages, joined by newlines, go to *errors. */
static size_t load(struct kube_set *set, const char *text, char **errors)
{
	struct vakt_error_list errs = {0};
	struct vakt_buf b = VAKT_BUF_INIT;
	size_t n = kube_set_load(set, vakt_source_from_mem(PATH, text, strlen(text)), &errs);

	for (size_t i = 0; i < errs.n; i++) {
		char *m = vakt_error_format(errs.v[i]);

		vakt_buf_addf(&b, "%s%s", i ? "\n" : "", m);
		free(m);
	}
	vakt_error_list_release(&errs);
	*errors = vakt_buf_detach(&b);
	return n;
}

static void check_offsets(const char *const *texts, const long *offsets, size_t n,
                          long (*fn)(const char *, size_t))
{
	for (size_t i = 0; i < n; i++) {
		long got = fn(texts[i], strlen(texts[i]));

		if (got != offsets[i]) {
			print_error("<<%s>>: got %ld, expected %ld\n", texts[i], got, offsets[i]);
			fail();
		}
	}
}

/* `{{` where YAML would start a node, or a call of Helm's own objects: a template. */
static void test_structural_templates(void **state)
{
	static const char *const texts[] = {
	    "{{ $k }}: v\n",
	    "a: [x, {{ y }}]\n",
	    "a: {b: {{ y }}}\n",
	    "a:\n  - &x {{ y }}\n",
	    "a: 1\n{{- if .x }}\nb: 2\n{{- end }}\n",
	    "a:\n  b: c\n  {{- toYaml .Values.x | nindent 2 }}\n",
	    "\"a\": {{ x }}\n",
	    "a: !!str {{ x }}\n",
	    /* Helm's objects inside a scalar still make a chart's template. */
	    "a: x-{{ .Release.Name }}\n",
	    "a: \"multi\n  {{ .Values.x }}\"\n",
	    /* After a multi-line flow sequence's comma. */
	    "a: [x,\n  {{ y }}]\n",
	};
	static const long offsets[] = {0, 7, 7, 10, 5, 12, 5, 9, 5, 12, 9};

	(void)state;
	check_offsets(texts, offsets, VAKT_ARRAY_SIZE(texts), kube_template_offset);
}

/* `{{` inside a scalar is data: alert texts, Argo parameters, Go templates in ConfigMaps. */
static void test_data_templates(void **state)
{
	static const char *const texts[] = {
	    "summary: Instance {{ $labels.instance }}:{{ $value }} down\n",
	    "summary: Job failed - {{ $labels.job }}\n",
	    "description: \"{{ $labels.instance }}:{{ $value }}\"\n",
	    "description: '{{ $labels.namespace }}/{{ $labels.pod }}: {{ $value }}'\n",
	    /* A plain scalar over several lines. */
	    "summary: Pod\n  {{ $labels.pod }} is down\n  {{ $value }}\nnext: 1\n",
	    "- name: a\n  value: b\n    {{ x }}\n",
	    /* A double-quoted scalar over several lines. */
	    "d: \"a\n  {{ $x }} b\n  {{ $y }}\"\n",
	    "s: 'it''s\n  {{ $x }}'\n",
	    /* Argo workflows. */
	    "args: [\"{{inputs.parameters.message}}\"]\n",
	    "value: '{{workflow.name}}'\n",
	    "- name: x\n  value: a:{{ y }}\n",
	    /* JSON. */
	    "{\"a\":\"{{ x }}\", \"b\": [\"{{ y }}\"]}\n",
	    /* Alertmanager templates in a block scalar, with control blocks. */
	    "t: |-\n  {{- range .Alerts }}\n  {{ .Labels.x }}\n  {{- end }}\nnext: 1\n",
	    /* An anchor before a quoted value; a key after a multi-line plain scalar. */
	    "a: &x \"{{ y }}\"\nb: c\n  d\ne: '{{ f }}'\n",
	};
	static const long offsets[] = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1};

	(void)state;
	check_offsets(texts, offsets, VAKT_ARRAY_SIZE(texts), kube_template_offset);
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(texts); i++)
		assert_false(kube_looks_templated(texts[i], strlen(texts[i])));
}

/* The first `{{` outside comments, whatever its position. */
static void test_brace_offset(void **state)
{
	static const char *const texts[] = {
	    "a: b {{ x }}\n", "# {{ x }}\na: 1\n", "a: 1 # {{\nb: '{{'\n", "a: |\n  {{ x }}\n", "",
	};
	static const long offsets[] = {5, -1, 14, 7, -1};

	(void)state;
	check_offsets(texts, offsets, VAKT_ARRAY_SIZE(texts), kube_template_brace_offset);
	assert_int_equal(kube_template_brace_offset(NULL, 0), -1);
}

/* A PrometheusRule as kube-prometheus writes them is a manifest. */
static void test_prometheus_rule_loads(void **state)
{
	static const char text[] =
	    "apiVersion: monitoring.coreos.com/v1\n"
	    "kind: PrometheusRule\n"
	    "metadata:\n"
	    "  name: node-exporter-rules\n"
	    "  namespace: monitoring\n"
	    "spec:\n"
	    "  groups:\n"
	    "  - name: node-exporter\n"
	    "    rules:\n"
	    "    - alert: NodeFilesystemSpaceFillingUp\n"
	    "      annotations:\n"
	    "        description: Filesystem on {{ $labels.device }}, mounted on\n"
	    "          {{ $labels.mountpoint }}, at {{ $labels.instance }}:{{ $value }} has\n"
	    "          only {{ printf \"%.2f\" $value }}% available space left.\n"
	    "        summary: Instance {{ $labels.instance }}:{{ $value }} - filesystem\n"
	    "      expr: node_filesystem_avail_bytes{job=\"node-exporter\"} < 0.4\n"
	    "---\n"
	    "apiVersion: v1\n"
	    "kind: ConfigMap\n"
	    "metadata: {name: alertmanager-templates, namespace: monitoring}\n"
	    "data:\n"
	    "  slack.tmpl: |\n"
	    "    {{ define \"slack.text\" }}{{ range .Alerts }}{{ .Annotations.summary }}\n"
	    "    {{ end }}{{ end }}\n";
	struct kube_set set = {0};
	char *errors;

	(void)state;
	assert_int_equal(load(&set, text, &errors), 2);
	assert_string_equal(errors, "");
	free(errors);
	assert_string_equal(set.objs[0].kind_name, "PrometheusRule");
	kube_set_release(&set);
}

/* YAML that fails after a `{{`: the template is the cause; before any `{{`: the YAML. */
static void test_parse_failure(void **state)
{
	struct kube_set set = {0};
	char *errors;

	(void)state;
	/* A template whose `{{` sits inside scalars, but whose YAML breaks. */
	assert_int_equal(load(&set,
	                      "apiVersion: v1\n"
	                      "kind: ConfigMap\n"
	                      "metadata:\n"
	                      "  name: x-{{ $name }}\n"
	                      "data:\n"
	                      "  a: b\n"
	                      "   c: d {{ $e }}\n",
	                      &errors),
	                 0);
	assert_string_equal(errors, "rules.yaml:4:11: looks like a Helm/Go template: render it "
	                            "first (helm template ...)");
	free(errors);
	kube_set_release(&set);
	/* Broken YAML before the first `{{`: a YAML error. */
	assert_int_equal(load(&set,
	                      "apiVersion: v1\n"
	                      "kind: ConfigMap\n"
	                      "metadata:\n"
	                      "  name: [x\n"
	                      "data: {a: 'b {{ c }}'}\n",
	                      &errors),
	                 0);
	assert_true(strstr(errors, "invalid YAML") != NULL);
	free(errors);
	kube_set_release(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_structural_templates),
	    cmocka_unit_test(test_data_templates),
	    cmocka_unit_test(test_brace_offset),
	    cmocka_unit_test(test_prometheus_rule_loads),
	    cmocka_unit_test(test_parse_failure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
