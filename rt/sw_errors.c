// SPDX-License-Identifier: MIT
/*
 * sw_errors.c — errors.As, which needs what Go does with reflection: check
 * that the target is a non-nil pointer to an interface or to an error type,
 * test each error of the Unwrap chain for assignability to the pointed-to
 * type (through the type descriptors of sw.h), and store the match.
 */
#include "sw_internal.h"
#include "sw_lib.h"

/* Whether a value of dynamic type t may be assigned to a variable of type
 * want (reflect's AssignableTo, for the cases an error value can meet). */
static bool assignable(const SwType *t, const SwType *want)
{
    if (want->kind == SW_K_INTERFACE) return sw_type_implements(t, want);
    return sw_type_same(t, want);
}

bool sw_errors_as(SwIface err, SwIface target)
{
    if (!target.type) sw_panic_msg("errors: target cannot be nil");
    if (target.type->kind != SW_K_POINTER || !target.data)
        sw_panic_msg("errors: target must be a non-nil pointer");
    const SwType *want = target.type->elem;
    if (want->kind != SW_K_INTERFACE && !sw_find_method(want, "Error"))
        sw_panic_msg("errors: *target must be interface or implement error");
    while (err.type) {
        if (assignable(err.type, want)) {
            if (want->kind == SW_K_INTERFACE) *(SwIface *)target.data = err;
            else if (sw_type_direct(want)) *(void **)target.data = err.data;
            else memcpy(target.data, err.data, (size_t)want->size);
            return true;
        }
        const SwMethod *m = sw_find_method(err.type, "As");
        if (m && m->fn) {
            bool (*fn)(void *, SwIface) = (bool (*)(void *, SwIface))m->fn;
            if (fn(err.data, target)) return true;
        }
        err = sw_errors_unwrap(err);
    }
    return false;
}
