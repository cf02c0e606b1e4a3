#!/bin/bash
# Bad input: one clear line on stderr and a non-zero exit, never a crash.
. "$(dirname "$0")/common.sh"
tests=0
expect_error() {    # expect_error NAME STATUS rvx-args...
    local name=$1 want=$2
    shift 2
    "$RVX" "$@" </dev/null >/dev/null 2>"$WORK/err"
    local st=$?
    local lines
    lines=$(wc -l < "$WORK/err")
    tests=$((tests + 1))
    if [ "$st" = "$want" ] && [ "$lines" = 1 ] && grep -q '^rvx: ' "$WORK/err"; then
        echo "ok: $name: $(cat "$WORK/err")"
    else
        echo "FAIL: $name (status $st, expected $want; $lines stderr lines:)"; cat "$WORK/err"
        failures=$((failures + 1))
    fi
}
build good ".text
.globl _start
_start: j _start
$TOHOST"
build outside ".text
.globl _start
_start: j _start
$TOHOST" 0x10000000
build huge ".text
.globl _start
_start: j _start
.bss
.space 2 * 1024 * 1024
$TOHOST"
head -c 300 "$WORK/good.elf" > "$WORK/truncated.elf"
head -c 4096 /dev/urandom > "$WORK/random.bin"
printf 'x' > "$WORK/odd.img"
head -c 1000 /dev/zero > "$WORK/notsector.img"
head -c $((3 << 20)) /dev/zero > "$WORK/big.bin"

expect_error "unknown option" 2 --bogus
expect_error "unknown option for run" 2 run --bogus "$WORK/good.elf"
# getopt_long would take a unique prefix as the whole option: `--dtb F`
# silently meant --dtb-out and overwrote F.  Prefixes are refused.
expect_error "abbreviated option" 2 --dtb "$WORK/dtb-prefix" --kernel "$WORK/good.elf"
if [ -e "$WORK/dtb-prefix" ]; then echo "FAIL: --dtb wrote a file"; failures=$((failures + 1)); fi
expect_error "abbreviated option for run" 2 run --max 5 "$WORK/good.elf"
expect_error "run without program" 2 run
expect_error "bad --isa" 2 run --isa rv32gc "$WORK/good.elf"
expect_error "unsupported extension" 2 run --isa rv64gcv "$WORK/good.elf"
expect_error "unknown Z-extension" 2 run --isa rv64gc_zba_zbx "$WORK/good.elf"
expect_error "repeated Z-extension" 2 run --isa rv64gc_zbb_zba_zbb "$WORK/good.elf"
expect_error "misspelt Z-extension" 2 run --isa rv64imac_zbbb "$WORK/good.elf"
expect_error "V asked for" 2 run --isa rv64imafdcv "$WORK/good.elf"
expect_error "H asked for" 2 run --isa rv64gch "$WORK/good.elf"
expect_error "profile with a misspelt extra" 2 run --isa rva23s64_zbcc "$WORK/good.elf"
expect_error "extension without its dependency" 2 run --isa rv64imac_zicond_zfh "$WORK/good.elf"
expect_error "D without F" 2 run --isa rv64imad "$WORK/good.elf"
grep -q "'D' needs 'F'" "$WORK/err" || { echo "FAIL: D without F names the dependency"; failures=$((failures + 1)); }
expect_error "bad -m" 2 run -m 12X "$WORK/good.elf"
expect_error "bad --max-insns" 2 run --max-insns -5 "$WORK/good.elf"
expect_error "missing ELF" 1 run "$WORK/nonexistent.elf"
expect_error "not an ELF" 1 run "$WORK/random.bin"
expect_error "host ELF, not RISC-V" 1 run /bin/true
expect_error "truncated ELF" 1 run "$WORK/truncated.elf"
expect_error "segment outside RAM" 1 run "$WORK/outside.elf"
expect_error "program larger than RAM" 1 run -m 1 "$WORK/huge.elf"
expect_error "missing firmware" 1 --bios "$WORK/nonexistent.bin" --kernel "$WORK/big.bin"
: > "$WORK/empty.bin"
expect_error "empty ELF" 1 run "$WORK/empty.bin"
expect_error "empty kernel" 1 --bios "$WORK/odd.img" --kernel "$WORK/empty.bin"
expect_error "empty firmware" 1 --bios "$WORK/empty.bin" --kernel "$WORK/odd.img"
expect_error "empty initrd" 1 --bios "$WORK/odd.img" --kernel "$WORK/odd.img" --initrd "$WORK/empty.bin"
expect_error "kernel larger than RAM" 1 -m 2 --bios "$WORK/odd.img" --kernel "$WORK/big.bin"
expect_error "missing disk image" 1 --bios "$WORK/odd.img" --kernel "$WORK/odd.img" --drive "$WORK/nonexistent.img"
expect_error "disk not a multiple of 512" 1 --bios "$WORK/odd.img" --kernel "$WORK/odd.img" --drive "$WORK/notsector.img"
expect_error "initrd larger than RAM" 1 -m 4 --bios "$WORK/odd.img" --kernel "$WORK/odd.img" --initrd "$WORK/big.bin"
# --nic (devices/net_opts.c; a host port that is taken is found when the
# machine binds it, still before the guest starts)
NIC_FILES=(--bios "$WORK/odd.img" --kernel "$WORK/odd.img")
expect_error "unknown --nic backend" 2 --nic tap0 "${NIC_FILES[@]}"
expect_error "unknown --nic option" 2 --nic user,speed=fast "${NIC_FILES[@]}"
expect_error "malformed hostfwd" 2 --nic user,hostfwd=tcp:2222:22 "${NIC_FILES[@]}"
expect_error "hostfwd bad protocol" 2 --nic user,hostfwd=sctp::2222-:22 "${NIC_FILES[@]}"
expect_error "hostfwd port out of range" 2 --nic user,hostfwd=tcp::70000-:22 "${NIC_FILES[@]}"
expect_error "hostfwd bad address" 2 --nic user,hostfwd=tcp:1.2.3:2222-:22 "${NIC_FILES[@]}"
expect_error "bad mac" 2 --nic user,mac=52:54:00:12:34 "${NIC_FILES[@]}"
expect_error "multicast mac" 2 --nic user,mac=01:00:5e:00:00:01 "${NIC_FILES[@]}"
expect_error "restrict not on/off" 2 --nic user,restrict=maybe "${NIC_FILES[@]}"
expect_error "none with options" 2 --nic none,mac=52:54:00:12:34:56 "${NIC_FILES[@]}"
expect_error "empty --nic" 2 --nic "" "${NIC_FILES[@]}"
expect_error "--nic on bare metal" 2 run --nic user "$WORK/good.elf"
expect_error "unwritable pcap" 2 --nic user,dump=/nonexistent-dir/x.pcap "${NIC_FILES[@]}"
# a port held by a listener of our own on 127.0.0.1
python3 -c 'import socket,sys,time
s=socket.socket(); s.bind(("127.0.0.1",0)); s.listen(1)
print(s.getsockname()[1], flush=True); sys.stdout.close(); time.sleep(60)' > "$WORK/port" &
holder=$!
for _ in $(seq 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
expect_error "hostfwd port in use" 2 --nic "user,hostfwd=tcp:127.0.0.1:$(cat "$WORK/port")-:22" "${NIC_FILES[@]}"
kill $holder 2>/dev/null
# a forward beyond loopback warns (the default host address is 127.0.0.1)
for spec in "tcp:0.0.0.0:0" "tcp::0"; do
    timeout 10 "$RVX" --max-insns 1000 --display none "${NIC_FILES[@]}" \
        --nic "user,hostfwd=${spec%:0}:$((20000 + RANDOM % 20000))-:80" </dev/null >/dev/null 2>"$WORK/fwd"
    tests=$((tests + 1))
    warned=0; grep -q "warning: --nic hostfwd listens on 0.0.0.0" "$WORK/fwd" && warned=1
    want=0; [ "$spec" = "tcp:0.0.0.0:0" ] && want=1
    if [ $warned = $want ]; then echo "ok: hostfwd $spec: warning $warned"
    else echo "FAIL: hostfwd $spec: warning $warned, expected $want"; cat "$WORK/fwd"; failures=$((failures + 1)); fi
done
finish
