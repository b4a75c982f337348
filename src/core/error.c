/* SPDX-License-Identifier: MIT */
#include "error.h"

static int error_vset(struct vakt_error **err, int code, const char *file, int line, int column,
                      const char *fmt, va_list ap) VAKT_PRINTF(6, 0);

static int error_vset(struct vakt_error **err, int code, const char *file, int line, int column,
                      const char *fmt, va_list ap)
{
	struct vakt_error *e;

	if (!err || *err)
		return code;
	e = vakt_xcalloc(1, sizeof(*e));
	e->code = code;
	e->msg = vakt_xvasprintf(fmt, ap);
	e->file = vakt_xstrdup(file);
	e->line = line;
	e->column = column;
	*err = e;
	return code;
}

int vakt_error_set(struct vakt_error **err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_vset(err, code, NULL, 0, 0, fmt, ap);
	va_end(ap);
	return code;
}

int vakt_error_set_at(struct vakt_error **err, int code, const char *file, int line, int column,
                      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_vset(err, code, file, line, column, fmt, ap);
	va_end(ap);
	return code;
}

void vakt_error_prefix(struct vakt_error *err, const char *fmt, ...)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vakt_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	vakt_buf_adds(&b, ": ");
	vakt_buf_adds(&b, err->msg);
	free(err->msg);
	err->msg = vakt_buf_detach(&b);
}

void vakt_error_suffix(struct vakt_error *err, const char *fmt, ...)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	va_list ap;

	if (!err)
		return;
	vakt_buf_adds(&b, err->msg);
	va_start(ap, fmt);
	vakt_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	free(err->msg);
	err->msg = vakt_buf_detach(&b);
}

void vakt_error_free(struct vakt_error *err)
{
	if (!err)
		return;
	free(err->msg);
	free(err->file);
	free(err);
}

char *vakt_error_format(const struct vakt_error *err)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	if (err->file) {
		vakt_buf_adds(&b, err->file);
		if (err->line > 0) {
			vakt_buf_addf(&b, ":%d", err->line);
			if (err->column > 0)
				vakt_buf_addf(&b, ":%d", err->column);
		}
		vakt_buf_adds(&b, ": ");
	}
	vakt_buf_adds(&b, err->msg);
	return vakt_buf_detach(&b);
}

void vakt_error_list_add(struct vakt_error_list *l, struct vakt_error *err)
{
	if (!err)
		return;
	l->v = vakt_grow(l->v, sizeof(*l->v), l->n + 1, &l->cap);
	l->v[l->n++] = err;
}

void vakt_error_list_release(struct vakt_error_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		vakt_error_free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

void vakt_error_list_take(struct vakt_error_list *to, struct vakt_error_list *from)
{
	for (size_t i = 0; i < from->n; i++)
		vakt_error_list_add(to, from->v[i]);
	from->n = 0;
}

void vakt_error_list_split_warnings(struct vakt_error_list *errs, size_t from,
                                    struct vakt_error_list *warnings)
{
	size_t kept = from;

	for (size_t i = from; i < errs->n; i++) {
		if (errs->v[i]->code == VAKT_WARNING_CODE)
			vakt_error_list_add(warnings, errs->v[i]);
		else
			errs->v[kept++] = errs->v[i];
	}
	errs->n = kept;
}
