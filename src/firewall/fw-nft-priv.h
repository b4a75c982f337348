/* SPDX-License-Identifier: MIT */
#ifndef VAKT_FW_NFT_PRIV_H
#define VAKT_FW_NFT_PRIV_H

/*
 * What the nft parsers share; not part of the library's interface.
 *
 *   fw-nft-lex.c     the lexer of nft's own syntax, and the names nft writes
 *                    for services, protocols, conntrack states, priorities
 *   fw-nft-stream.c  the token stream: files, includes, defines, lookahead
 *   fw-nft-parse.c   commands and blocks: tables, chains, rules in order
 *   fw-nft-set.c     named sets and maps, brace sets
 *   fw-nft-index.c   names to places (tables, chains, sets, defines)
 *   fw-nft-rule.c    the statements of one rule
 *   fw-nft-match.c   what a match puts in the model (text and JSON alike),
 *                    verdict maps as one rule per entry
 *   fw-nft-json.c    nft -j JSON
 *   fw-nft-json-lines.c  where each rule object of the JSON starts
 *
 * Ownership: tokens borrow the texts they were lexed from (the source, and
 * included files the parser keeps until its end); everything the parser
 * allocates is its own, released by fw_parse_nft(); the model it builds is
 * the caller's.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/root.h"
#include "fw.h"
#include "fw-model.h"

/* Services, protocols and states are hard-coded: no NSS lookup on a scanned file's behalf. */

/* The port of a service name nft accepts ("ssh", "https"), or -1. */
int fw_nft_service_port(const char *s, size_t n);
/* A port, a range "1000-2000" or a service name into lo and hi; 0 or -EINVAL. */
int fw_nft_port_range(const char *s, size_t n, uint16_t *lo, uint16_t *hi);
/* The IPPROTO_* number of "tcp", "udp", "icmp", "ipv6-icmp", ... or a number; -1 unknown. */
int fw_nft_proto_number(const char *s, size_t n);
/* The FW_CT_* bit of a conntrack state name ("established"), 0 unknown. */
unsigned fw_nft_ct_state(const char *s, size_t n);
/* The bit of fw_rule.protos_any_of for a protocol (tcp 1, udp 2, sctp 4, dccp 8), else 0. */
uint8_t fw_nft_proto_bit(int proto);
/* The family of "ip", "ip6", "inet", "arp", "bridge", "netdev"; -1 unknown. */
int fw_nft_family(const char *s, size_t n);
/* The hook of "input", "prerouting", ...; -1 unknown. */
int fw_nft_hook(const char *s, size_t n);
/* A named priority ("filter", "dstnat") in family; 0 and *ok false when unknown. */
int fw_nft_priority_named(const char *s, size_t n, enum fw_family family, bool *ok);
/*
 * An address, a prefix or a range "10.0.0.1-10.0.0.9" into the prefixes
 * that cover it exactly (appended to a); 0 or -EINVAL (nothing appended).
 */
int fw_nft_addrs_add(struct fw_addrs *a, const char *s, size_t n);

/*
 * Elements copied from named sets into rules, in all: a set of a million
 * addresses named by a million rules would otherwise copy 10^12 prefixes.
 * Past it, a reference stays unresolved (a warning says so once).
 */
#define NFT_MAX_RESOLVED (4u * 1024 * 1024)

/* Take n elements from the budget *used; false (nothing taken) when they do not fit. */
static inline bool fw_nft_budget(size_t *used, size_t n)
{
	if (n > NFT_MAX_RESOLVED - *used)
		return false;
	*used += n;
	return true;
}

enum nft_tok_type {
	NFT_T_EOF,
	NFT_T_WORD,   /* a run of word bytes: names, numbers, addresses, $var, @set */
	NFT_T_STRING, /* "..." (s/n without the quotes) */
	NFT_T_END,    /* a newline or ';' */
	NFT_T_LBRACE,
	NFT_T_RBRACE,
	NFT_T_LPAREN,
	NFT_T_RPAREN,
	NFT_T_COMMA,
	NFT_T_OP,   /* == != < > <= >= = */
	NFT_T_WARN, /* "# Warning: table FAMILY NAME is managed by iptables-nft": s/n the table */
};

struct nft_tok {
	enum nft_tok_type type;
	const char *s; /* borrowed from the lexed text */
	size_t n;
	const char *file; /* borrowed */
	int line, col;
	bool semi;       /* an END that was ';' */
	bool expanded;   /* came from a define's value */
	bool var_first;  /* the first token of a define's value */
	const char *var; /* expanded: the "$NAME" written (borrowed) */
	size_t var_n;
};

struct nft_lexer {
	const char *file; /* borrowed: for positions */
	const char *p, *end;
	const char *line_start;
	int line;
	bool line_checked; /* the current line's length was checked */
};

/* Start lexing text[0..len) (borrowed for the lexer's life). */
void nft_lex_init(struct nft_lexer *lx, const char *file, const char *text, size_t len);
/*
 * The next token into *t. Bad input (an unterminated string, a line longer
 * than FW_MAX_LINE, a stray byte) is reported in errs and lexing goes on.
 */
void nft_lex_next(struct nft_lexer *lx, struct nft_tok *t, struct vakt_error_list *errs);

/* Whether token t is the word w. */
bool nft_tok_is(const struct nft_tok *t, const char *w);

/*
 * A name index (fw-nft-index.c): keys (bytes) to positions, open addressing.
 * Lookups by name stay constant time however many tables, chains, sets and
 * defines a rule set holds; a removal rebuilds the index (rare).
 */
struct nft_index_ent {
	char *key; /* owned; NULL: free slot */
	size_t klen;
	size_t val;
};

struct nft_index {
	struct nft_index_ent *v;
	size_t cap, n;
};

/* Map key[0..klen) to val (replacing an older value). */
void nft_index_put(struct nft_index *ix, const char *key, size_t klen, size_t val);
/* The value of key, in *val; false when absent. */
bool nft_index_get(const struct nft_index *ix, const char *key, size_t klen, size_t *val);
void nft_index_clear(struct nft_index *ix);
/*
 * The key of a name in a scope into b: kind ('T' table, 'C' chain, 'S' set,
 * 'D' define, 'Z' dormant table), family, and one or two names.
 */
void nft_index_key(struct vakt_buf *b, char kind, int family, const char *a, size_t an,
                   const char *c, size_t cn);

/* A match's relation: [op] value, from nft text or JSON. */
struct fw_nft_match {
	bool neg;
	char op; /* 0 ==, '<', '>', 'l' (<=), 'g' (>=) */
	enum { V_NONE, V_SINGLE, V_LIST, V_SET, V_NAMED } kind;
	struct vakt_strv vals; /* "10.0.0.0/8", "1000-2000", "established", "eth*" */
	char *set_name;        /* owned: V_NAMED */
	bool complex;          /* bitwise operations, masks, concatenations, map entries */
	bool map;              /* map/vmap lookup */
	bool vmap;
	bool set_stmt; /* `... set VALUE`: a statement that changes the packet */
};

/* Release what v owns (v itself is the caller's). */
void fw_nft_match_release(struct fw_nft_match *v);

/* What a match is on. */
enum fw_nft_sel {
	S_OPAQUE, /* kept as text; proto (if any) still narrows the rule */
	S_IIF,
	S_OIF,
	S_NFPROTO,   /* meta nfproto ipv4|ipv6 */
	S_ETHERTYPE, /* meta protocol ip|ip6 */
	S_PROTO,     /* meta l4proto, ip protocol, ip6 nexthdr */
	S_SADDR,
	S_DADDR,
	S_SPORT, /* proto: IPPROTO_TCP ..., 0 for th */
	S_DPORT,
	S_CT_STATE,
};

/*
 * A verdict map (`ct state vmap { established : accept, invalid : drop }`):
 * its keys are disjoint, so the rule is one rule per entry, each matching
 * its key with its verdict, which the model holds.
 */
struct nft_vmap_entry {
	char *key; /* owned */
	enum fw_verdict verdict;
	char *target; /* owned: jump/goto */
};

struct nft_vmap {
	bool on; /* the rule ends in a verdict map that expands */
	enum fw_nft_sel kind;
	int proto;
	uint8_t fam;
	char *sel_text; /* owned: the key's selector as written ("ct state"), for opaque keys */
	struct nft_vmap_entry *v; /* owned */
	size_t n;
};

/* Append an entry (key[0..kn) and target[0..tn), or NULL, copied). */
void fw_nft_vmap_add(struct nft_vmap *m, const char *key, size_t kn, enum fw_verdict verdict,
                     const char *target, size_t tn);
/* Release what m owns and zero it. */
void fw_nft_vmap_release(struct nft_vmap *m);
/*
 * The rules r stands for (r taken): one per entry of m, each a copy of r
 * with the entry's key and verdict; r itself when m is off. *out is a new
 * array of *n rules, which the caller owns (moves them into a chain).
 */
void fw_nft_vmap_expand(struct fw_rule *r, const struct nft_vmap *m, struct fw_rule **out,
                        size_t *n);

/*
 * Apply match v on kind to r (fam: 4 or 6 when the match implies it, else
 * 0; named: the elements of the set v names, NULL when not known). Returns
 * whether the model holds it; when not, the caller keeps it opaque.
 */
bool fw_nft_match_apply(struct fw_rule *r, enum fw_nft_sel kind, int proto, uint8_t fam,
                        const struct fw_nft_match *v, const struct vakt_strv *named);

/*
 * The parser of nft's own syntax (fw-nft-parse.c: commands, tables, chains,
 * sets, define, include; fw-nft-rule.c: the statements of one rule).
 */

struct nft_define {
	char *name;        /* owned */
	struct nft_tok *v; /* owned array; the texts point into kept buffers */
	size_t n;
};

/* A named set: its elements as written, read by the rule that names it. */
struct nft_set {
	enum fw_family family;
	char *table;            /* owned */
	char *name;             /* owned */
	struct vakt_strv elems; /* "10.0.0.0/8", "22", "1000-2000", "ssh" */
	bool dynamic;           /* flags dynamic/timeout: elements added at run time */
	bool complex;           /* concatenations, maps: not single values */
};

/* Where tokens come from: a file being lexed, or a define's value being expanded. */
struct nft_frame {
	bool is_define;
	struct nft_lexer lx;
	const struct nft_tok *v; /* define: borrowed from p->defs */
	size_t n, i;
	struct nft_tok use;       /* define: where $NAME was written */
	char *dir;                /* file: its directory beneath the include root ("" top); owned */
	struct vakt_strv pending; /* file: the glob's next files (paths beneath the root) */
	size_t next_pending;
	struct nft_tok at; /* file: the include statement (for errors reading the next file) */
};

#define NFT_MAX_FRAMES (FW_MAX_INCLUDE_DEPTH + 2)
#define NFT_LOOKAHEAD  3

struct nft_parser {
	struct fw_ruleset *rs;
	struct vakt_error_list *errs;
	const char *root_path; /* borrowed; NULL: no include followed */
	const char *top_file;  /* borrowed: the source's path */
	struct vakt_root root; /* opened on the first include */
	int root_state;        /* 0 not tried, 1 open, -1 failed */
	struct nft_frame frames[NFT_MAX_FRAMES];
	size_t depth;
	struct nft_tok la[NFT_LOOKAHEAD];
	size_t n_la;
	struct nft_define *defs;
	size_t n_defs;
	struct nft_set *sets;
	size_t n_sets;
	struct nft_index index;      /* tables, chains, sets, defines by name */
	struct vakt_buf key;         /* scratch for index keys */
	struct vakt_strv keep;       /* included texts and their names, alive until the end */
	struct vakt_strv ipt_tables; /* "ip filter" of each iptables-nft warning */
	struct vakt_buf text;        /* the rule being read, as written */
	bool recording;
	int rec_depth; /* braces open in the recorded text */
	size_t n_rules;
	size_t n_includes;
	size_t expanded;  /* tokens handed out from defines, against NFT_MAX_EXPANSION */
	size_t max_rules; /* FW_MAX_RULES, smaller in tests */
	bool rules_full;  /* max_rules reached (reported once) */
	size_t resolved;  /* elements copied from named sets (NFT_MAX_RESOLVED) */
	bool resolved_full;
	bool rule_xt; /* the rule being read holds an `xt` statement (iptables-nft) */
	size_t moved; /* rules moved by insert commands (NFT_MAX_MOVES) */
	bool moved_full;
};

/* fw-nft-stream.c: the token stream ----------------------------------------- */

/* The next token without taking it (k = 0 or 1 ahead). Borrowed until the next p_next(). */
const struct nft_tok *nft_peek(struct nft_parser *p, size_t k);
/* Take the next token (recorded into p->text while p->recording). */
struct nft_tok nft_next(struct nft_parser *p);
/* Skip to the end of the statement: past its END, or before a '}' closing the block. */
void nft_skip_statement(struct nft_parser *p);
/* Skip to the end of the statement, leaving its END (or the closing '}') to the caller. */
void nft_skip_to_end(struct nft_parser *p);
/* Take the END of a statement (a '}' or the end of the file also end it); else an error. */
bool nft_end_statement(struct nft_parser *p);
/* A parse error at token t. */
void nft_error_at(struct nft_parser *p, const struct nft_tok *t, const char *fmt, ...)
    VAKT_PRINTF(3, 4);
/* A warning (VAKT_WARNING_CODE) at token t. */
void nft_warn_at(struct nft_parser *p, const struct nft_tok *t, const char *fmt, ...)
    VAKT_PRINTF(3, 4);
/* "expected WHAT, found 'TOKEN'" at t. */
void nft_expected(struct nft_parser *p, const struct nft_tok *t, const char *what);
/* A short printable quote of t for messages ("'x'", "the end of the line"). Owned. */
char *nft_tok_quote(const struct nft_tok *t);
/* `include "path"` (after the keyword kw): the file(s) pushed as frames, or warnings. */
void nft_parse_include(struct nft_parser *p, const struct nft_tok *kw);
/* `define NAME = value` / `redefine` (after the keyword; the latest value wins). */
void nft_parse_define(struct nft_parser *p);
/* Pop the top frame (the parser's end releases every frame so). */
void nft_frame_pop(struct nft_parser *p);
/* The directory part of a '/'-separated path ("" for none). Owned. */
char *nft_dir_of(const char *rel);

/* fw-nft-set.c: named sets ---------------------------------------------------- */

/* The set named name in table (family, table), or NULL. */
struct nft_set *nft_set_find(struct nft_parser *p, enum fw_family family, const char *table,
                             const char *name, size_t n);
/* The set, declared when new. Valid until the next set is declared. */
struct nft_set *nft_set_get(struct nft_parser *p, enum fw_family family, const char *table,
                            const char *name);
/* Drop the sets of table (family, table), or of every table when table is NULL. */
void nft_sets_drop(struct nft_parser *p, enum fw_family family, const char *table);
/*
 * Collect the elements of a brace set whose '{' was just taken, through its
 * '}': nested sets flattened, element options (timeout, comment) skipped.
 * *complex is set for concatenations and map entries.
 */
void nft_collect_set(struct nft_parser *p, struct vakt_strv *out, bool *complex, int nest);
/* The body of a set or map declaration, after its '{'. */
void nft_parse_set_body(struct nft_parser *p, struct nft_set *s, bool is_map);

/* fw-nft-index.c: names to places --------------------------------------------- */

/* The table (family, name), or NULL. Valid until the next table is added or removed. */
struct fw_table *nft_table(struct nft_parser *p, enum fw_family family, const char *name);
/* The table, added when new. */
struct fw_table *nft_table_get(struct nft_parser *p, enum fw_family family, const char *name,
                               int line);
/* The chain of table (family, table), or NULL. Valid until a chain is added to that table. */
struct fw_chain *nft_chain(struct nft_parser *p, enum fw_family family, const char *table,
                           const char *name);
/* Add chain name to table (family, table) (which must exist). */
struct fw_chain *nft_chain_add(struct nft_parser *p, enum fw_family family, const char *table,
                               const char *name, int line);
/* The define named s[0..n), latest first, or NULL. */
const struct nft_define *nft_define_find(struct nft_parser *p, const char *s, size_t n);
/* Append a define (taken) and index it. */
void nft_define_add(struct nft_parser *p, struct nft_define *d);
/* Index everything again, after a table, chain, set or define was removed. */
void nft_reindex(struct nft_parser *p);

/* fw-nft-rule.c -------------------------------------------------------------- */

/*
 * Read the statements of one rule (up to its END or a closing '}') into r
 * (zeroed by the caller) in table (family, table); a verdict map that
 * expands into *vm (zeroed by the caller, who releases it). Returns 0, or
 * -EINVAL after reporting an error (r then holds what was read; the caller
 * releases it).
 */
int nft_parse_rule(struct nft_parser *p, enum fw_family family, const char *table,
                   struct fw_rule *r, struct nft_vmap *vm);

/*
 * fw_parse_nft() and fw_parse_nft_json() with a ceiling of max_rules rules
 * instead of FW_MAX_RULES, so that tests reach it with a few rules.
 */
int fw_nft_parse(const struct vakt_source *src, const char *include_root, size_t max_rules,
                 struct fw_ruleset **out, struct vakt_error_list *errs);
int fw_nft_parse_json(const struct vakt_source *src, size_t max_rules, struct fw_ruleset **out,
                      struct vakt_error_list *errs);

/*
 * fw-nft-json-lines.c: the line where each element of the "nftables" array
 * of data[0..len) starts, appended to *lines (*n_lines of them; the caller
 * frees *lines). Returns 0, or -EINVAL when the JSON nests deeper than
 * FW_MAX_NEST, with its line and column in *line and *col.
 */
int fw_nft_json_lines(const char *data, size_t len, int **lines, size_t *n_lines, int *line,
                      int *col);

/* Append a parse error at a position (file borrowed, copied). */
void fw_nft_error(struct vakt_error_list *errs, int code, const char *file, int line, int col,
                  const char *fmt, ...) VAKT_PRINTF(6, 7);

#endif
