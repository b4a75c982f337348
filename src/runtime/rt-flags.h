/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_FLAGS_H
#define VAKT_RT_FLAGS_H

/*
 * How an argument's raw number reads as text, the way Falco renders it
 * (libsinsp's parameter formatting over the driver's flag tables): flag
 * sets become names joined by '|' in the order of Falco's tables
 * (O_TRUNC|O_CREAT|O_WRONLY), enumerations one name (AF_PACKET; aliases
 * joined: AF_LOCAL|AF_UNIX), a negative result its errno name (ENOENT), a
 * capability set Falco's space-separated list (CAP_CHOWN CAP_KILL).
 *
 * The raw numbers are the kernel's own values (x86-64 Linux), as the probe
 * reads them and the record format stores them; the tables translate to
 * Falco's names. Three sets are vakt's or Falco's own numbers, not the
 * kernel's: RT_FLAGS_EXECVE (the RT_EXE_* bits below), the RT_O_F_CREATED
 * bit of open flags, and RT_FLAGS_CAPS (a plain capability bitmask).
 */

#include <stddef.h>
#include <stdint.h>

#include "rt-event.h"

/* Room for any rendering (the full capability set is 584 bytes). */
#define RT_FLAGS_BUF 1024

/* Exe facts of an execve (Falco's execve `flags` parameter, same bits). */
#define RT_EXE_WRITABLE    (1u << 0)
#define RT_EXE_UPPER_LAYER (1u << 1)
#define RT_EXE_FROM_MEMFD  (1u << 2)
#define RT_EXE_LOWER_LAYER (1u << 3)

/*
 * Set in an open's flags by the probe when the call created the file
 * (Falco's O_F_CREATED): a bit no kernel open flag uses.
 */
#define RT_O_F_CREATED (1u << 31)

/* AT_FDCWD as a dirfd argument carries it. */
#define RT_AT_FDCWD (-100)

/*
 * Render v as set fs renders into buf (cap bytes, always NUL-terminated when
 * cap > 0). Returns the length written; 0 when fs has no text for v (a
 * plain number, an unknown value, no flag set): the caller shows the number
 * then, as Falco does. RT_FLAGS_FD renders only AT_FDCWD and errno values
 * here (a descriptor's name is the state's: rt-fields).
 */
size_t rt_flags_render(enum rt_flagset fs, int64_t v, char *buf, size_t cap);

/* The errno name of e (either sign: 2 and -2 are ENOENT); NULL when unknown. */
const char *rt_errno_name(int64_t e);
/* The signal name of sig (SIGKILL); NULL when unknown. */
const char *rt_signal_name(int64_t sig);
/*
 * A capability set as Falco's thread.cap_* show it: names of the set bits,
 * lowest first, separated by one space; "" for none. Returns the length.
 */
size_t rt_caps_render(uint64_t caps, char *buf, size_t cap);

/*
 * Kernel open flags as Falco's bits (PPM_O_*), which decide evt.is_open_read
 * (RT_PPM_O_RDONLY) and evt.is_open_write (RT_PPM_O_WRONLY): O_RDWR sets both.
 */
#define RT_PPM_O_RDONLY    (1u << 0)
#define RT_PPM_O_WRONLY    (1u << 1)
#define RT_PPM_O_CREAT     (1u << 2)
#define RT_PPM_O_TMPFILE   (1u << 13)
#define RT_PPM_O_F_CREATED (1u << 14)
uint32_t rt_open_flags_ppm(uint32_t kernel_flags);

/* The record format's name of fs ("open", "errno", ...), and back (RT_FLAGS_COUNT: unknown). */
const char *rt_flagset_name(enum rt_flagset fs);
enum rt_flagset rt_flagset_lookup(const char *name, size_t len);

#endif
