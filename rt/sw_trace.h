// SPDX-License-Identifier: MIT
/*
 * sw_trace.h — the goroutine traceback printed under an unrecovered panic,
 * in Go's layout:
 *
 *     goroutine 0 [running]:
 *     main.inner(...)
 *     	/path/to/prog.sw:7
 *     main.main()
 *     	/path/to/prog.sw:12 +0x1d
 *
 * The program counters of the running stack (the coroutine that panicked)
 * are symbolised by addr2line(1) against the executable's DWARF line
 * tables, which map them to .sw lines through the `#line` directives of the
 * generated C (swc builds it with line tables: compiler/main.c).  Only the
 * frames whose line is in a .sw file are shown: runtime and libc frames are
 * hidden.  Everything here is best effort: whatever fails, the header line
 * is printed and the caller goes on to exit.
 *
 * SWC_TRACEBACK=none in the environment prints nothing (only the panic
 * lines before it remain, as Go's GOTRACEBACK=none does).
 */
#ifndef SW_TRACE_H
#define SW_TRACE_H

#include <stddef.h>
#include <stdint.h>

/* Writes "\ngoroutine N [running]:\n" and the Sw frames of the current
 * stack to fd.  Meant for the fatal path: it forks and runs addr2line, uses
 * no GC memory and no malloc of its own. */
void sw_trace_print(int fd);

/* The same layout into memory, for co.Backtrace: "goroutine ID [STATUS]:\n"
 * and the Sw frames of the return addresses pcs[0..n) (frames of the C
 * function skip, if not NULL, are left out).  Returns a malloc'd buffer of
 * *len bytes (NULL when out of memory).  Not for the fatal path. */
char *sw_trace_capture(int64_t id, const char *status, void *const *pcs, int n, const char *skip,
                       size_t *len);

#endif
