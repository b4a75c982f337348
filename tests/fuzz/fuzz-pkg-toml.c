/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the TOML reader (pkg-toml.h) and the readers built
 * on it: the input parsed as a document whose tree is walked (types, keys,
 * lengths, lines, nesting within the ceiling), then read as a Cargo.lock, a
 * poetry.lock and a uv.lock (fuzz-pkg-app-common.h). A failure of the parser
 * sets an error with the file and no tree.
 */
#include "fuzz-pkg-app-common.h"
#include "pkg/pkg-toml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk(const struct pkg_toml_value *v, int depth, int lines)
{
	/* Tables nest by headers, dotted keys and inline tables: three ceilings at most. */
	if (depth > 3 * PKG_APP_MAX_DEPTH + 2 || v->line < 1 || v->line > lines)
		__builtin_trap();
	switch (v->type) {
	case PKG_TOML_TABLE:
		for (size_t i = 0; i < v->n; i++) {
			if (!v->keys[i] || pkg_toml_get(v, v->keys[i]) != v->v[i])
				__builtin_trap();
			walk(v->v[i], depth + 1, lines);
		}
		break;
	case PKG_TOML_ARRAY:
		for (size_t i = 0; i < v->n; i++)
			walk(v->v[i], depth + 1, lines);
		break;
	case PKG_TOML_STRING:
	case PKG_TOML_FLOAT:
	case PKG_TOML_DATETIME:
		if (!v->s || (v->type != PKG_TOML_STRING && strlen(v->s) != v->len))
			__builtin_trap();
		break;
	case PKG_TOML_INTEGER:
	case PKG_TOML_BOOL:
		break;
	default:
		__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct pkg_toml_value *root = NULL;
	struct vakt_error *err = NULL;
	int lines = 1;

	for (size_t i = 0; i < size; i++)
		lines += s[i] == '\n';
	if (pkg_toml_parse("t.toml", s, size, &root, &err)) {
		if (root || !err || !err->file || err->line < 0 || err->line > lines)
			__builtin_trap();
		vakt_error_free(err);
	} else {
		if (!root || err || root->type != PKG_TOML_TABLE)
			__builtin_trap();
		walk(root, 0, lines);
		pkg_toml_free(root);
	}
	fuzz_pkg_app_run(pkg_app_cargo_lock, "Cargo.lock", PKG_CARGO, s, size);
	fuzz_pkg_app_run(pkg_app_poetry_lock, "poetry.lock", PKG_PYPI, s, size);
	fuzz_pkg_app_run(pkg_app_uv_lock, "uv.lock", PKG_PYPI, s, size);
	return 0;
}
