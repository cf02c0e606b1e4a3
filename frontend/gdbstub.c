/* GDB remote serial protocol stub (see gdbstub.h).  Protocol facts follow
 * the GDB manual, appendix "GDB Remote Serial Protocol"; register numbers
 * and feature names follow gdb's RISC-V target conventions (riscv-tdep). */
#define _GNU_SOURCE
#include "gdbstub.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../cpu/cpu.h"
#include "../cpu/csr.h"
#include "../cpu/disasm.h"

/* Largest packet body we accept (advertised as PacketSize). */
#define PKT_MAX 0x4000
/* Reply buffer: an 'm' reply is two characters per byte. */
#define TX_MAX (2 * PKT_MAX + 64)
#define RX_BUF 4096
#define MAX_BREAKPOINTS 64
#define MAX_WATCHPOINTS 16
#define MAX_RESEND 8

/* Register numbers (gdb's riscv-tdep layout). */
#define REG_PC 32
#define REG_F0 33
#define REG_CSR0 65
#define REG_PRIV (REG_CSR0 + 4096)

enum hit { HIT_NONE, HIT_SW, HIT_HW, HIT_WATCH, HIT_RWATCH, HIT_AWATCH };

/* Z packet types (GDB manual, "Z type,addr,kind"). */
enum { Z_SW = 0, Z_HW = 1, Z_WRITE = 2, Z_READ = 3, Z_ACCESS = 4 };

struct breakpoint {
    uint64_t addr;
    int type;                   /* Z_SW or Z_HW */
};

struct watchpoint {
    uint64_t addr, len;
    int type;                   /* Z_WRITE, Z_READ or Z_ACCESS */
};

struct hart_state {
    bool skip_valid;            /* ignore a breakpoint at skip_pc once */
    uint64_t skip_pc;
    enum hit hit;
    uint64_t hit_addr;
};

struct gdbstub {
    int listen_fd, fd;
    int port;
    char where[80];             /* "HOST:PORT" for messages */
    struct hart **harts;
    int nharts;
    const struct dbg_access *acc;
    struct hart_state *hs;

    struct breakpoint bp[MAX_BREAKPOINTS];
    int nbp;
    struct watchpoint wp[MAX_WATCHPOINTS];
    int nwp;

    int cur;                    /* Hg: hart for registers and memory */
    int cont_thread;            /* Hc: gdb thread id, <= 0 means "any" */
    int step_hart;
    bool noack;
    bool awaiting_stop;         /* gdb resumed us and waits for a reply */
    bool fresh;                 /* connected, no stop reported yet */

    int stop_sig;               /* the last stop, repeated by '?' */
    int stop_hart;
    enum hit stop_hit;
    uint64_t stop_addr;

    void (*reset_fn)(void *opaque);
    void *reset_opaque;

    const struct gdb_reverse_ops *rev;      /* NULL: no reverse execution */
    void *rev_opaque;

    char *xml;                  /* target description, built on demand */
    size_t xml_len;

    uint8_t rx[RX_BUF];
    size_t rx_head, rx_tail;
    char pkt[PKT_MAX + 1];
    size_t pkt_len;
    char tx[TX_MAX];
    size_t tx_len;
    bool tx_overflow;
};

/* ------------------------------------------------------------------ */
/* Hex helpers                                                         */

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Parses up to 16 hex digits at *p; false if there are none or too many. */
static bool parse_hex(const char **p, uint64_t *val)
{
    uint64_t v = 0;
    int n = 0;
    while (hexval(**p) >= 0) {
        if (++n > 16)
            return false;
        v = (v << 4) | (uint64_t)hexval(**p);
        (*p)++;
    }
    *val = v;
    return n > 0;
}

/* Decodes 2*n hex characters into bytes; false on a bad digit. */
static bool decode_hex(const char *s, size_t n, uint8_t *out)
{
    for (size_t i = 0; i < n; i++) {
        int hi = hexval(s[2 * i]), lo = hi < 0 ? -1 : hexval(s[2 * i + 1]);
        if (lo < 0)
            return false;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

/* Thread id: "-1" (all) -> -1, else hex. */
static bool parse_thread(const char **p, int *tid)
{
    uint64_t v;
    if ((*p)[0] == '-' && (*p)[1] == '1') {
        *p += 2;
        *tid = -1;
        return true;
    }
    if (!parse_hex(p, &v) || v > 0x7fffffff)
        return false;
    *tid = (int)v;
    return true;
}

/* ------------------------------------------------------------------ */
/* Reply buffer                                                        */

static void tx_reset(struct gdbstub *s)
{
    s->tx_len = 0;
    s->tx_overflow = false;
}

static void tx_bytes(struct gdbstub *s, const void *p, size_t n)
{
    if (n > TX_MAX - s->tx_len) {
        s->tx_overflow = true;
        n = TX_MAX - s->tx_len;
    }
    memcpy(s->tx + s->tx_len, p, n);
    s->tx_len += n;
}

static void tx_str(struct gdbstub *s, const char *str)
{
    tx_bytes(s, str, strlen(str));
}

static void tx_printf(struct gdbstub *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void tx_printf(struct gdbstub *s, const char *fmt, ...)
{
    char buf[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0)
        tx_bytes(s, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static void tx_hex(struct gdbstub *s, const uint8_t *b, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        char two[2] = {digits[b[i] >> 4], digits[b[i] & 15]};
        tx_bytes(s, two, 2);
    }
}

/* Binary data in a reply: '#', '$', '}' and '*' are escaped as '}' followed
 * by the byte xor 0x20 ("Binary Data" in the RSP overview). */
static void tx_binary(struct gdbstub *s, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (b[i] == '#' || b[i] == '$' || b[i] == '}' || b[i] == '*') {
            char esc[2] = {'}', (char)(b[i] ^ 0x20)};
            tx_bytes(s, esc, 2);
        } else {
            tx_bytes(s, &b[i], 1);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Connection I/O                                                      */

static void update_hooks(struct gdbstub *s);

static void drop_connection(struct gdbstub *s)
{
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
    s->rx_head = s->rx_tail = 0;
    s->nbp = s->nwp = 0;
    s->awaiting_stop = false;
    for (int i = 0; i < s->nharts; i++) {
        s->harts[i]->dbg.single_step = false;
        s->hs[i] = (struct hart_state){0};
    }
    update_hooks(s);
}

static bool send_all(struct gdbstub *s, const void *p, size_t n)
{
    const uint8_t *b = p;
    while (n && s->fd >= 0) {
        ssize_t w = send(s->fd, b, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd pfd = {.fd = s->fd, .events = POLLOUT};
            poll(&pfd, 1, 1000);
            continue;
        }
        if (w <= 0) {
            drop_connection(s);
            return false;
        }
        b += w;
        n -= (size_t)w;
    }
    return s->fd >= 0;
}

/* Next byte from the peer: -1 when the connection is gone, -2 when nothing
 * arrived within timeout_ms (0: do not wait, -1: wait forever). */
static int rx_getc(struct gdbstub *s, int timeout_ms)
{
    if (s->fd < 0)
        return -1;
    if (s->rx_head == s->rx_tail) {
        s->rx_head = s->rx_tail = 0;
        for (;;) {
            struct pollfd pfd = {.fd = s->fd, .events = POLLIN};
            int n = poll(&pfd, 1, timeout_ms);
            if (n < 0 && errno == EINTR)
                continue;
            if (n == 0)
                return -2;
            ssize_t r = n < 0 ? -1 : recv(s->fd, s->rx, RX_BUF, MSG_DONTWAIT);
            if (r > 0) {
                s->rx_tail = (size_t)r;
                break;
            }
            if (r < 0 && (errno == EINTR || errno == EAGAIN ||
                          errno == EWOULDBLOCK))
                continue;
            drop_connection(s);
            return -1;
        }
    }
    return s->rx[s->rx_head++];
}

static void rx_ungetc(struct gdbstub *s)
{
    if (s->rx_head > 0)
        s->rx_head--;
}

/* A peer that neither acks nor naks within this long is taken to have
 * acked: a broken client must not wedge the stub. */
#define ACK_TIMEOUT_MS 3000

/* Sends "$body#cs" and waits for gdb's '+' (unless no-ack mode, or `last`:
 * the connection is closed right after, nobody will read a resend). */
static bool put_packet(struct gdbstub *s, const char *body, size_t n,
                       bool last)
{
    static const char digits[] = "0123456789abcdef";
    uint8_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum = (uint8_t)(sum + (uint8_t)body[i]);
    char tail[3] = {'#', digits[sum >> 4], digits[sum & 15]};
    for (int tries = 0; tries < MAX_RESEND; tries++) {
        if (!send_all(s, "$", 1) || !send_all(s, body, n) ||
            !send_all(s, tail, 3))
            return false;
        if (s->noack || last)
            return true;
        for (;;) {
            int c = rx_getc(s, ACK_TIMEOUT_MS);
            if (c == -2)
                return true;
            if (c < 0)
                return false;
            if (c == '+')
                return true;
            if (c == '-')
                break;
            if (c == '$' || c == 0x03) {
                /* the peer moved on without acking: take it as an ack */
                rx_ungetc(s);
                return true;
            }
        }
    }
    return true;
}

static bool send_reply(struct gdbstub *s)
{
    if (s->tx_overflow) {
        tx_reset(s);
        tx_str(s, "E01");
    }
    return put_packet(s, s->tx, s->tx_len, false);
}

/* The reply before we close the connection. */
static void send_last_reply(struct gdbstub *s, const char *str)
{
    tx_reset(s);
    tx_str(s, str);
    put_packet(s, s->tx, s->tx_len, true);
}

static bool reply(struct gdbstub *s, const char *str)
{
    tx_reset(s);
    tx_str(s, str);
    return send_reply(s);
}

enum pkt_result { PK_PACKET, PK_OVERSIZE, PK_INTERRUPT, PK_EOF };

/* Reads one packet into s->pkt (NUL-terminated; binary data may hold NULs,
 * s->pkt_len is the length).  Bad checksums are answered with '-' and the
 * next packet is read; an oversized packet is acked and reported so the
 * caller can send an error. */
static enum pkt_result read_packet(struct gdbstub *s)
{
    for (;;) {
        int c = rx_getc(s, -1);
        if (c < 0)
            return PK_EOF;
        if (c == 0x03)
            return PK_INTERRUPT;
        if (c != '$')
            continue;           /* stray acks, noise */
    restart:
        s->pkt_len = 0;
        bool oversize = false;
        uint8_t sum = 0;
        for (;;) {
            c = rx_getc(s, -1);
            if (c < 0)
                return PK_EOF;
            if (c == '#')
                break;
            if (c == '$')
                goto restart;   /* the peer gave up on the previous one */
            sum = (uint8_t)(sum + c);
            if (s->pkt_len < PKT_MAX)
                s->pkt[s->pkt_len++] = (char)c;
            else
                oversize = true;
        }
        int h1 = rx_getc(s, -1), h2 = h1 < 0 ? -1 : rx_getc(s, -1);
        if (h1 < 0 || h2 < 0)
            return PK_EOF;
        s->pkt[s->pkt_len] = '\0';
        if (hexval(h1) < 0 || hexval(h2) < 0 ||
            (uint8_t)(hexval(h1) << 4 | hexval(h2)) != sum) {
            if (!s->noack && !send_all(s, "-", 1))
                return PK_EOF;
            continue;
        }
        if (!s->noack && !send_all(s, "+", 1))
            return PK_EOF;
        return oversize ? PK_OVERSIZE : PK_PACKET;
    }
}

/* ------------------------------------------------------------------ */
/* Debug hooks                                                         */

static int hart_index(struct gdbstub *s, struct hart *h)
{
    for (int i = 0; i < s->nharts; i++)
        if (s->harts[i] == h)
            return i;
    return -1;
}

static bool watch_before_store(struct gdbstub *s, struct hart *h, struct hart_state *hs,
                               uint64_t pc);
static bool store_target(struct gdbstub *s, struct hart *h, uint64_t pc, uint64_t *va,
                         unsigned *size);

static bool hook_exec(void *opaque, struct hart *h, uint64_t pc)
{
    struct gdbstub *s = opaque;
    int i = hart_index(s, h);
    if (i < 0)
        return false;
    struct hart_state *hs = &s->hs[i];
    if (hs->skip_valid) {
        /* the instruction we resume at runs even if it has a breakpoint */
        hs->skip_valid = false;
        if (pc == hs->skip_pc)
            return false;
    }
    for (int b = 0; b < s->nbp; b++)
        if (s->bp[b].addr == pc) {
            hs->hit = s->bp[b].type == Z_HW ? HIT_HW : HIT_SW;
            hs->hit_addr = pc;
            h->dbg.hit_kind = 1;
            h->dbg.hit_addr = pc;
            return true;
        }
    return watch_before_store(s, h, hs, pc);
}

static bool hook_mem(void *opaque, struct hart *h, uint64_t va, unsigned size,
                     bool write)
{
    struct gdbstub *s = opaque;
    int i = hart_index(s, h);
    if (i < 0)
        return false;
    uint64_t tva;
    unsigned tsize;
    if (write && store_target(s, h, h->pc, &tva, &tsize))
        return false;   /* reported before the store (watch_before_store) */
    for (int w = 0; w < s->nwp; w++) {
        const struct watchpoint *wp = &s->wp[w];
        bool kind_ok = wp->type == Z_ACCESS || (wp->type == Z_WRITE) == write;
        if (!kind_ok || va + size <= wp->addr || va >= wp->addr + wp->len)
            continue;
        static const enum hit hits[] = {[Z_WRITE] = HIT_WATCH,
                                        [Z_READ] = HIT_RWATCH,
                                        [Z_ACCESS] = HIT_AWATCH};
        s->hs[i].hit = hits[wp->type];
        /* report an address inside both the access and the watched range,
         * so gdb finds the watchpoint that triggered */
        s->hs[i].hit_addr = va > wp->addr ? va : wp->addr;
        h->dbg.hit_kind = write ? 2 : 3;
        h->dbg.hit_addr = s->hs[i].hit_addr;
        return true;
    }
    return false;
}

/* The hooks are live only when something is armed, so a connected but
 * idle debugger does not slow the guest down. */
static void update_hooks(struct gdbstub *s)
{
    bool attached = s->fd >= 0;
    bool armed = s->nbp > 0 || s->nwp > 0;
    for (int i = 0; i < s->nharts; i++) {
        struct hart_debug *d = &s->harts[i]->dbg;
        if (!attached)
            d->single_step = false;
        d->exec_break = attached ? hook_exec : NULL;
        d->mem_watch = attached ? hook_mem : NULL;
        d->opaque = attached ? s : NULL;
        d->active = attached && (armed || d->single_step);
    }
}

/* ------------------------------------------------------------------ */
/* Registers                                                           */

static bool has_fpu(struct hart *h)
{
    return (h->misa & (MISA_EXT('F') | MISA_EXT('D'))) != 0;
}

/* gdb shows the F extension's CSRs (fflags, frm, fcsr) with the FPU
 * registers, 32 bits wide (its riscv target description). */
static bool is_fp_csr(unsigned csr)
{
    struct csr_desc d;
    return csr_describe(csr, &d) && d.ext == CSR_EXT_F;
}

/* Size in bytes of register regno, 0 if the hart has no such register. */
static unsigned reg_size(struct gdbstub *s, struct hart *h, uint64_t regno)
{
    uint64_t dummy;
    if (regno <= REG_PC)
        return 8;
    if (regno < REG_CSR0)
        return has_fpu(h) ? 8 : 0;
    if (regno == REG_PRIV)
        return 8;
    if (regno < REG_PRIV && s->acc->csr_read(h, (unsigned)(regno - REG_CSR0),
                                             &dummy))
        return is_fp_csr((unsigned)(regno - REG_CSR0)) ? 4 : 8;
    return 0;
}

static bool reg_get(struct gdbstub *s, struct hart *h, uint64_t regno,
                    uint64_t *val)
{
    if (regno < 32)
        *val = h->x[regno];
    else if (regno == REG_PC)
        *val = h->pc;
    else if (regno < REG_CSR0)
        *val = h->f[regno - REG_F0];
    else if (regno == REG_PRIV)
        *val = (uint64_t)h->priv;
    else
        return s->acc->csr_read(h, (unsigned)(regno - REG_CSR0), val);
    return true;
}

static bool reg_set(struct gdbstub *s, struct hart *h, uint64_t regno,
                    uint64_t val)
{
    if (regno < 32) {
        if (regno)
            h->x[regno] = val;      /* x0 stays zero */
    } else if (regno == REG_PC) {
        h->pc = val;
    } else if (regno < REG_CSR0) {
        h->f[regno - REG_F0] = val;
    } else if (regno == REG_PRIV) {
        if (val != PRV_U && val != PRV_S && val != PRV_M)
            return false;
        h->priv = (int)val;
    } else {
        return s->acc->csr_write(h, (unsigned)(regno - REG_CSR0), val);
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* Target description                                                  */

struct strbuf {
    char *d;
    size_t len, cap;
    bool failed;
};

static void sb_printf(struct strbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void sb_printf(struct strbuf *b, const char *fmt, ...)
{
    for (;;) {
        if (b->failed)
            return;
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->d + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->failed = true;
            return;
        }
        if ((size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = b->cap * 2 + (size_t)n;
        char *d = realloc(b->d, cap);
        if (!d) {
            b->failed = true;
            return;
        }
        b->d = d;
        b->cap = cap;
    }
}

/* gdb's types for the integer registers: ra and pc are code pointers, sp,
 * gp, tp and fp data pointers (as in gdb's own riscv 64bit-cpu.xml). */
static const char *xreg_type(unsigned r)
{
    switch (r) {
    case 1: return "code_ptr";
    case 2: case 3: case 4: case 8: return "data_ptr";
    default: return "int";
    }
}

/* One <reg> per CSR of the database that hart h implements, numbered
 * 65 + csr as gdb's riscv target expects: the FP ones (fp) or the rest. */
static void xml_csrs(struct gdbstub *s, struct strbuf *b, struct hart *h, bool fp)
{
    for (unsigned csr = 0; csr < 4096; csr++) {
        struct csr_desc d;
        uint64_t v;
        if (!csr_describe(csr, &d) || is_fp_csr(csr) != fp ||
            !s->acc->csr_read(h, csr, &v))
            continue;
        sb_printf(b, "<reg name=\"%s\" bitsize=\"%d\" type=\"int\" "
                     "regnum=\"%u\"/>\n", d.name, fp ? 32 : 64, REG_CSR0 + csr);
    }
}

static bool build_xml(struct gdbstub *s)
{
    struct hart *h = s->harts[0];
    struct strbuf b = {malloc(4096), 0, 4096, false};
    if (!b.d)
        return false;
    sb_printf(&b, "<?xml version=\"1.0\"?>\n"
                  "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
                  "<target version=\"1.0\">\n"
                  "<architecture>riscv:rv64</architecture>\n"
                  "<feature name=\"org.gnu.gdb.riscv.cpu\">\n");
    for (unsigned r = 0; r < 32; r++)
        sb_printf(&b, "<reg name=\"%s\" bitsize=\"64\" type=\"%s\" "
                      "regnum=\"%u\"/>\n", rv_xreg_name(r), xreg_type(r), r);
    sb_printf(&b, "<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" "
                  "regnum=\"%d\"/>\n</feature>\n", REG_PC);
    if (has_fpu(h)) {
        bool d = (h->misa & MISA_EXT('D')) != 0;
        sb_printf(&b, "<feature name=\"org.gnu.gdb.riscv.fpu\">\n");
        if (d)
            sb_printf(&b, "<union id=\"riscv_double\">"
                          "<field name=\"float\" type=\"ieee_single\"/>"
                          "<field name=\"double\" type=\"ieee_double\"/>"
                          "</union>\n");
        for (unsigned r = 0; r < 32; r++)
            sb_printf(&b, "<reg name=\"%s\" bitsize=\"%d\" type=\"%s\" "
                          "regnum=\"%u\"/>\n", rv_freg_name(r), d ? 64 : 32,
                      d ? "riscv_double" : "ieee_single", REG_F0 + r);
        xml_csrs(s, &b, h, true);
        sb_printf(&b, "</feature>\n");
    }
    sb_printf(&b, "<feature name=\"org.gnu.gdb.riscv.csr\">\n");
    xml_csrs(s, &b, h, false);
    sb_printf(&b, "</feature>\n<feature name=\"org.gnu.gdb.riscv.virtual\">\n"
                  "<reg name=\"priv\" bitsize=\"64\" type=\"int\" "
                  "regnum=\"%d\"/>\n</feature>\n</target>\n", REG_PRIV);
    if (b.failed) {
        free(b.d);
        return false;
    }
    s->xml = b.d;
    s->xml_len = b.len;
    return true;
}

/* ------------------------------------------------------------------ */
/* Stop replies and resuming                                           */

static void record_stop(struct gdbstub *s, int hart, enum gdb_stop why)
{
    struct hart_state *hs = &s->hs[hart];
    s->stop_hart = hart;
    s->cur = hart;
    s->stop_hit = hs->hit;
    s->stop_addr = hs->hit_addr;
    if (why == GDB_STOP_INTERRUPT)
        s->stop_sig = s->fresh ? 5 : 2;     /* SIGTRAP at attach, SIGINT */
    else
        s->stop_sig = 5;
    s->fresh = false;
    for (int i = 0; i < s->nharts; i++) {
        s->harts[i]->dbg.single_step = false;
        s->harts[i]->dbg.hit_kind = 0;
        s->hs[i].hit = HIT_NONE;
        s->hs[i].skip_valid = false;
    }
    update_hooks(s);
}

static bool send_stop_reply(struct gdbstub *s)
{
    static const char *const reason[] = {
        [HIT_SW] = "swbreak:", [HIT_HW] = "hwbreak:", [HIT_WATCH] = "watch:",
        [HIT_RWATCH] = "rwatch:", [HIT_AWATCH] = "awatch:",
    };
    tx_reset(s);
    tx_printf(s, "T%02x", s->stop_sig);
    if (s->stop_hit == HIT_SW || s->stop_hit == HIT_HW)
        tx_printf(s, "%s;", reason[s->stop_hit]);
    else if (s->stop_hit != HIT_NONE)
        tx_printf(s, "%s%" PRIx64 ";", reason[s->stop_hit], s->stop_addr);
    tx_printf(s, "thread:%x;", s->stop_hart + 1);
    return send_reply(s);
}

/* Arms every hart for resuming; step_hart >= 0 single-steps that hart. */
static enum gdb_action resume(struct gdbstub *s, int step_hart)
{
    for (int i = 0; i < s->nharts; i++) {
        s->hs[i].skip_valid = true;
        s->hs[i].skip_pc = s->harts[i]->pc;
        s->hs[i].hit = HIT_NONE;
        s->harts[i]->dbg.single_step = i == step_hart;
        s->harts[i]->dbg.held = false;
    }
    s->step_hart = step_hart;
    s->awaiting_stop = true;
    update_hooks(s);
    return step_hart >= 0 ? GDB_STEP : GDB_CONTINUE;
}

/* The hart a thread id names: > 0 is that thread, else the current one. */
static int thread_hart(struct gdbstub *s, int tid)
{
    return tid > 0 && tid <= s->nharts ? tid - 1 : s->cur;
}

/* ------------------------------------------------------------------ */
/* Packet handlers.  Each returns -1 to keep serving, or an action.     */

#define KEEP_SERVING (-1)

static int h_stop_reason(struct gdbstub *s, const char *a)
{
    send_stop_reply(s);
    return KEEP_SERVING;
}

static int h_read_regs(struct gdbstub *s, const char *a)
{
    struct hart *h = s->harts[s->cur];
    tx_reset(s);
    for (unsigned r = 0; r <= REG_PC; r++) {
        uint8_t b[8];
        le_store(b, 8, r == REG_PC ? h->pc : h->x[r]);
        tx_hex(s, b, 8);
    }
    send_reply(s);
    return KEEP_SERVING;
}

static int h_write_regs(struct gdbstub *s, const char *a)
{
    struct hart *h = s->harts[s->cur];
    uint8_t b[8 * (REG_PC + 1)];
    if (strlen(a) < 2 * sizeof b || !decode_hex(a, sizeof b, b)) {
        reply(s, "E01");
        return KEEP_SERVING;
    }
    for (unsigned r = 1; r < 32; r++)
        h->x[r] = le_load(b + 8 * r, 8);
    h->pc = le_load(b + 8 * REG_PC, 8);
    reply(s, "OK");
    return KEEP_SERVING;
}

static int h_read_reg(struct gdbstub *s, const char *a)
{
    struct hart *h = s->harts[s->cur];
    uint64_t regno, v;
    unsigned size;
    if (!parse_hex(&a, &regno) || *a) {
        reply(s, "E01");
        return KEEP_SERVING;
    }
    size = reg_size(s, h, regno);
    if (!size || !reg_get(s, h, regno, &v)) {
        reply(s, "E01");
        return KEEP_SERVING;
    }
    uint8_t b[8];
    le_store(b, size, v);
    tx_reset(s);
    tx_hex(s, b, size);
    send_reply(s);
    return KEEP_SERVING;
}

static int h_write_reg(struct gdbstub *s, const char *a)
{
    struct hart *h = s->harts[s->cur];
    uint64_t regno;
    uint8_t b[8];
    if (!parse_hex(&a, &regno) || *a++ != '=') {
        reply(s, "E01");
        return KEEP_SERVING;
    }
    unsigned size = reg_size(s, h, regno);
    if (!size || strlen(a) != 2 * size || !decode_hex(a, size, b) ||
        !reg_set(s, h, regno, le_load(b, size))) {
        reply(s, "E01");
        return KEEP_SERVING;
    }
    reply(s, "OK");
    return KEEP_SERVING;
}

/* "ADDR,LEN" followed by `end` (':' or NUL). */
static bool parse_addr_len(const char **a, uint64_t *addr, uint64_t *len,
                           char end)
{
    if (!parse_hex(a, addr) || *(*a)++ != ',' || !parse_hex(a, len))
        return false;
    if (end == '\0')
        return **a == '\0';
    return *(*a)++ == end;
}

#define MAX_MEM_READ ((PKT_MAX - 16) / 2)

static int h_read_mem(struct gdbstub *s, const char *a)
{
    struct hart *h = s->harts[s->cur];
    uint64_t addr, len;
    uint8_t buf[MAX_MEM_READ];
    if (!parse_addr_len(&a, &addr, &len, '\0')) {
        reply(s, "E01");
        return KEEP_SERVING;
    }
    if (len > sizeof buf)
        len = sizeof buf;       /* a short reply is allowed */
    size_t got = len;
    if (!s->acc->mem_read(h, addr, buf, len)) {
        /* part of the range may be mapped: return the readable prefix */
        for (got = 0; got < len; got++)
            if (!s->acc->mem_read(h, addr + got, buf + got, 1))
                break;
    }
    if (len && !got) {
        reply(s, "E14");        /* EFAULT */
        return KEEP_SERVING;
    }
    tx_reset(s);
    tx_hex(s, buf, got);
    send_reply(s);
    return KEEP_SERVING;
}

static int write_mem(struct gdbstub *s, uint64_t addr, const uint8_t *b,
                     size_t len)
{
    if (len && !s->acc->mem_write(s->harts[s->cur], addr, b, len))
        reply(s, "E14");
    else
        reply(s, "OK");
    return KEEP_SERVING;
}

static int h_write_mem(struct gdbstub *s, const char *a)
{
    uint64_t addr, len;
    if (!parse_addr_len(&a, &addr, &len, ':') || len > PKT_MAX / 2 ||
        strlen(a) != 2 * len) {
        reply(s, "E01");
        return KEEP_SERVING;
    }
    uint8_t buf[PKT_MAX / 2];
    if (!decode_hex(a, len, buf)) {
        reply(s, "E01");
        return KEEP_SERVING;
    }
    return write_mem(s, addr, buf, len);
}

/* X: binary data, '}' escapes the next byte (xor 0x20). */
static int h_write_bin(struct gdbstub *s, const char *a)
{
    uint64_t addr, len;
    if (!parse_addr_len(&a, &addr, &len, ':') || len > PKT_MAX) {
        reply(s, "E01");
        return KEEP_SERVING;
    }
    /* the data runs to the end of the packet body (it may hold NULs) */
    const uint8_t *p = (const uint8_t *)a;
    const uint8_t *end = (const uint8_t *)s->pkt + s->pkt_len;
    uint8_t buf[PKT_MAX];
    size_t n = 0;
    while (p < end && n < sizeof buf) {
        uint8_t c = *p++;
        if (c == '}') {
            if (p == end)
                break;
            c = *p++ ^ 0x20;
        }
        buf[n++] = c;
    }
    if (n != len || p != end) {
        reply(s, "E01");
        return KEEP_SERVING;
    }
    return write_mem(s, addr, buf, n);
}

/* c [ADDR] / s [ADDR]: resume, optionally at ADDR. */
static int resume_at(struct gdbstub *s, const char *a, bool step)
{
    int hart = thread_hart(s, s->cont_thread);
    if (*a) {
        uint64_t addr;
        if (!parse_hex(&a, &addr) || *a) {
            reply(s, "E01");
            return KEEP_SERVING;
        }
        s->harts[hart]->pc = addr;
    }
    return resume(s, step ? hart : -1);
}

static int h_continue(struct gdbstub *s, const char *a)
{
    return resume_at(s, a, false);
}

static int h_step(struct gdbstub *s, const char *a)
{
    return resume_at(s, a, true);
}

/* C SIG[;ADDR] / S SIG[;ADDR]: a bare machine has no signals to deliver. */
static int h_continue_sig(struct gdbstub *s, const char *a)
{
    uint64_t sig;
    if (!parse_hex(&a, &sig) || (*a && *a != ';')) {
        reply(s, "E01");
        return KEEP_SERVING;
    }
    return resume_at(s, *a ? a + 1 : a, s->pkt[0] == 'S');
}

static int h_set_thread(struct gdbstub *s, const char *a)
{
    char op = *a++;
    int tid;
    if ((op != 'g' && op != 'c') || !parse_thread(&a, &tid) || *a ||
        tid > s->nharts) {
        reply(s, "E01");
        return KEEP_SERVING;
    }
    if (op == 'g')
        s->cur = thread_hart(s, tid);
    else
        s->cont_thread = tid;
    reply(s, "OK");
    return KEEP_SERVING;
}

static int h_thread_alive(struct gdbstub *s, const char *a)
{
    int tid;
    bool ok = parse_thread(&a, &tid) && !*a && tid >= 1 && tid <= s->nharts;
    reply(s, ok ? "OK" : "E01");
    return KEEP_SERVING;
}

static int h_breakpoint(struct gdbstub *s, const char *a)
{
    bool insert = s->pkt[0] == 'Z';
    uint64_t type, addr, kind;
    if (!parse_hex(&a, &type) || *a++ != ',' || !parse_hex(&a, &addr) ||
        *a++ != ',' || !parse_hex(&a, &kind) || (*a && *a != ';')) {
        reply(s, "E01");
        return KEEP_SERVING;
    }
    if (type == Z_SW || type == Z_HW) {
        int i;
        for (i = 0; i < s->nbp; i++)
            if (s->bp[i].addr == addr && s->bp[i].type == (int)type)
                break;
        if (insert && i == s->nbp) {
            if (s->nbp == MAX_BREAKPOINTS) {
                reply(s, "E0c");    /* ENOMEM-ish: gdb reports failure */
                return KEEP_SERVING;
            }
            s->bp[s->nbp++] = (struct breakpoint){addr, (int)type};
        } else if (!insert && i < s->nbp) {
            s->bp[i] = s->bp[--s->nbp];
        }
    } else if (type <= Z_ACCESS) {
        /* kind is the watched length */
        if (kind == 0 || addr + kind < addr) {
            reply(s, "E01");
            return KEEP_SERVING;
        }
        int i;
        for (i = 0; i < s->nwp; i++)
            if (s->wp[i].addr == addr && s->wp[i].len == kind &&
                s->wp[i].type == (int)type)
                break;
        if (insert && i == s->nwp) {
            if (s->nwp == MAX_WATCHPOINTS) {
                reply(s, "E0c");
                return KEEP_SERVING;
            }
            s->wp[s->nwp++] = (struct watchpoint){addr, kind, (int)type};
        } else if (!insert && i < s->nwp) {
            s->wp[i] = s->wp[--s->nwp];
        }
    } else {
        reply(s, "");           /* unsupported type */
        return KEEP_SERVING;
    }
    update_hooks(s);
    reply(s, "OK");
    return KEEP_SERVING;
}

static int h_kill(struct gdbstub *s, const char *a)
{
    drop_connection(s);         /* 'k' has no reply */
    return GDB_KILL;
}

static int h_detach(struct gdbstub *s, const char *a)
{
    send_last_reply(s, "OK");
    drop_connection(s);
    return GDB_DETACH;
}

/* -- q / Q / v packets ---------------------------------------------- */

static int q_supported(struct gdbstub *s, const char *a)
{
    tx_reset(s);
    tx_printf(s, "PacketSize=%x;qXfer:features:read+;swbreak+;hwbreak+;"
                 "vContSupported+;QStartNoAckMode+", PKT_MAX);
    if (s->rev)
        tx_str(s, ";ReverseStep+;ReverseContinue+");
    send_reply(s);
    return KEEP_SERVING;
}

/* qXfer:features:read:ANNEX:OFFSET,LENGTH */
static int q_xfer_features(struct gdbstub *s, const char *a)
{
    static const char annex[] = "target.xml:";
    uint64_t off, len;
    if (strncmp(a, annex, sizeof annex - 1) != 0) {
        reply(s, "E00");
        return KEEP_SERVING;
    }
    a += sizeof annex - 1;
    if (!parse_addr_len(&a, &off, &len, '\0')) {
        reply(s, "E01");
        return KEEP_SERVING;
    }
    if (!s->xml && !build_xml(s)) {
        reply(s, "E0c");
        return KEEP_SERVING;
    }
    if (len > PKT_MAX / 2 - 8)
        len = PKT_MAX / 2 - 8;  /* escaping may double it */
    tx_reset(s);
    if (off >= s->xml_len) {
        tx_str(s, "l");
    } else {
        uint64_t n = s->xml_len - off < len ? s->xml_len - off : len;
        tx_str(s, off + n == s->xml_len ? "l" : "m");
        tx_binary(s, (const uint8_t *)s->xml + off, n);
    }
    send_reply(s);
    return KEEP_SERVING;
}

static int q_first_thread(struct gdbstub *s, const char *a)
{
    tx_reset(s);
    tx_str(s, "m");
    for (int i = 0; i < s->nharts; i++)
        tx_printf(s, i ? ",%x" : "%x", i + 1);
    send_reply(s);
    return KEEP_SERVING;
}

static int q_next_thread(struct gdbstub *s, const char *a)
{
    reply(s, "l");
    return KEEP_SERVING;
}

static int q_current_thread(struct gdbstub *s, const char *a)
{
    tx_reset(s);
    tx_printf(s, "QC%x", s->cur + 1);
    send_reply(s);
    return KEEP_SERVING;
}

static int q_attached(struct gdbstub *s, const char *a)
{
    reply(s, "1");              /* we attached to an existing machine */
    return KEEP_SERVING;
}

static int q_thread_extra(struct gdbstub *s, const char *a)
{
    int tid;
    if (*a++ != ',' || !parse_thread(&a, &tid) || tid < 1 || tid > s->nharts) {
        reply(s, "E01");
        return KEEP_SERVING;
    }
    static const char *const priv[4] = {"U", "S", "?", "M"};
    char text[48];
    int n = snprintf(text, sizeof text, "hart %d (%s-mode)", tid - 1,
                     priv[s->harts[tid - 1]->priv & 3]);
    tx_reset(s);
    tx_hex(s, (const uint8_t *)text, (size_t)n);
    send_reply(s);
    return KEEP_SERVING;
}

/* Console output for qRcmd: 'O' packets of hex text. */
static bool send_console(struct gdbstub *s, const char *text, size_t n)
{
    const size_t chunk = (PKT_MAX - 16) / 2;
    for (size_t off = 0; off < n; off += chunk) {
        size_t len = n - off < chunk ? n - off : chunk;
        tx_reset(s);
        tx_str(s, "O");
        tx_hex(s, (const uint8_t *)text + off, len);
        if (!send_reply(s))
            return false;
    }
    return true;
}

/* qRcmd,HEX: gdb's "monitor CMD", run by the debug monitor. */
static int q_rcmd(struct gdbstub *s, const char *a)
{
    char cmd[256];
    size_t n = strlen(a);
    if (*a++ != ',' || (n - 1) % 2 || (n - 1) / 2 >= sizeof cmd ||
        !decode_hex(a, (n - 1) / 2, (uint8_t *)cmd)) {
        reply(s, "E01");
        return KEEP_SERVING;
    }
    cmd[(n - 1) / 2] = '\0';
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (!out) {
        reply(s, "E0c");
        return KEEP_SERVING;
    }
    enum mon_action act = monitor_command_with(s->acc, s->harts, s->nharts,
                                               &s->cur, cmd, out);
    switch (act) {
    case MON_RESET:
        if (s->reset_fn) {
            s->reset_fn(s->reset_opaque);
            fprintf(out, "machine reset\n");
        } else {
            fprintf(out, "error: reset is not available here\n");
        }
        break;
    case MON_CONTINUE:
        fprintf(out, "use gdb's continue command\n");
        break;
    case MON_QUIT:
        fprintf(out, "use gdb's kill command\n");
        break;
    case MON_STAY:
        break;
    }
    fclose(out);
    bool ok = send_console(s, text, len);
    free(text);
    if (ok)
        reply(s, "OK");
    return KEEP_SERVING;
}

static int q_start_noack(struct gdbstub *s, const char *a)
{
    reply(s, "OK");             /* acked normally; no acks from now on */
    s->noack = true;
    return KEEP_SERVING;
}

static int v_cont_query(struct gdbstub *s, const char *a)
{
    reply(s, "vCont;c;C;s;S");
    return KEEP_SERVING;
}

/* vCont;ACTION[:TID]...: the first step action decides which hart steps;
 * all-stop, so the other harts stay put while it does. */
static int v_cont(struct gdbstub *s, const char *a)
{
    int step_hart = -1;
    bool any = false, all = false;
    uint64_t named = 0;     /* harts an action names by thread id */
    while (*a == ';') {
        char op = a[1];
        a += 2;
        uint64_t sig;
        if ((op == 'C' || op == 'S') && !parse_hex(&a, &sig))
            break;
        if (op != 'c' && op != 's' && op != 'C' && op != 'S')
            break;
        int tid = 0;
        if (*a == ':' && (a++, !parse_thread(&a, &tid)))
            break;
        if (tid > s->nharts)
            break;
        if ((op == 's' || op == 'S') && step_hart < 0)
            step_hart = thread_hart(s, tid);
        if (tid > 0)
            named |= 1ull << (tid - 1);
        else
            all = true;
        any = true;
    }
    if (*a || !any) {
        reply(s, "E01");
        return KEEP_SERVING;
    }
    enum gdb_action act = resume(s, step_hart);
    /* Actions for some threads only (gdb's scheduler-locking: RISC-V gdb
     * steps by a breakpoint and vCont;c:TID): the others stay stopped. */
    for (int i = 0; !all && i < s->nharts; i++)
        s->harts[i]->dbg.held = !(named >> i & 1);
    return act;
}

static int v_kill(struct gdbstub *s, const char *a)
{
    send_last_reply(s, "OK");
    drop_connection(s);
    return GDB_KILL;
}

/* -- reverse execution (GDB manual: "bs", "bc", the replaylog stop
 * reason) ------------------------------------------------------------- */

_Static_assert((int)HIT_AWATCH == (int)GDB_HIT_AWATCH && (int)HIT_SW == (int)GDB_HIT_SW,
               "enum hit and enum gdb_hit agree");

int gdbstub_breakpoint_at(const struct gdbstub *s, uint64_t pc)
{
    for (int b = 0; b < s->nbp; b++)
        if (s->bp[b].addr == pc)
            return s->bp[b].type == Z_HW ? GDB_HIT_HW : GDB_HIT_SW;
    return GDB_HIT_NONE;
}

int gdbstub_watch_match(const struct gdbstub *s, uint64_t va, unsigned size, bool write,
                        uint64_t *addr)
{
    static const int hits[] = {[Z_WRITE] = GDB_HIT_WATCH, [Z_READ] = GDB_HIT_RWATCH,
                               [Z_ACCESS] = GDB_HIT_AWATCH};
    for (int w = 0; w < s->nwp; w++) {
        const struct watchpoint *wp = &s->wp[w];
        bool kind_ok = wp->type == Z_ACCESS || (wp->type == Z_WRITE) == write;
        if (!kind_ok || va + size <= wp->addr || va >= wp->addr + wp->len)
            continue;
        *addr = va > wp->addr ? va : wp->addr;
        return hits[wp->type];
    }
    return GDB_HIT_NONE;
}

/* The memory the instruction at pc would write (cpu.h hart_store_target),
 * fetched through the stub's access table. */
static bool store_target(struct gdbstub *s, struct hart *h, uint64_t pc, uint64_t *va,
                         unsigned *size)
{
    uint8_t b[4] = {0};
    if (!s->acc->mem_read(h, pc, b, 2))
        return false;
    if ((b[0] & 3) == 3 && !s->acc->mem_read(h, pc + 2, b + 2, 2))
        return false;
    uint32_t raw = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
                   (uint32_t)b[3] << 24;
    return hart_store_target(h, raw, va, size);
}

/* A write watchpoint stops the hart BEFORE the store, as QEMU's RISC-V
 * target does and as gdb expects of RISC-V (its non-steppable
 * watchpoints: gdb then steps the store itself and compares the values).
 * So a store whose effect ends or resets the machine (HTIF tohost, the
 * test device) is reported while the machine still runs; the machine
 * then carries out the effect only after reporting gdb's step
 * (machine.c, debugger_first). */
static bool watch_before_store(struct gdbstub *s, struct hart *h, struct hart_state *hs,
                               uint64_t pc)
{
    uint64_t va, addr;
    unsigned size;
    if (!s->nwp || !store_target(s, h, pc, &va, &size))
        return false;
    int kind = gdbstub_watch_match(s, va, size, true, &addr);
    if (kind == GDB_HIT_NONE)
        return false;
    hs->hit = (enum hit)kind;
    hs->hit_addr = addr;
    h->dbg.hit_kind = 2;
    h->dbg.hit_addr = addr;
    return true;
}

void gdbstub_set_reverse(struct gdbstub *s, const struct gdb_reverse_ops *ops,
                         void *opaque)
{
    s->rev = ops;
    s->rev_opaque = opaque;
}

/* bs / bc: the machine moves back while stopped; the reply is the stop
 * there, or "replaylog:begin" at the start of the history. */
static int h_reverse(struct gdbstub *s, const char *a)
{
    if (!s->rev || (a[0] != 's' && a[0] != 'c') || a[1]) {
        reply(s, "");
        return KEEP_SERVING;
    }
    int hart = thread_hart(s, s->cont_thread);
    struct gdb_reverse_hit hit = { .hart = hart, .kind = GDB_HIT_NONE };
    bool ok = a[0] == 's' ? s->rev->step_back(s->rev_opaque, hart)
                          : s->rev->continue_back(s->rev_opaque, s, &hit);
    s->stop_sig = 5;
    s->stop_hart = s->cur = hit.hart >= 0 && hit.hart < s->nharts ? hit.hart : 0;
    s->stop_hit = (enum hit)hit.kind;
    s->stop_addr = hit.addr;
    for (int i = 0; i < s->nharts; i++) {
        s->harts[i]->dbg.hit_kind = 0;
        s->hs[i] = (struct hart_state){0};
    }
    update_hooks(s);
    if (ok) {
        send_stop_reply(s);
    } else {
        tx_reset(s);
        tx_printf(s, "T05replaylog:begin;thread:%x;", s->stop_hart + 1);
        send_reply(s);
    }
    return KEEP_SERVING;
}

struct named_handler {
    const char *name;           /* packet prefix */
    bool exact;                 /* the whole packet must equal name */
    int (*fn)(struct gdbstub *s, const char *rest);
};

static const struct named_handler named[] = {
    {"qSupported", false, q_supported},
    {"qXfer:features:read:", false, q_xfer_features},
    {"qfThreadInfo", true, q_first_thread},
    {"qsThreadInfo", true, q_next_thread},
    {"qC", true, q_current_thread},
    {"qAttached", false, q_attached},
    {"qThreadExtraInfo", false, q_thread_extra},
    {"qRcmd", false, q_rcmd},
    {"QStartNoAckMode", true, q_start_noack},
    {"vCont?", true, v_cont_query},
    {"vCont", false, v_cont},
    {"vKill", false, v_kill},
};

/* One-letter packets. */
static int (*const letter[128])(struct gdbstub *, const char *) = {
    ['?'] = h_stop_reason, ['g'] = h_read_regs, ['G'] = h_write_regs,
    ['p'] = h_read_reg, ['P'] = h_write_reg, ['m'] = h_read_mem,
    ['M'] = h_write_mem, ['X'] = h_write_bin, ['c'] = h_continue,
    ['s'] = h_step, ['C'] = h_continue_sig, ['S'] = h_continue_sig,
    ['H'] = h_set_thread, ['T'] = h_thread_alive, ['Z'] = h_breakpoint,
    ['z'] = h_breakpoint, ['k'] = h_kill, ['D'] = h_detach,
    ['b'] = h_reverse,
};

static int handle_packet(struct gdbstub *s)
{
    const char *p = s->pkt;
    unsigned char c = (unsigned char)p[0];
    if (c == 'q' || c == 'Q' || c == 'v') {
        for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
            size_t n = strlen(named[i].name);
            if (strncmp(p, named[i].name, n) == 0 &&
                (!named[i].exact || p[n] == '\0'))
                return named[i].fn(s, p + n);
        }
    } else if (c < 128 && letter[c]) {
        return letter[c](s, p + 1);
    }
    reply(s, "");               /* unsupported: the empty reply */
    return KEEP_SERVING;
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */

/* Splits "[HOST:]PORT" ("[v6addr]:PORT" too). */
static bool split_hostport(const char *spec, char *host, size_t hostlen,
                           char *port, size_t portlen)
{
    const char *colon = strrchr(spec, ':');
    const char *p = colon ? colon + 1 : spec;
    size_t hl = colon ? (size_t)(colon - spec) : 0;
    if (hl >= 2 && spec[0] == '[' && spec[hl - 1] == ']') {
        spec++;
        hl -= 2;
    }
    if (!*p || strlen(p) >= portlen || hl >= hostlen)
        return false;
    for (const char *q = p; *q; q++)
        if (!isdigit((unsigned char)*q))
            return false;
    if (strtol(p, NULL, 10) > 65535)
        return false;
    snprintf(port, portlen, "%s", p);
    if (hl)
        snprintf(host, hostlen, "%.*s", (int)hl, spec);
    else
        snprintf(host, hostlen, "127.0.0.1");
    return true;
}

/* 127.0.0.0/8 or ::1 (an IPv4-mapped loopback too). */
static bool is_loopback(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
    if (sa->sa_family == AF_INET6) {
        const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
        if (IN6_IS_ADDR_V4MAPPED(a))
            return a->s6_addr[12] == 127;
        return IN6_IS_ADDR_LOOPBACK(a);
    }
    return false;
}

static int open_listener(const char *host, const char *port, char *err,
                         size_t errlen)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
    struct addrinfo *res;
    int rc = getaddrinfo(host, port, &hints, &res);
    if (rc) {
        snprintf(err, errlen, "gdb: cannot listen on %s:%s: %s", host, port,
                 gai_strerror(rc));
        return -1;
    }
    int fd = -1, saved = 0;
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
                    ai->ai_protocol);
        if (fd < 0) {
            saved = errno;
            continue;
        }
        int one = 1;
        /* lets a restarted rvx reuse a port in TIME_WAIT; two listeners on
         * one port still fail with EADDRINUSE on Linux */
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 1) == 0) {
            if (!is_loopback(ai->ai_addr))
                fprintf(stderr, "rvx: warning: the gdb stub listens on %s:%s, beyond this "
                        "host: whoever connects controls the machine\n", host, port);
            break;
        }
        saved = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0)
        snprintf(err, errlen, "gdb: cannot listen on %s:%s: %s", host, port,
                 strerror(saved));
    return fd;
}

static int bound_port(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
        return -1;
    if (ss.ss_family == AF_INET)
        return ntohs(((struct sockaddr_in *)&ss)->sin_port);
    if (ss.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    return -1;
}

static struct gdbstub *stub_alloc(struct hart **harts, int nharts)
{
    struct gdbstub *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->hs = calloc((size_t)nharts, sizeof *s->hs);
    /* our own copy of the pointer array: callers often build it on the
     * stack; the harts themselves must outlive the stub */
    s->harts = calloc((size_t)nharts, sizeof *s->harts);
    if (!s->hs || !s->harts) {
        free(s->hs);
        free(s->harts);
        free(s);
        return NULL;
    }
    memcpy(s->harts, harts, (size_t)nharts * sizeof *harts);
    s->listen_fd = s->fd = -1;
    s->nharts = nharts;
    s->acc = &dbg_access_hart;
    s->stop_sig = 5;
    s->fresh = true;
    return s;
}

struct gdbstub *gdbstub_new(const char *hostport, struct hart **harts,
                            int nharts, char *err, size_t errlen)
{
    char host[64], port[8];
    if (nharts < 1) {
        snprintf(err, errlen, "gdb: no harts to debug");
        return NULL;
    }
    if (!hostport || !split_hostport(hostport, host, sizeof host, port,
                                     sizeof port)) {
        snprintf(err, errlen, "gdb: bad address '%s' (want [HOST:]PORT)",
                 hostport ? hostport : "");
        return NULL;
    }
    int fd = open_listener(host, port, err, errlen);
    if (fd < 0)
        return NULL;
    struct gdbstub *s = stub_alloc(harts, nharts);
    if (!s) {
        close(fd);
        snprintf(err, errlen, "gdb: out of memory");
        return NULL;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    s->listen_fd = fd;
    s->port = bound_port(fd);
    snprintf(s->where, sizeof s->where, "%s:%d", host, s->port);
    return s;
}

void gdbstub_free(struct gdbstub *s)
{
    if (!s)
        return;
    drop_connection(s);
    if (s->listen_fd >= 0)
        close(s->listen_fd);
    free(s->xml);
    free(s->hs);
    free(s->harts);
    free(s);
}

int gdbstub_port(const struct gdbstub *s)
{
    return s->port;
}

int gdbstub_fd(const struct gdbstub *s)
{
    return s->fd >= 0 ? s->fd : s->listen_fd;
}

void gdbstub_set_reset(struct gdbstub *s, void (*fn)(void *opaque),
                       void *opaque)
{
    s->reset_fn = fn;
    s->reset_opaque = opaque;
}

void gdbstub_set_access(struct gdbstub *s, const struct dbg_access *acc)
{
    s->acc = acc;
    free(s->xml);
    s->xml = NULL;
}

void gdbstub_attach_fd(struct gdbstub *s, int fd)
{
    drop_connection(s);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    s->fd = fd;
    s->noack = false;
    s->fresh = true;
    s->awaiting_stop = false;
    s->cont_thread = 0;
    s->cur = 0;
    update_hooks(s);
}

static bool try_accept(struct gdbstub *s)
{
    if (s->listen_fd < 0)
        return false;
    int fd = accept(s->listen_fd, NULL, NULL);
    if (fd < 0)
        return false;
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    gdbstub_attach_fd(s, fd);
    return true;
}

bool gdbstub_wait_attach(struct gdbstub *s)
{
    if (s->fd >= 0)
        return true;
    fprintf(stderr, "gdb: waiting for a connection on %s\n", s->where);
    for (;;) {
        struct pollfd pfd = {.fd = s->listen_fd, .events = POLLIN};
        int r = poll(&pfd, 1, -1);
        if (r < 0)
            return false;       /* a signal: let the caller decide */
        if (try_accept(s))
            return true;
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR &&
            errno != ECONNABORTED)
            return false;
    }
}

bool gdbstub_attached(const struct gdbstub *s)
{
    return s->fd >= 0;
}

bool gdbstub_poll_interrupt(struct gdbstub *s)
{
    if (s->fd < 0)
        return try_accept(s);
    /* Pull in what has arrived; all-stop gdb sends nothing but 0x03 while
     * the guest runs, so anything else is kept for the next stop. */
    if (s->rx_head == s->rx_tail)
        s->rx_head = s->rx_tail = 0;
    if (s->rx_tail == RX_BUF)
        s->rx_head = s->rx_tail = 0;    /* a flooding peer loses data */
    ssize_t r;
    do
        r = recv(s->fd, s->rx + s->rx_tail, RX_BUF - s->rx_tail, MSG_DONTWAIT);
    while (r < 0 && errno == EINTR);
    if (r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
        drop_connection(s);
        return false;
    }
    if (r > 0)
        s->rx_tail += (size_t)r;
    uint8_t *hit = memchr(s->rx + s->rx_head, 0x03, s->rx_tail - s->rx_head);
    if (!hit)
        return false;
    memmove(hit, hit + 1, (size_t)(s->rx + s->rx_tail - hit - 1));
    s->rx_tail--;
    return true;
}

enum gdb_action gdbstub_stopped(struct gdbstub *s, int hart, enum gdb_stop why)
{
    if (s->fd < 0)
        return GDB_CONTINUE;
    if (hart < 0 || hart >= s->nharts)
        hart = 0;
    record_stop(s, hart, why);
    if (s->awaiting_stop) {
        s->awaiting_stop = false;
        send_stop_reply(s);
    }
    for (;;) {
        enum pkt_result r = read_packet(s);
        if (r == PK_EOF) {
            drop_connection(s);
            return GDB_DETACH;
        }
        if (r == PK_INTERRUPT)
            continue;           /* already stopped */
        if (r == PK_OVERSIZE) {
            reply(s, "E01");
            continue;
        }
        int act = handle_packet(s);
        if (act != KEEP_SERVING)
            return (enum gdb_action)act;
        if (s->fd < 0)
            return GDB_DETACH;  /* the peer vanished while we replied */
    }
}

int gdbstub_step_hart(const struct gdbstub *s)
{
    return s->step_hart;
}

void gdbstub_exited(struct gdbstub *s, int code)
{
    if (s->fd < 0)
        return;
    char w[8];
    snprintf(w, sizeof w, "W%02x", code & 0xff);
    send_last_reply(s, w);
    drop_connection(s);
}
