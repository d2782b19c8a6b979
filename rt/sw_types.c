// SPDX-License-Identifier: MIT
/*
 * sw_types.c — the descriptors of the predeclared types, which the runtime
 * defines once and every program shares.
 */
#include "sw_internal.h"

#define BASIC(var, k, T, nm)                                                       \
    const SwType var = {.kind = k, .comparable = true, .size = sizeof(T), .name = nm};

BASIC(sw_type_bool, SW_K_BOOL, bool, "bool")
BASIC(sw_type_int, SW_K_INT, int64_t, "int")
BASIC(sw_type_int8, SW_K_INT8, int8_t, "int8")
BASIC(sw_type_int16, SW_K_INT16, int16_t, "int16")
BASIC(sw_type_int32, SW_K_INT32, int32_t, "int32")
BASIC(sw_type_int64, SW_K_INT64, int64_t, "int64")
BASIC(sw_type_uint, SW_K_UINT, uint64_t, "uint")
BASIC(sw_type_uint8, SW_K_UINT8, uint8_t, "uint8")
BASIC(sw_type_uint16, SW_K_UINT16, uint16_t, "uint16")
BASIC(sw_type_uint32, SW_K_UINT32, uint32_t, "uint32")
BASIC(sw_type_uint64, SW_K_UINT64, uint64_t, "uint64")
BASIC(sw_type_uintptr, SW_K_UINTPTR, uintptr_t, "uintptr")
BASIC(sw_type_float32, SW_K_FLOAT32, float, "float32")
BASIC(sw_type_float64, SW_K_FLOAT64, double, "float64")
BASIC(sw_type_complex64, SW_K_COMPLEX64, float _Complex, "complex64")
BASIC(sw_type_complex128, SW_K_COMPLEX128, double _Complex, "complex128")
BASIC(sw_type_string, SW_K_STRING, SwString, "string")

static const SwMethod error_methods[] = {{"Error", NULL, "func() string"}};
const SwType sw_type_error = {
    .kind = SW_K_INTERFACE, .named = true, .comparable = true, .size = sizeof(SwIface),
    .name = "error", .nmethods = 1, .methods = error_methods,
};
