#!/bin/bash
# A guest command failing with status 3 makes rvx exit with 3 (through the
# SiFive test device's FAIL code).
. "$(dirname "$0")/common.sh"
boot 'rvx.cmd="echo about to fail; exit 3"'
[ $status -eq 3 ] || fail "rvx exited with $status, expected 3"
grep -q 'about to fail' "$WORK/console.log" || fail "command output missing"
echo PASS
