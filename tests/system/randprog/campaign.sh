#!/bin/bash
# campaign.sh RVX FIRST_SEED COUNT [INSNS [MODE [PAGING]]] — a longer
# differential run than CI's: COUNT random programs of INSNS instructions
# (default 1000) from FIRST_SEED on, in MODE m, s or u (default m) under
# PAGING sv39 or sv48 (gen.py), each on rvx's three engines and on QEMU.
# Programs that differ are kept in the printed directory.
set -u
here=$(cd "$(dirname "$0")" && pwd)
rvx=$1 first=$2 count=$3 insns=${4:-1000} mode=${5:-m} paging=${6:-sv39}
dir=$(mktemp -d)
fails=0
for seed in $(seq "$first" $((first + count - 1))); do
    python3 "$here/gen.py" "$seed" "$insns" "$dir/p$seed.S" "$mode" "$paging" &&
    riscv64-unknown-elf-gcc -march=rv64gc_zfh_zba_zbb_zbc_zbs_zbkb_zbkc_zbkx_zknd_zkne_zknh -mabi=lp64d -nostdlib -nostartfiles \
        -static -Wl,--no-warn-rwx-segments -T "$here/../diff/link.ld" -o "$dir/p$seed.elf" \
        "$dir/p$seed.S" || exit 2
    ok=1
    for e in jit block interp; do
        if ! "$here/run_randprog.sh" "$rvx" "$e" "$dir/p$seed.elf" >"$dir/p$seed.$e.log"; then
            fails=$((fails + 1)) ok=0
            echo "seed $seed ($e) differs: $dir/p$seed.$e.log"
        fi
    done
    [ $ok = 1 ] && rm -f "$dir/p$seed".*
done
echo "$count programs ($mode, $paging) x $insns instructions x 3 engines: $fails differences (kept in $dir)"
[ $fails -eq 0 ]
