// SPDX-License-Identifier: MIT
/*
 * t_main.c — runs the HTTP parser unit tests (parse, chunked body, forms) and
 * prints the `N passed, M failed` line the test runner adds up.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "t.h"

int t_pass, t_fail;

static struct {
    char *base;
    size_t size; /* usable bytes before the guard page */
} slots[4];

char *guard_copy(int slot, const char *s, size_t n)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    if (!slots[slot].base || slots[slot].size < n) {
        if (slots[slot].base)
            munmap(slots[slot].base, slots[slot].size + page);
        size_t size = (n + page - 1) / page * page;
        if (size == 0)
            size = page;
        char *m = mmap(NULL, size + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED || mprotect(m + size, page, PROT_NONE) != 0) {
            perror("guard_copy");
            exit(2);
        }
        slots[slot].base = m;
        slots[slot].size = size;
    }
    char *p = slots[slot].base + slots[slot].size - n;
    memcpy(p, s, n);
    return p;
}

#ifndef HTTPP_NO_MAIN
int main(void)
{
    test_parse();
    test_body();
    test_form();
    printf("%d passed, %d failed\n", t_pass, t_fail);
    return t_fail != 0;
}
#endif
