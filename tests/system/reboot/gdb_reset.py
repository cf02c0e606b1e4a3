# gdb's `monitor reset`, run by gdb-multiarch with -batch -x through
# ../gdb/run_gdb_test.py --script (attached to `rvx run --gdb PORT -S`).
# Every check prints "ok: ..." or raises; the last line is "ALL-PASSED <mode>".
#
# Modes (RVX_GDB_MODE):
#   reset      counter.elf: the program changes its .data word `counter`
#              (5 in the ELF); after `monitor reset` the pc is at _start and
#              the word is 5 again, and the program counts from 5 anew.
#   resetloop  resetloop.elf resets the machine in a tight loop: gdb's
#              Ctrl-C still stops it, inside the program.

import os

import gdb
from gdbcheck import check, ev, run, sym

PORT = int(os.environ["RVX_GDB_PORT"])
MODE = os.environ.get("RVX_GDB_MODE", "reset")



def counter():
    return ev("*(unsigned long *)&counter")


def forget_target_state():
    """The monitor changed registers and memory behind gdb's back."""
    run("maint flush register-cache")
    run("maint flush dcache")


def reset_session():
    check(ev("$pc") == sym("_start"), "held at the ELF entry")
    check(counter() == 5, "counter is 5 in the ELF")
    bp = gdb.Breakpoint("*counted", internal=True)
    run("continue")
    check(ev("$pc") == sym("counted") and counter() == 6, "first turn stored 6")
    run("continue")
    check(counter() == 7, "second turn stored 7")
    out = run("monitor reset")
    check("machine reset" in out, "monitor reset answers (%s)" % out.strip())
    forget_target_state()
    check(ev("$pc") == sym("_start"), "pc back at the ELF entry")
    check(counter() == 5, "counter restored to 5 (the ELF's data)")
    check(ev("*(unsigned long *)&scratch") == 0, ".bss cleared")
    run("continue")
    check(ev("$pc") == sym("counted") and counter() == 6,
          "the program counts from 5 again (stored 6)")
    bp.delete()
    run("kill")
    gdb.write("ALL-PASSED reset\n")


def resetloop_session():
    # the driver sends gdb a SIGINT a second after this marker
    gdb.write("@@SIGINT-ME@@\n")
    gdb.flush()
    run("continue")
    pc = ev("$pc")
    check(sym("_start") <= pc < sym("spin_end"), "Ctrl-C stops the resetting guest (pc %#x)" % pc)
    run("stepi")
    check(sym("_start") <= ev("$pc") < sym("spin_end"), "a step works there")
    out = run("monitor reset")
    check("machine reset" in out, "monitor reset")
    forget_target_state()
    check(ev("$pc") == sym("_start"), "pc at the ELF entry")
    run("kill")
    gdb.write("ALL-PASSED resetloop\n")


run("set pagination off")
run("set confirm off")
run("target remote 127.0.0.1:%d" % PORT)
if MODE == "resetloop":
    resetloop_session()
else:
    reset_session()
gdb.flush()
