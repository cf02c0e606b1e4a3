/* The debug monitor (see monitor.h for the command list). */
#include "monitor.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../cpu/cpu.h"
#include "../cpu/csr.h"
#include "../cpu/disasm.h"

/* ---- the default access table: the hart's own debugger entry points ---- */

static bool hart_step_one(struct hart *h)
{
    /* The monitor steps past breakpoints: the hooks are the gdb stub's, and
     * a breakpoint at the current pc must not pin the hart forever. */
    struct hart_debug saved = h->dbg;
    uint64_t done = 0;
    h->dbg.active = false;
    h->dbg.single_step = false;
    hart_run(h, 1, &done);
    h->dbg = saved;
    return done > 0;
}

const struct dbg_access dbg_access_hart = {
    .csr_read = hart_csr_read,
    .csr_write = hart_csr_write,
    .mem_read = hart_debug_read,
    .mem_write = hart_debug_write,
    .step = hart_step_one,
};

/* ---- command context and small helpers ---- */

struct mon {
    const struct dbg_access *acc;
    struct hart **harts;
    int n;
    int *cur;
    FILE *out;
};

static struct hart *cur_hart(struct mon *m)
{
    return m->harts[*m->cur];
}

static const char *priv_name(int priv)
{
    static const char *const names[4] = {"U", "S", "H?", "M"};
    return names[priv & 3];
}

static const char *skip_ws(const char *s)
{
    while (*s && isspace((unsigned char)*s))
        s++;
    return s;
}

/* Looks up an integer register by ABI name, xN name, or pc. */
static bool reg_value(struct hart *h, const char *name, size_t len,
                      uint64_t *val)
{
    if (len == 2 && strncmp(name, "pc", 2) == 0) {
        *val = h->pc;
        return true;
    }
    for (unsigned r = 0; r < 32; r++) {
        char xn[4];
        snprintf(xn, sizeof xn, "x%u", r);
        const char *abi = rv_xreg_name(r);
        if ((strlen(xn) == len && strncmp(name, xn, len) == 0) ||
            (abi && strlen(abi) == len && strncmp(name, abi, len) == 0)) {
            *val = h->x[r];
            return true;
        }
    }
    /* s0 is also called fp (psABI) */
    if (len == 2 && strncmp(name, "fp", 2) == 0) {
        *val = h->x[8];
        return true;
    }
    return false;
}

/* One term: a number or a register; *end points past it. */
static bool parse_term(struct hart *h, const char *s, const char **end,
                       uint64_t *val)
{
    s = skip_ws(s);
    if (isdigit((unsigned char)*s)) {
        char *e;
        *val = strtoull(s, &e, 0);
        *end = e;
        return true;
    }
    if (*s == '$')
        s++;
    const char *p = s;
    while (isalnum((unsigned char)*p))
        p++;
    if (p == s || !reg_value(h, s, (size_t)(p - s), val))
        return false;
    *end = p;
    return true;
}

/* ADDR := term [(+|-) term]; the whole string must be consumed. */
static bool parse_addr(struct hart *h, const char *s, uint64_t *val)
{
    const char *e;
    if (!parse_term(h, s, &e, val))
        return false;
    e = skip_ws(e);
    if (*e == '+' || *e == '-') {
        uint64_t t;
        char op = *e;
        if (!parse_term(h, e + 1, &e, &t))
            return false;
        *val = op == '+' ? *val + t : *val - t;
        e = skip_ws(e);
    }
    return *e == '\0';
}

/* Prints CSR num under its database name if the hart implements it. */
static void print_csr(struct mon *m, unsigned num)
{
    uint64_t v;
    char name[16];
    if (m->acc->csr_read(cur_hart(m), num, &v))
        fprintf(m->out, "%-10s %016" PRIx64 "\n", csr_name(num, name, sizeof name), v);
}

/* ---- commands ---- */

static void cmd_regs(struct mon *m)
{
    struct hart *h = cur_hart(m);
    fprintf(m->out, "hart %d  pc %016" PRIx64 "  priv %s\n", *m->cur, h->pc,
            priv_name(h->priv));
    for (unsigned r = 0; r < 32; r++) {
        const char *abi = rv_xreg_name(r);
        fprintf(m->out, "x%-2u %-4s %016" PRIx64 "%s", r, abi ? abi : "",
                h->x[r], r % 4 == 3 ? "\n" : "  ");
    }
    static const unsigned trap_csrs[] = {
        CSR_mstatus, CSR_mtvec, CSR_mepc, CSR_mcause, CSR_mtval, CSR_mip,
        CSR_mie, CSR_stvec, CSR_sepc, CSR_scause, CSR_stval, CSR_satp,
    };
    for (size_t i = 0; i < sizeof trap_csrs / sizeof trap_csrs[0]; i++)
        print_csr(m, trap_csrs[i]);
}

static void cmd_fregs(struct mon *m)
{
    struct hart *h = cur_hart(m);
    for (unsigned r = 0; r < 32; r++) {
        const char *abi = rv_freg_name(r);
        fprintf(m->out, "f%-2u %-4s %016" PRIx64 "%s", r, abi ? abi : "",
                h->f[r], r % 4 == 3 ? "\n" : "  ");
    }
    print_csr(m, CSR_fflags);
    print_csr(m, CSR_frm);
}

/* Every CSR of the database the hart implements, in number order, but for
 * the hardwired zeros (unimplemented counters, PMP entries, triggers):
 * they hold no state worth a screen. */
static void cmd_csr(struct mon *m)
{
    for (unsigned num = 0; num < 4096; num++) {
        struct csr_desc d;
        if (csr_describe(num, &d) && !d.hardwired_zero)
            print_csr(m, num);
    }
}

static void cmd_tlb(struct mon *m)
{
    static const char *const kind[3] = {"fetch", "load", "store"};
    struct hart *h = cur_hart(m);
    unsigned shown = 0;
    for (int a = 0; a < 3; a++)
        for (int i = 0; i < TLB_SIZE; i++) {
            const struct tlb_entry *e = &h->mmu.tlb[a][i];
            if (e->vtag == TLB_INVALID)
                continue;
            fprintf(m->out, "%-5s va %016" PRIx64 " -> pa %016" PRIx64 "\n",
                    kind[a], e->vtag, tlb_entry_pa(&h->mmu, e));
            shown++;
        }
    fprintf(m->out, "%u valid TLB entries\n", shown);
}

static void cmd_insns(struct mon *m)
{
    for (int i = 0; i < m->n; i++)
        fprintf(m->out, "hart %d: %" PRIu64 " instructions retired\n", i,
                m->harts[i]->instret);
}

/* Disassembles one instruction at va; returns its length, 0 if unreadable. */
static unsigned disasm_one(struct mon *m, uint64_t va)
{
    uint8_t b[4];
    char text[96];
    if (!m->acc->mem_read(cur_hart(m), va, b, 2)) {
        fprintf(m->out, "%016" PRIx64 ": cannot read memory\n", va);
        return 0;
    }
    uint32_t insn = (uint32_t)le_load(b, 2);
    unsigned len = (insn & 3) == 3 ? 4 : 2;
    if (len == 4) {
        if (!m->acc->mem_read(cur_hart(m), va + 2, b + 2, 2)) {
            fprintf(m->out, "%016" PRIx64 ": cannot read memory\n", va);
            return 0;
        }
        insn = (uint32_t)le_load(b, 4);
    }
    rv_disasm(va, insn, text, sizeof text);
    if (len == 4)
        fprintf(m->out, "%016" PRIx64 ": %08" PRIx32 "  %s\n", va, insn, text);
    else
        fprintf(m->out, "%016" PRIx64 ": %04" PRIx32 "      %s\n", va, insn,
                text);
    return len;
}

static void dump_hex(struct mon *m, uint64_t va, uint64_t count, unsigned size)
{
    unsigned per_line = 16 / size;
    for (uint64_t i = 0; i < count; i++) {
        uint8_t b[8];
        uint64_t a = va + i * size;
        if (i % per_line == 0)
            fprintf(m->out, "%s%016" PRIx64 ":", i ? "\n" : "", a);
        if (!m->acc->mem_read(cur_hart(m), a, b, size)) {
            fprintf(m->out, " cannot read memory");
            break;
        }
        fprintf(m->out, " %0*" PRIx64, (int)size * 2, le_load(b, size));
    }
    fputc('\n', m->out);
}

#define MON_MAX_COUNT 4096u

/* x/[N][fmt][size] ADDR, fmt i or x, size b h w g (gdb's letters). */
static void cmd_examine(struct mon *m, const char *args)
{
    const char *p = args;
    uint64_t count = 1;
    char fmt = 'x';
    unsigned size = 4;
    if (*p == '/') {
        p++;
        if (isdigit((unsigned char)*p))
            count = strtoull(p, (char **)&p, 10);
        for (; *p && !isspace((unsigned char)*p); p++) {
            switch (*p) {
            case 'i': case 'x': fmt = *p; break;
            case 'b': size = 1; break;
            case 'h': size = 2; break;
            case 'w': size = 4; break;
            case 'g': size = 8; break;
            default:
                fprintf(m->out, "error: unknown format letter '%c'\n", *p);
                return;
            }
        }
    }
    uint64_t va;
    if (!parse_addr(cur_hart(m), skip_ws(p), &va)) {
        fprintf(m->out, "error: usage: x/N[i|x][b|h|w|g] ADDR\n");
        return;
    }
    if (count == 0 || count > MON_MAX_COUNT) {
        fprintf(m->out, "error: count must be 1..%u\n", MON_MAX_COUNT);
        return;
    }
    if (fmt == 'i') {
        for (uint64_t i = 0; i < count; i++) {
            unsigned len = disasm_one(m, va);
            if (!len)
                return;
            va += len;
        }
    } else {
        dump_hex(m, va, count, size);
    }
}

/* The monitor steps synchronously (nothing else is read meanwhile), so
 * a step count is bounded: strtoull would take "-1" as 2^64 - 1 and never
 * give the console back. */
#define STEP_MAX 100000000ull

static void cmd_step(struct mon *m, const char *args)
{
    uint64_t count = 1;
    if (*args) {
        char *e;
        count = strtoull(args, &e, 0);
        if (*skip_ws(e) || count == 0 || strchr(args, '-')) {
            fprintf(m->out, "error: usage: step [N] (1 <= N <= %llu)\n", STEP_MAX);
            return;
        }
        if (count > STEP_MAX) {
            fprintf(m->out, "error: step %s: at most %llu steps at a time "
                    "(use a breakpoint and continue)\n", args, STEP_MAX);
            return;
        }
    }
    struct hart *h = cur_hart(m);
    for (uint64_t i = 0; i < count; i++)
        if (!m->acc->step(h)) {
            fprintf(m->out, "hart %d is waiting for an interrupt (wfi)\n",
                    *m->cur);
            break;
        }
    disasm_one(m, h->pc);
}

static void cmd_hart(struct mon *m, const char *args)
{
    if (*args) {
        char *e;
        long v = strtol(args, &e, 0);
        if (*skip_ws(e) || v < 0 || v >= m->n) {
            fprintf(m->out, "error: harts are 0..%d\n", m->n - 1);
            return;
        }
        *m->cur = (int)v;
    }
    fprintf(m->out, "current hart %d of %d\n", *m->cur, m->n);
}

static void cmd_help(struct mon *m)
{
    fputs("info registers|regs   integer registers, pc, trap CSRs\n"
          "info fregs|fregs      floating-point registers\n"
          "info csr|csr          every implemented CSR but the hardwired zeros\n"
          "info tlb|tlb          valid TLB entries\n"
          "insns                 instructions retired per hart\n"
          "x/Ni ADDR             disassemble N instructions\n"
          "x/Nx[b|h|w|g] ADDR    dump N units in hex\n"
          "step|s [N]            execute N instructions\n"
          "hart [N]              show/select the current hart\n"
          "continue|c            resume the guest\n"
          "reset                 reset the machine\n"
          "quit|q                quit rvx\n", m->out);
    if (m->acc->machine_cmd && m->acc->machine_help)
        fputs(m->acc->machine_help, m->out);
}

/* Command words (first word, or the first two for "info X"). */
enum mon_cmd {
    C_REGS, C_FREGS, C_CSR, C_TLB, C_INSNS, C_STEP, C_HART, C_CONT, C_RESET,
    C_QUIT, C_HELP,
};
static const struct { const char *word; enum mon_cmd cmd; } mon_words[] = {
    {"info registers", C_REGS}, {"info reg", C_REGS}, {"regs", C_REGS},
    {"info fregs", C_FREGS}, {"fregs", C_FREGS},
    {"info csr", C_CSR}, {"csr", C_CSR},
    {"info tlb", C_TLB}, {"tlb", C_TLB},
    {"insns", C_INSNS}, {"info insns", C_INSNS},
    {"step", C_STEP}, {"s", C_STEP}, {"stepi", C_STEP}, {"si", C_STEP},
    {"hart", C_HART}, {"continue", C_CONT}, {"c", C_CONT},
    {"reset", C_RESET}, {"quit", C_QUIT}, {"q", C_QUIT},
    {"help", C_HELP}, {"?", C_HELP},
};

/* Matches "word" followed by end or whitespace; returns the rest. */
static const char *match_word(const char *line, const char *word)
{
    size_t n = strlen(word);
    if (strncmp(line, word, n) != 0)
        return NULL;
    if (line[n] && !isspace((unsigned char)line[n]))
        return NULL;
    return skip_ws(line + n);
}

enum mon_action monitor_command_with(const struct dbg_access *acc,
                                     struct hart **harts, int n, int *cur,
                                     const char *line, FILE *out)
{
    struct mon m = {acc, harts, n, cur, out};
    char buf[256];
    if (*cur < 0 || *cur >= n)
        *cur = 0;
    /* Work on a copy without the trailing newline/blanks. */
    snprintf(buf, sizeof buf, "%s", skip_ws(line));
    size_t len = strlen(buf);
    while (len && isspace((unsigned char)buf[len - 1]))
        buf[--len] = '\0';
    if (!len)
        return MON_STAY;
    if (acc->machine_cmd && acc->machine_cmd(acc->machine, buf, out))
        return MON_STAY;
    if (buf[0] == 'x' && (buf[1] == '/' || buf[1] == ' ' || !buf[1])) {
        cmd_examine(&m, buf + 1);
        return MON_STAY;
    }
    for (size_t i = 0; i < sizeof mon_words / sizeof mon_words[0]; i++) {
        const char *args = match_word(buf, mon_words[i].word);
        if (!args)
            continue;
        switch (mon_words[i].cmd) {
        case C_REGS: cmd_regs(&m); break;
        case C_FREGS: cmd_fregs(&m); break;
        case C_CSR: cmd_csr(&m); break;
        case C_TLB: cmd_tlb(&m); break;
        case C_INSNS: cmd_insns(&m); break;
        case C_STEP: cmd_step(&m, args); break;
        case C_HART: cmd_hart(&m, args); break;
        case C_HELP: cmd_help(&m); break;
        case C_CONT: return MON_CONTINUE;
        case C_RESET: return MON_RESET;
        case C_QUIT: return MON_QUIT;
        }
        return MON_STAY;
    }
    fprintf(out, "error: unknown command '%s' (try help)\n", buf);
    return MON_STAY;
}

enum mon_action monitor_command(struct hart **harts, int n, int *cur,
                                const char *line, FILE *out)
{
    return monitor_command_with(&dbg_access_hart, harts, n, cur, line, out);
}
