#!/bin/bash
# --display sdl with no display available: one clear line on stderr, nothing
# on stdout, a non-zero exit, and no guest run.  A bad --display value is a
# usage error (exit 2).
# usage: test_no_display.sh RVX
. "$(dirname "$0")/common.sh"
RVX=$1
# SDL's x11 driver without $DISPLAY cannot open anything, on any host.
env -u DISPLAY -u WAYLAND_DISPLAY SDL_VIDEODRIVER=x11 \
    timeout 30 "$RVX" --display sdl --kernel /dev/null </dev/null >"$WORK/out" 2>"$WORK/err"
status=$?
cat "$WORK/err"
[ $status -ne 0 ] && [ $status -ne 124 ] || fail "exit status $status, expected a failure"
[ ! -s "$WORK/out" ] || fail "unexpected output on stdout: $(head -c 200 "$WORK/out")"
[ "$(wc -l <"$WORK/err")" -eq 1 ] || fail "expected exactly one line on stderr"
grep -q -- '--display sdl' "$WORK/err" || fail "the error does not name --display sdl"

timeout 30 "$RVX" --display bogus </dev/null >/dev/null 2>"$WORK/err"
[ $? -eq 2 ] || fail "--display bogus should exit 2"
grep -q "display" "$WORK/err" || fail "--display bogus: unclear message"
echo PASS
