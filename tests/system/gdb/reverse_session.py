# The gdb side of the reverse-debugging test: gdb-multiarch runs this with
# -batch -x against reverse.elf, attached to `rvx run --gdb PORT -S
# reverse.elf` (bare metal is deterministic, so rvx keeps checkpoints and
# answers gdb's bs/bc packets).  Every check prints "ok: ..." or raises;
# the last line is "ALL-PASSED reverse".
#
# Expected values come from reverse.S and from what gdb itself saw going
# forwards: the registers recorded at each of 20 stepi are the oracle for
# the 20 reverse-stepi; the program's stores (counter = 1, 2, 3 by the
# three calls) tell where the last store to counter was; the privileged
# spec says an ecall traps to mtvec, so one step back from the handler's
# first instruction is the ecall.
#
# Mode "reverse-linux": the default guest in deterministic mode (rvx
# --deterministic --gdb PORT -S, no ELF): at the kernel's entry, a
# breakpoint on OpenSBI's trap vector (mtvec) catches the kernel's first
# SBI call; one reverse-stepi from there must land on the trapping ecall,
# in S-mode (the SBI spec: calls are ecalls from S-mode; the privileged
# spec: mepc holds the ecall's address).
#
# Environment: RVX_GDB_PORT (required), RVX_GDB_MODE.

import os
import time

import gdb
from gdbcheck import check, ev, run
from gdbcheck import sym as elf_sym

# places inside reverse.S's body: their addresses are in addr_NAME (no
# symbol may sit inside body, see reverse.S)
BODY_PLACES = {"rev_start", "call3_site", "after_call3", "do_ecall", "after_ecall", "the_end"}


def sym(name):
    if name in BODY_PLACES:
        return ev("*(unsigned long *)&addr_" + name) & (2**64 - 1)
    return elf_sym(name)

PORT = int(os.environ["RVX_GDB_PORT"])
# the watched store in reverse.S: func + 8 (after la's auipc and addi)
STORE_OFFSET = 8
REGS = ["pc"] + ["x%d" % i for i in range(1, 32)]

stops = []
gdb.events.stop.connect(stops.append)


def regs():
    return [ev("$" + r) & (2**64 - 1) for r in REGS]


def stop_at(label):
    bp = gdb.Breakpoint("*%d" % sym(label), internal=True)
    run("continue")
    bp.delete()
    check(ev("$pc") == sym(label), "stopped at " + label)


def stepping_back():
    stop_at("rev_start")
    seen = []
    for _ in range(20):
        seen.append(regs())
        run("stepi")
    seen.append(regs())
    check(seen[0] != seen[-1], "20 stepi changed the registers")
    for k in range(20, 0, -1):
        run("reverse-stepi")
        check(regs() == seen[k - 1], "reverse-stepi %d: every register as %d steps earlier"
              % (21 - k, 21 - k))
    check(ev("$pc") == sym("rev_start"), "back at rev_start")
    # and forwards again over the same instructions: the same states
    run("stepi 20")
    check(regs() == seen[20], "forwards again: the same registers after 20 stepi")


def watch_back():
    stop_at("after_call3")
    check(ev("*(long *)&counter") == 3, "counter = 3 after three calls")
    wp = gdb.Breakpoint("*(long *)&counter", gdb.BP_WATCHPOINT, gdb.WP_WRITE)
    run("reverse-continue")
    check(ev("$pc") == (sym("func") + STORE_OFFSET), "reverse-continue with a write watchpoint "
          "stops at the store (pc %#x)" % ev("$pc"))
    check(ev("$a0") == 3, "at the last store: the third call's argument (a0 = 3)")
    check(ev("*(long *)&counter") == 2, "before that store counter was 2")
    run("reverse-continue")
    check(ev("$pc") == (sym("func") + STORE_OFFSET) and ev("$a0") == 2,
          "again: the second call's store (a0 = 2)")
    wp.delete()
    # a breakpoint going backwards, then reverse-finish out of the function
    bp = gdb.Breakpoint("func", internal=True)
    run("continue")                     # forward: the third call
    check(ev("$pc") == sym("func") and ev("$a0") == 3, "forward to the third call")
    run("reverse-continue")             # back: the second call's entry
    check(ev("$pc") == sym("func") and ev("$a0") == 2,
          "reverse-continue stops at the previous breakpoint hit (a0 = 2)")
    bp.delete()
    run("reverse-finish")
    pc = ev("$pc")
    check(pc < sym("func") and pc >= sym("rev_start"),
          "reverse-finish returns to the call in the caller (pc %#x)" % pc)
    insn = run("x/i $pc")
    check("jal" in insn or "call" in insn, "at the call instruction: " + insn.strip())
    # reverse-nexti over a plain instruction: one instruction back
    stop_at("after_call3")
    run("stepi")
    run("reverse-nexti")
    check(ev("$pc") == sym("after_call3"), "reverse-nexti steps back one instruction")
    # reverse-nexti over a call: back over the whole call, to the call
    # instruction (gdb steps back into func's ret, then runs back to func's
    # entry and one more step)
    run("reverse-nexti")
    check(ev("$pc") == sym("call3_site"),
          "reverse-nexti over a call lands on the call (pc %#x, call at %#x)" %
          (ev("$pc"), sym("call3_site")))
    check(ev("$a0") == 3, "before the call: a0 = 3 (a0 = %d)" % ev("$a0"))
    run("nexti")
    check(ev("$pc") == sym("after_call3") and ev("$a0") == 103,
          "nexti over the call again: after it, a0 = 103")


def trap_back():
    bp = gdb.Breakpoint("*trap_handler", internal=True)
    run("continue")
    bp.delete()
    check(ev("$pc") == sym("trap_handler"), "in the trap handler")
    check(ev("$mcause") == 11, "mcause = ecall from M-mode")
    run("reverse-stepi")
    check(ev("$pc") == sym("do_ecall"), "reverse-stepi from the handler lands on the ecall")
    check(ev("$priv") == 3, "in the mode that trapped")


def long_run():
    # the 10^9-instruction loop: interrupt it at the_end, then step back
    for attempt in range(30):
        gdb.write("@@SIGINT-ME@@\n")
        gdb.flush()
        run("continue")
        if sym("the_end") <= ev("$pc") < sym("func"):
            break
    check(sym("the_end") <= ev("$pc") < sym("func"), "the long loop finished")
    check(ev("$s7") == 333333333, "all 333333333 rounds ran")
    before = regs()
    run("stepi")
    t0 = time.time()
    run("reverse-stepi")
    took = time.time() - t0
    check(regs() == before, "reverse-stepi after 10^9 instructions: the same registers")
    gdb.write("note: reverse-stepi after 10^9 instructions took %.3f s\n" % took)
    check(took < 1.0, "... in well under a second (%.3f s)" % took)


def linux_trap_back():
    bp = gdb.Breakpoint("*0x80200000", internal=True)
    run("continue")
    bp.delete()
    check(ev("$pc") == 0x80200000 and ev("$priv") == 1, "at the kernel entry in S-mode")
    mtvec = ev("$mtvec") & ~3
    bp = gdb.Breakpoint("*%d" % mtvec, internal=True)
    for _ in range(50):             # the first exception, not an interrupt
        run("continue")
        if ev("$mcause") >> 63 == 0:
            break
    bp.delete()
    check(ev("$pc") == mtvec and ev("$priv") == 3, "in OpenSBI's trap handler (M-mode)")
    check(ev("$mcause") == 9, "mcause = ecall from S-mode")
    mepc = ev("$mepc")
    run("reverse-stepi")
    check(ev("$pc") == mepc, "reverse-stepi returns into the trapping instruction (%#x)" % mepc)
    check(ev("$priv") == 1, "... in S-mode")
    insn = bytes(gdb.selected_inferior().read_memory(mepc, 4))
    check(insn == b"\x73\x00\x00\x00", "... which is an ecall")
    # (gdb 13 single-steps RISC-V in software, so its stepi would run the
    # whole handler; the stub's monitor step is one instruction)
    run("monitor step")
    run("maint flush register-cache")
    check(ev("$pc") == mtvec and ev("$priv") == 3, "and forwards again into the handler")


run("set pagination off")
run("set confirm off")
run("target remote 127.0.0.1:%d" % PORT)
if os.environ.get("RVX_GDB_MODE") == "reverse-linux":
    linux_trap_back()
    run("kill")
    gdb.write("ALL-PASSED reverse-linux\n")
else:
    stepping_back()
    watch_back()
    trap_back()
    long_run()
    run("kill")
    gdb.write("ALL-PASSED reverse\n")
gdb.flush()
