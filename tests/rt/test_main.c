// SPDX-License-Identifier: MIT
/*
 * test_main.c — runs every runtime test and prints `N passed, M failed`.
 * With arguments it is the child of the panic tests: `panic NAME` runs one
 * panicking case so the parent can check stderr and the exit status.
 */
#include <stdlib.h>

#include "t.h"

int t_pass, t_fail;

SwString t_s(const char *s)
{
    return (SwString){(const uint8_t *)s, (int64_t)strlen(s)};
}

void t_str_eq(const char *what, SwString got, const char *want)
{
    size_t n = strlen(want);
    if ((size_t)got.len == n && memcmp(got.ptr, want, n) == 0) {
        t_pass++;
        return;
    }
    t_fail++;
    fprintf(stderr, "FAIL %s: got \"%.*s\" want \"%s\"\n", what, (int)got.len, (const char *)got.ptr, want);
}

int t_panic_child(const char *name);

int main(int argc, char **argv)
{
    sw_rt_init(argc, argv);
    if (argc == 3 && strcmp(argv[1], "panic") == 0) return t_panic_child(argv[2]);
    test_fmt();
    test_map();
    test_slice();
    test_strings();
    test_strconv();
    test_float();
    test_panic(argv[0]);
    printf("%d passed, %d failed\n", t_pass, t_fail);
    return t_fail ? 1 : 0;
}
