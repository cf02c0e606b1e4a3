#!/usr/bin/env python3
"""make_exec_seeds.py ISA_ELF_DIR OUTDIR — seeds for fuzz_exec.

Each seed is 8 bytes of register-file seed and up to 1 KiB of code: the
project's own ISA test programs cut into pieces at instruction boundaries.
Their checks branch to a 'fail' label far outside the piece, and a piece
starts without the registers its first check expects, so every branch to
<fail> is retargeted to the next instruction (and a jump to it becomes a
nop): the piece runs through all its instructions, and since a branch ends
a block, the engines are compared right after each check, while the
checked value is still in its register.  Needs riscv64-unknown-elf-objdump."""
import glob
import os
import random
import re
import subprocess
import sys

CHUNK = 1024
src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
random.seed(1)
line_re = re.compile(r"^\s*([0-9a-f]+):\s+([0-9a-f]+)\s+(\S+)\s*(.*)$")
count = 0
for elf in sorted(glob.glob(os.path.join(src, "*.elf"))):
    if ".qemu." in elf:
        continue
    dump = subprocess.run(["riscv64-unknown-elf-objdump", "-d", elf], check=True,
                          capture_output=True, text=True).stdout
    insns = []                      # (address, bytes)
    for line in dump.splitlines():
        m = line_re.match(line)
        if not m:
            continue
        word = int(m.group(2), 16)
        size = len(m.group(2)) // 2
        if "<fail>" in m.group(4):
            if size == 4 and (word & 0x7f) == 0x63:      # B-type: offset 4
                word = (word & 0x01fff07f) | (1 << 9)
            elif size == 2 and (word & 0xc003) == 0xc001:  # c.beqz/c.bnez: offset 2
                word = (word & 0xe383) | (1 << 3)
            else:                                        # j fail and the like
                word = 0x0001 if size == 2 else 0x00000013
        insns.append((int(m.group(1), 16), word.to_bytes(size, "little")))
    name = os.path.basename(elf)[:-4]
    piece, k = b"", 0
    for _, code in insns + [(None, None)]:
        if code is None or len(piece) + len(code) > CHUNK:
            if len(piece) >= 16:
                with open(os.path.join(out, "%s-%02d" % (name, k)), "wb") as f:
                    f.write(random.getrandbits(64).to_bytes(8, "little") + piece)
                k += 1
                count += 1
            piece = b""
        if code is not None:
            piece += code
print("%d seeds in %s" % (count, out))
