/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_FIELDS_H
#define VAKT_RT_FIELDS_H

/*
 * The syscall source's field set (rt_fields_syscall, declared in
 * rt-field.h) and what `vakt watch --list-fields` shows of it. The fields
 * read a struct rt_event that rt_state_apply() has seen (ev->thread, ev->fd,
 * ev->state set); docs/runtime.md lists them with their semantics.
 */

#include "core/util.h"
#include "rt-field.h"

/* The type's word as Falco's field lists write it ("CHARBUF", "UINT64", "IPNET"...). Static. */
const char *rt_fields_type_name(enum rt_ftype t);

/*
 * Append the list of fs's fields to out: a heading per class (the name up to
 * its first '.': evt, proc, thread, user, group, fd, container, k8s), then
 * one line per field: name (with its argument form: proc.aname[N],
 * evt.arg.NAME), type, and description. Plain text, for the CLI to print.
 */
void rt_fields_list(const struct rt_fieldset *fs, struct vakt_buf *out);

#endif
