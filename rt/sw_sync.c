// SPDX-License-Identifier: MIT
/*
 * sw_sync.c — the C side of stdlib/sync: coroutine-aware blocking.  The
 * locks themselves are Sw code (stdlib/sync/sync.sw); they only need "who am
 * I", "park me" and "wake that one", plus Go's unrecoverable fatal error
 * for misuse (unlock of an unlocked mutex).  Everything runs on the one
 * scheduler thread, so no atomics are needed.
 */
#include <unistd.h>

#include "co/co.h"
#include "sw_internal.h"
#include "sw_lib.h"

SwCo *sw_sync_self(void)
{
    return sw_co_self();
}

/* Go names these waits "semacquire" in its goroutine dumps. */
void sw_sync_park(const void *obj)
{
    sw_co_park("semacquire", obj);
}

void sw_sync_ready(SwCo *co)
{
    sw_co_ready(co);
}

_Noreturn void sw_sync_fatal(SwString msg)
{
    sw_flush_stdout();
    static const char pre[] = "fatal error: ";
    ssize_t w = write(2, pre, sizeof pre - 1);
    w = write(2, msg.ptr, (size_t)msg.len);
    w = write(2, "\n", 1);
    (void)w;
    _exit(2);
}
