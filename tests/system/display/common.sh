# Shared by the display system tests.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
png() { python3 "$HERE/png.py" "$@"; }
# wait_for SECONDS COMMAND...: poll COMMAND every 0.2 s until it succeeds.
wait_for() {
    local t=$(( $1 * 5 ))
    shift
    while ! "$@" 2>/dev/null; do
        t=$((t - 1))
        [ $t -gt 0 ] || return 1
        sleep 0.2
    done
}
