#!/bin/bash
# A bare-metal program (fbfill.S) fills the plain framebuffer; the exit
# screenshot must equal the pattern png.py computes on its own, pixel for
# pixel, at 1280x800.  Headless (--display none): no SDL involved.
# usage: test_baremetal_fb.sh RVX FBFILL_ELF
. "$(dirname "$0")/common.sh"
RVX=$1
ELF=$2
timeout 60 "$RVX" run --display none --screenshot "$WORK/fb.png" "$ELF" </dev/null
status=$?
[ $status -eq 0 ] || fail "rvx run exited with $status, expected 0 (HTIF pass)"
[ "$(png size "$WORK/fb.png")" = "1280 800" ] || fail "screenshot is $(png size "$WORK/fb.png")"
png pattern "$WORK/fb.png" || fail "the screenshot does not match the pattern"
# And the checker can fail: a blank framebuffer (no program drew) must not match.
timeout 60 "$RVX" run --max-insns 10 --screenshot "$WORK/blank.png" "$ELF" </dev/null
! png pattern "$WORK/blank.png" 2>/dev/null || fail "png.py pattern accepted a blank screen"
echo PASS
