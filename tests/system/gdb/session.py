# The gdb side of the system test: gdb-multiarch runs this with -batch -x
# against prog.elf, attached to `rvx run --gdb PORT -S prog.elf` (or QEMU
# with -s -S as a reference).  Every check prints "ok: ..." or raises; the
# last line is "ALL-PASSED <mode>" so the driver knows the script ran out.
#
# Expected values come from prog.S (the program stores what it computed
# after the debugger changed its state), IEEE double arithmetic done by
# hand (1.5 + 2.25 = 3.75), and the privileged spec (ecall from M-mode:
# mcause 11; mepc = the ecall; fetch from mtvec next).
#
# Environment: RVX_GDB_PORT (required), RVX_GDB_MODE = "main" | "exit" |
# "linux" (the Linux machine, no ELF: break at the kernel entry).

import os
import struct

import gdb
from gdbcheck import check, ev, run, sym

PORT = int(os.environ["RVX_GDB_PORT"])
MODE = os.environ.get("RVX_GDB_MODE", "main")
# QEMU (the reference run) has no "monitor step" and closes the connection
# at guest exit instead of reporting an exit status.
QEMU = os.environ.get("RVX_GDB_REFERENCE") == "qemu"



stops = []
gdb.events.stop.connect(stops.append)


def stopped_by(bp):
    """True if the last stop was reported as a hit of breakpoint bp."""
    return (bool(stops) and isinstance(stops[-1], gdb.BreakpointEvent)
            and bp in stops[-1].breakpoints)


def mem64(name):
    return ev("*(unsigned long *)&" + name) & (2**64 - 1)


def stop_at(label):
    bp = gdb.Breakpoint(label, internal=True)
    run("continue")
    bp.delete()
    check(ev("$pc") == sym(label), "stopped at " + label)


def main_session():
    allregs = run("info all-registers")
    for name in ("ra", "pc", "ft0", "mstatus", "mepc"):
        check(name in allregs, "info all-registers shows " + name)
    # held at reset: the ELF entry, or a reset vector in ROM (QEMU's spike)
    pc = ev("$pc")
    check(pc == sym("_start") or pc < 0x80000000, "held at reset (pc %#x)" % pc)

    # break at a symbol, continue, read registers of every kind
    stop_at("regs_point")
    check(ev("$a0") == 1, "read a0 = 1")
    check(float(gdb.parse_and_eval("$ft0")["double"]) == 1.5, "read ft0 = 1.5")
    check((ev("$mstatus") >> 13) & 3 == 3, "mstatus.FS is Dirty after FP writes")
    check(ev("$mtvec") == sym("trap_handler"), "read mtvec")
    check(ev("$priv") == 3, "priv is M")

    # write integer, FP and CSR registers and memory; the program records them
    run("set $a0 = 5")
    run("set $ft1.double = 2.25")
    run("set $mscratch = 0x55")
    run("set {unsigned long}&message = 0x6867666564636261")
    check(ev("$a0") == 5, "a0 written")
    check(ev("$mscratch") == 0x55, "mscratch written")
    check(bytes(gdb.selected_inferior().read_memory(sym("message"), 8)) == b"abcdefgh",
          "memory written and read back")

    # step into the trap handler: one stepi per instruction, exactly
    stop_at("trap_point")
    check(mem64("result") == 6, "program saw a0 = 5 (result = 6)")
    check(struct.unpack("<d", struct.pack("<Q", mem64("fresult")))[0] == 3.75,
          "program saw ft1 = 2.25 (fresult = 3.75)")
    check(mem64("scratch_copy") == 0x55, "program saw mscratch = 0x55")
    check(mem64("msg_copy") == 0x6867666564636261, "program saw the new message")
    run("stepi")
    check(ev("$pc") == sym("do_ecall"), "stepi reaches the ecall")
    # gdb 13 single-steps RISC-V in software (a breakpoint after the
    # instruction, then continue), so its stepi runs a whole trap handler.
    # The stub's monitor steps exactly one instruction: into the handler.
    if not QEMU:
        run("monitor step")
        run("maint flush register-cache")   # the monitor moved the pc
        check(ev("$pc") == sym("trap_handler"), "one step on ecall stops at the handler")
        check(ev("$mcause") == 11, "mcause = ecall from M-mode")
        check(ev("$mepc") == sym("do_ecall"), "mepc = the ecall")
        check(ev("$a7") == 93, "a7 set by the instruction stepped before")
        run("stepi")
        check(ev("$pc") == sym("trap_handler") + 4, "stepi inside the handler")
        stop_at("after_ecall")
    else:
        # gdb's own way into a handler: a breakpoint on it, then stepi
        bp = gdb.Breakpoint("*trap_handler", internal=True)
        run("stepi")
        bp.delete()
        check(ev("$pc") == sym("trap_handler"), "stepi on ecall stops at the handler")
        check(ev("$mcause") == 11, "mcause = ecall from M-mode")
        check(ev("$mepc") == sym("do_ecall"), "mepc = the ecall")
        stop_at("after_ecall")

    # then step one compressed instruction
    check(mem64("trap_cause") == 11, "handler ran once")
    a0 = ev("$a0")
    run("stepi")
    check(ev("$pc") == sym("after_ecall") + 2, "stepi over c.addi advances 2 bytes")
    check(ev("$a0") == a0 + 3, "c.addi executed once")

    # a write watchpoint catches the store with its value
    wp = gdb.Breakpoint("*(unsigned long *)&watched", gdb.BP_WATCHPOINT,
                        gdb.WP_WRITE)
    run("continue")
    check(stopped_by(wp), "the write watchpoint stopped the guest")
    check(mem64("watched") == 0x1234ABCD, "the store wrote 0x1234abcd")
    check(int(wp.hit_count) == 1, "hit once")
    pc = ev("$pc")
    # QEMU stops before the store and gdb steps it: the pc is the next
    # instruction's, exactly (issue 14: the same pc as QEMU)
    check(pc == sym("after_store"), "stopped just after the store (pc %#x)" % pc)
    wp.delete()

    # a read watchpoint: gdb finds it only through the reported address
    rw = gdb.Breakpoint("*(unsigned long *)&spin_exit", gdb.BP_WATCHPOINT,
                        gdb.WP_READ)
    run("continue")
    check(stopped_by(rw), "the read watchpoint stopped the guest")
    pc = ev("$pc")
    check(sym("spin") <= pc <= sym("spin_end"), "in the loop that reads it (pc %#x)" % pc)
    rw.delete()

    # memory: read a range, write through the debugger, read back
    run("set {unsigned int}&trap_cause = 0xdeadbeef")
    out = run("x/2wx &trap_cause")
    check("0xdeadbeef" in out, "x/2wx shows written memory")
    check("0x00000000" in out, "x/2wx shows the untouched word")
    out = run("x/2i &after_ecall")
    check("addi" in out or "add" in out, "disassembly through memory reads")

    # a register dump through the monitor command
    out = run("monitor info registers")
    check("pc" in out and "ra" in out, "monitor info registers")

    # interrupt the running loop: the driver sends SIGINT to gdb on the marker
    gdb.write("@@SIGINT-ME@@\n")
    gdb.flush()
    run("continue")
    pc = ev("$pc")
    check(sym("spin") <= pc < sym("spin_end"), "interrupted inside spin (pc %#x)" % pc)
    check(ev("$s1") > 0, "the loop ran")
    run("kill")
    gdb.write("ALL-PASSED main\n")


def exit_session():
    # let the program run to its HTIF exit; gdb must see a clean exit
    exits = []
    gdb.events.exited.connect(exits.append)
    run("set {unsigned long}&spin_exit = 1")
    try:
        run("continue")
    except gdb.error as e:
        # QEMU closes the connection instead of sending an exit status
        if not (QEMU and "closed" in str(e)):
            raise
        gdb.write("note: QEMU closed the connection at exit\n")
        gdb.write("ALL-PASSED exit\n")
        return
    check(len(exits) == 1, "gdb saw the guest exit")
    check(getattr(exits[0], "exit_code", None) == 0, "exit code 0")
    gdb.write("ALL-PASSED exit\n")


def linux_session():
    # OpenSBI enters the kernel at 0x80200000 in S-mode with a0 = hart id
    # and a1 = the device tree (SBI spec, "Boot" / Linux riscv boot protocol)
    bp = gdb.Breakpoint("*0x80200000", internal=True)
    run("continue")
    bp.delete()
    check(ev("$pc") == 0x80200000, "stopped at the kernel entry")
    check(ev("$priv") == 1, "the kernel starts in S-mode")
    check(ev("$a0") == 0, "a0 = boot hart 0")
    check(ev("$a1") != 0, "a1 = device tree address")
    # Linux's RISC-V Image header: magic2 "RSC\x05" at offset 0x38
    magic = bytes(gdb.selected_inferior().read_memory(0x80200038, 4))
    check(magic == b"RSC\x05", "kernel Image header readable at its load address")
    fdt = bytes(gdb.selected_inferior().read_memory(ev("$a1"), 4))
    check(fdt == b"\xd0\x0d\xfe\xed", "device tree magic at a1")
    run("kill")
    gdb.write("ALL-PASSED linux\n")


run("set pagination off")
run("set confirm off")
run("target remote 127.0.0.1:%d" % PORT)
if MODE == "exit":
    exit_session()
elif MODE == "linux":
    linux_session()
else:
    main_session()
gdb.flush()
