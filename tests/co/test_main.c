// SPDX-License-Identifier: MIT
/*
 * test_main.c — runs the coroutine runtime's C tests in main (coroutine 0)
 * and prints `N passed, M failed` (and the switch back end) last.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "t_co.h"

int t_pass, t_fail;

const char *co_ctx_backend(void);
void sw_flush_stdout(void);

int t_child(void (*fn)(void), char *err, size_t n)
{
    int p[2];
    if (pipe(p) != 0) return -1;
    fflush(stdout);
    fflush(stderr);
    sw_flush_stdout();
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        dup2(p[1], 2);
        dup2(p[1], 1);
        fn();
        sw_flush_stdout();
        fflush(NULL);
        _exit(0);
    }
    close(p[1]);
    size_t got = 0;
    for (;;) {
        char tmp[4096];
        ssize_t r = read(p[0], tmp, sizeof tmp);
        if (r <= 0) break;
        size_t k = (size_t)r;
        if (got + k > n - 1) k = n - 1 - got;
        memcpy(err + got, tmp, k);
        got += k;
    }
    err[got] = 0;
    close(p[0]);
    int st;
    waitpid(pid, &st, 0);
    if (WIFEXITED(st)) return WEXITSTATUS(st);
    return 128 + WTERMSIG(st);
}

void t_wait_all(void)
{
    for (;;) {
        SwCoStats st;
        sw_co_stats(&st);
        if (st.alive <= 1) return;
        sw_co_sleep(10000);
    }
}

int main(int argc, char **argv)
{
    sw_rt_init(argc, argv);
    sw_co_init();
    const char *only = argc > 1 ? argv[1] : NULL;
#define RUN(name) if (!only || !strcmp(only, #name)) test_##name()
    RUN(switch);
    RUN(sched);
    RUN(chan);
    RUN(gc);
    RUN(timer);
    RUN(rx);
    printf("[%s] %d passed, %d failed\n", co_ctx_backend(), t_pass, t_fail);
    fflush(stdout);
    return t_fail ? 1 : 0;
}
