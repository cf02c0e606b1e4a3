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
# Environment: RVX_GDB_PORT (required), RVX_GDB_MODE = "main" | "exit".

import os
import struct

import gdb

PORT = int(os.environ["RVX_GDB_PORT"])
MODE = os.environ.get("RVX_GDB_MODE", "main")


def ev(expr):
    return int(gdb.parse_and_eval(expr))


def sym(name):
    return ev("&" + name)


def check(cond, what):
    if not cond:
        raise gdb.GdbError("FAIL: " + what)
    gdb.write("ok: %s\n" % what)
    gdb.flush()


def run(cmd):
    return gdb.execute(cmd, to_string=True)


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
    run("stepi")
    check(ev("$pc") == sym("trap_handler"), "stepi on ecall stops at the handler")
    check(ev("$mcause") == 11, "mcause = ecall from M-mode")
    check(ev("$mepc") == sym("do_ecall"), "mepc = the ecall")
    check(ev("$a7") == 93, "a7 set by the instruction stepped")

    # back out of the handler, then step one compressed instruction
    stop_at("after_ecall")
    check(mem64("trap_cause") == 11, "handler ran once")
    a0 = ev("$a0")
    run("stepi")
    check(ev("$pc") == sym("after_ecall") + 2, "stepi over c.addi advances 2 bytes")
    check(ev("$a0") == a0 + 3, "c.addi executed once")

    # a write watchpoint catches the store with its value
    wp = gdb.Breakpoint("*(unsigned long *)&watched", gdb.BP_WATCHPOINT,
                        gdb.WP_WRITE)
    out = run("continue")
    check("atchpoint" in out and "New value = 305441741" in out,
          "watchpoint reports the new value 0x1234abcd")
    check(mem64("watched") == 0x1234ABCD, "the store happened")
    pc = ev("$pc")
    check(sym("after_store") <= pc <= sym("after_store") + 4,
          "stopped just after the store (pc %#x)" % pc)
    wp.delete()

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
    run("set {unsigned long}&spin_exit = 1")
    out = run("continue")
    check("exited normally" in out, "gdb saw the guest exit (code 0)")
    gdb.write("ALL-PASSED exit\n")


run("set pagination off")
run("set confirm off")
run("target remote 127.0.0.1:%d" % PORT)
if MODE == "exit":
    exit_session()
else:
    main_session()
gdb.flush()
