#!/bin/bash
# Boots the default guest with the SDL window on (SDL's offscreen driver:
# no real display needed) and drives it through --control:
#   1. /init's command writes text to the framebuffer console (/dev/tty0);
#      once its marker shows on the serial console, screenshot one: 1280x800
#      and not blank.
#   2. A key injected with "key a" reaches the guest: od on the keyboard's
#      evdev node (read with dd) gives an input_event with type EV_KEY (1), code KEY_A (30),
#      value 1 (linux/input-event-codes.h).
#   3. More text on tty0, screenshot two: it differs from one.
#   4. "type" enters a shell command on the screen's console (tty1) that
#      prints TYPED-42 on the serial port; then the guest powers off and the
#      exit screenshot exists.
# usage: test_linux.sh RVX GUEST_DIR
. "$(dirname "$0")/common.sh"
# SDL's video drivers load system libraries whose one-time allocations
# LeakSanitizer reports once they are unloaded (sanitizer builds only).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
RVX=$1
GUEST=$2
[ -r "$GUEST/Image" ] && [ -r "$GUEST/initramfs.cpio.gz" ] ||
    fail "no guest in $GUEST: build it with roms/mkguest.sh $GUEST"

# The guest side (rvx.run takes it base64-encoded: it has quotes).  The
# keyboard is found by the name rvx's virtio-input device reports.
read -r -d '' GUEST_CMD <<'GUEST'
for e in /sys/class/input/event*; do
    grep -q keyboard "$e/device/name" && kbd=/dev/input/${e##*/}
done
[ -n "$kbd" ] || { echo "no keyboard event device"; exit 3; }
echo "SCREEN ONE: hello from the rvx guest" > /dev/tty0
# evdev refuses reads shorter than one event: dd reads exactly one
dd if="$kbd" bs=24 count=1 2>/dev/null | od -A n -t u2 > /tmp/key &
sleep 1
echo "RVX-READY-$((6*7))"
wait
echo KEYEVENT $(cat /tmp/key)
for i in 1 2 3 4 5 6 7 8; do echo "SCREEN TWO line $i: the quick brown fox" > /dev/tty0; done
# An interactive shell on the screen's console, for typed commands.
setsid sh -c 'exec sh -i </dev/tty1 >/dev/tty1 2>&1' &
sleep 1
echo "RVX-DONE-$((6*7))"
i=0
while [ ! -e /tmp/typed ] && [ $i -lt 600 ]; do usleep 100000; i=$((i + 1)); done
GUEST
# The kernel command line holds 1024 bytes at most: drop comments and indents.
B64=$(printf '%s\n' "$GUEST_CMD" | sed -e 's/^ *//' -e '/^#/d' | base64 -w0)
CTL=$WORK/control
LOG=$WORK/console.log
# control LINE: hand one command to rvx (it takes the file when it appears).
control() {
    wait_for 10 test ! -e "$CTL" || fail "rvx did not take the control file"
    printf '%s\n' "$1" > "$CTL.new" && mv "$CTL.new" "$CTL"
}
# key_until PATTERN: press 'a' every 2 s until PATTERN is on the console.
key_until() {
    for _ in $(seq 15); do
        control "key a"
        wait_for 2 grep -q "$1" "$LOG" && return 0
    done
    return 1
}

SDL_VIDEODRIVER=${RVX_TEST_SDL_DRIVER:-offscreen} timeout 240 "$RVX" --display sdl \
    --control "$CTL" --screenshot "$WORK/exit.png" \
    --kernel "$GUEST/Image" --initrd "$GUEST/initramfs.cpio.gz" \
    --append "console=ttyS0 quiet rvx.run=$B64" </dev/null >"$LOG" 2>&1 &
PID=$!
show() { echo "--- guest console (last lines) ---"; tail -n 20 "$LOG"; }

wait_for 180 grep -q RVX-READY-42 "$LOG" || { show; kill $PID; fail "guest never got ready"; }
control "screenshot $WORK/one.png"
wait_for 10 test -e "$WORK/one.png" || { show; kill $PID; fail "no screenshot one"; }
key_until KEYEVENT || { show; kill $PID; fail "the injected key never reached the guest"; }
wait_for 60 grep -q RVX-DONE-42 "$LOG" || { show; kill $PID; fail "guest did not finish"; }
control "screenshot $WORK/two.png"
wait_for 10 test -e "$WORK/two.png" || { show; kill $PID; fail "no screenshot two"; }
# Typed on the window's keyboard: needs shift for $ ( * ) | > (US layout).
# The first enter flushes the extra 'a's key_until may have left in tty1.
control "key enter"
control 'type echo typed-$((6*7)) | tr a-z A-Z > /dev/ttyS0; touch /tmp/typed'
control "key enter"
wait_for 60 grep -q "TYPED-42" "$LOG" || { show; kill $PID; fail "the typed command did not run"; }
wait $PID
status=$?
show
echo "--- rvx exit status: $status ---"
[ $status -eq 0 ] || fail "rvx exited with $status, expected 0"

# struct input_event on rv64: 16 bytes of time, then type, code, value (le32)
read -r -a words <<<"$(grep KEYEVENT "$LOG" | head -n 1 | tr -d '\r' | sed 's/.*KEYEVENT//')"
[ "${#words[@]}" -eq 12 ] || fail "odd key event dump: ${words[*]}"
[ "${words[8]} ${words[9]} ${words[10]} ${words[11]}" = "1 30 1 0" ] ||
    fail "key event is type/code/value ${words[*]:8}, expected EV_KEY KEY_A 1"

for f in one two exit; do
    [ "$(png size "$WORK/$f.png")" = "1280 800" ] || fail "$f.png is $(png size "$WORK/$f.png"), not 1280 800"
done
lit=$(png nonblack "$WORK/one.png")
[ "$lit" -gt 200 ] || fail "screenshot one is blank ($lit lit pixels)"
changed=$(png diff "$WORK/one.png" "$WORK/two.png")
[ "$changed" -gt 1000 ] || fail "the screen did not change between the screenshots ($changed pixels)"
echo "one: $lit lit pixels; two differs in $changed pixels"
echo PASS
