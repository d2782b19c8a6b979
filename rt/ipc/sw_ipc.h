// SPDX-License-Identifier: MIT
/*
 * sw_ipc.h — C symbols of the process-shared packages (stdlib/atomic) that
 * their Sw side binds with `//sw:extern`.  The Sw declarations are the
 * authority on the signatures; this header lets the C side be checked.
 */
#ifndef SW_IPC_H
#define SW_IPC_H

#include "sw.h"

/* atomic (rt/ipc/sw_atomic.c): cells in MAP_SHARED memory */
uint32_t *sw_atomic_new(uint32_t v);
uint32_t sw_atomic_add(uint32_t *c, uint32_t n);
uint32_t sw_atomic_sub(uint32_t *c, uint32_t n);
uint32_t sw_atomic_get(uint32_t *c);
void sw_atomic_set(uint32_t *c, uint32_t v);
bool sw_atomic_cmpset(uint32_t *c, uint32_t cmp, uint32_t set);
bool sw_atomic_wait(uint32_t *c, double timeout);
bool sw_atomic_wakeup(uint32_t *c, int64_t n);
int64_t *sw_atomic_long_new(int64_t v);
int64_t sw_atomic_long_add(int64_t *c, int64_t n);
int64_t sw_atomic_long_sub(int64_t *c, int64_t n);
int64_t sw_atomic_long_get(int64_t *c);
void sw_atomic_long_set(int64_t *c, int64_t v);
bool sw_atomic_long_cmpset(int64_t *c, int64_t cmp, int64_t set);

#endif
