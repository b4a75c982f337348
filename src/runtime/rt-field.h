/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_FIELD_H
#define VAKT_RT_FIELD_H

/*
 * The contract between the rule language (lexer, parser, compiler,
 * evaluator, output) and an event source's fields. The rule language knows
 * nothing of events: it compiles conditions against a field set and, at
 * evaluation, hands the event as an opaque pointer to each field's
 * extractor. The syscall source's field set is rt_fields_syscall
 * (rt-fields*.c); unit tests of the language bring their own.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A field's type, as Falco's field tables give it (CHARBUF, UINT64, ...). */
enum rt_ftype {
	RT_FT_STR,     /* CHARBUF, and rendered flags/enums (evt.arg.flags) */
	RT_FT_U64,     /* UINT16/32/64, PORT */
	RT_FT_I64,     /* INT16/32/64, ERRNO, FD */
	RT_FT_BOOL,    /* compares with true/false */
	RT_FT_IPADDR,  /* compares with an address (a CIDR block is refused, as in Falco) */
	RT_FT_IPNET,   /* a network; compares with a CIDR block */
	RT_FT_ABSTIME, /* ns since the epoch */
	RT_FT_RELTIME, /* ns */
	RT_FT_BYTES,   /* a buffer (evt.buffer): bcontains, bstartswith */
};

struct rt_ip {
	uint8_t family; /* AF_INET or AF_INET6 */
	uint8_t a[16];  /* network order; AF_INET uses the first 4 bytes */
};

struct rt_ipnet {
	struct rt_ip ip;
	uint8_t bits;
};

struct rt_value {
	enum rt_ftype type;
	union {
		struct {
			const char *p; /* borrowed: from the event, the state or rt_values.buf */
			size_t n;
		} s;        /* STR, BYTES */
		uint64_t u; /* U64, ABSTIME, RELTIME */
		int64_t i;  /* I64 */
		bool b;
		struct rt_ip ip;
		struct rt_ipnet net;
	};
};

/* Ceilings of one extraction: more ancestors or bytes are cut, not an error. */
#define RT_VALUES_MAX 64
#define RT_VALUES_BUF 16384

/*
 * The values of one field for one event: none (the field has no value
 * here, which makes every comparison but `exists`/`not` false), one, or
 * several for a multi-valued field (proc.aname without an index: any of
 * them may match). buf is scratch for values an extractor renders.
 */
struct rt_values {
	size_t n;
	struct rt_value v[RT_VALUES_MAX];
	size_t used;
	char buf[RT_VALUES_BUF];
};

/* Empty vs before an extraction. */
void rt_values_reset(struct rt_values *vs);
/*
 * Scratch for a value of len bytes (plus a NUL) in vs->buf, NULL when it is
 * full (the extractor then adds what fits or nothing). Valid until reset.
 */
char *rt_values_alloc(struct rt_values *vs, size_t len);
/* Append a value; false (nothing added) when RT_VALUES_MAX are held. */
bool rt_values_add(struct rt_values *vs, const struct rt_value *v);
bool rt_values_add_str(struct rt_values *vs, const char *p, size_t n);
bool rt_values_add_u64(struct rt_values *vs, enum rt_ftype type, uint64_t u);
bool rt_values_add_i64(struct rt_values *vs, int64_t i);
bool rt_values_add_bool(struct rt_values *vs, bool b);

/*
 * A field's argument as written: proc.aname[2] (index), evt.arg[0] (index),
 * evt.arg.flags and evt.arg[flags] (key), k8s.pod.label[app] (key).
 */
struct rt_field_arg {
	bool has;
	bool is_index;
	long index;
	const char *key; /* owned by the compiled rule set, NUL-terminated */
	size_t key_len;
};

enum rt_field_flag {
	RT_FIELD_MULTI = 1u << 0,        /* may yield several values (any may match) */
	RT_FIELD_ARG_INDEX = 1u << 1,    /* takes [N] */
	RT_FIELD_ARG_KEY = 1u << 2,      /* takes [name] */
	RT_FIELD_ARG_REQUIRED = 1u << 3, /* not valid without an argument */
	RT_FIELD_ARG_DOTTED = 1u << 4,   /* also written name.KEY (evt.arg.flags) */
	RT_FIELD_NO_FILTER = 1u << 5,    /* output only; in a condition it is an error */
	/* With an index, one value; without, every value (proc.aname) when MULTI. */
};

struct rt_field_def {
	const char *name; /* "proc.aname" */
	const char *desc; /* one line, for --list-fields */
	enum rt_ftype type;
	unsigned flags; /* enum rt_field_flag */
	/*
	 * Fill out (reset by the caller) with the field's values for event ev
	 * (the source's own type, opaque here). Never fails: a value that
	 * cannot be had is left out, so the field is missing for this event.
	 */
	void (*extract)(const struct rt_field_def *def, const struct rt_field_arg *arg,
	                const void *ev, struct rt_values *out);
};

/*
 * What one event source offers the rule language: its fields and its event
 * types (index = the type id the evaluator is given with each event; id 0 is
 * "no type" and never named). A rule restricted by evt.type comparisons is
 * indexed under those ids; the evaluator needs the type of each event only
 * through the id, so evt.type itself is an ordinary field as well.
 */
struct rt_fieldset {
	const char *source; /* "syscall" */
	const struct rt_field_def *defs;
	size_t n_defs;
	const char *const *evtypes; /* evtypes[0] unused */
	size_t n_evtypes;
};

/* The syscall source's fields (rt-fields*.c). */
extern const struct rt_fieldset rt_fields_syscall;

/*
 * The field that `name` (len bytes, as written, without [arg]) names in fs:
 * an exact name, else a RT_FIELD_ARG_DOTTED field whose name is followed by
 * '.' and a key, which is stored in *dotted_key (pointing into name). NULL
 * when none.
 */
const struct rt_field_def *rt_fieldset_lookup(const struct rt_fieldset *fs, const char *name,
                                              size_t len, const char **dotted_key,
                                              size_t *dotted_len);
/* The id of event type name in fs; 0 when fs does not know it. */
size_t rt_fieldset_evtype(const struct rt_fieldset *fs, const char *name, size_t len);

#endif
