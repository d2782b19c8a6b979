// SPDX-License-Identifier: MIT
/*
 * co_pool.c — a small pthread pool for blocking work that has no
 * non-blocking API (disk files, waitpid, getaddrinfo).  The calling
 * coroutine parks; a pool thread runs the job and reports it done through
 * the reactor's eventfd, and the loop readies the coroutine.
 *
 * Pool threads are not known to the collector and never touch GC memory:
 * the job record lives on the parked coroutine's stack (mmap'd, not GC
 * heap), and sw_pool_run's contract forbids GC allocation or pointer stores
 * into GC objects in the work function.  Threads start on demand (up to
 * `max_threads`) and block every signal, so signals keep going to the loop
 * thread.  After fork the child has no pool threads: queued jobs are run by
 * new ones, jobs that were running in the parent are lost (their
 * coroutines show as "thread pool" waiters in a deadlock report).
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "co_internal.h"

typedef struct CoJob {
    void (*work)(void *);
    void *arg;
    SwCo *co;
    struct CoJob *next;
} CoJob;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static CoJob *queue_head, *queue_tail;   /* waiting for a thread */
static CoJob *done;                      /* finished, not yet readied */
static int max_threads = 4, nthreads, nidle, nrunning;
static int64_t inflight;                 /* loop thread only */
static int pool_efd = -1;                /* set by the loop thread before threads start */

void sw_pool_set_threads(int n)
{
    pthread_mutex_lock(&mu);
    max_threads = n < 1 ? 1 : n > 256 ? 256 : n;
    pthread_mutex_unlock(&mu);
}

int64_t co_pool_inflight(void)
{
    return inflight;
}

static void *worker(void *unused)
{
    (void)unused;
    pthread_mutex_lock(&mu);
    for (;;) {
        while (!queue_head) {
            nidle++;
            pthread_cond_wait(&cv, &mu);
            nidle--;
        }
        CoJob *j = queue_head;
        queue_head = j->next;
        if (!queue_head) queue_tail = NULL;
        nrunning++;
        pthread_mutex_unlock(&mu);
        j->work(j->arg);
        pthread_mutex_lock(&mu);
        nrunning--;
        j->next = done;
        done = j;
        pthread_mutex_unlock(&mu);
        uint64_t one = 1;
        while (write(pool_efd, &one, sizeof one) < 0 && errno == EINTR) {}
        pthread_mutex_lock(&mu);
    }
    return NULL;
}

/* Called with mu held. */
static void start_thread_if_needed(void)
{
    if (nidle > 0 || nthreads >= max_threads) return;
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pthread_attr_t at;
    pthread_attr_init(&at);
    pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&at, 256 * 1024);
    pthread_t t;
    int r = pthread_create(&t, &at, worker, NULL);
    pthread_attr_destroy(&at);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (r == 0) nthreads++;
    else if (nthreads == 0) co_fatal("thread pool: pthread_create: %s", strerror(r));
}

void sw_pool_run(void (*work)(void *arg), void *arg)
{
    int efd = co_rx_eventfd();
    CoJob j = {.work = work, .arg = arg, .co = sw_co_self()};
    pthread_mutex_lock(&mu);
    pool_efd = efd;
    if (queue_tail) queue_tail->next = &j;
    else queue_head = &j;
    queue_tail = &j;
    start_thread_if_needed();
    pthread_cond_signal(&cv);
    pthread_mutex_unlock(&mu);
    inflight++;
    co_park("thread pool", &j);
}

void co_pool_complete(void)
{
    pthread_mutex_lock(&mu);
    CoJob *list = done;
    done = NULL;
    pthread_mutex_unlock(&mu);
    /* The list is newest first: ready them oldest first. */
    CoJob *rev = NULL;
    while (list) {
        CoJob *n = list->next;
        list->next = rev;
        rev = list;
        list = n;
    }
    for (CoJob *j = rev; j;) {
        CoJob *n = j->next;   /* j lives on its coroutine's stack: read first */
        inflight--;
        co_ready(j->co, 0);
        j = n;
    }
}

void co_pool_after_fork(void)
{
    pthread_mutex_init(&mu, NULL);
    pthread_cond_init(&cv, NULL);
    inflight -= nrunning;
    nrunning = 0;
    nthreads = 0;
    nidle = 0;
    if (pool_efd >= 0) pool_efd = co_rx_eventfd();   /* the child's own (co_rx_after_fork ran first) */
    /* Finished-but-unreported jobs: report them through the new eventfd. */
    if (done) {
        uint64_t one = 1;
        ssize_t w = write(co_rx_eventfd(), &one, sizeof one);
        (void)w;
    }
    if (queue_head) start_thread_if_needed();
}
