/* smpstress SECONDS: an in-guest stress of a multi-hart Linux machine
 * (linux.smp, README "SMP"), repeated in rounds until SECONDS of guest
 * time have passed; every round's results are checked exactly:
 *
 *   threads  8 threads add to one atomic counter (amoadd), to a plain
 *            counter under a pthread mutex (futexes when contended), and
 *            pass a token round a ring with raw FUTEX_WAIT/FUTEX_WAKE;
 *   pipes    a forked child streams a known sequence through a pipe, the
 *            parent checks every word and the child's checksum;
 *   pinned   for every CPU, a child pinned there with sched_setaffinity
 *            re-executes this program ("pinned CPU"), which checks that
 *            it runs on that CPU (sched_getcpu) and computes a checksum
 *            its exit status reports.
 *
 * Prints "smpstress rounds=N cpus=C ok" or a FAIL line; exit status 0
 * only when everything matched. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NTHREADS 8
#define ADDS 20000
#define RING_LAPS 200
#define PIPE_WORDS 200000

static void fail(const char *what, long got, long want)
{
    printf("smpstress FAIL %s: got %ld, want %ld\n", what, got, want);
    fflush(stdout);
    exit(1);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* ---- threads ---- */

static uint64_t atomic_count;
static uint64_t locked_count;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int ring_token;          /* whose turn: 0..NTHREADS-1 */
static uint64_t ring_passes;

static long futex(int *addr, int op, int val)
{
    return syscall(SYS_futex, addr, op, val, NULL, NULL, 0);
}

static void *worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    for (int i = 0; i < ADDS; i++) {
        __atomic_fetch_add(&atomic_count, 1, __ATOMIC_RELAXED);
        pthread_mutex_lock(&mu);
        locked_count++;
        pthread_mutex_unlock(&mu);
    }
    for (int lap = 0; lap < RING_LAPS; lap++) {
        int t;
        while ((t = __atomic_load_n(&ring_token, __ATOMIC_ACQUIRE)) != id)
            futex(&ring_token, FUTEX_WAIT_PRIVATE, t);
        ring_passes++;          /* ordered by the token's release/acquire */
        __atomic_store_n(&ring_token, (id + 1) % NTHREADS, __ATOMIC_RELEASE);
        futex(&ring_token, FUTEX_WAKE_PRIVATE, NTHREADS);
    }
    return NULL;
}

static void round_threads(void)
{
    pthread_t th[NTHREADS];
    atomic_count = locked_count = ring_passes = 0;
    ring_token = 0;
    for (int i = 0; i < NTHREADS; i++)
        if (pthread_create(&th[i], NULL, worker, (void *)(intptr_t)i))
            fail("pthread_create", errno, 0);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(th[i], NULL);
    if (atomic_count != (uint64_t)NTHREADS * ADDS)
        fail("atomic counter", (long)atomic_count, (long)NTHREADS * ADDS);
    if (locked_count != (uint64_t)NTHREADS * ADDS)
        fail("mutex counter", (long)locked_count, (long)NTHREADS * ADDS);
    if (ring_passes != (uint64_t)NTHREADS * RING_LAPS)
        fail("futex ring", (long)ring_passes, (long)NTHREADS * RING_LAPS);
}

/* ---- pipes ---- */

static uint32_t seq(uint32_t i) { return i * 2654435761u ^ (i >> 3); }

static void round_pipes(void)
{
    int fd[2];
    if (pipe(fd))
        fail("pipe", errno, 0);
    pid_t pid = fork();
    if (pid < 0)
        fail("fork", errno, 0);
    if (pid == 0) {
        close(fd[0]);
        uint32_t buf[512], sum = 0;
        for (uint32_t i = 0; i < PIPE_WORDS; i += 512) {
            for (uint32_t k = 0; k < 512; k++) {
                buf[k] = seq(i + k);
                sum += buf[k];
            }
            if (write(fd[1], buf, sizeof buf) != (ssize_t)sizeof buf)
                _exit(2);
        }
        _exit((int)(sum & 0x7f));
    }
    close(fd[1]);
    uint32_t got = 0, sum = 0, w;
    ssize_t n;
    while ((n = read(fd[0], &w, sizeof w)) == (ssize_t)sizeof w) {
        if (w != seq(got))
            fail("pipe word", (long)w, (long)seq(got));
        sum += w;
        got++;
    }
    close(fd[0]);
    int st;
    waitpid(pid, &st, 0);
    uint32_t words = (PIPE_WORDS + 511) / 512 * 512;
    if (got != words)
        fail("pipe words", got, words);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != (int)(sum & 0x7f))
        fail("pipe child status", st, (long)(sum & 0x7f));
}

/* ---- pinned children ---- */

static int pinned_work(int cpu)
{
    if (sched_getcpu() != cpu)
        return 100 + sched_getcpu();
    uint32_t x = (uint32_t)cpu + 1;
    for (int i = 0; i < 1000000; i++)
        x = x * 1103515245u + 12345u;
    if (sched_getcpu() != cpu)
        return 100 + sched_getcpu();
    return (int)(x % 97);
}

static int expected_work(int cpu)
{
    uint32_t x = (uint32_t)cpu + 1;
    for (int i = 0; i < 1000000; i++)
        x = x * 1103515245u + 12345u;
    return (int)(x % 97);
}

static void round_pinned(const char *self, int ncpu)
{
    pid_t pids[256];
    for (int c = 0; c < ncpu; c++) {
        pids[c] = fork();
        if (pids[c] < 0)
            fail("fork", errno, 0);
        if (pids[c] == 0) {
            cpu_set_t set;
            CPU_ZERO(&set);
            CPU_SET(c, &set);
            if (sched_setaffinity(0, sizeof set, &set))
                _exit(99);
            char arg[16];
            snprintf(arg, sizeof arg, "%d", c);
            execl(self, self, "pinned", arg, (char *)NULL);
            _exit(98);
        }
    }
    for (int c = 0; c < ncpu; c++) {
        int st;
        waitpid(pids[c], &st, 0);
        if (!WIFEXITED(st) || WEXITSTATUS(st) != expected_work(c))
            fail(c == 0 ? "pinned child on cpu 0" : "pinned child", WIFEXITED(st) ? WEXITSTATUS(st) : -st,
                 expected_work(c));
    }
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "pinned"))
        return pinned_work(atoi(argv[2]));
    double seconds = argc > 1 ? atof(argv[1]) : 10;
    int ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (ncpu < 1 || ncpu > 256)
        fail("cpus online", ncpu, 4);
    double start = now();
    long rounds = 0;
    do {
        round_threads();
        round_pipes();
        round_pinned("/proc/self/exe", ncpu);
        rounds++;
    } while (now() - start < seconds);
    printf("smpstress rounds=%ld cpus=%d seconds=%.1f ok\n", rounds, ncpu, now() - start);
    return 0;
}
