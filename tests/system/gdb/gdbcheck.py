# What the gdb scripts (session.py, ../reboot/gdb_reset.py) share: reading
# values and checking them.  Every check prints "ok: ..." or raises, so the
# driver (run_gdb_test.py) sees which one failed.

import gdb


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
