#!/usr/bin/env python3
"""Record/replay system tests (issue 14, item 2).

usage: replay_test.py MODE RVX ARGS...
  baremetal RVX PROG.bin   the virt machine runs PROG.bin (uart_rng.c) as its
                           firmware: recorded with console bytes typed at
                           host-chosen moments, then replayed with no input;
                           the commit-log hashes (--trace-hash: every
                           instruction's commit line), the console output and
                           the RNG bytes must be identical.  A second recording
                           must get other RNG bytes (so equality is the
                           recorder's doing, not a constant).
  baremetal-smp RVX PROG.bin   the same with --smp 2 and uart_rng.c built
                           with TWO_HARTS; hart 1 must have run.
  hpm-wrap RVX PROG.bin    hpm_wrap.c (Sscofpmf overflow) on every engine, with
                           and without --deterministic: the interrupt comes
                           after exactly the counted instructions.
  badlogs RVX PROG.bin     truncated, corrupted, wrong-version, foreign and
                           other-configuration logs: exit 1, one line.
  linux-smp RVX GUEST_DIR  the same as linux with --smp 2.
  linux RVX GUEST_DIR      the default guest boots in deterministic mode, a
                           shell command is typed at its prompt, it powers
                           off; the replay must print the same console
                           output and reach the same state hash (--state-hash:
                           every hart's registers at each 50000-instruction
                           turn) at the same instruction count.
"""
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

failures = []


def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        failures.append(what)


def run(cmd, feed=None, timeout=600, wait_for=None):
    """Runs cmd; feed: list of (delay_s, bytes) written to its stdin, or
    with wait_for, (text_on_stdout, bytes) pairs written once the text was
    seen.  Returns (status, stdout, stderr)."""
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    out = []

    def reader():
        for chunk in iter(lambda: p.stdout.read1(4096), b""):
            out.append(chunk)

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    try:
        for delay, data in feed or []:
            if isinstance(delay, str):
                deadline = time.time() + timeout
                while delay.encode() not in b"".join(out) and time.time() < deadline \
                        and p.poll() is None:
                    time.sleep(0.05)
            else:
                time.sleep(delay)
            p.stdin.write(data)
            p.stdin.flush()
    except BrokenPipeError:
        pass
    try:
        p.stdin.close()
    except BrokenPipeError:
        pass
    try:
        err = p.stderr.read()
        p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        check(False, "%s finished in %d s" % (" ".join(cmd), timeout))
    t.join(10)
    return p.returncode, b"".join(out).decode(errors="replace"), err.decode(errors="replace")


def hash_of(err, what):
    m = re.search(r"rvx: %s ([0-9a-f]{16})" % what, err)
    return m.group(1) if m else None


def virt(rvx, prog):
    return [rvx, "--bios", prog, "--kernel", prog, "--nic", "none", "--display", "none"]


def baremetal(rvx, prog, tmp, harts=1):
    log = os.path.join(tmp, "run.log")
    typed = [(0.2, b"ab"), (0.3, b"cde"), (0.1, b"f"), (0.4, b"gh")]
    smp = ["--smp", str(harts)]
    hashes = ["--trace-hash", "--state-hash"]
    st, out1, err1 = run(virt(rvx, prog) + smp + ["--record", log] + hashes, typed, timeout=120)
    check(st == 0, "recorded run powered off (status %d) %s" % (st, err1.strip()))
    check("input: abcdefgh" in out1, "the program read the typed bytes")
    h1 = hash_of(err1, "commit log hash")
    st, out2, err2 = run(virt(rvx, prog) + smp + ["--replay", log] + hashes, timeout=120)
    check(st == 0, "replayed run powered off (status %d) %s" % (st, err2.strip()))
    h2 = hash_of(err2, "commit log hash")
    check(h1 is not None and h1 == h2, "commit-log hashes equal: %s %s" % (h1, h2))
    s1, s2 = hash_of(err1, "state hash"), hash_of(err2, "state hash")
    check(s1 is not None and s1 == s2, "state hashes (every turn's end) equal: %s %s" % (s1, s2))
    check(out1 == out2, "console output identical (polls, RNG bytes, time)")
    rng1 = re.search(r"rng: ([0-9a-f]{64})", out1)
    check(rng1 is not None, "the program read 32 RNG bytes")
    if harts > 1:
        woke = re.search(r"hart 1 woke: ([0-9a-f]{8}) ipis ([0-9a-f]{8})", out1)
        check(woke is not None and int(woke.group(1), 16) > 0 and int(woke.group(2), 16) > 0,
              "hart 1 ran, slept on its timer and got hart 0's IPIs (%s)" %
              (woke and woke.groups(),))
    typed3 = [(0.1, b"ab"), (0.5, b"cde"), (0.2, b"f"), (0.2, b"gh")]
    st, out3, err3 = run(virt(rvx, prog) + smp + ["--record", os.path.join(tmp, "again.log"),
                                                  "--trace-hash"], typed3, timeout=120)
    rng3 = re.search(r"rng: ([0-9a-f]{64})", out3)
    check(rng1 and rng3 and rng1.group(1) != rng3.group(1),
          "another recording got other RNG bytes (the host's)")
    h3 = hash_of(err3, "commit log hash")
    check(h3 is not None and h3 != h1, "another recording (other input times) has another "
          "commit-log hash: %s" % h3)


def expect_refusal(cmd, what, needle):
    st, out, err = run(cmd, timeout=60)
    lines = [x for x in err.splitlines() if x.strip()]
    check(st == 1 and len(lines) == 1 and needle in lines[0],
          "%s: exit 1 and one line about it (status %d: %s)" % (what, st, err.strip()))


def badlogs(rvx, prog, tmp):
    log = os.path.join(tmp, "good.log")
    st, out, err = run(virt(rvx, prog) + ["--record", log], [(0.1, b"12345678")])
    check(st == 0, "a good log recorded")
    data = open(log, "rb").read()

    def variant(name, content):
        path = os.path.join(tmp, name)
        with open(path, "wb") as f:
            f.write(content)
        return path

    cut = variant("cut.log", data[:len(data) - 5])
    expect_refusal(virt(rvx, prog) + ["--replay", cut], "truncated log", "truncated")
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x40
    bad = variant("flipped.log", bytes(flipped))
    expect_refusal(virt(rvx, prog) + ["--replay", bad], "corrupted log", "corrupt")
    ver = bytearray(data)
    ver[8] = 99
    old = variant("version.log", bytes(ver))
    expect_refusal(virt(rvx, prog) + ["--replay", old], "wrong-version log", "version 99")
    junk = variant("junk.log", b"not a log at all, just text\n")
    expect_refusal(virt(rvx, prog) + ["--replay", junk], "not a log", "not an rvx replay log")
    expect_refusal(virt(rvx, prog) + ["-m", "256M", "--replay", log],
                   "other RAM size", "another machine configuration")
    expect_refusal(virt(rvx, prog) + ["--smp", "2", "--replay", log],
                   "other hart count", "another machine configuration")
    expect_refusal(virt(rvx, prog) + ["--no-rng", "--replay", log],
                   "other devices", "another machine configuration")
    expect_refusal(virt(rvx, prog) + ["--replay", os.path.join(tmp, "missing.log")],
                   "missing log", "missing.log")
    st, out, err = run(virt(rvx, prog) + ["--replay", log])
    check(st == 0 and "input: 12345678" in out, "the good log still replays")


def linux(rvx, guest, tmp, harts=1):
    log = os.path.join(tmp, "linux.log")
    base = [rvx, "--display", "none", "--nic", "none", "--kernel", guest + "/Image",
            "--initrd", guest + "/initramfs.cpio.gz", "--state-hash", "--smp", str(harts)]
    typed = [("~# ", b"echo typed-$((6*7)); cat /proc/uptime; head -c 8 /dev/hwrng | od -An -tx1\n"),
             ("typed-42", b"poweroff -f\n")]
    st, out1, err1 = run(base + ["--record", log], typed)
    check(st == 0, "recorded boot powered off (status %d)" % st)
    check("typed-42" in out1, "the typed command ran")
    h1 = re.search(r"state hash ([0-9a-f]{16}) at instruction (\d+)", err1)
    st, out2, err2 = run(base + ["--replay", log])
    check(st == 0, "replayed boot powered off (status %d) %s" % (st, err2.strip()[-300:]))
    h2 = re.search(r"state hash ([0-9a-f]{16}) at instruction (\d+)", err2)
    check(h1 is not None and h2 is not None and h1.groups() == h2.groups(),
          "state hash and instruction count equal: %s %s" %
          (h1 and h1.groups(), h2 and h2.groups()))
    check(out1 == out2, "console output identical (uptime, hwrng bytes, every kernel line)")
    print("recorded log: %d bytes; %s instructions" % (os.path.getsize(log),
                                                        h1.group(2) if h1 else "?"))


def hpm_wrap(rvx, prog, tmp):
    """hpm_wrap.c prints, for each K, the instructions from its csrr of
    minstret to the handler's: the csrr and the csrw of the counter (2; a
    CSR write takes effect after its instruction, so the csrw is not
    counted), the K the counter counts to its wrap, the interrupt taken
    before the next instruction (Sscofpmf), and the handler's prologue
    before its own csrr, counted in GNU objdump's disassembly."""
    import shutil
    objdump = shutil.which("riscv64-unknown-elf-objdump")
    dis = subprocess.run([objdump, "-d", prog[:-len(".bin")] + ".elf"], capture_output=True,
                         text=True).stdout
    body = dis[dis.index("<handler>:"):]
    prologue = body[:body.index("minstret")].count("\n") - 1
    check(0 < prologue < 20, "the handler's prologue: %d instructions" % prologue)
    for engine in ("interp", "block", "jit"):
        for mode in ([], ["--deterministic"]):
            st, out, err = run(virt(rvx, prog) + ["--engine", engine] + mode, timeout=60)
            lines = re.findall(r"k([0-9a-f]{16}) ([0-9a-f]{16}) ([0-9a-f]{16})", out)
            check(st == 0 and len(lines) == 5, "%s %s: five overflows (status %d)" %
                  (engine, " ".join(mode), st))
            for k, d, cause in lines:
                k, d = int(k, 16), int(d, 16)
                check(d == k + 2 + prologue and int(cause, 16) == (1 << 63 | 13),
                      "%s %s: K = %d: the interrupt after %d instructions (want %d), "
                      "cause %s" % (engine, " ".join(mode), k, d, k + 2 + prologue, cause))


def main():
    mode, rvx, arg = sys.argv[1], sys.argv[2], sys.argv[3]
    with tempfile.TemporaryDirectory() as tmp:
        {"baremetal": baremetal, "badlogs": badlogs, "linux": linux,
         "baremetal-smp": lambda rvx, prog, tmp: baremetal(rvx, prog, tmp, 2),
         "hpm-wrap": hpm_wrap,
         "linux-smp": lambda rvx, guest, tmp: linux(rvx, guest, tmp, 2)}[mode](rvx, arg, tmp)
    print("FAILED: %d checks" % len(failures) if failures else "PASSED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
