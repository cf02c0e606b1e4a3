# Watchpoints on stores that end the machine (issue 14, item 5): gdb-multiarch
# runs this against watch_exit.elf on rvx (`rvx run --gdb PORT -S`) and, with
# RVX_GDB_TESTS_ON_QEMU, on qemu-system-riscv64 -M spike, the reference.
# Expected: the write watchpoint on tohost is reported with Old value = 0,
# New value = 1 and the pc just after the store (QEMU's behaviour, recorded
# in its run of this very script), and only then does the program exit with
# status 0.  Mode "watch-syscon" (rvx only): the same for the test device's
# power-off store (new value 0x5555).

import os

import gdb
from gdbcheck import check, ev, run, sym

PORT = int(os.environ["RVX_GDB_PORT"])
MODE = os.environ.get("RVX_GDB_MODE", "watch")

stops, exits = [], []
gdb.events.stop.connect(stops.append)
gdb.events.exited.connect(exits.append)

run("set pagination off")
run("set confirm off")
run("target remote 127.0.0.1:%d" % PORT)
if MODE == "watch-syscon":
    run("set {long}&use_syscon = 1")
    expr, new, after = "*(int *)0x100000", 0x5555, "after_syscon"
else:
    expr, new, after = "*(int *)&tohost", 1, "after_tohost"
wp = gdb.Breakpoint(expr, gdb.BP_WATCHPOINT, gdb.WP_WRITE)
run("continue")
check(not exits, "the program has not exited yet")
check(bool(stops) and isinstance(stops[-1], gdb.BreakpointEvent) and wp in stops[-1].breakpoints,
      "the watchpoint stopped it")
# (gdb stops for a write watchpoint only when the value changed: it
# printed "Old value = 0", "New value = N" above)
check(ev(expr) == new, "the watched word holds %#x at the stop" % new)
check(ev("$pc") == sym(after), "pc just after the store (%#x)" % ev("$pc"))
wp.delete()
try:
    run("continue")
except gdb.error as e:      # QEMU closes the connection at exit
    check("closed" in str(e), "the connection closed at the exit")
else:
    check(len(exits) == 1 and getattr(exits[0], "exit_code", None) == 0,
          "then the program exited with status 0")
gdb.write("ALL-PASSED %s\n" % MODE)
gdb.flush()
