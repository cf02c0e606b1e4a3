#!/usr/bin/env python3
"""gen.py SEED COUNT OUT.S [m|s|u [sv39|sv48]] — a random bare-metal RV64
program for the differential test against QEMU.

MODE m (default) runs the random instructions in M-mode on physical
memory.  MODE s or u runs them in S- or U-mode under Sv39 or Sv48 (the
last argument, default sv39): the code in an identity-mapped gigapage
(U set for U-mode), the same physical gigapage again at virtual
0xc0000000 without U (where the S-mode trap handler runs), and the data
area at virtual 0x40000000 in two 4 KiB pages whose PTE permissions (V,
R, W, X, U, A, D) and mstatus.SUM/MXR are random, so loads, stores and
AMOs take page faults (and the walker sets A and D) as the two emulators
must agree.  A random medeleg sends some exceptions (illegal instruction,
breakpoint, misaligned and page faults, ecall from U) to the S-mode
handler, the others to the M-mode one; both count them and fold their
cause (marked by the handler that took it) and, for address faults, the
faulting address.  So a program switches M -> S/U once, and then between
S/U and M or S on every trap and its xRET.

The program starts in M-mode at 0x80000000 (where QEMU's virt machine with
-bios none and rvx run start an ELF), sets every register from the seed,
runs COUNT random instructions (RV64IMAFDC and Zba/Zbb/Zbc/Zbs, in M-mode
programs also Zfh, in S/U programs also Zbkb/Zbkx/Zknd/Zkne/Zknh:
integer, multiply/divide, loads and stores of every width at any alignment, AMOs and LR/SC, single and double FP
arithmetic, conversions, compares, fused multiply-add under every rounding
mode, fflags/frm accesses, forward branches, ecall/ebreak and illegal
instructions), then prints x1..x30, f0..f31, fcsr, the number of traps, a
fold of their causes (and of the faulting address for misaligned and access
faults) and a fold of the 8 KiB data area, one hex word per line, on the
NS16550A UART at 0x10000000 (byte registers: THR at offset 0, LSR at 5,
whose bit 5 THRE says THR takes a byte), and powers off through the test
device at 0x100000 (0x5555: pass) -- devices both QEMU's virt machine and
rvx's bare-metal machine have.  S/U programs print from S/U-mode, through
an identity gigapage over the devices.  The same ELF runs on rvx and on
QEMU; the lines must be equal.

Rules that keep the output a function of the ISA alone:
  - x31 holds the data area's middle and is never written; memory operands
    are x31 + an offset inside the area (so only misalignment and the
    random page permissions can fault: the handler records it and skips
    the instruction);
  - no counter, time or misa reads; ctzw is left out (QEMU 7.2 counts past
    the low word: ctzw(0x8000000000000000) = 63, spec 32);
  - the trap handlers are 4-byte aligned (see their comment);
  - trap values are folded only for address faults: for ebreak and illegal
    instructions the privileged spec lets mtval be 0 or the pc/bits, and
    QEMU 7.2 and rvx choose differently;
  - an SC is emitted only right after an LR of the same address that the
    generator knows loads without a fault (the page's PTE, SUM and MXR are
    drawn before the body); where that LR faults the SC is left out.  The
    Zalrsc text says no SC retires unless it passes memory permission
    checks, reservation or not, but QEMU 7.2 lets an SC without a
    reservation fail without checking its page (rvx and Spike raise the
    page fault); and whether a trap or xRET drops a reservation is the
    implementation's choice (privileged spec, xRET).  With the rule every
    SC has a valid reservation from the LR just before it;
  - likewise an AMO is emitted only where a load would not fault (else a
    plain store of its width and address): the privileged spec says AMOs
    never raise load page faults (on an unreadable page, which is also
    unwritable, they raise the store/AMO page fault, as rvx does), but
    QEMU 7.2 on one hart runs an AMO as a load and then a store
    and reports the load's page fault.
"""
import random
import sys

seed, count, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
mode = sys.argv[4] if len(sys.argv) > 4 else "m"
paging = sys.argv[5] if len(sys.argv) > 5 else "sv39"
if mode not in ("m", "s", "u"):
    sys.exit("gen.py: MODE must be m, s or u")
if paging not in ("sv39", "sv48"):
    sys.exit("gen.py: PAGING must be sv39 or sv48")
rnd = random.Random(seed)
user = mode == "u"

# PTE bits (privileged spec, Sv39 PTE format)
V, R, W, X, U, G, A, D = 1, 2, 4, 8, 16, 32, 64, 128
SUM, MXR = 1 << 18, 1 << 19
ALIAS = 0x40000000          # virtual 0xc0000000 = physical 0x80000000, no U
# The exceptions medeleg may send to S-mode here (mcause numbers); each is
# delegated with probability 0.4.
DELEGABLE = [2, 3, 4, 6, 8, 13, 15]

# The privileged state, drawn before the body so that the generator knows
# which data page an LR can load from (the SC rule above).  M-mode draws
# nothing: its programs stay what they were.
page_flags, status, medeleg = [V | R | W | A | D] * 2, 0, 0
if mode != "m":
    page_flags = []
    for i in range(2):
        flags = 0
        for bit, p in ((V, 0.92), (R, 0.8), (W, 0.7), (X, 0.3),
                       (U, 0.8 if user else 0.2), (A, 0.7), (D, 0.6)):
            if rnd.random() < p:
                flags |= bit
        page_flags.append(flags)
    if rnd.random() < 0.5:
        status |= SUM
    if rnd.random() < 0.3:
        status |= MXR
    for cause in DELEGABLE:
        if rnd.random() < 0.4:
            medeleg |= 1 << cause


def loads_from(off):
    """Can the current mode load from x31 + off (privileged spec 4.3.2,
    the translation algorithm: a valid leaf, readable or executable under
    MXR, W without R reserved, U pages for U-mode, S-mode ones only with
    SUM)?  A (and D) missing is no fault: the walker sets them."""
    f = page_flags[0 if off < 0 else 1]
    if not f & V or (f & W and not f & R):
        return False
    if not (f & R or (f & X and status & MXR)):
        return False
    if user:
        return bool(f & U)
    return not f & U or bool(status & SUM)

X_EDGE = [0, 1, 2, -1, 0x7fffffffffffffff, -0x8000000000000000, 0x80000000,
          0x7fffffff, -0x80000000, 0xffffffff, 0x100000000, 63, 64, 31, 32]
# doubles and singles: zeros, ones, infinities, NaNs (quiet, signalling,
# negative), subnormals, extremes, and values near rounding boundaries
D_EDGE = [0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000,
          0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000, 0x7ff4000000000000,
          0xfff8000000000001, 0x0000000000000001, 0x000fffffffffffff, 0x7fefffffffffffff,
          0x0010000000000000, 0x4330000000000001, 0x3fe0000000000000, 0x43e0000000000000,
          0xc3e0000000000000, 0x41dfffffffc00000]
H_EDGE = [0x0000, 0x8000, 0x3c00, 0xbc00, 0x7c00, 0xfc00, 0x7e00, 0x7d00, 0xfe01,
          0x0001, 0x03ff, 0x7bff, 0x0400, 0x6401, 0x3800, 0x7800, 0xf800, 0x67ff]
S_EDGE = [0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000,
          0x7fc00000, 0x7fa00000, 0xffc00001, 0x00000001, 0x007fffff, 0x7f7fffff,
          0x00800000, 0x4b000001, 0x3f000000, 0x5f000000, 0xdf000000, 0x4effffff]


def xval():
    r = rnd.random()
    if r < 0.35:
        return rnd.choice(X_EDGE) & (2**64 - 1)
    if r < 0.5:
        return rnd.getrandbits(12)
    return rnd.getrandbits(64)


def fval():
    # a NaN-boxed half for the Zfh forms (M-mode only: `and` keeps the S/U
    # programs' random stream as it was)
    if mode == "m" and rnd.random() < 0.15:
        return 0xffffffffffff0000 | (rnd.choice(H_EDGE) if rnd.random() < 0.5
                                     else rnd.getrandbits(16))
    r = rnd.random()
    if r < 0.25:
        return rnd.choice(D_EDGE)
    if r < 0.5:            # a NaN-boxed single
        return 0xffffffff00000000 | (rnd.choice(S_EDGE) if rnd.random() < 0.5
                                     else rnd.getrandbits(32))
    if r < 0.55:           # a single that is not NaN-boxed (reads as NaN)
        return rnd.getrandbits(32)
    return rnd.getrandbits(64)


def xr():                  # a source register: any, x0 and x31 included
    return "x%d" % rnd.randrange(32)


def xd():                  # a destination: never x31 (the data pointer)
    return "x%d" % rnd.randrange(31)


def fr():
    return "f%d" % rnd.randrange(32)


RM = ["rne", "rtz", "rdn", "rup", "rmm", "dyn"]

R_OPS = ("add sub sll slt sltu xor srl sra or and addw subw sllw srlw sraw "
         "mul mulh mulhsu mulhu div divu rem remu mulw divw divuw remw remuw "
         "andn orn xnor min max minu maxu rol ror rolw rorw clmul clmulh clmulr "
         "bclr bext binv bset sh1add sh2add sh3add add.uw sh1add.uw sh2add.uw "
         "sh3add.uw").split()
U_OPS = "clz ctz cpop clzw cpopw sext.b sext.h zext.h rev8 orc.b".split()
I_OPS = "addi slti sltiu xori ori andi addiw".split()
SH_OPS = [("slli", 64), ("srli", 64), ("srai", 64), ("slliw", 32), ("srliw", 32),
          ("sraiw", 32), ("rori", 64), ("roriw", 32), ("bseti", 64), ("bclri", 64),
          ("binvi", 64), ("bexti", 64), ("slli.uw", 64)]
LOADS = "lb lh lw ld lbu lhu lwu flw fld".split()
STORES = "sb sh sw sd fsw fsd".split()
AMOS = ["amo%s.%s" % (op, w) for op in "swap add and or xor max maxu min minu".split()
        for w in "wd"]
F2 = "fadd fsub fmul fdiv".split()
F_NORM = "fmin fmax fsgnj fsgnjn fsgnjx".split()
F_CMP = "feq flt fle".split()
F_FMA = "fmadd fmsub fnmadd fnmsub".split()


def imm12():
    return rnd.choice([0, 1, -1, 2047, -2048, rnd.randrange(-2048, 2048)])


def mem_off(size):
    off = rnd.randrange(-2048, 2048 - size)
    if rnd.random() < 0.7:
        off -= off % size  # aligned mostly; misaligned sometimes
    return off


# Scalar crypto (Zbkb, Zbkx, Zknd, Zkne, Zknh; Zbkc's clmul/clmulh are in
# R_OPS), drawn in the S/U programs only: the M-mode programs keep the mix
# they had when they were also checked against Spike.
K_R_OPS = ("pack packh packw xperm4 xperm8 aes64es aes64esm aes64ds aes64dsm "
           "aes64ks2").split()
K_U_OPS = ("brev8 aes64im sha256sig0 sha256sig1 sha256sum0 sha256sum1 sha512sig0 "
           "sha512sig1 sha512sum0 sha512sum1").split()


def crypto_insn(lines):
    c = rnd.random()
    if c < 0.5:
        lines.append("%s %s, %s, %s" % (rnd.choice(K_R_OPS), xd(), xr(), xr()))
    elif c < 0.9:
        lines.append("%s %s, %s" % (rnd.choice(K_U_OPS), xd(), xr()))
    else:                   # rnum 0..10 (0xB-0xF are reserved)
        lines.append("aes64ks1i %s, %s, %d" % (xd(), xr(), rnd.randrange(11)))


# Half precision (Zfh, Zfhmin), drawn in the M-mode programs only (the S/U
# ones keep their mix): every form, rounding modes as for F and D.
H_CVT_INT = ["w", "wu", "l", "lu"]


def zfh_insn(lines):
    c = rnd.random()
    rm = rnd.choice(RM)
    if c < 0.2:
        lines.append("%s.h %s, %s, %s, %s" % (rnd.choice(F2), fr(), fr(), fr(), rm))
    elif c < 0.3:
        lines.append("%s.h %s, %s, %s" % (rnd.choice(F_NORM), fr(), fr(), fr()))
    elif c < 0.4:
        lines.append("%s.h %s, %s, %s, %s, %s" % (rnd.choice(F_FMA), fr(), fr(), fr(), fr(), rm))
    elif c < 0.45:
        lines.append("fsqrt.h %s, %s, %s" % (fr(), fr(), rm))
    elif c < 0.52:
        lines.append("%s.h %s, %s, %s" % (rnd.choice(F_CMP), xd(), fr(), fr()))
    elif c < 0.55:
        lines.append("fclass.h %s, %s" % (xd(), fr()))
    elif c < 0.63:
        lines.append("fcvt.%s.h %s, %s, %s" % (rnd.choice(H_CVT_INT), xd(), fr(), rm))
    elif c < 0.71:
        lines.append("fcvt.h.%s %s, %s, %s" % (rnd.choice(H_CVT_INT), fr(), xr(), rm))
    elif c < 0.79:                  # widening is exact: no rm operand
        p = rnd.choice("sd")
        if rnd.random() < 0.5:
            lines.append("fcvt.h.%s %s, %s, %s" % (p, fr(), fr(), rm))
        else:
            lines.append("fcvt.%s.h %s, %s" % (p, fr(), fr()))
    elif c < 0.85:
        lines.append(rnd.choice(["fmv.x.h %s, %s" % (xd(), fr()),
                                 "fmv.h.x %s, %s" % (fr(), xr())]))
    elif c < 0.93:
        lines.append("flh %s, %d(x31)" % (fr(), mem_off(2)))
    else:
        lines.append("fsh %s, %d(x31)" % (fr(), mem_off(2)))


def insn(lines):
    if mode != "m" and rnd.random() < 0.06:
        crypto_insn(lines)
        return
    if mode == "m" and rnd.random() < 0.08:
        zfh_insn(lines)
        return
    k = rnd.random()
    if k < 0.22:
        lines.append("%s %s, %s, %s" % (rnd.choice(R_OPS), xd(), xr(), xr()))
    elif k < 0.27:
        lines.append("%s %s, %s" % (rnd.choice(U_OPS), xd(), xr()))
    elif k < 0.37:
        lines.append("%s %s, %s, %d" % (rnd.choice(I_OPS), xd(), xr(), imm12()))
    elif k < 0.43:
        op, width = rnd.choice(SH_OPS)
        lines.append("%s %s, %s, %d" % (op, xd(), xr(), rnd.randrange(width)))
    elif k < 0.45:
        lines.append("%s %s, 0x%x" % (rnd.choice(["lui", "auipc"]), xd(), rnd.getrandbits(20)))
    elif k < 0.53:
        op = rnd.choice(LOADS)
        size = {"b": 1, "h": 2, "w": 4, "d": 8}[op[1] if op[0] == "l" else op[2]]
        dst = fr() if op[0] == "f" else xd()
        lines.append("%s %s, %d(x31)" % (op, dst, mem_off(size)))
    elif k < 0.60:
        op = rnd.choice(STORES)
        size = {"b": 1, "h": 2, "w": 4, "d": 8}[op[-1]]
        src = fr() if op[0] == "f" else xr()
        lines.append("%s %s, %d(x31)" % (op, src, mem_off(size)))
    elif k < 0.64:                              # AMO at x31 + aligned offset
        op = rnd.choice(AMOS)
        size = 4 if op.endswith(".w") else 8
        tmp = "x%d" % rnd.randrange(1, 31)
        off = mem_off(size) & ~(size - 1)
        lines.append("addi %s, x31, %d" % (tmp, off))
        rd, rs = xd(), xr()
        if loads_from(off):
            lines.append("%s %s, %s, (%s)" % (op, rd, rs, tmp))
        else:                                   # the AMO rule (docstring)
            lines.append("s%s %s, 0(%s)" % (op[-1], rs, tmp))
    elif k < 0.66:                              # an LR/SC pair on one address
        w = rnd.choice("wd")
        size = 4 if w == "w" else 8
        tmp = "x%d" % rnd.randrange(1, 31)
        off = mem_off(size) & ~(size - 1)
        lines.append("addi %s, x31, %d" % (tmp, off))
        rd = xd()
        while rd == tmp:
            rd = xd()
        lines.append("lr.%s %s, (%s)" % (w, rd, tmp))
        if loads_from(off):                     # the SC rule (docstring)
            lines.append("sc.%s %s, %s, (%s)" % (w, xd(), xr(), tmp))
    elif k < 0.74:
        p = rnd.choice("sd")
        lines.append("%s.%s %s, %s, %s, %s" % (rnd.choice(F2), p, fr(), fr(), fr(), rnd.choice(RM)))
    elif k < 0.77:
        p = rnd.choice("sd")
        lines.append("%s.%s %s, %s, %s" % (rnd.choice(F_NORM), p, fr(), fr(), fr()))
    elif k < 0.80:
        p = rnd.choice("sd")
        lines.append("%s.%s %s, %s, %s, %s, %s" % (rnd.choice(F_FMA), p, fr(), fr(), fr(), fr(),
                                                  rnd.choice(RM)))
    elif k < 0.81:
        p = rnd.choice("sd")
        lines.append("fsqrt.%s %s, %s, %s" % (p, fr(), fr(), rnd.choice(RM)))
    elif k < 0.83:
        p = rnd.choice("sd")
        lines.append("%s.%s %s, %s, %s" % (rnd.choice(F_CMP), p, xd(), fr(), fr()))
    elif k < 0.84:
        lines.append("fclass.%s %s, %s" % (rnd.choice("sd"), xd(), fr()))
    elif k < 0.88:                              # conversions
        p = rnd.choice("sd")
        it = rnd.choice(["w", "wu", "l", "lu"])
        c = rnd.random()
        if c < 0.4:
            lines.append("fcvt.%s.%s %s, %s, %s" % (it, p, xd(), fr(), rnd.choice(RM)))
        elif c < 0.8 and p == "d" and it in ("w", "wu"):   # exact: no rm operand
            lines.append("fcvt.%s.%s %s, %s" % (p, it, fr(), xr()))
        elif c < 0.8:
            lines.append("fcvt.%s.%s %s, %s, %s" % (p, it, fr(), xr(), rnd.choice(RM)))
        elif p == "s":
            lines.append("fcvt.s.d %s, %s, %s" % (fr(), fr(), rnd.choice(RM)))
        else:
            lines.append("fcvt.d.s %s, %s" % (fr(), fr()))
    elif k < 0.90:
        c = rnd.choice(["fmv.x.w %s, %s" % (xd(), fr()), "fmv.x.d %s, %s" % (xd(), fr()),
                        "fmv.w.x %s, %s" % (fr(), xr()), "fmv.d.x %s, %s" % (fr(), xr())])
        lines.append(c)
    elif k < 0.92:                              # fflags / frm / fcsr
        c = rnd.random()
        if c < 0.3:
            lines.append("csrrw %s, fflags, %s" % (xd(), xr()))
        elif c < 0.6:
            lines.append("csrrsi %s, frm, %d" % (xd(), rnd.randrange(5)))
        elif c < 0.8:
            lines.append("fsrmi %s, %d" % (xd(), rnd.randrange(5)))
        else:
            lines.append("frcsr %s" % xd())
    elif k < 0.97:                              # a forward branch over 1-3
        br = rnd.choice("beq bne blt bge bltu bgeu".split())
        label = "L%d" % len(lines)
        lines.append("%s %s, %s, %s" % (br, xr(), xr(), label))
        for _ in range(rnd.randrange(1, 4)):
            lines.append("%s %s, %s, %s" % (rnd.choice(R_OPS[:10]), xd(), xr(), xr()))
        lines.append("%s:" % label)
    else:                                       # traps the handler skips
        lines.append(rnd.choice(["ecall", "ebreak", ".word 0", ".half 0"]))



HANDLER_COMMENT = """
/* Traps (the M- and the S-mode handler, one text): count them, fold
 * xcause (and xtval for address faults: causes 4-7 and page faults
 * 12-15), skip the trapping instruction (2 or 4 bytes), return.  Aligned:
 * xtvec's low bits are its MODE (a reserved MODE is WARL: QEMU 7.2 drops
 * such a write, rvx keeps the base and the old mode). */
"""


def handler(p, name, mark, fetch="  mv x28, x30\n"):
    return """.balign 4
%(name)s:
  csrw %(p)sscratch, x29
  la x29, trap_save
  sd x30, 0(x29)
  sd x28, 8(x29)
  sd x27, 16(x29)
  ld x30, 24(x29)
  addi x30, x30, 1
  sd x30, 24(x29)
  ld x28, 32(x29)
  csrr x30, %(p)scause
  slli x27, x28, 5
  add x28, x28, x27
  add x28, x28, x30
%(mark)s  andi x30, x30, 7
  addi x30, x30, -4
  sltiu x30, x30, 4
  beqz x30, 1f
  csrr x30, %(p)stval
  slli x27, x28, 5
  add x28, x28, x27
  add x28, x28, x30
1:
  sd x28, 32(x29)
  csrr x30, %(p)sepc
%(fetch)s  lhu x28, 0(x28)
  andi x28, x28, 3
  li x27, 3
  addi x30, x30, 2
  bne x28, x27, 2f
  addi x30, x30, 2
2:
  csrw %(p)sepc, x30
  ld x30, 0(x29)
  ld x28, 8(x29)
  ld x27, 16(x29)
  csrr x29, %(p)sscratch
  %(p)sret
""" % {"p": p, "name": name, "mark": mark, "fetch": fetch}


body = []
while len(body) < count:
    insn(body)

with open(out, "w") as f:
    w = f.write
    w("/* generated by gen.py %d %d: see gen.py */\n" % (seed, count))
    w(".section .text.init\n.globl _start\n_start:\n")
    w("  la t0, trap_handler\n  csrw mtvec, t0\n")
    w("  li t0, 0x6000\n  csrs mstatus, t0\n")          # FS = dirty: FP on
    if mode == "m":
        w("  la x31, data_mid\n")
    else:
        # The tables: Sv39 walks root -> l1 -> l0, Sv48 one level more
        # (root -> l2 -> ...); the level above l1 holds the three gigapages
        # (identity at index 2, the S handler's alias at index 3, the
        # devices' identity at index 0) and the
        # pointer to l1 at index 1 (virtual 0x40000000); l0 the data pages.
        giga = V | R | W | X | A | D

        def pte(table, index, value_asm):
            w("  %s\n  la t1, %s\n  sd t0, %d(t1)\n" % (value_asm, table, 8 * index))

        def pointer(table, index, target):
            pte(table, index, "la t0, %s\n  srli t0, t0, 2\n  ori t0, t0, %d" % (target, V))

        top = "pt_root"
        if paging == "sv48":
            pointer("pt_root", 0, "pt_l2")
            top = "pt_l2"
        pte(top, 2, "li t0, ((0x80000000 >> 12) << 10) | %d" % (giga | (U if user else 0)))
        pte(top, 3, "li t0, ((0x80000000 >> 12) << 10) | %d" % giga)
        # the devices (test device, UART) for the dump, read/write only
        pte(top, 0, "li t0, %d" % (V | R | W | A | D | (U if user else 0)))
        pointer(top, 1, "pt_l1")
        pointer("pt_l1", 0, "pt_l0")
        for i, flags in enumerate(page_flags):
            pte("pt_l0", i, "la t0, data + %d\n  srli t0, t0, 2\n  ori t0, t0, %d"
                % (4096 * i, flags))
        w("  li t0, 0x%x\n  csrs mstatus, t0\n" % status)
        # hardware A/D updates (Svadu's menvcfg.ADUE; QEMU 7.2 always does
        # them, Spike only with ADUE set, rvx resets it set)
        w("  li t0, 1 << 61\n  csrs 0x30a, t0\n")
        w("  la t0, pt_root\n  srli t0, t0, 12\n  li t1, %d << 60\n  or t0, t0, t1\n"
          % (8 if paging == "sv39" else 9))
        w("  csrw satp, t0\n  sfence.vma\n")
        # the S-mode handler runs through the alias (no U: S-mode cannot
        # execute U pages, privileged spec 4.3.1)
        w("  la t0, s_trap_handler\n  li t1, 0x%x\n  add t0, t0, t1\n  csrw stvec, t0\n"
          % ALIAS)
        w("  li t0, 0x%x\n  csrw medeleg, t0\n" % medeleg)
        # PMP: S and U reach nothing until an entry allows it (one NAPOT
        # entry over everything, RWX)
        w("  li t0, -1\n  csrw pmpaddr0, t0\n  li t0, 0x1f\n  csrw pmpcfg0, t0\n")
        w("  li t0, 0x1800\n  csrc mstatus, t0\n")      # MPP = U ...
        if not user:
            w("  li t0, 0x800\n  csrs mstatus, t0\n")   # ... or S
        w("  la t0, 1f\n  csrw mepc, t0\n  mret\n1:\n")
        w("  li x31, 0x40001000\n")
    for i in range(32):
        w("  li t0, 0x%x\n  fmv.d.x f%d, t0\n" % (fval(), i))
    w("  li t0, 0x%x\n  csrw fcsr, t0\n" % rnd.randrange(5 << 5))
    for i in range(1, 31):
        w("  li x%d, 0x%x\n" % (i, xval()))
    w("\n".join("  " + l if not l.endswith(":") else l for l in body))
    w("\n  j dump\n")
    w(HANDLER_COMMENT)
    w(handler("m", "trap_handler", ""))
    # The S-mode handler runs at the alias (its `la` of trap_save is
    # pc-relative, so it reaches the data through the alias too) and reads
    # the trapped instruction there; its causes are marked (+ 0x100) so a
    # trap taken by the wrong handler shows in the fold.
    w(handler("s", "s_trap_handler",
              "  addi x28, x28, 0x100\n", "  li x27, 0x%x\n  add x28, x30, x27\n" % ALIAS))
    w("""
/* The dump: every register saved, then one hex word per line. */
dump:
  la x31, regsave
""")
    for i in range(1, 31):
        w("  sd x%d, %d(x31)\n" % (i, 8 * i))
    for i in range(32):
        w("  fsd f%d, %d(x31)\n" % (i, 256 + 8 * i))
    w("""  frcsr t0
  sd t0, 512(x31)
  la t1, trap_save
  ld t0, 24(t1)
  sd t0, 520(x31)
  ld t0, 32(t1)
  sd t0, 528(x31)
  la t1, data
  li t2, 8192
  li t0, 0
3:
  ld t3, 0(t1)
  slli t4, t0, 7
  srli t0, t0, 57
  or t0, t0, t4
  xor t0, t0, t3
  addi t1, t1, 8
  addi t2, t2, -8
  bnez t2, 3b
  sd t0, 536(x31)
  la s0, regsave + 8
  li s1, 67
4:
  ld a0, 0(s0)
  call puthex
  li a0, 10
  call putch
  addi s0, s0, 8
  addi s1, s1, -1
  bnez s1, 4b
  li t0, 0x100000
  li t1, 0x5555
  sw t1, 0(t0)
5: j 5b

puthex:
  mv s2, ra
  mv s3, a0
  li s4, 60
6:
  srl a0, s3, s4
  andi a0, a0, 15
  li t0, 10
  blt a0, t0, 7f
  addi a0, a0, 39
7:
  addi a0, a0, 48
  call putch
  addi s4, s4, -4
  bgez s4, 6b
  mv ra, s2
  ret

/* The 16550: wait for LSR.THRE, then the byte into THR. */
putch:
  li t1, 0x10000000
8:
  lbu t0, 5(t1)
  andi t0, t0, 0x20
  beqz t0, 8b
  sb a0, 0(t1)
  ret

.data
.balign 4096
data:
""")
    for _ in range(8192 // 8):
        w("  .dword 0x%x\n" % xval())
    w("""data_mid = data + 4096
.balign 4096
pt_root: .zero 4096
pt_l2: .zero 4096
pt_l1: .zero 4096
pt_l0: .zero 4096
.balign 8
trap_save: .zero 40
regsave: .zero 544
""")
