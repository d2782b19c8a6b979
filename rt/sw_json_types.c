// SPDX-License-Identifier: MIT
/*
 * sw_json_types.c — the descriptors of interface {}, []interface {} and
 * map[string]interface {}.  The compiler refers to these for those three
 * types instead of emitting its own, so that the values encoding/json
 * builds when it decodes into an `any` (the runtime cannot create types)
 * are of the very types a program asserts them to.
 */
#include "sw.h"

const SwType sw_type_any = {
    .kind = SW_K_INTERFACE, .comparable = true, .size = sizeof(SwIface), .name = "interface {}",
};

const SwType sw_type_slice_any = {
    .kind = SW_K_SLICE, .size = sizeof(SwSlice), .name = "[]interface {}", .elem = &sw_type_any,
};

const SwType sw_type_map_string_any = {
    .kind = SW_K_MAP, .size = sizeof(SwMap *), .name = "map[string]interface {}",
    .elem = &sw_type_any, .key = &sw_type_string,
};
