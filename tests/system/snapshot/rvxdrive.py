"""Drives an rvx whose console is on pipes: wait for output, type at the
guest's shell, use the monitor (Ctrl-A c).  Shared by snaptest.py and
bench/snapshot."""
import atexit
import re
import subprocess
import sys
import threading
import time


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


class Rvx:
    """An rvx with its console on pipes; output collected by a thread."""

    def __init__(self, base, extra, append=None):
        argv = base + extra
        if append:
            argv += ["--append", "console=ttyS0 " + append]
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT)
        atexit.register(self._kill)     # a failed test leaves no rvx behind
        self.buf = b""
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _kill(self):
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait()

    def _read(self):
        while True:
            d = self.p.stdout.read1(65536)
            if not d:
                break
            with self.lock:
                self.buf += d

    def mark(self):
        with self.lock:
            return len(self.buf)

    def text(self, start=0):
        with self.lock:
            return self.buf[start:].decode(errors="replace")

    def wait(self, pat, timeout=300, start=0):
        """Waits for regex pat in the output after start; returns the match."""
        end = time.time() + timeout
        while time.time() < end:
            m = re.search(pat, self.text(start))
            if m:
                return m
            if self.p.poll() is not None:
                time.sleep(0.3)
                m = re.search(pat, self.text(start))
                if m:
                    return m
                self.dump()
                fail("rvx exited (%d) before printing %r" % (self.p.returncode, pat))
            time.sleep(0.05)
        self.dump()
        fail("timeout waiting for %r" % pat)

    def send(self, s):
        self.p.stdin.write(s.encode())
        self.p.stdin.flush()

    def shell(self, cmd, timeout=120):
        """Runs cmd at the guest's shell; returns its output (up to a marker
        the shell computes, so the echoed command line does not match)."""
        start = self.mark()
        self.send(cmd + "; echo END-$((6*7))\n")
        m = self.wait(r"END-42", timeout, start)
        return self.text(start)[:m.start()]

    def monitor(self, cmd, timeout=120):
        """One monitor command (Ctrl-A c, the command, continue)."""
        start = self.mark()
        self.send("\x01c")
        self.wait(r"\(rvx\) ", 30, start)
        start = self.mark()
        self.send(cmd + "\n")
        m = self.wait(r"\(rvx\) ", timeout, start)
        out = self.text(start)[:m.start()]
        return out

    def leave_monitor(self, word):
        self.send(word + "\n")
        # the monitor reads a line per read(): let it take this one alone
        time.sleep(0.5)

    def dump(self):
        print("--- rvx output (last 2000 chars) ---")
        print(self.text()[-2000:])

    def finish(self, timeout=60):
        try:
            self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.dump()
            fail("rvx did not exit")
        return self.p.returncode
