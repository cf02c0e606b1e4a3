#!/usr/bin/env python3
"""Reset through the console, as a user at the terminal does it.

usage: console_reset.py monitor RVX COUNTER_ELF
         Ctrl-A c opens the monitor while counter.elf runs; `reset` then
         `continue` must restart the program from its ELF entry with its
         original data: "count=5" again (not the next count), and no
         "bss-dirty".  Ctrl-A x then quits with status 0.
       console_reset.py loop RVX ARGS...
         rvx ARGS runs a guest that resets in a tight loop.  rvx must keep
         its size (RSS and open files the same after thousands of resets)
         and still quit on Ctrl-A x within a few seconds.

Every check prints "ok: ..." or "FAIL: ..."; the exit status says which.
"""
import os
import subprocess
import sys
import threading
import time


class Rvx:
    """rvx with stdin as a pipe we type into and its output collected."""

    def __init__(self, argv):
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        self.out = bytearray()
        self.err = bytearray()
        self.lock = threading.Lock()
        for stream, buf in ((self.p.stdout, self.out), (self.p.stderr, self.err)):
            threading.Thread(target=self._drain, args=(stream, buf), daemon=True).start()

    def _drain(self, stream, buf):
        while True:
            chunk = stream.read1(4096)
            if not chunk:
                return
            with self.lock:
                buf.extend(chunk)

    def type(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def wait_for(self, what, stream="out", timeout=20.0, start=0):
        """Waits until `what` appears in the stream at or after offset start;
        returns the offset just after it (None on timeout or exit)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.lock:
                buf = bytes(self.out if stream == "out" else self.err)
            i = buf.find(what, start)
            if i >= 0:
                return i + len(what)
            if self.p.poll() is not None:
                time.sleep(0.2)         # let the readers drain
                with self.lock:
                    buf = bytes(self.out if stream == "out" else self.err)
                i = buf.find(what, start)
                return i + len(what) if i >= 0 else None
            time.sleep(0.02)
        return None

    def quit(self, timeout=10.0):
        """Ctrl-A x; returns the exit status, or None if rvx did not go."""
        try:
            self.type(b"\x01x")
        except BrokenPipeError:
            pass
        try:
            return self.p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
            return None

    def dump(self):
        with self.lock:
            sys.stdout.write("---- rvx stdout (last 400 bytes) ----\n%s\n"
                             "---- rvx stderr ----\n%s\n" %
                             (self.out[-400:].decode(errors="replace"),
                              self.err.decode(errors="replace")))


failures = []


def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        failures.append(what)
    return cond


def monitor_test(rvx, elf):
    r = Rvx([rvx, "run", elf])
    try:
        check(r.wait_for(b"count=6\n") is not None, "the program counts (count=6)")
        r.type(b"\x01c")
        check(r.wait_for(b"(rvx) ", "err") is not None, "Ctrl-A c opens the monitor")
        time.sleep(0.3)                 # output before the monitor is all read
        with r.lock:
            mark = len(r.out)
            last = r.out.decode().split()[-1]
        check(last != "count=5", "the data changed before the reset (%s)" % last)
        r.type(b"reset\n")
        check(r.wait_for(b"machine reset", "err") is not None, "monitor: reset")
        r.type(b"continue\n")
        check(r.wait_for(b"count=6\n", start=mark) is not None, "the program runs again")
        with r.lock:
            after = r.out[mark:].decode().split()
        check(after[:2] == ["count=5", "count=6"],
              "restarted at its entry with its original data: %s" % " ".join(after[:3]))
        check(b"bss-dirty" not in r.out, "RAM cleared by the reset (.bss zero)")
        status = r.quit()
        check(status == 0, "Ctrl-A x quits with status 0 (got %s)" % status)
    finally:
        if r.p.poll() is None:
            r.p.kill()
        r.dump()


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def peak_rss_kib(pid, samples=10):
    """The largest of a few RSS readings 50 ms apart.  Each reset gives the
    guest's RAM back and the guest touches it again; with huge host pages
    (mem/bus.c) one reading can land in either phase and differ from the
    next by a whole 2 MiB page, while the peak over a few resets does not."""
    best = -1
    for _ in range(samples):
        best = max(best, rss_kib(pid))
        time.sleep(0.05)
    return best


def open_fds(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def loop_test(argv):
    r = Rvx(argv)
    try:
        time.sleep(1.5)
        check(r.p.poll() is None, "rvx runs the resetting guest")
        rss0, fds0 = peak_rss_kib(r.p.pid), open_fds(r.p.pid)
        time.sleep(3.0)
        rss1, fds1 = peak_rss_kib(r.p.pid), open_fds(r.p.pid)
        print("RSS %d KiB -> %d KiB, open files %d -> %d" % (rss0, rss1, fds0, fds1))
        check(rss1 - rss0 < 2048, "RSS grows less than 2 MiB over 3 s of resets")
        check(fds1 == fds0, "no file handles gained")
        t0 = time.time()
        status = r.quit(timeout=10.0)
        took = time.time() - t0
        check(status == 0, "Ctrl-A x quits with status 0 (got %s)" % status)
        check(took < 5.0, "and does so within 5 s (%.2f s)" % took)
    finally:
        if r.p.poll() is None:
            r.p.kill()
        r.dump()


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "monitor":
        monitor_test(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 3 and sys.argv[1] == "loop":
        loop_test(sys.argv[2:])
    else:
        sys.exit(__doc__)
    print("FAILED: %s" % "; ".join(failures) if failures else "PASSED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
