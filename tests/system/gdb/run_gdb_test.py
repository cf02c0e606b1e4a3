#!/usr/bin/env python3
"""Drives one gdb system test: starts the emulator with its GDB stub on a
free port, runs gdb-multiarch in batch mode with session.py, sends gdb a
SIGINT (Ctrl-C) when the script asks for one, and checks that the script
passed and that the emulator went away afterwards.

usage: run_gdb_test.py [--gdb GDB] [--elf ELF] [--script PY] --mode MODE -- EMULATOR ARGS...
The emulator arguments may contain {port}, replaced by the chosen port.
Modes: main, exit, linux (see session.py), reset, resetloop (see
../reboot/gdb_reset.py, given with --script); port-in-use runs no gdb: it
holds the port itself and expects the emulator to fail with one clear line.
"""
import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port):
    """True once something listens on 127.0.0.1:port (read from /proc, so
    no probe connection reaches the stub and gets taken for gdb)."""
    want = ":%04X" % port
    try:
        for name in ("/proc/net/tcp", "/proc/net/tcp6"):
            with open(name) as f:
                for line in f.readlines()[1:]:
                    fields = line.split()
                    if fields[1].endswith(want) and fields[3] == "0A":
                        return True
    except OSError:
        return True     # cannot tell: rely on gdb's tcp auto-retry
    return False


def port_in_use(emu_cmd):
    """The emulator must refuse a busy port: non-zero exit, one line saying
    so, and no hang."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        port = s.getsockname()[1]
        cmd = [x.replace("{port}", str(port)) for x in emu_cmd]
        try:
            p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                               text=True, timeout=20)
        except subprocess.TimeoutExpired:
            print("FAILED: %s hung on a busy port" % " ".join(cmd))
            return 1
    err = p.stdout + p.stderr
    lines = [x for x in err.splitlines() if x.strip()]
    print("exit status %d, output:\n%s" % (p.returncode, err))
    if p.returncode == 0:
        print("FAILED: exit status 0 on a busy port")
        return 1
    if len(lines) != 1 or "in use" not in lines[0] or str(port) not in lines[0]:
        print("FAILED: want one line naming the port and saying it is in use")
        return 1
    print("PASSED")
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gdb", default="gdb-multiarch")
    ap.add_argument("--elf")
    ap.add_argument("--mode", default="main",
                    choices=["main", "exit", "linux", "reset", "resetloop",
                             "reverse", "reverse-linux", "watch", "watch-syscon",
                             "port-in-use"])
    ap.add_argument("--script", default=os.path.join(HERE, "session.py"),
                    help="the gdb Python script (default: session.py)")
    ap.add_argument("--timeout", type=float, default=90)
    ap.add_argument("--reference", default="", help="qemu: relax the checks "
                    "where QEMU is known to differ")
    ap.add_argument("emulator", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    emu_cmd = [x for x in a.emulator if x != "--"]
    if not emu_cmd:
        ap.error("no emulator command")

    if a.mode == "port-in-use":
        return port_in_use(emu_cmd)
    port = free_port()
    emu_cmd = [x.replace("{port}", str(port)) for x in emu_cmd]
    emu_log = tempfile.TemporaryFile(mode="w+")
    emu = subprocess.Popen(emu_cmd, stdin=subprocess.DEVNULL, stdout=emu_log,
                           stderr=subprocess.STDOUT)
    deadline = time.time() + 15
    while not listening(port) and emu.poll() is None and time.time() < deadline:
        time.sleep(0.05)

    if emu.poll() is not None:
        emu_log.seek(0)
        sys.stdout.write("FAILED: the emulator exited at once (status %d):\n%s" %
                         (emu.returncode, emu_log.read()))
        return 1

    # PYTHONPATH: the scripts share gdbcheck.py, which sits beside this file.
    env = dict(os.environ, RVX_GDB_PORT=str(port), RVX_GDB_MODE=a.mode,
               RVX_GDB_REFERENCE=a.reference,
               PYTHONPATH=os.pathsep.join([HERE, os.environ.get("PYTHONPATH", "")]))
    gdb_cmd = [a.gdb, "-nx", "-batch", "-ex", "set architecture riscv:rv64",
               "-x", a.script] + ([a.elf] if a.elf else [])
    gdb = subprocess.Popen(gdb_cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, env=env, text=True,
                           start_new_session=True)
    lines = []

    def reader():
        for line in gdb.stdout:
            lines.append(line)
            if "@@SIGINT-ME@@" in line:
                # let the guest run a while, then Ctrl-C as a user would
                threading.Timer(1.0, lambda: gdb.poll() is None and
                                os.kill(gdb.pid, signal.SIGINT)).start()

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    failures = []
    try:
        gdb.wait(timeout=a.timeout)
    except subprocess.TimeoutExpired:
        failures.append("gdb timed out after %gs" % a.timeout)
        gdb.kill()
        gdb.wait()
    t.join(5)
    out = "".join(lines)
    if "ALL-PASSED %s" % a.mode not in out:
        failures.append("the gdb script did not pass")
    try:
        rc = emu.wait(timeout=15)
        if a.mode in ("exit", "watch", "watch-syscon") and rc != 0:
            failures.append("emulator exit status %d, want 0" % rc)
    except subprocess.TimeoutExpired:
        failures.append("the emulator did not exit after gdb %s" %
                        ("killed it" if a.mode == "main" else "saw it exit"))
        emu.kill()
        emu.wait()

    sys.stdout.write("---- gdb ----\n" + out)
    emu_log.seek(0)
    sys.stdout.write("---- emulator (%s) ----\n%s" % (" ".join(emu_cmd), emu_log.read()))
    if failures:
        sys.stdout.write("FAILED: " + "; ".join(failures) + "\n")
        return 1
    sys.stdout.write("PASSED\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
