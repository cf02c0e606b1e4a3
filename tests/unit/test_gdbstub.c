/* Packet-level tests of the GDB stub (over a socketpair or loopback TCP)
 * and of the debug monitor, against harts filled in by hand and a fake
 * access table (CSRs and memory), so they do not depend on the core.
 *
 * The stub serves packets synchronously inside gdbstub_stopped(), so each
 * test writes every packet gdb would send (ending with one that resumes,
 * detaches or drops the connection) and then reads what the stub wrote.
 * Expected values come from the RSP framing rules (checksum = byte sum mod
 * 256, little-endian register hex), gdb's RISC-V register numbering
 * (65 + csr) and encodings produced by riscv64-unknown-elf-as. */
#define _GNU_SOURCE
#include <check.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cpu/cpu.h"
#include "cpu/disasm.h"
#include "frontend/gdbstub.h"
#include "frontend/monitor.h"

/* ---- fake machine -------------------------------------------------- */

#define RAM_BASE 0x80000000ull
#define RAM_SIZE 0x10000ull

static uint8_t ram[RAM_SIZE];
static uint64_t fake_mstatus, fake_mepc, fake_fflags;
static int resets;
static struct hart harts[2];
static struct hart *hartv[2] = {&harts[0], &harts[1]};

static bool f_csr_read(struct hart *h, unsigned csr, uint64_t *v)
{
    switch (csr) {
    case 0x001: *v = fake_fflags; return true;
    case 0x002: *v = 3; return true;
    case 0x003: *v = fake_fflags | 3 << 5; return true;
    case 0x300: *v = fake_mstatus; return true;
    case 0x341: *v = fake_mepc; return true;
    case 0xf14: *v = h == &harts[1]; return true;
    default: return false;
    }
}

static bool f_csr_write(struct hart *h, unsigned csr, uint64_t v)
{
    switch (csr) {
    case 0x001: fake_fflags = v & 0x1f; return true;
    case 0x300: fake_mstatus = v; return true;
    case 0x341: fake_mepc = v; return true;
    default: return false;
    }
}

static bool f_mem_read(struct hart *h, uint64_t va, void *buf, size_t len)
{
    if (va < RAM_BASE || va - RAM_BASE > RAM_SIZE || len > RAM_SIZE - (va - RAM_BASE))
        return false;
    memcpy(buf, ram + (va - RAM_BASE), len);
    return true;
}

static bool f_mem_write(struct hart *h, uint64_t va, const void *buf, size_t len)
{
    if (va < RAM_BASE || va - RAM_BASE > RAM_SIZE || len > RAM_SIZE - (va - RAM_BASE))
        return false;
    memcpy(ram + (va - RAM_BASE), buf, len);
    return true;
}

static bool f_step(struct hart *h)
{
    h->pc += 4;
    h->instret++;
    return true;
}

static const struct dbg_access fake_acc = {
    f_csr_read, f_csr_write, f_mem_read, f_mem_write, f_step, NULL, NULL, NULL,
};

static void reset_cb(void *opaque)
{
    resets++;
    *(int *)opaque = 1;
}

static void setup(void)
{
    memset(harts, 0, sizeof harts);
    memset(ram, 0, sizeof ram);
    for (int i = 0; i < 2; i++) {
        harts[i].misa = MISA_EXT('I') | MISA_EXT('M') | MISA_EXT('A') |
                        MISA_EXT('F') | MISA_EXT('D') | MISA_EXT('C');
        harts[i].priv = PRV_M;
        harts[i].pc = RAM_BASE + 0x100 * (uint64_t)i;
    }
    harts[0].x[1] = 0x1122334455667788ull;
    harts[0].x[10] = 42;
    harts[1].x[1] = 0xa1a2a3a4a5a6a7a8ull;
    harts[0].f[0] = 0x400921fb54442d18ull;      /* pi as a double */
    harts[0].instret = 42;
    fake_mstatus = 0xa00001800ull;
    fake_mepc = 0;
    fake_fflags = 0x11;
    resets = 0;
}

/* ---- plumbing ------------------------------------------------------ */

struct conn {
    struct gdbstub *s;
    int peer;                   /* gdb's end */
};

static struct conn conn_open(void)
{
    char err[160];
    int sv[2];
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    struct gdbstub *s = gdbstub_new("127.0.0.1:0", hartv, 2, err, sizeof err);
    ck_assert_msg(s != NULL, "%s", err);
    gdbstub_set_access(s, &fake_acc);
    gdbstub_attach_fd(s, sv[0]);
    return (struct conn){s, sv[1]};
}

static void conn_close(struct conn *c)
{
    gdbstub_free(c->s);
    close(c->peer);
}

static void send_raw(int fd, const void *p, size_t n)
{
    ck_assert_int_eq(write(fd, p, n), (ssize_t)n);
}

/* Frames body as $body#cs (checksum: sum of the bytes mod 256). */
static void send_pkt_n(int fd, const char *body, size_t n)
{
    unsigned sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += (uint8_t)body[i];
    char tail[4];
    snprintf(tail, sizeof tail, "#%02x", sum & 0xff);
    send_raw(fd, "$", 1);
    send_raw(fd, body, n);
    send_raw(fd, tail, 3);
}

static void send_pkt(int fd, const char *body)
{
    send_pkt_n(fd, body, strlen(body));
}

/* Everything the stub has written so far (waits briefly for stragglers). */
static char *drain(int fd)
{
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    for (;;) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, 50) <= 0)
            break;
        if (len + 4096 > cap)
            buf = realloc(buf, cap *= 2);
        ssize_t r = read(fd, buf + len, 4096);
        if (r <= 0)
            break;
        len += (size_t)r;
    }
    buf[len] = '\0';
    return buf;
}

/* Next reply body from *pos in out (skipping acks); checks the checksum.
 * Returns a malloc'd string, NULL when there is none. */
static char *next_reply(const char *out, size_t *pos)
{
    const char *p = strchr(out + *pos, '$');
    if (!p)
        return NULL;
    const char *h = strchr(p, '#');
    ck_assert_ptr_nonnull(h);
    ck_assert_msg(h[1] && h[2], "truncated checksum");
    unsigned sum = 0;
    for (const char *q = p + 1; q < h; q++)
        sum += (uint8_t)*q;
    unsigned cs;
    ck_assert_int_eq(sscanf(h + 1, "%2x", &cs), 1);
    ck_assert_uint_eq(cs, sum & 0xff);
    *pos = (size_t)(h + 3 - out);
    return strndup(p + 1, (size_t)(h - p - 1));
}

/* Runs a stop and returns the n-th (0-based) reply body. */
static char *reply_n(const char *out, int n)
{
    size_t pos = 0;
    char *r = NULL;
    for (int i = 0; i <= n; i++) {
        free(r);
        r = next_reply(out, &pos);
        ck_assert_msg(r != NULL, "reply %d missing in: %s", n, out);
    }
    return r;
}

static void assert_reply(const char *out, int n, const char *want)
{
    char *r = reply_n(out, n);
    ck_assert_str_eq(r, want);
    free(r);
}

/* ---- framing ------------------------------------------------------- */

START_TEST(test_bad_checksum_gets_nak)
{
    setup();
    struct conn c = conn_open();
    send_raw(c.peer, "$g#00", 5);           /* wrong: 'g' is 0x67 */
    send_raw(c.peer, "$g#67", 5);
    send_pkt(c.peer, "c");
    ck_assert_int_eq(gdbstub_stopped(c.s, 0, GDB_STOP_INTERRUPT), GDB_CONTINUE);
    char *out = drain(c.peer);
    ck_assert_int_eq(out[0], '-');
    ck_assert_int_eq(out[1], '+');
    char *g = reply_n(out, 0);
    ck_assert_uint_eq(strlen(g), 33 * 16);
    /* x1 little-endian at register slot 1, pc in slot 32 */
    ck_assert(strncmp(g + 16, "8877665544332211", 16) == 0);
    ck_assert(strncmp(g + 32 * 16, "0000008000000000", 16) == 0);
    free(g);
    free(out);
    conn_close(&c);
}
END_TEST

START_TEST(test_garbage_and_stray_acks_ignored)
{
    setup();
    struct conn c = conn_open();
    send_raw(c.peer, "++-xyz$qC#b4", 12);
    send_raw(c.peer, "$noend", 6);          /* abandoned: a new '$' restarts */
    send_pkt(c.peer, "qAttached");
    send_pkt(c.peer, "c");
    gdbstub_stopped(c.s, 0, GDB_STOP_INTERRUPT);
    char *out = drain(c.peer);
    assert_reply(out, 0, "QC1");
    assert_reply(out, 1, "1");
    free(out);
    conn_close(&c);
}
END_TEST

START_TEST(test_oversized_packet)
{
    setup();
    struct conn c = conn_open();
    size_t n = 40000;
    char *big = malloc(n + 1);
    memset(big, 'a', n);
    big[0] = 'M';
    big[n] = '\0';
    send_pkt_n(c.peer, big, n);
    send_pkt(c.peer, "qC");
    send_pkt(c.peer, "c");
    gdbstub_stopped(c.s, 0, GDB_STOP_INTERRUPT);
    char *out = drain(c.peer);
    ck_assert_int_eq(out[0], '+');
    assert_reply(out, 0, "E01");
    assert_reply(out, 1, "QC1");
    free(out);
    free(big);
    conn_close(&c);
}
END_TEST

START_TEST(test_disconnect_mid_packet)
{
    setup();
    struct conn c = conn_open();
    harts[0].dbg.active = false;
    send_pkt(c.peer, "Z0,80000000,4");
    send_raw(c.peer, "$m80000", 7);
    close(c.peer);
    ck_assert_int_eq(gdbstub_stopped(c.s, 0, GDB_STOP_INTERRUPT), GDB_DETACH);
    ck_assert(!gdbstub_attached(c.s));
    /* the breakpoint went with the debugger */
    ck_assert(!harts[0].dbg.active);
    ck_assert_ptr_null(harts[0].dbg.exec_break);
    gdbstub_free(c.s);
}
END_TEST

START_TEST(test_noack_mode)
{
    setup();
    struct conn c = conn_open();
    send_pkt(c.peer, "QStartNoAckMode");
    send_pkt(c.peer, "qC");
    send_pkt(c.peer, "c");
    gdbstub_stopped(c.s, 0, GDB_STOP_INTERRUPT);
    char *out = drain(c.peer);
    /* one '+' for QStartNoAckMode itself, then none */
    ck_assert_str_eq(out, "+$OK#9a$QC1#c5");
    free(out);
    conn_close(&c);
}
END_TEST

/* ---- queries ------------------------------------------------------- */

START_TEST(test_qsupported_and_threads)
{
    setup();
    struct conn c = conn_open();
    send_pkt(c.peer, "qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=i386");
    send_pkt(c.peer, "qfThreadInfo");
    send_pkt(c.peer, "qsThreadInfo");
    send_pkt(c.peer, "Hg2");
    send_pkt(c.peer, "qC");
    send_pkt(c.peer, "g");
    send_pkt(c.peer, "T2");
    send_pkt(c.peer, "T3");
    send_pkt(c.peer, "vCont?");
    send_pkt(c.peer, "qThreadExtraInfo,2");
    send_pkt(c.peer, "vMustReplyEmpty");
    send_pkt(c.peer, "c");
    gdbstub_stopped(c.s, 0, GDB_STOP_INTERRUPT);
    char *out = drain(c.peer);
    char *sup = reply_n(out, 0);
    ck_assert_ptr_nonnull(strstr(sup, "PacketSize="));
    ck_assert_ptr_nonnull(strstr(sup, "swbreak+"));
    ck_assert_ptr_nonnull(strstr(sup, "hwbreak+"));
    ck_assert_ptr_nonnull(strstr(sup, "qXfer:features:read+"));
    free(sup);
    assert_reply(out, 1, "m1,2");
    assert_reply(out, 2, "l");
    assert_reply(out, 3, "OK");
    assert_reply(out, 4, "QC2");
    char *g = reply_n(out, 5);
    ck_assert(strncmp(g + 16, "a8a7a6a5a4a3a2a1", 16) == 0);   /* hart 1's ra */
    free(g);
    assert_reply(out, 6, "OK");
    assert_reply(out, 7, "E01");
    assert_reply(out, 8, "vCont;c;C;s;S");
    /* "hart 1 (M-mode)" in hex */
    assert_reply(out, 9, "68617274203120284d2d6d6f646529");
    assert_reply(out, 10, "");
    free(out);
    conn_close(&c);
}
END_TEST

/* Reads the whole target description through qXfer in small pieces. */
START_TEST(test_target_xml)
{
    setup();
    struct conn c = conn_open();
    send_pkt(c.peer, "qXfer:features:read:target.xml:0,3fff");
    send_pkt(c.peer, "qXfer:features:read:target.xml:5,a");
    send_pkt(c.peer, "qXfer:features:read:other.xml:0,10");
    send_pkt(c.peer, "c");
    gdbstub_stopped(c.s, 0, GDB_STOP_INTERRUPT);
    char *out = drain(c.peer);
    char *x = reply_n(out, 0);
    ck_assert_int_eq(x[0], 'l');          /* it all fits in one reply */
    ck_assert_ptr_nonnull(strstr(x, "<feature name=\"org.gnu.gdb.riscv.cpu\">"));
    ck_assert_ptr_nonnull(strstr(x, "<feature name=\"org.gnu.gdb.riscv.fpu\">"));
    ck_assert_ptr_nonnull(strstr(x, "<feature name=\"org.gnu.gdb.riscv.csr\">"));
    ck_assert_ptr_nonnull(strstr(x, "name=\"zero\" bitsize=\"64\" type=\"int\" regnum=\"0\""));
    ck_assert_ptr_nonnull(strstr(x, "name=\"t6\" bitsize=\"64\" type=\"int\" regnum=\"31\""));
    ck_assert_ptr_nonnull(strstr(x, "name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"32\""));
    ck_assert_ptr_nonnull(strstr(x, "name=\"ft0\" bitsize=\"64\""));
    ck_assert_ptr_nonnull(strstr(x, "regnum=\"33\""));
    /* fflags is CSR 1: 65 + 1 = 66, in the FPU feature, 32 bits */
    ck_assert_ptr_nonnull(strstr(x, "name=\"fflags\" bitsize=\"32\" type=\"int\" regnum=\"66\""));
    /* mstatus is CSR 0x300: 65 + 768 = 833 */
    ck_assert_ptr_nonnull(strstr(x, "name=\"mstatus\" bitsize=\"64\" type=\"int\" regnum=\"833\""));
    ck_assert_ptr_nonnull(strstr(x, "name=\"priv\" bitsize=\"64\" type=\"int\" regnum=\"4161\""));
    /* the fake hart has no satp: not described */
    ck_assert_ptr_null(strstr(x, "\"satp\""));
    ck_assert_ptr_nonnull(strstr(x, "</target>"));
    char *piece = reply_n(out, 1);
    /* bytes 5..14 of '<?xml version="1.0"?>', more to come */
    ck_assert_str_eq(piece, "m version=\"");
    free(piece);
    assert_reply(out, 2, "E00");
    free(x);
    free(out);
    conn_close(&c);
}
END_TEST

/* ---- registers ----------------------------------------------------- */

START_TEST(test_register_access)
{
    setup();
    struct conn c = conn_open();
    send_pkt(c.peer, "p1");                 /* ra */
    send_pkt(c.peer, "p20");                /* pc */
    send_pkt(c.peer, "p21");                /* f0 */
    send_pkt(c.peer, "p341");               /* mstatus, 833 */
    send_pkt(c.peer, "p42");                /* fflags, 66: 4 bytes */
    send_pkt(c.peer, "P5=efcdab8967452301");
    send_pkt(c.peer, "P0=0100000000000000");
    send_pkt(c.peer, "P341=0800000000000000");
    send_pkt(c.peer, "P382=0000000000000000");   /* mepc: 65+0x341=898 */
    send_pkt(c.peer, "p801");               /* 65 + 0x7c0: no such CSR */
    send_pkt(c.peer, "P22=182d4454fb210940");     /* f1 = pi */
    send_pkt(c.peer, "P20=0001008000000000");     /* pc */
    send_pkt(c.peer, "p1041");              /* priv (4161) */
    send_pkt(c.peer, "P1041=0200000000000000");   /* priv 2: reserved */
    send_pkt(c.peer, "P5=12");              /* too short */
    send_pkt(c.peer, "c");
    gdbstub_stopped(c.s, 0, GDB_STOP_INTERRUPT);
    char *out = drain(c.peer);
    assert_reply(out, 0, "8877665544332211");
    assert_reply(out, 1, "0000008000000000");
    assert_reply(out, 2, "182d4454fb210940");
    assert_reply(out, 3, "001800000a000000");
    assert_reply(out, 4, "11000000");
    assert_reply(out, 5, "OK");
    assert_reply(out, 6, "OK");
    assert_reply(out, 7, "OK");
    assert_reply(out, 8, "OK");
    assert_reply(out, 9, "E01");
    assert_reply(out, 10, "OK");
    assert_reply(out, 11, "OK");
    assert_reply(out, 12, "0300000000000000");
    assert_reply(out, 13, "E01");
    assert_reply(out, 14, "E01");
    ck_assert_uint_eq(harts[0].x[5], 0x0123456789abcdefull);
    ck_assert_uint_eq(harts[0].x[0], 0);
    ck_assert_uint_eq(fake_mstatus, 8);
    ck_assert_uint_eq(harts[0].f[1], 0x400921fb54442d18ull);
    ck_assert_uint_eq(harts[0].pc, 0x80000100ull);
    ck_assert_int_eq(harts[0].priv, PRV_M);
    free(out);
    conn_close(&c);
}
END_TEST

START_TEST(test_write_all_registers)
{
    setup();
    struct conn c = conn_open();
    char g[33 * 16 + 2] = "G";
    for (int r = 0; r < 33; r++)
        snprintf(g + 1 + 16 * r, 17, "%02x00000000000000", r + 1);
    send_pkt(c.peer, g);
    send_pkt(c.peer, "G1234");
    send_pkt(c.peer, "c");
    gdbstub_stopped(c.s, 0, GDB_STOP_INTERRUPT);
    char *out = drain(c.peer);
    assert_reply(out, 0, "OK");
    assert_reply(out, 1, "E01");
    ck_assert_uint_eq(harts[0].x[0], 0);
    ck_assert_uint_eq(harts[0].x[1], 2);
    ck_assert_uint_eq(harts[0].x[31], 32);
    ck_assert_uint_eq(harts[0].pc, 33);
    free(out);
    conn_close(&c);
}
END_TEST

/* ---- memory -------------------------------------------------------- */

START_TEST(test_memory_access)
{
    setup();
    struct conn c = conn_open();
    ram[0] = 0x33; ram[1] = 0x05; ram[2] = 0xa5; ram[3] = 0x00;
    ram[RAM_SIZE - 2] = 0xab; ram[RAM_SIZE - 1] = 0xcd;
    send_pkt(c.peer, "m80000000,4");
    send_pkt(c.peer, "M80000010,3:a1b2c3");
    send_pkt(c.peer, "m10,4");                      /* unmapped */
    send_pkt(c.peer, "m8000fffe,8");                /* runs off the end */
    send_pkt(c.peer, "M10,1:00");
    send_pkt(c.peer, "M80000010,2:a1");             /* length mismatch */
    send_pkt(c.peer, "mzz,4");
    /* X: '#', '$', '}', '*' escaped as '}' + (byte ^ 0x20); 0x00 raw */
    static const char x[] = "X80000020,5:}\x03}\x04}\x5d}\x0a\x00";
    send_pkt_n(c.peer, x, sizeof x - 1);
    send_pkt(c.peer, "X80000020,0:");
    send_pkt(c.peer, "X80000020,3:ab");             /* short */
    send_pkt(c.peer, "c");
    gdbstub_stopped(c.s, 0, GDB_STOP_INTERRUPT);
    char *out = drain(c.peer);
    assert_reply(out, 0, "3305a500");
    assert_reply(out, 1, "OK");
    assert_reply(out, 2, "E14");
    assert_reply(out, 3, "abcd");
    assert_reply(out, 4, "E14");
    assert_reply(out, 5, "E01");
    assert_reply(out, 6, "E01");
    assert_reply(out, 7, "OK");
    assert_reply(out, 8, "OK");
    assert_reply(out, 9, "E01");
    ck_assert_uint_eq(ram[0x10], 0xa1);
    ck_assert_uint_eq(ram[0x11], 0xb2);
    ck_assert_uint_eq(ram[0x12], 0xc3);
    static const uint8_t want[5] = {'#', '$', '}', '*', 0};
    ck_assert_mem_eq(ram + 0x20, want, 5);
    free(out);
    conn_close(&c);
}
END_TEST

/* ---- breakpoints, watchpoints, stepping ----------------------------- */

static bool hit_exec(struct hart *h, uint64_t pc)
{
    ck_assert_ptr_nonnull(h->dbg.exec_break);
    return h->dbg.exec_break(h->dbg.opaque, h, pc);
}

static bool hit_mem(struct hart *h, uint64_t va, unsigned size, bool write)
{
    ck_assert_ptr_nonnull(h->dbg.mem_watch);
    return h->dbg.mem_watch(h->dbg.opaque, h, va, size, write);
}

START_TEST(test_software_breakpoint)
{
    setup();
    struct conn c = conn_open();
    ck_assert(!harts[0].dbg.active);        /* nothing armed: no hooks run */
    send_pkt(c.peer, "Z0,80000040,4");
    send_pkt(c.peer, "c");
    ck_assert_int_eq(gdbstub_stopped(c.s, 0, GDB_STOP_INTERRUPT), GDB_CONTINUE);
    ck_assert(harts[0].dbg.active && harts[1].dbg.active);
    ck_assert(!hit_exec(&harts[0], 0x80000000));
    ck_assert(!hit_exec(&harts[0], 0x80000042));
    ck_assert(hit_exec(&harts[0], 0x80000040));
    harts[0].pc = 0x80000040;
    send_pkt(c.peer, "?");
    send_pkt(c.peer, "z0,80000040,4");
    send_pkt(c.peer, "Z1,80000080,2");
    send_pkt(c.peer, "c");
    ck_assert_int_eq(gdbstub_stopped(c.s, 0, GDB_STOP_BREAK), GDB_CONTINUE);
    ck_assert(!hit_exec(&harts[0], 0x80000040));
    ck_assert(hit_exec(&harts[1], 0x80000080));
    send_pkt(c.peer, "z1,80000080,2");
    send_pkt(c.peer, "c");
    ck_assert_int_eq(gdbstub_stopped(c.s, 1, GDB_STOP_BREAK), GDB_CONTINUE);
    ck_assert(!harts[0].dbg.active);        /* disarmed again */
    char *out = drain(c.peer);
    assert_reply(out, 0, "OK");
    assert_reply(out, 1, "T05swbreak:;thread:1;");
    assert_reply(out, 2, "T05swbreak:;thread:1;");  /* '?' repeats it */
    assert_reply(out, 3, "OK");
    assert_reply(out, 4, "OK");
    assert_reply(out, 5, "T05hwbreak:;thread:2;");
    assert_reply(out, 6, "OK");
    free(out);
    conn_close(&c);
}
END_TEST

/* Resuming at a breakpoint executes that instruction first (a monitor or a
 * client that does not step over breakpoints must not be pinned). */
START_TEST(test_resume_skips_breakpoint_at_pc)
{
    setup();
    struct conn c = conn_open();
    harts[0].pc = 0x80000040;
    send_pkt(c.peer, "Z0,80000040,4");
    send_pkt(c.peer, "c");
    gdbstub_stopped(c.s, 0, GDB_STOP_INTERRUPT);
    ck_assert(!hit_exec(&harts[0], 0x80000040));
    ck_assert(!hit_exec(&harts[0], 0x80000044));
    ck_assert(hit_exec(&harts[0], 0x80000040));     /* looped back: stops */
    conn_close(&c);
}
END_TEST

START_TEST(test_watchpoints)
{
    setup();
    struct conn c = conn_open();
    send_pkt(c.peer, "Z2,80000200,8");
    send_pkt(c.peer, "c");
    gdbstub_stopped(c.s, 0, GDB_STOP_INTERRUPT);
    ck_assert(!hit_mem(&harts[0], 0x80000204, 4, false));  /* a read */
    ck_assert(!hit_mem(&harts[0], 0x80000208, 4, true));   /* just after */
    ck_assert(!hit_mem(&harts[0], 0x800001fc, 4, true));   /* just before */
    ck_assert(hit_mem(&harts[0], 0x80000204, 4, true));
    ck_assert_int_eq(harts[0].dbg.hit_kind, 2);
    send_pkt(c.peer, "z2,80000200,8");
    send_pkt(c.peer, "Z3,80000300,4");
    send_pkt(c.peer, "c");
    gdbstub_stopped(c.s, 0, GDB_STOP_BREAK);
    ck_assert(!hit_mem(&harts[0], 0x80000200, 8, true));   /* removed */
    ck_assert(!hit_mem(&harts[0], 0x80000300, 4, true));   /* a write */
    ck_assert(hit_mem(&harts[0], 0x800002fc, 8, false));   /* overlaps */
    send_pkt(c.peer, "z3,80000300,4");
    send_pkt(c.peer, "Z4,80000400,1");
    send_pkt(c.peer, "c");
    gdbstub_stopped(c.s, 0, GDB_STOP_BREAK);
    ck_assert(hit_mem(&harts[1], 0x80000400, 1, true));
    send_pkt(c.peer, "Z2,80000000,0");      /* zero length */
    send_pkt(c.peer, "Z9,80000000,4");      /* unknown type */
    send_pkt(c.peer, "D");
    ck_assert_int_eq(gdbstub_stopped(c.s, 1, GDB_STOP_BREAK), GDB_DETACH);
    char *out = drain(c.peer);
    assert_reply(out, 0, "OK");
    assert_reply(out, 1, "T05watch:80000204;thread:1;");
    assert_reply(out, 2, "OK");
    assert_reply(out, 3, "OK");
    /* the reported address lies in the watched range */
    assert_reply(out, 4, "T05rwatch:80000300;thread:1;");
    assert_reply(out, 5, "OK");
    assert_reply(out, 6, "OK");
    assert_reply(out, 7, "T05awatch:80000400;thread:2;");
    assert_reply(out, 8, "E01");
    assert_reply(out, 9, "");
    assert_reply(out, 10, "OK");
    ck_assert(!harts[0].dbg.active && !harts[1].dbg.active);
    free(out);
    gdbstub_free(c.s);
    close(c.peer);
}
END_TEST

START_TEST(test_single_step)
{
    setup();
    struct conn c = conn_open();
    send_pkt(c.peer, "vCont;s:2;c");
    ck_assert_int_eq(gdbstub_stopped(c.s, 0, GDB_STOP_INTERRUPT), GDB_STEP);
    ck_assert_int_eq(gdbstub_step_hart(c.s), 1);
    ck_assert(harts[1].dbg.single_step && harts[1].dbg.active);
    ck_assert(!harts[0].dbg.single_step);
    send_pkt(c.peer, "Hc1");
    send_pkt(c.peer, "s80000010");          /* step at a new pc */
    ck_assert_int_eq(gdbstub_stopped(c.s, 1, GDB_STOP_BREAK), GDB_STEP);
    ck_assert(!harts[1].dbg.single_step);
    ck_assert(harts[0].dbg.single_step);
    ck_assert_uint_eq(harts[0].pc, 0x80000010);
    send_pkt(c.peer, "vCont;c");
    ck_assert_int_eq(gdbstub_stopped(c.s, 0, GDB_STOP_BREAK), GDB_CONTINUE);
    ck_assert(!harts[0].dbg.single_step && !harts[0].dbg.active);
    send_pkt(c.peer, "vCont;x");
    send_pkt(c.peer, "S05");
    ck_assert_int_eq(gdbstub_stopped(c.s, 0, GDB_STOP_BREAK), GDB_STEP);
    char *out = drain(c.peer);
    assert_reply(out, 0, "T05thread:2;");
    assert_reply(out, 1, "OK");
    assert_reply(out, 2, "T05thread:1;");
    assert_reply(out, 3, "T05thread:1;");
    assert_reply(out, 4, "E01");
    free(out);
    conn_close(&c);
}
END_TEST

START_TEST(test_interrupt_and_exit)
{
    setup();
    struct conn c = conn_open();
    send_pkt(c.peer, "c");
    gdbstub_stopped(c.s, 0, GDB_STOP_INTERRUPT);
    ck_assert(!gdbstub_poll_interrupt(c.s));    /* nothing sent */
    send_raw(c.peer, "\x03", 1);
    usleep(10000);
    ck_assert(gdbstub_poll_interrupt(c.s));
    ck_assert(!gdbstub_poll_interrupt(c.s));    /* consumed */
    send_pkt(c.peer, "c");
    gdbstub_stopped(c.s, 1, GDB_STOP_INTERRUPT);
    gdbstub_exited(c.s, 3);
    ck_assert(!gdbstub_attached(c.s));
    char *out = drain(c.peer);
    assert_reply(out, 0, "T02thread:2;");
    assert_reply(out, 1, "W03");
    free(out);
    conn_close(&c);
}
END_TEST

START_TEST(test_disconnect_while_running)
{
    setup();
    struct conn c = conn_open();
    send_pkt(c.peer, "Z0,80000000,4");
    send_pkt(c.peer, "c");
    gdbstub_stopped(c.s, 0, GDB_STOP_INTERRUPT);
    ck_assert(harts[0].dbg.active);
    close(c.peer);
    ck_assert(!gdbstub_poll_interrupt(c.s));
    ck_assert(!gdbstub_attached(c.s));
    ck_assert(!harts[0].dbg.active);
    /* a stop with nobody attached just resumes */
    ck_assert_int_eq(gdbstub_stopped(c.s, 0, GDB_STOP_BREAK), GDB_CONTINUE);
    gdbstub_free(c.s);
}
END_TEST

START_TEST(test_kill)
{
    setup();
    struct conn c = conn_open();
    send_pkt(c.peer, "k");
    ck_assert_int_eq(gdbstub_stopped(c.s, 0, GDB_STOP_INTERRUPT), GDB_KILL);
    ck_assert(!gdbstub_attached(c.s));
    conn_close(&c);
    c = conn_open();
    send_pkt(c.peer, "vKill;1");
    ck_assert_int_eq(gdbstub_stopped(c.s, 0, GDB_STOP_INTERRUPT), GDB_KILL);
    char *out = drain(c.peer);
    assert_reply(out, 0, "OK");
    free(out);
    conn_close(&c);
}
END_TEST

/* Decodes the text of every 'O' console packet in out. */
static char *console_text(const char *out)
{
    size_t pos = 0, len = 0;
    char *text = calloc(1, 65536);
    char *r;
    while ((r = next_reply(out, &pos))) {
        if (r[0] == 'O' && r[1]) {
            for (const char *p = r + 1; p[0] && p[1] && len < 65535; p += 2) {
                unsigned v;
                sscanf(p, "%2x", &v);
                text[len++] = (char)v;
            }
        }
        free(r);
    }
    return text;
}

static void hexstr(const char *s, char *out)
{
    for (; *s; s++, out += 2)
        sprintf(out, "%02x", (unsigned char)*s);
}

START_TEST(test_monitor_over_gdb)
{
    setup();
    struct conn c = conn_open();
    int flag = 0;
    gdbstub_set_reset(c.s, reset_cb, &flag);
    char pkt[128] = "qRcmd,";
    hexstr("insns", pkt + 6);
    send_pkt(c.peer, pkt);
    hexstr("reset", pkt + 6);
    send_pkt(c.peer, pkt);
    send_pkt(c.peer, "qRcmd,zz");
    send_pkt(c.peer, "c");
    gdbstub_stopped(c.s, 0, GDB_STOP_INTERRUPT);
    char *out = drain(c.peer);
    char *text = console_text(out);
    ck_assert_ptr_nonnull(strstr(text, "hart 0: 42 instructions retired\n"));
    ck_assert_ptr_nonnull(strstr(text, "hart 1: 0 instructions retired\n"));
    ck_assert_ptr_nonnull(strstr(text, "machine reset"));
    ck_assert_int_eq(resets, 1);
    ck_assert_int_eq(flag, 1);
    ck_assert_ptr_nonnull(strstr(out, "$OK#9a"));
    ck_assert_ptr_nonnull(strstr(out, "$E01#a6"));
    free(text);
    free(out);
    conn_close(&c);
}
END_TEST

/* ---- listening ----------------------------------------------------- */

START_TEST(test_listen_attach_and_port_in_use)
{
    setup();
    char err[160] = "";
    struct gdbstub *s = gdbstub_new("0", hartv, 2, err, sizeof err);
    ck_assert_msg(s != NULL, "%s", err);
    gdbstub_set_access(s, &fake_acc);
    int port = gdbstub_port(s);
    ck_assert_int_gt(port, 0);

    char spec[32];
    snprintf(spec, sizeof spec, "127.0.0.1:%d", port);
    ck_assert_ptr_null(gdbstub_new(spec, hartv, 2, err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "Address already in use"));
    ck_assert_ptr_nonnull(strstr(err, spec));
    ck_assert_ptr_null(gdbstub_new("localhost:http", hartv, 2, err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "bad address"));
    ck_assert_ptr_null(gdbstub_new("99999", hartv, 2, err, sizeof err));
    ck_assert_ptr_null(gdbstub_new("", hartv, 2, err, sizeof err));

    /* nobody there yet */
    ck_assert(!gdbstub_poll_interrupt(s));
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(0x7f000001)};
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert(gdbstub_wait_attach(s));
    ck_assert(gdbstub_attached(s));
    send_pkt(fd, "?");
    send_pkt(fd, "D");
    ck_assert_int_eq(gdbstub_stopped(s, 0, GDB_STOP_INTERRUPT), GDB_DETACH);
    char *out = drain(fd);
    assert_reply(out, 0, "T05thread:1;");   /* attach is SIGTRAP, not SIGINT */
    assert_reply(out, 1, "OK");
    free(out);
    close(fd);

    /* a new debugger connecting while the guest runs stops it */
    fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    usleep(10000);
    ck_assert(gdbstub_poll_interrupt(s));
    ck_assert(gdbstub_attached(s));
    close(fd);
    gdbstub_free(s);
}
END_TEST

/* ---- the monitor --------------------------------------------------- */

static char *mon(int *cur, const char *line, enum mon_action *act)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    *act = monitor_command_with(&fake_acc, hartv, 2, cur, line, out);
    fclose(out);
    return text;
}

START_TEST(test_monitor_registers_and_memory)
{
    setup();
    int cur = 0;
    enum mon_action act;
    char *t = mon(&cur, "info registers", &act);
    ck_assert_int_eq(act, MON_STAY);
    ck_assert_ptr_nonnull(strstr(t, "pc 0000000080000000"));
    ck_assert_ptr_nonnull(strstr(t, "priv M"));
    ck_assert_ptr_nonnull(strstr(t, "x1  ra   1122334455667788"));
    ck_assert_ptr_nonnull(strstr(t, "x10 a0   000000000000002a"));
    ck_assert_ptr_nonnull(strstr(t, "mstatus    0000000a00001800"));
    free(t);

    /* words of 0x00a50533 (add a0,a0,a0), 0x0001 (c.nop), 0xff010113
     * (addi sp,sp,-16) as the assembler lays them out */
    static const uint8_t code[] = {0x33, 0x05, 0xa5, 0x00, 0x01, 0x00,
                                   0x13, 0x01, 0x01, 0xff};
    memcpy(ram, code, sizeof code);
    t = mon(&cur, "x/3i 0x80000000", &act);
    char d0[96], d1[96], d2[96], want[400];
    rv_disasm(0x80000000, 0x00a50533, d0, sizeof d0);
    rv_disasm(0x80000004, 0x0001, d1, sizeof d1);
    rv_disasm(0x80000006, 0xff010113, d2, sizeof d2);
    snprintf(want, sizeof want,
             "0000000080000000: 00a50533  %s\n"
             "0000000080000004: 0001      %s\n"
             "0000000080000006: ff010113  %s\n", d0, d1, d2);
    ck_assert_str_eq(t, want);
    free(t);

    t = mon(&cur, "x/2x $pc", &act);
    ck_assert_str_eq(t, "0000000080000000: 00a50533 01130001\n");
    free(t);
    harts[0].x[2] = 0x80000002;
    t = mon(&cur, "x/3xh sp+2", &act);
    ck_assert_str_eq(t, "0000000080000004: 0001 0113 ff01\n");
    free(t);
    t = mon(&cur, "x/1xg 0x80000000", &act);
    ck_assert_str_eq(t, "0000000080000000: 0113000100a50533\n");
    free(t);
    t = mon(&cur, "x/2i 0x10", &act);
    ck_assert_str_eq(t, "0000000000000010: cannot read memory\n");
    free(t);
    t = mon(&cur, "x/4x nosuchreg", &act);
    ck_assert(strncmp(t, "error:", 6) == 0);
    free(t);
    t = mon(&cur, "x/0x 0x80000000", &act);
    ck_assert(strncmp(t, "error:", 6) == 0);
    free(t);
    t = mon(&cur, "info csr", &act);
    ck_assert_ptr_nonnull(strstr(t, "mepc       0000000000000000\n"));
    ck_assert_ptr_null(strstr(t, "satp"));
    free(t);
}
END_TEST

START_TEST(test_monitor_control)
{
    setup();
    int cur = 0;
    enum mon_action act;
    char *t = mon(&cur, "step 3", &act);
    ck_assert_int_eq(act, MON_STAY);
    ck_assert_uint_eq(harts[0].pc, 0x8000000c);
    free(t);
    t = mon(&cur, "hart 1", &act);
    ck_assert_int_eq(cur, 1);
    free(t);
    t = mon(&cur, "s", &act);
    ck_assert_uint_eq(harts[1].pc, 0x80000104);
    free(t);
    t = mon(&cur, "hart 2", &act);
    ck_assert(strncmp(t, "error:", 6) == 0);
    ck_assert_int_eq(cur, 1);
    free(t);
    t = mon(&cur, "step x", &act);
    ck_assert(strncmp(t, "error:", 6) == 0);
    free(t);
    /* "step -1" was 2^64 - 1 steps that never gave the console back */
    uint64_t pc = harts[1].pc;
    t = mon(&cur, "step -1", &act);
    ck_assert(strncmp(t, "error:", 6) == 0);
    free(t);
    t = mon(&cur, "step 0x8000000000000000", &act);
    ck_assert(strncmp(t, "error:", 6) == 0);
    free(t);
    ck_assert_uint_eq(harts[1].pc, pc);
    t = mon(&cur, "frobnicate", &act);
    ck_assert(strncmp(t, "error: unknown command", 22) == 0);
    free(t);
    t = mon(&cur, "   \n", &act);
    ck_assert_str_eq(t, "");
    free(t);
    free(mon(&cur, "continue\n", &act));
    ck_assert_int_eq(act, MON_CONTINUE);
    free(mon(&cur, "c", &act));
    ck_assert_int_eq(act, MON_CONTINUE);
    free(mon(&cur, "quit", &act));
    ck_assert_int_eq(act, MON_QUIT);
    free(mon(&cur, "reset", &act));
    ck_assert_int_eq(act, MON_RESET);
    t = mon(&cur, "help", &act);
    ck_assert_ptr_nonnull(strstr(t, "x/Ni ADDR"));
    free(t);
}
END_TEST

static Suite *gdbstub_suite(void)
{
    Suite *s = suite_create("gdbstub");
    TCase *tc = tcase_create("rsp");
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_bad_checksum_gets_nak);
    tcase_add_test(tc, test_garbage_and_stray_acks_ignored);
    tcase_add_test(tc, test_oversized_packet);
    tcase_add_test(tc, test_disconnect_mid_packet);
    tcase_add_test(tc, test_noack_mode);
    tcase_add_test(tc, test_qsupported_and_threads);
    tcase_add_test(tc, test_target_xml);
    tcase_add_test(tc, test_register_access);
    tcase_add_test(tc, test_write_all_registers);
    tcase_add_test(tc, test_memory_access);
    tcase_add_test(tc, test_software_breakpoint);
    tcase_add_test(tc, test_resume_skips_breakpoint_at_pc);
    tcase_add_test(tc, test_watchpoints);
    tcase_add_test(tc, test_single_step);
    tcase_add_test(tc, test_interrupt_and_exit);
    tcase_add_test(tc, test_disconnect_while_running);
    tcase_add_test(tc, test_kill);
    tcase_add_test(tc, test_monitor_over_gdb);
    tcase_add_test(tc, test_listen_attach_and_port_in_use);
    suite_add_tcase(s, tc);
    TCase *tm = tcase_create("monitor");
    tcase_add_test(tm, test_monitor_registers_and_memory);
    tcase_add_test(tm, test_monitor_control);
    suite_add_tcase(s, tm);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(gdbstub_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
