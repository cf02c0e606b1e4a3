/* The recorder (devices/recorder.c): a log written and read back gives the
 * same inputs in the same order at the same instruction counts; host
 * input is ignored while replaying; a replayed run that asks for other
 * input is reported; a memory-only log (reverse debugging) rewinds and,
 * when the rewound past takes another turn, records afresh; bad files
 * are refused with one line.  Expected values are the inputs the test
 * itself fed in. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check_main.h"
#include "devices/recorder.h"

static uint64_t clock_now;
static uint64_t fake_clock(void *opaque) { (void)opaque; return clock_now; }

static uint8_t host_byte;
static size_t fake_host(uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i++)
        buf[i] = host_byte++;
    return len;
}

static uint8_t delivered[64];
static uint64_t delivered_at[64];
static unsigned ndelivered;
static void deliver(void *opaque, const uint8_t *data, size_t len)
{
    (void)opaque;
    ck_assert_uint_eq(len, 1);
    delivered_at[ndelivered] = clock_now;
    delivered[ndelivered++] = data[0];
}

static char path[64];

static void make_log(void)
{
    snprintf(path, sizeof path, "/tmp/rvx-test-recorder-%d.log", (int)getpid());
    struct recorder *r = recorder_new();
    char err[256];
    ck_assert(recorder_record_to(r, path, "cfg A", err, sizeof err));
    recorder_set_clock(r, fake_clock, NULL);
    clock_now = 10;
    ck_assert(recorder_async(r, REC_UART, "x", 1));     /* recording: deliver */
    uint8_t b[4];
    host_byte = 0x40;
    ck_assert_uint_eq(recorder_bytes(r, REC_RNG, b, 4, fake_host), 4);
    clock_now = 25;
    ck_assert_uint_eq(recorder_u64(r, REC_RTC, 12345), 12345);
    ck_assert(recorder_async(r, REC_UART, "y", 1));
    ck_assert(recorder_close(r, 99, err, sizeof err));
    recorder_free(r);
}

/* make_log's log, loaded to replay on the fake clock, console bytes to
 * deliver(). */
static struct recorder *replayer(void)
{
    make_log();
    struct recorder *r = recorder_new();
    char err[256];
    ck_assert_msg(recorder_replay_from(r, path, "cfg A", err, sizeof err), "%s", err);
    recorder_set_clock(r, fake_clock, NULL);
    recorder_on_deliver(r, REC_UART, deliver, NULL);
    ndelivered = 0;
    return r;
}

/* the replay diverged: an error naming it */
static void check_diverged(struct recorder *r)
{
    ck_assert_ptr_nonnull(recorder_error(r));
    ck_assert_ptr_nonnull(strstr(recorder_error(r), "diverged"));
    recorder_free(r);
    unlink(path);
}

START_TEST(round_trip)
{
    struct recorder *r = replayer();
    ck_assert_uint_eq(recorder_end_icount(r), 99);
    ck_assert_uint_eq(recorder_next_due(r), 10);
    clock_now = 10;
    ck_assert(!recorder_async(r, REC_UART, "z", 1));    /* host input ignored */
    recorder_deliver_due(r, 10);
    ck_assert_uint_eq(ndelivered, 1);
    ck_assert_uint_eq(delivered[0], 'x');
    /* the RNG and RTC records come first in the log, but the machine must
     * still stop at 'y' (a replay that saw only the cursor's record ran on) */
    ck_assert_uint_eq(recorder_next_due(r), 25);
    uint8_t b[4];
    host_byte = 0;
    ck_assert_uint_eq(recorder_bytes(r, REC_RNG, b, 4, fake_host), 4);
    const uint8_t want[4] = {0x40, 0x41, 0x42, 0x43};
    ck_assert_mem_eq(b, want, 4);
    ck_assert_uint_eq(recorder_u64(r, REC_RTC, 1), 12345);
    ck_assert_uint_eq(recorder_next_due(r), 25);
    clock_now = 25;
    recorder_deliver_due(r, 25);
    ck_assert_uint_eq(ndelivered, 2);
    ck_assert_uint_eq(delivered[1], 'y');
    ck_assert_ptr_null(recorder_error(r));
    ck_assert_uint_eq(recorder_bytes(r, REC_RNG, b, 4, fake_host), 0);  /* past the end */
    ck_assert_ptr_nonnull(recorder_error(r));
    recorder_free(r);
    unlink(path);
}
END_TEST

START_TEST(divergence)
{
    struct recorder *r = replayer();
    clock_now = 11;                 /* ran past the console byte's count */
    recorder_deliver_due(r, 11);
    ck_assert_uint_eq(ndelivered, 0);
    check_diverged(r);
}
END_TEST

/* At 'y''s count the guest has not yet asked for the RNG and RTC input
 * logged before it: the replay is another run. */
START_TEST(sync_input_not_taken)
{
    struct recorder *r = replayer();
    clock_now = 10;
    recorder_deliver_due(r, 10);
    ck_assert_uint_eq(ndelivered, 1);
    clock_now = 25;
    recorder_deliver_due(r, 25);
    ck_assert_uint_eq(ndelivered, 1);
    check_diverged(r);
}
END_TEST

static void refused(const char *config, const char *needle)
{
    struct recorder *r = recorder_new();
    char err[256] = "";
    ck_assert(!recorder_replay_from(r, path, config, err, sizeof err));
    ck_assert_msg(strstr(err, needle) != NULL, "'%s' lacks '%s'", err, needle);
    ck_assert_ptr_null(strchr(err, '\n'));
    recorder_free(r);
}

static void rewrite(long off, const void *p, size_t n, long truncate_to)
{
    FILE *f = fopen(path, "r+b");
    ck_assert_ptr_nonnull(f);
    if (n) {
        fseek(f, off, SEEK_SET);
        fwrite(p, 1, n, f);
    }
    fclose(f);
    if (truncate_to >= 0)
        ck_assert_int_eq(truncate(path, truncate_to), 0);
}

START_TEST(bad_files)
{
    make_log();
    refused("cfg B", "another machine configuration");
    FILE *f = fopen(path, "rb");
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fclose(f);
    rewrite(49, "\xff", 1, -1);      /* an RNG byte */
    refused("cfg A", "corrupt");
    make_log();
    rewrite(0, "", 0, size - 3);
    refused("cfg A", "truncated");
    make_log();
    const uint8_t v[4] = {7, 0, 0, 0};
    rewrite(8, v, 4, -1);
    refused("cfg A", "version 7");
    rewrite(0, "NOTALOG!", 8, -1);
    refused("cfg A", "not an rvx replay log");
    unlink(path);
    refused("cfg A", "No such file");
}
END_TEST

/* Reverse debugging: back to a checkpoint's cursor, the same inputs come
 * from the log; a different request there cuts the log and records. */
START_TEST(rewind_and_cut)
{
    struct recorder *r = recorder_new();
    recorder_set_clock(r, fake_clock, NULL);
    clock_now = 5;
    size_t mark = recorder_tell(r);
    uint8_t a[2], b[2];
    host_byte = 1;
    recorder_bytes(r, REC_RNG, a, 2, fake_host);
    recorder_seek(r, mark);
    ck_assert(recorder_replaying(r));
    host_byte = 100;
    recorder_bytes(r, REC_RNG, b, 2, fake_host);
    ck_assert_mem_eq(a, b, 2);
    ck_assert(!recorder_replaying(r));
    recorder_seek(r, mark);
    ck_assert_uint_eq(recorder_u64(r, REC_RTC, 77), 77);   /* another future */
    ck_assert_ptr_null(recorder_error(r));
    ck_assert_uint_eq(recorder_count(r), 1);
    recorder_free(r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("recorder");
    TCase *tc = tcase_create("recorder");
    tcase_add_test(tc, round_trip);
    tcase_add_test(tc, divergence);
    tcase_add_test(tc, sync_input_not_taken);
    tcase_add_test(tc, bad_files);
    tcase_add_test(tc, rewind_and_cut);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
