/* rvx: command line, then build the machine and run it. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cpu/fpu.h"
#include "cpu/jit.h"
#include "devices/board.h"
#include "devices/net.h"
#include "devices/recorder.h"
#include "devices/snapshot.h"
#include "display.h"
#include "elf.h"
#include "gdbstub.h"
#include "migrate.h"
#include "reverse.h"
#include "run.h"
#include "term.h"

#ifndef RVX_GUEST_DIR
#define RVX_GUEST_DIR "guest"
#endif
#define DEFAULT_APPEND "console=ttyS0"
#define EXIT_MAX_INSNS 124

static const char usage_text[] =
    "usage: rvx [OPTIONS]               boot Linux on the virt machine\n"
    "       rvx run [OPTIONS] PROG.elf  run a bare-metal program (HTIF tohost exit)\n"
    "\n"
    "Linux machine (defaults boot the guest built by roms/mkguest.sh):\n"
    "  -m SIZE               guest RAM (e.g. 512M, 2G; plain numbers are MiB; default 512M)\n"
    "  --bios FILE           M-mode firmware (default: the guest's OpenSBI\n"
    "                        fw_dynamic.bin, else the host's Debian package)\n"
    "  --kernel FILE         kernel Image loaded at 0x80200000\n"
    "  --initrd FILE         initramfs\n"
    "  --append ARGS         kernel command line (default \"" DEFAULT_APPEND "\")\n"
    "  --drive FILE[,ro]     virtio-blk disk from a raw image (repeatable)\n"
    "  --no-rng              no virtio-rng device\n"
    "  --nic user[,OPT...]|none  virtio-net NIC (default: user networking; guest\n"
    "                        10.0.2.15 by DHCP, host loopback at 10.0.2.2, DNS\n"
    "                        10.0.2.3).  OPT: hostfwd=tcp|udp:[HADDR]:HPORT-[GADDR]:GPORT\n"
    "                        (repeatable; HADDR 127.0.0.1 unless given), restrict=on,\n"
    "                        dump=FILE.pcap, mac=XX:..:XX\n"
    "  --smp N               number of harts (default 1, at most 32)\n"
    "  --threads 1|hart      harts interleaved on one host thread, or each on\n"
    "                        its own host thread (real time).  Default: hart\n"
    "                        for Linux; 1 for rvx run, --deterministic and\n"
    "                        the --trace options\n"
    "  --dtb-out FILE        write the generated device tree blob\n"
    "Bare-metal runner (rvx run):\n"
    "  --signature FILE      dump begin_signature..end_signature as hex lines\n"
    "  --signature-granularity N  bytes per signature line (default 4)\n"
    "  -m SIZE               guest RAM at 0x80000000 (default 256M)\n"
    "Common:\n"
    "  --isa STRING          ISA: rv64 + letters (i m a f d c, g) + _-separated\n"
    "                        extensions (rv64gc_zba_zbb), or a profile:\n"
    "                        rva22u64, rva22s64, rva23u64, rva23s64 (RVA23\n"
    "                        without V, H, Supm and Ssnpm, which rvx lacks),\n"
    "                        optionally + _extensions.  Default: rv64gc with\n"
    "                        every extension rvx implements (an unknown name\n"
    "                        lists them); rv64gc is the plain machine\n"
    "  --engine jit|block|interp  host code for the cached blocks (default;\n"
    "                        x86-64 hosts, elsewhere block), the portable block\n"
    "                        cache, or the reference interpreter\n"
    "  --jit-after N         translate a block once the block engine has run it\n"
    "                        N times (default 16; 0: on its first run), so cold\n"
    "                        code costs no translation (deterministic mode: 0)\n"
    "  --max-insns N         stop after N instructions (exit status 124)\n"
    "  --trace               commit log of every instruction to stderr\n"
    "  --trace-file FILE     commit log to FILE\n"
    "  --trace-hash          a running hash of the commit log, printed at exit\n"
    "  --deterministic       guest time from instructions executed, harts in\n"
    "                        fixed turns, every host input through the recorder\n"
    "                        (bare metal: always virtual time); also --icount\n"
    "  --state-hash          with --deterministic: a running hash of the harts'\n"
    "                        registers at every turn's end, printed at exit\n"
    "  --record FILE         log every host input with its instruction count\n"
    "                        (implies --deterministic)\n"
    "  --replay FILE         run again exactly as recorded (implies --deterministic)\n"
    "  --fpu soft|host       FP backend (default: host where exact, else soft)\n"
    "  --stats               print instructions executed, time and MIPS at exit\n"
    "  --misaligned hw|trap  misaligned loads/stores done in hardware (default)\n"
    "                        or raising address-misaligned exceptions\n"
    "  --mmu sv39|sv48|sv57  richest paging mode satp accepts and the device\n"
    "                        tree's mmu-type names (default sv57)\n"
    "  --gdb [HOST:]PORT     GDB remote stub (127.0.0.1 unless HOST is given)\n"
    "  --display sdl|none    window with the guest's screen, keyboard and tablet\n"
    "                        (default: sdl when a display is available, else none;\n"
    "                        rvx run: none)\n"
    "  --screenshot FILE.png write the screen as PNG when rvx exits (adds the\n"
    "                        display devices; rvx run: framebuffer at 0x30000000)\n"
    "  --control FILE        when FILE appears, run its lines and delete it:\n"
    "                        screenshot F.png | key NAME | type TEXT | pointer X Y | click\n"
    "  -S, --gdb-wait        hold the harts at reset until gdb continues\n"
    "  --loadvm FILE         start from a snapshot (monitor savevm; same machine\n"
    "                        options as when it was saved)\n"
    "  --incoming tcp:[HOST:]PORT  wait for a machine migrated from another rvx\n"
    "                        (monitor migrate; 127.0.0.1 unless HOST is given)\n"
    "  -h, --help            this text\n"
    "\n"
    "Console: Ctrl-A x quits, Ctrl-A c opens the debug monitor, Ctrl-A h helps.\n"
    "The monitor also takes the --control commands (screenshot FILE.png, key ...).\n"
    "Exit status: the guest's (HTIF code, syscon), 124 for --max-insns,\n"
    "1 for bad files, 2 for bad options.\n";

struct options {
    bool baremetal;
    enum { THREADS_DEFAULT, THREADS_ONE, THREADS_PER_HART } threads;
    struct machine_config mc;
    const char *prog;
    const char *signature;
    unsigned sig_gran;
    uint64_t max_insns;
    const char *trace_file;
    bool trace;
    bool trace_hash, state_hash;
    bool deterministic;
    const char *record, *replay;
    const char *gdb;
    bool gdb_wait;
    bool ram_given;
    bool stats;
    struct display_opts disp;
    struct net_opts nic;
    bool nic_given;
    const char *loadvm, *incoming;
};

static void die_usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("rvx: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs(" (try 'rvx --help')\n", stderr);
    va_end(ap);
    exit(2);
}

static uint64_t parse_size(const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || end == s)
        die_usage("bad size '%s'", s);
    uint64_t mul = 1ull << 20;
    if (*end) {
        switch (*end) {
        case 'k': case 'K': mul = 1ull << 10; break;
        case 'm': case 'M': mul = 1ull << 20; break;
        case 'g': case 'G': mul = 1ull << 30; break;
        default: die_usage("bad size '%s'", s);
        }
        if (end[1] && strcmp(end + 1, "iB") && strcmp(end + 1, "B"))
            die_usage("bad size '%s'", s);
    }
    if (v == 0 || v > (64ull << 30) / mul)
        die_usage("size '%s' out of range", s);
    uint64_t size = v * mul;
    if (size & 0xfffff)
        die_usage("size '%s' must be a multiple of 1 MiB", s);
    return size;
}

static uint64_t parse_u64(const char *opt, const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || end == s || *end || s[0] == '-')
        die_usage("%s: bad number '%s'", opt, s);
    return v;
}

static void add_drive(struct options *o, char *arg)
{
    if (o->mc.ndrives >= MAX_DRIVES)
        die_usage("at most %d --drive options", MAX_DRIVES);
    struct drive_opt *d = &o->mc.drives[o->mc.ndrives++];
    char *comma = strrchr(arg, ',');
    d->readonly = false;
    if (comma && (!strcmp(comma, ",ro") || !strcmp(comma, ",readonly"))) {
        *comma = 0;
        d->readonly = true;
    } else if (comma && !strcmp(comma, ",rw")) {
        *comma = 0;
    }
    d->path = arg;
}

enum {
    OPT_BIOS = 256, OPT_KERNEL, OPT_INITRD, OPT_APPEND, OPT_DRIVE, OPT_SMP,
    OPT_DTB_OUT, OPT_SIGNATURE, OPT_SIG_GRAN, OPT_ISA, OPT_ENGINE, OPT_MAX_INSNS,
    OPT_TRACE, OPT_TRACE_FILE, OPT_GDB, OPT_NO_RNG, OPT_FPU, OPT_STATS, OPT_MISALIGNED,
    OPT_DISPLAY, OPT_SCREENSHOT, OPT_CONTROL, OPT_NIC, OPT_THREADS,
    OPT_MMU, OPT_JIT_AFTER,
    OPT_LOADVM, OPT_INCOMING,
    OPT_TRACE_HASH, OPT_STATE_HASH, OPT_DETERMINISTIC, OPT_RECORD, OPT_REPLAY,
};

static const struct option long_opts[] = {
    { "bios", required_argument, NULL, OPT_BIOS },
    { "kernel", required_argument, NULL, OPT_KERNEL },
    { "initrd", required_argument, NULL, OPT_INITRD },
    { "append", required_argument, NULL, OPT_APPEND },
    { "drive", required_argument, NULL, OPT_DRIVE },
    { "smp", required_argument, NULL, OPT_SMP },
    { "threads", required_argument, NULL, OPT_THREADS },
    { "dtb-out", required_argument, NULL, OPT_DTB_OUT },
    { "signature", required_argument, NULL, OPT_SIGNATURE },
    { "signature-granularity", required_argument, NULL, OPT_SIG_GRAN },
    { "isa", required_argument, NULL, OPT_ISA },
    { "engine", required_argument, NULL, OPT_ENGINE },
    { "jit-after", required_argument, NULL, OPT_JIT_AFTER },
    { "max-insns", required_argument, NULL, OPT_MAX_INSNS },
    { "trace", no_argument, NULL, OPT_TRACE },
    { "trace-file", required_argument, NULL, OPT_TRACE_FILE },
    { "trace-hash", no_argument, NULL, OPT_TRACE_HASH },
    { "state-hash", no_argument, NULL, OPT_STATE_HASH },
    { "deterministic", no_argument, NULL, OPT_DETERMINISTIC },
    { "icount", no_argument, NULL, OPT_DETERMINISTIC },
    { "record", required_argument, NULL, OPT_RECORD },
    { "replay", required_argument, NULL, OPT_REPLAY },
    { "gdb", required_argument, NULL, OPT_GDB },
    { "gdb-wait", no_argument, NULL, 'S' },
    { "no-rng", no_argument, NULL, OPT_NO_RNG },
    { "nic", required_argument, NULL, OPT_NIC },
    { "fpu", required_argument, NULL, OPT_FPU },
    { "stats", no_argument, NULL, OPT_STATS },
    { "misaligned", required_argument, NULL, OPT_MISALIGNED },
    { "mmu", required_argument, NULL, OPT_MMU },
    { "display", required_argument, NULL, OPT_DISPLAY },
    { "screenshot", required_argument, NULL, OPT_SCREENSHOT },
    { "screenshot-on-exit", required_argument, NULL, OPT_SCREENSHOT },
    { "control", required_argument, NULL, OPT_CONTROL },
    { "loadvm", required_argument, NULL, OPT_LOADVM },
    { "incoming", required_argument, NULL, OPT_INCOMING },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
};

static void parse_args(struct options *o, int argc, char **argv)
{
    int c, at = optind, idx = -1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+m:Sh", long_opts, &idx)) != -1) {
        /* getopt_long takes any unique prefix of a long option as the
         * option; refuse that, so that a mistyped or guessed name such as
         * `--dtb FILE` is an error instead of silently being --dtb-out
         * (which would overwrite FILE). */
        if (idx >= 0) {
            const char *w = argv[at] + 2;
            if (strcspn(w, "=") != strlen(long_opts[idx].name))
                die_usage("unknown option '%.*s' (did you mean '--%s'?)",
                          (int)strcspn(argv[at], "="), argv[at], long_opts[idx].name);
        }
        at = optind;
        idx = -1;
        switch (c) {
        case 'm': o->mc.ram_size = parse_size(optarg); o->ram_given = true; break;
        case 'S': o->gdb_wait = true; break;
        case 'h': fputs(usage_text, stdout); exit(0);
        case OPT_BIOS: o->mc.bios = optarg; break;
        case OPT_KERNEL: o->mc.kernel = optarg; break;
        case OPT_INITRD: o->mc.initrd = optarg; break;
        case OPT_APPEND: o->mc.append = optarg; break;
        case OPT_DRIVE: add_drive(o, optarg); break;
        case OPT_SMP: {
            uint64_t n = parse_u64("--smp", optarg);
            if (n < 1 || n > MAX_HARTS)
                die_usage("--smp must be 1..%d", MAX_HARTS);
            o->mc.nharts = (unsigned)n;
            break;
        }
        case OPT_THREADS:
            if (!strcmp(optarg, "1"))
                o->threads = THREADS_ONE;
            else if (!strcmp(optarg, "hart"))
                o->threads = THREADS_PER_HART;
            else
                die_usage("--threads must be 1 (one host thread) or hart (a thread per hart)");
            break;
        case OPT_DTB_OUT: o->mc.dtb_out = optarg; break;
        case OPT_SIGNATURE: o->signature = optarg; break;
        case OPT_SIG_GRAN: {
            uint64_t g = parse_u64("--signature-granularity", optarg);
            if (g != 1 && g != 2 && g != 4 && g != 8 && g != 16)
                die_usage("--signature-granularity must be 1, 2, 4, 8 or 16");
            o->sig_gran = (unsigned)g;
            break;
        }
        case OPT_ISA:
        {
            char err[512];
            if (!isa_parse(optarg, &o->mc.misa, &o->mc.zext, err, sizeof err))
                die_usage("%s", err);
        }
            break;
        case OPT_ENGINE:
            if (!strcmp(optarg, "interp")) o->mc.engine = ENGINE_INTERP;
            else if (!strcmp(optarg, "block")) o->mc.engine = ENGINE_BLOCK;
            else if (!strcmp(optarg, "jit")) {
                o->mc.engine = ENGINE_JIT;
                /* asked for by name on a host without a code generator:
                 * say once that the block engine runs instead (issue 15) */
                if (!RVX_HAVE_JIT)
                    fprintf(stderr, "rvx: no JIT on this host (x86-64 and arm64 only): "
                                    "--engine jit runs as block\n");
            }
            else die_usage("--engine must be 'jit', 'block' or 'interp'");
            break;
        case OPT_JIT_AFTER: {
            uint64_t n = parse_u64("--jit-after", optarg);
            if (n > JIT_AFTER_MAX)
                die_usage("--jit-after must be 0..%d", JIT_AFTER_MAX);
            o->mc.jit_after = (unsigned)n;
            break;
        }
        case OPT_MAX_INSNS: o->max_insns = parse_u64("--max-insns", optarg); break;
        case OPT_TRACE: o->trace = true; break;
        case OPT_TRACE_FILE: o->trace_file = optarg; break;
        case OPT_TRACE_HASH: o->trace_hash = true; break;
        case OPT_STATE_HASH: o->state_hash = true; break;
        case OPT_DETERMINISTIC: o->deterministic = true; break;
        case OPT_RECORD: o->record = optarg; o->deterministic = true; break;
        case OPT_REPLAY: o->replay = optarg; o->deterministic = true; break;
        case OPT_GDB: o->gdb = optarg; break;
        case OPT_NO_RNG: o->mc.rng = false; break;
        case OPT_NIC: {
            char err[512];
            if (!net_parse_nic(optarg, &o->nic, err, sizeof err))
                die_usage("%s", err);
            o->nic_given = true;
            break;
        }
        case OPT_STATS: o->stats = true; break;
        case OPT_MISALIGNED:
            if (!strcmp(optarg, "trap")) o->mc.misaligned_trap = true;
            else if (!strcmp(optarg, "hw")) o->mc.misaligned_trap = false;
            else die_usage("--misaligned must be 'hw' or 'trap'");
            break;
        case OPT_MMU:
            o->mc.satp_mode_max = board_mmu_mode(optarg);
            if (!o->mc.satp_mode_max)
                die_usage("--mmu must be 'sv39', 'sv48' or 'sv57'");
            break;
        case OPT_DISPLAY:
            if (!strcmp(optarg, "sdl")) o->disp.mode = DISPLAY_SDL;
            else if (!strcmp(optarg, "none")) o->disp.mode = DISPLAY_NONE;
            else die_usage("--display must be 'sdl' or 'none'");
            break;
        case OPT_SCREENSHOT: o->disp.screenshot = optarg; break;
        case OPT_CONTROL: o->disp.control = optarg; break;
        case OPT_LOADVM: o->loadvm = optarg; break;
        case OPT_INCOMING:
            if (strncmp(optarg, "tcp:", 4) || !optarg[4])
                die_usage("--incoming: expected tcp:[HOST:]PORT, not '%s'", optarg);
            o->incoming = optarg;
            break;
        case OPT_FPU:
            if (!strcmp(optarg, "soft")) fpu_set_backend(FPU_SOFT);
            else if (!strcmp(optarg, "host")) {
                if (!fpu_set_backend(FPU_HOST))
                    die_usage("--fpu host: the host FPU cannot be made exact here");
            } else die_usage("--fpu must be 'soft' or 'host'");
            break;
        case ':':
            die_usage("option '%s' needs an argument", argv[optind - 1]);
            break;
        default:
            die_usage("unknown option '%s'", argv[optind - 1]);
        }
    }
}

/* Writes begin_signature..end_signature, gran bytes a line, most
 * significant byte first (the reference simulator's format). */
static bool dump_signature(struct machine *m, const struct elf_info *ei,
                           const char *path, unsigned gran)
{
    if (!ei->begin_signature || ei->end_signature < ei->begin_signature) {
        fprintf(stderr, "rvx: --signature: the program has no begin_signature/end_signature\n");
        return false;
    }
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "rvx: --signature '%s': %s\n", path, strerror(errno));
        return false;
    }
    for (uint64_t a = ei->begin_signature; a < ei->end_signature; a += gran) {
        for (int i = (int)gran - 1; i >= 0; i--) {
            uint64_t v = 0;
            bus_peek(&m->bus, a + (uint64_t)i, 1, &v);
            fprintf(f, "%02x", (unsigned)(v & 0xff));
        }
        fputc('\n', f);
    }
    bool ok = fclose(f) == 0;
    if (!ok)
        fprintf(stderr, "rvx: --signature '%s': write error\n", path);
    return ok;
}

static const char *guest_dir(void)
{
    const char *dir = getenv("RVX_GUEST_DIR");
    return dir ? dir : RVX_GUEST_DIR;
}

static const char *guest_file(const char *name, char *buf, size_t len)
{
    snprintf(buf, len, "%s/%s", guest_dir(), name);
    return buf;
}

static void reset_cb(void *opaque) { machine_reset(opaque); }

/* --trace-hash: the commit log goes through a hash instead of a file. */
struct trace_hash {
    uint64_t h, bytes;
};

static ssize_t trace_hash_write(void *cookie, const char *buf, size_t n)
{
    struct trace_hash *t = cookie;
    t->h = recorder_hash(t->h, buf, n);
    t->bytes += n;
    return (ssize_t)n;
}

static FILE *open_trace_hash(struct trace_hash *t)
{
    *t = (struct trace_hash){ RECORDER_HASH_INIT, 0 };
    cookie_io_functions_t io = { .write = trace_hash_write };
    return fopencookie(t, "w", io);
}

/* Deterministic mode and its recorder: --record / --replay write or read
 * the log against this machine's description; bare metal under gdb gets
 * an in-memory recorder for reverse debugging.  NULL: not deterministic. */
static struct recorder *setup_recorder(const struct options *o, struct machine *m)
{
    bool want = o->deterministic || (o->baremetal && o->gdb);
    if (!want)
        return NULL;
    if (m->nharts > 1 && o->gdb && !o->deterministic)
        return NULL;    /* reverse debugging: one hart (see README) */
    struct recorder *rec = recorder_new();
    if (!rec) {
        fprintf(stderr, "rvx: out of memory\n");
        exit(1);
    }
    char config[2048], err[768];
    machine_describe(m, config, sizeof config);
    if ((o->record && !recorder_record_to(rec, o->record, config, err, sizeof err)) ||
        (o->replay && !recorder_replay_from(rec, o->replay, config, err, sizeof err))) {
        fprintf(stderr, "rvx: %s\n", err);
        exit(1);
    }
    machine_set_deterministic(m, rec);
    /* an interactive guest idles on the host's time (a replay runs flat out) */
    machine_set_idle_sleep(m, !o->replay && !o->baremetal && !o->max_insns);
    if (o->state_hash)
        machine_hash_state(m);
    return rec;
}

/* Where --max-insns stopped hart 0 (RVX_DEBUG_STATE: its trap CSRs too). */
static void report_max_insns(const struct machine *m, uint64_t executed)
{
    const struct hart *h = machine_hart(m, 0);
    fprintf(stderr, "rvx: stopped after %" PRIu64 " instructions (--max-insns), "
            "hart 0 at pc 0x%" PRIx64 " in %c-mode\n", executed, h->pc,
            "USHM"[h->priv & 3]);
    if (getenv("RVX_DEBUG_STATE"))
        fprintf(stderr, "mcause %" PRIx64 " mepc %" PRIx64 " mtval %" PRIx64
                " scause %" PRIx64 " sepc %" PRIx64 " stval %" PRIx64
                " satp %" PRIx64 " ra %" PRIx64 " mstatus %" PRIx64 "\n",
                h->mcause, h->mepc, h->mtval, h->scause, h->sepc, h->stval,
                h->mmu.satp, h->x[1], h->mstatus);
}

static int exit_status(struct machine *m, enum run_end end, uint64_t executed)
{
    switch (end) {
    case END_MAX_INSNS:
        report_max_insns(m, executed);
        return EXIT_MAX_INSNS;
    case END_SIGNAL:
        return 128 + term_quit_signal;
    case END_QUIT:
        return 0;
    case END_GUEST:
    default:
        if (m->exit == EXIT_POWEROFF)
            return 0;
        return m->exit_code & 0xff ? m->exit_code & 0xff : (m->exit_code ? 1 : 0);
    }
}

int main(int argc, char **argv)
{
    struct options o;
    memset(&o, 0, sizeof o);
    isa_default(&o.mc.misa, &o.mc.zext);
    o.mc.engine = ENGINE_JIT;
    o.mc.jit_after = JIT_AFTER_DEFAULT;
    o.mc.rng = true;
    o.sig_gran = 4;
    int first = 1;
    if (argc > 1 && !strcmp(argv[1], "run")) {
        o.baremetal = true;
        first = 2;
    }
    optind = 1;
    argv[first - 1] = argv[0];
    parse_args(&o, argc - first + 1, argv + first - 1);
    if (o.loadvm && o.incoming)
        die_usage("--loadvm and --incoming exclude each other");
    int rest = argc - first + 1 - optind;
    char **restv = argv + first - 1 + optind;
    /* deterministic mode interleaves the harts on one thread (README,
     * "Record, replay and reverse debugging") */
    if (o.deterministic && o.threads == THREADS_PER_HART)
        die_usage("--threads hart: deterministic mode (--deterministic, --record, --replay) runs the harts on one thread");
    if (o.baremetal) {
        if (rest != 1)
            die_usage(rest ? "too many arguments" : "rvx run: no program given");
        if (o.nic_given)
            die_usage("--nic: only the Linux machine has a NIC");
        o.prog = restv[0];
        if (!o.ram_given)
            o.mc.ram_size = 256ull << 20;
        /* deterministic unless threads are asked for (README, "SMP") */
        o.mc.threaded = o.threads == THREADS_PER_HART && o.mc.nharts > 1;
        o.mc.virtual_time = !o.mc.threaded;
    } else {
        /* a thread per hart unless one is asked for, or the run must be
         * reproducible (deterministic mode, a commit log): README, "SMP" */
        bool one = o.threads == THREADS_ONE || o.deterministic || o.trace ||
                   o.trace_file || o.trace_hash;
        o.mc.threaded = o.mc.nharts > 1 && (o.threads == THREADS_PER_HART || !one);
        if (rest)
            die_usage("unexpected argument '%s'", restv[0]);
        if (!o.ram_given)
            o.mc.ram_size = 512ull << 20;
        o.mc.virt = true;
        if (!o.nic_given)
            net_opts_default(&o.nic);
        o.mc.nic = o.nic.kind == NET_NONE ? NULL : &o.nic;
    }
    static char kbuf[4096], ibuf[4096];
    if (o.mc.virt) {
        static char bbuf[4096];
        if (!o.mc.bios)
            o.mc.bios = machine_default_bios(guest_dir(), bbuf, sizeof bbuf);
        if (!o.mc.kernel && !o.mc.initrd) {
            o.mc.kernel = guest_file("Image", kbuf, sizeof kbuf);
            o.mc.initrd = guest_file("initramfs.cpio.gz", ibuf, sizeof ibuf);
            if (access(o.mc.kernel, R_OK) != 0) {
                fprintf(stderr, "rvx: no default guest at '%s' (build it with "
                        "roms/mkguest.sh, or give --kernel)\n", o.mc.kernel);
                return 1;
            }
        }
        if (!o.mc.append)
            o.mc.append = DEFAULT_APPEND;
    }
    if (o.deterministic)
        o.mc.virtual_time = true;

    FILE *trace = NULL;
    if (o.trace_file) {
        trace = fopen(o.trace_file, "w");
        if (!trace) {
            fprintf(stderr, "rvx: --trace-file '%s': %s\n", o.trace_file, strerror(errno));
            return 1;
        }
    } else if (o.trace) {
        trace = stderr;
    }
    struct trace_hash th;
    if (o.trace_hash) {
        if (trace && trace != stderr)
            fclose(trace);
        trace = open_trace_hash(&th);
    }
    if (o.record && o.replay)
        die_usage("--record and --replay exclude each other");
    if (o.state_hash && !o.deterministic)
        die_usage("--state-hash needs --deterministic (or --record/--replay)");

    char err[512];
    if (o.baremetal && o.disp.mode == DISPLAY_AUTO)
        o.disp.mode = DISPLAY_NONE;     /* compliance runs never open windows */
    if (!display_init(&o.disp, err, sizeof err)) {
        fprintf(stderr, "rvx: %s\n", err);
        return 1;
    }
    o.mc.display = display_devices_wanted(&o.disp);
    struct machine *m = machine_new(&o.mc, err, sizeof err);
    if (!m) {
        fprintf(stderr, "rvx: %s\n", err);
        /* a --nic the host cannot honour (a hostfwd port in use) is a bad option */
        return strncmp(err, "--nic", 5) ? 1 : 2;
    }
    struct elf_info ei;
    memset(&ei, 0, sizeof ei);
    if (o.baremetal) {
        if (!elf_load(o.prog, m, &ei, err, sizeof err) ||
            (ei.tohost && !machine_add_htif(m, ei.tohost, ei.fromhost, err, sizeof err))) {
            fprintf(stderr, "rvx: %s\n", err);
            machine_free(m);
            return 1;
        }
        m->entry = ei.entry;
    } else if (!machine_load_virt(m, err, sizeof err)) {
        fprintf(stderr, "rvx: %s\n", err);
        machine_free(m);
        return 1;
    }
    machine_reset(m);           /* power on */
    machine_set_trace(m, trace);
    if ((o.loadvm && !machine_snapshot_read_file(m, o.loadvm, err, sizeof err)) ||
        (o.incoming && !migrate_incoming(m, o.incoming, err, sizeof err))) {
        fprintf(stderr, "rvx: %s\n", err);
        machine_free(m);
        return 1;
    }
    struct recorder *rec = setup_recorder(&o, m);

    struct run_opts ro = {
        .max_insns = o.max_insns,
        .gdb_wait = o.gdb_wait,
        .console_input = !o.baremetal,
        .escape = true,             /* bare metal too: Ctrl-A x, the monitor */
        .rec = rec,
    };
    if (o.gdb) {
        struct hart *hp[MAX_HARTS];
        unsigned n = machine_hart_ptrs(m, hp);
        ro.gdb = gdbstub_new(o.gdb, hp, (int)n, err, sizeof err);
        if (!ro.gdb) {
            fprintf(stderr, "rvx: %s\n", err);
            recorder_free(rec);
            machine_free(m);
            return 1;
        }
        gdbstub_set_reset(ro.gdb, reset_cb, m);
        if (rec) {      /* deterministic: gdb may go backwards */
            ro.rev = reverse_new(m, rec, err, sizeof err);
            if (!ro.rev)
                fprintf(stderr, "rvx: %s (no reverse execution)\n", err);
            else
                gdbstub_set_reverse(ro.gdb, &reverse_gdb_ops, ro.rev);
        }
        static struct dbg_access gdb_access;    /* gdb's monitor: savevm too */
        machine_monitor_access(&gdb_access, m);
        gdbstub_set_access(ro.gdb, &gdb_access);
    } else if (o.gdb_wait) {
        die_usage("-S/--gdb-wait needs --gdb PORT");
    }

    if (o.mc.display) {
        ro.display = display_new(m, &o.disp, err, sizeof err);
        if (!ro.display) {
            fprintf(stderr, "rvx: %s\n", err);
            reverse_free(ro.rev);
            gdbstub_free(ro.gdb);
            recorder_free(rec);
            machine_free(m);
            return 1;
        }
    }
    term_catch_signals();
    if (ro.console_input)
        term_raw();
    uint64_t executed = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    enum run_end end = run_machine(m, &ro, &executed);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    term_restore();
    if (o.stats) {
        uint64_t built, flushes, compiled, code_bytes;
        block_cache_stats(m->bc, &built, &flushes);
        jit_stats(m->bc->jit, &compiled, &code_bytes);
        double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        fprintf(stderr, "rvx: %" PRIu64 " instructions in %.3f s (%.1f MIPS); "
                "%" PRIu64 " blocks built, %" PRIu64 " of them compiled (%" PRIu64
                " KiB of host code), %" PRIu64 " cache flushes; engine %s\n",
                executed, secs, secs > 0 ? (double)executed / secs / 1e6 : 0.0,
                built, compiled, code_bytes >> 10, flushes, hart_engine_name(machine_hart(m, 0)));
        /* the kernel's timer requests to the SBI: none once it uses Sstc */
        uint64_t set_timer = 0;
        for (unsigned i = 0; machine_hart(m, i); i++)
            set_timer += machine_hart(m, i)->sbi_set_timer;
        fprintf(stderr, "rvx: %" PRIu64 " SBI set_timer calls\n", set_timer);
    }
    int status = exit_status(m, end, executed);
    if (end == END_REPLAY_ERROR) {
        fprintf(stderr, "rvx: %s\n", recorder_error(rec));
        status = 1;
    } else if (end == END_REPLAY_DONE) {
        fprintf(stderr, "rvx: replay: the log ends at instruction %" PRIu64 "\n",
                recorder_end_icount(rec));
        status = 0;
    }
    if (rec && !recorder_close(rec, machine_event_clock(m), err, sizeof err)) {
        fprintf(stderr, "rvx: %s\n", err);
        status = status ? status : 1;
    }
    reverse_free(ro.rev);
    recorder_free(rec);
    if (ro.gdb) {
        if (end == END_GUEST)
            gdbstub_exited(ro.gdb, status);
        gdbstub_free(ro.gdb);
    }
    if (!display_close(ro.display))
        status = status ? status : 1;
    if (o.signature && !dump_signature(m, &ei, o.signature, o.sig_gran))
        status = status ? status : 1;
    if (trace && trace != stderr)
        fclose(trace);
    if (o.state_hash)
        fprintf(stderr, "rvx: state hash %016" PRIx64 " at instruction %" PRIu64 "\n",
                machine_state_hash(m), machine_icount(m));
    if (o.trace_hash)
        fprintf(stderr, "rvx: commit log hash %016" PRIx64 " (%" PRIu64 " bytes)\n",
                th.h, th.bytes);
    machine_free(m);
    return status;
}
