#!/bin/bash
# test_smp_cli.sh RVX HOSTILE1 HOSTILE2: bad --smp/--threads values are
# one line and exit status 2; guests that hammer IPIs (hostile.S, 1) or
# stop every hart (2) on eight host threads end within a second of
# SIGTERM, in order (status 128 + 15), without a crash.
RVX=$1
fail() { echo "FAIL: $*"; exit 1; }
for bad in "--smp 0" "--smp abc" "--smp 33" "--smp -1" "--threads 2" "--threads"; do
    err=$("$RVX" run $bad "$2" 2>&1 >/dev/null)
    st=$?
    [ $st -eq 2 ] || fail "'$bad': exit status $st, not 2"
    [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || fail "'$bad': not one line: $err"
    echo "'$bad': $err"
done
for elf in "$2" "$3"; do
    for threads in hart 1; do
        "$RVX" run --smp 8 --threads $threads "$elf" </dev/null >/dev/null 2>&1 &
        pid=$!
        sleep 2
        kill -0 $pid 2>/dev/null || fail "$elf ended by itself"
        t0=$(date +%s%N)
        kill -TERM $pid
        for i in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.01; done
        t1=$(date +%s%N)
        kill -0 $pid 2>/dev/null && { kill -KILL $pid; fail "$elf --threads $threads: still running 1 s after SIGTERM"; }
        wait $pid
        st=$?
        # (rvx ends with 128 + the signal's number after an orderly exit)
        [ $st -eq 143 ] || fail "$elf --threads $threads: exit status $st, not 143"
        echo "$(basename "$elf") --threads $threads: ended $(( (t1 - t0) / 1000000 )) ms after SIGTERM (status $st)"
    done
done
echo PASS
