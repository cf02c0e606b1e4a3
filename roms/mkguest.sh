#!/bin/bash
# mkguest.sh OUTDIR — assemble rvx's default Linux guest from Debian packages.
#
# Produces, in OUTDIR:
#   Image               Debian's riscv64 kernel (the package's /boot/vmlinux-*, which is
#                       already a flat RISC-V "Image" with an EFI stub header)
#   initramfs.cpio.gz   newc cpio + gzip: static busybox, /init (roms/init) and the
#                       virtio / ext4 modules with their dependencies
#   fw_dynamic.bin      OpenSBI generic fw_dynamic firmware, from the suite's `opensbi`
#                       package (Architecture: all; at least 1.3, see OPENSBI_MIN below)
#   guest.env           what was used (package names, versions, kernel release, paths)
#
# Packages come from Debian's riscv64 archive (suite $RVX_GUEST_SUITE, default trixie)
# through the same mirror the host's apt uses, with a private apt state directory so the
# host's apt configuration and package lists are never touched.
#
# A second run with unchanged inputs (this script, roms/init, suite, mirror) does nothing
# and needs no network.  Options / environment:
#   --refresh              re-read the archive index (picks up a newer kernel)
#   RVX_GUEST_SUITE        Debian suite for the riscv64 packages (default: trixie)
#   RVX_GUEST_CACHE        download/extract cache (default: OUTDIR/.cache)
#   RVX_DEBIAN_MIRROR      mirror URL override (default: taken from the host's apt sources)
set -euo pipefail

die() { printf 'mkguest: error: %s\n' "$*" >&2; exit 1; }
note() { printf 'mkguest: %s\n' "$*" >&2; }

REFRESH=0
OUT=
for arg in "$@"; do
    case $arg in
        --refresh) REFRESH=1 ;;
        -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) die "unknown option $arg (try --help)" ;;
        *) [ -z "$OUT" ] || die "only one OUTDIR may be given"; OUT=$arg ;;
    esac
done
[ -n "$OUT" ] || die "usage: $0 [--refresh] OUTDIR"

HERE=$(cd "$(dirname "$0")" && pwd)
INIT_SRC=$HERE/init
[ -r "$INIT_SRC" ] || die "missing $INIT_SRC (the guest's /init script)"
DHCP_SRC=$HERE/udhcpc.script     # installed as udhcpc's default script
[ -r "$DHCP_SRC" ] || die "missing $DHCP_SRC"

SUITE=${RVX_GUEST_SUITE:-trixie}
ARCH=riscv64
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
# Where the opensbi package keeps the firmware the virt machine boots.
OPENSBI_FW=usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin
# OpenSBI before 1.3 (Debian 12 ships 1.1) has a hart-start race: sbi_hsm_hart_start
# publishes START_PENDING before it writes the start address and argument, so a
# secondary hart running on its own host thread (--threads hart) can enter the kernel
# with a stale argument (OpenSBI commit e8e9ed37, in 1.3, orders the writes).  The guest
# therefore takes the suite's opensbi, never the host's.
OPENSBI_MIN=1.3
# Modules the guest loads at boot (module names as in the kernel tree); their
# dependencies are resolved from each module's own modinfo `depends=` list.
# crc32c_generic is named explicitly, before ext4: jbd2/ext4 reach it only through a
# crypto alias (jbd2's softdep "pre: crypto-crc32c"), which `depends=` does not record.
ROOT_MODULES="virtio_mmio virtio_blk virtio_net virtio_input evdev virtio-rng virtio-gpu
crc32c_generic ext4"

for tool in apt-get apt-cache dpkg dpkg-deb cpio gzip xz find sort awk sha256sum; do
    command -v "$tool" >/dev/null 2>&1 || die "needs '$tool' on the host"
done

mkdir -p "$OUT" || die "cannot create $OUT"
OUT=$(cd "$OUT" && pwd)
CACHE=${RVX_GUEST_CACHE:-$OUT/.cache}
mkdir -p "$CACHE" || die "cannot create cache $CACHE"
CACHE=$(cd "$CACHE" && pwd)

# --- which mirror: the first main-archive URI in the host's apt sources ---------------
host_mirror() {
    {
        # one-line format: deb [options] URI suite components
        cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
            awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z+]+:\/\//) { print $i; break } }'
        # deb822 format: "URIs:" lines in *.sources
        cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
            awk 'tolower($1) == "uris:" { for (i = 2; i <= NF; i++) print $i }'
    } | grep -E '/debian/?$' | head -n 1 | sed 's:/*$::'
}
MIRROR=${RVX_DEBIAN_MIRROR:-$(host_mirror || true)}
[ -n "$MIRROR" ] || die "no Debian mirror (an URI ending in /debian) in /etc/apt/sources.list{,.d}; set RVX_DEBIAN_MIRROR"

# --- nothing to do? -------------------------------------------------------------------
STAMP_WANT=$( { cat "$0" "$INIT_SRC" "$DHCP_SRC"; echo "$SUITE $MIRROR $ROOT_MODULES"; } | sha256sum | cut -d' ' -f1)
if [ "$REFRESH" = 0 ] && [ -s "$OUT/Image" ] && [ -s "$OUT/initramfs.cpio.gz" ] &&
   [ -s "$OUT/fw_dynamic.bin" ] && [ "$(cat "$OUT/.stamp" 2>/dev/null)" = "$STAMP_WANT" ]; then
    note "guest in $OUT is up to date (use --refresh to look for newer packages)"
    exit 0
fi

# --- private apt ----------------------------------------------------------------------
APTDIR=$CACHE/apt
mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial" "$APTDIR/etc" "$APTDIR/debs"
[ -e "$APTDIR/status" ] || : > "$APTDIR/status"
SIGNED=
[ -r "$KEYRING" ] && SIGNED=" signed-by=$KEYRING"
printf 'deb [arch=%s%s] %s %s main\n' "$ARCH" "$SIGNED" "$MIRROR" "$SUITE" > "$APTDIR/etc/sources.list.new"
if ! cmp -s "$APTDIR/etc/sources.list.new" "$APTDIR/etc/sources.list" 2>/dev/null; then
    mv "$APTDIR/etc/sources.list.new" "$APTDIR/etc/sources.list"
    REFRESH=1
else
    rm -f "$APTDIR/etc/sources.list.new"
fi

run_apt() { # run_apt apt-get|apt-cache ARGS...: apt with the private state only
    local tool=$1; shift
    set -- -o "Dir::Etc::sourcelist=$APTDIR/etc/sources.list" -o Dir::Etc::sourceparts=- \
        -o "Dir::State::Lists=$APTDIR/lists" -o "Dir::Cache=$APTDIR/cache" \
        -o "Dir::State::status=$APTDIR/status" -o "APT::Architecture=$ARCH" \
        -o "APT::Architectures=$ARCH" -o Debug::NoLocking=1 -o APT::Sandbox::User=root "$@"
    "$tool" "$@"
}

if [ "$REFRESH" = 1 ] || ! ls "$APTDIR/lists/"*_Packages* >/dev/null 2>&1; then
    note "reading the $SUITE/$ARCH index from $MIRROR"
    run_apt apt-get -q update >"$APTDIR/update.log" 2>&1 ||
        { cat "$APTDIR/update.log" >&2; die "apt-get update of $MIRROR $SUITE ($ARCH) failed"; }
fi

KPKG=$(run_apt apt-cache depends linux-image-riscv64 2>/dev/null |
       awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }' || true)
[ -n "$KPKG" ] || die "cannot resolve linux-image-riscv64 in $SUITE (is $MIRROR a full Debian mirror?)"
case $KPKG in
    linux-image-6.12.*-riscv64) ;;
    *) note "warning: linux-image-riscv64 now depends on $KPKG (expected linux-image-6.12.*-riscv64)" ;;
esac

# download PKG: print the path of the cached .deb, fetching it only if that version is absent
download() {
    local ver fver deb
    ver=$(run_apt apt-cache show --no-all-versions "$1" 2>/dev/null | awk '$1 == "Version:" { print $2; exit }' || true)
    [ -n "$ver" ] || die "package $1 not found in $SUITE/$ARCH"
    fver=$(printf '%s' "$ver" | sed 's/:/%3a/')
    deb=$APTDIR/debs/${1}_${fver}_$ARCH.deb
    [ -s "$deb" ] || [ ! -e "$APTDIR/debs/${1}_${fver}_all.deb" ] || deb=$APTDIR/debs/${1}_${fver}_all.deb
    if [ ! -s "$deb" ]; then
        note "downloading $1 $ver"
        (cd "$APTDIR/debs" && run_apt apt-get -q download "$1" >"$APTDIR/download.log" 2>&1) ||
            { cat "$APTDIR/download.log" >&2; die "apt-get download $1 failed"; }
        [ -s "$deb" ] || deb=$(ls "$APTDIR/debs/${1}_${fver}_"*.deb 2>/dev/null | head -n 1 || true)
        [ -s "$deb" ] || die "downloaded $1 but cannot find its .deb in $APTDIR/debs"
    fi
    printf '%s\n' "$deb"
}
KDEB=$(download "$KPKG")
BDEB=$(download busybox-static)
ODEB=$(download opensbi)

# extract DEB DIR: unpack once per .deb (the directory name carries the file name)
extract() {
    local dir
    dir=$CACHE/x/$(basename "$1" .deb)
    if [ ! -e "$dir/.done" ]; then
        rm -rf "$dir"; mkdir -p "$dir"
        dpkg-deb -x "$1" "$dir" || die "dpkg-deb -x $1 failed"
        : > "$dir/.done"
    fi
    printf '%s\n' "$dir"
}
KX=$(extract "$KDEB")
BX=$(extract "$BDEB")
OX=$(extract "$ODEB")

# --- kernel Image ---------------------------------------------------------------------
KIMG=$(ls "$KX"/boot/vmlinux-* "$KX"/boot/vmlinuz-* 2>/dev/null | head -n 1 || true)
[ -n "$KIMG" ] || die "$KPKG has no /boot/vmlinux-*"
# RISC-V Image header (Documentation/arch/riscv/boot-image-header.rst): magic2 "RSC\x05"
# at offset 56.  A gzip'd vmlinuz would fail this and must not be passed off as an Image.
[ "$(od -An -c -j 56 -N 3 "$KIMG" | tr -d ' ')" = RSC ] ||
    die "$KIMG is not a flat RISC-V Image (no RSC magic at offset 56)"
KREL=$(basename "$KIMG" | sed 's/^vmlinu[xz]-//')

# --- modules: resolve dependencies from modinfo ----------------------------------------
MODROOT=
for d in "$KX/usr/lib/modules/$KREL" "$KX/lib/modules/$KREL"; do
    [ -d "$d" ] && MODROOT=$d && break
done
[ -n "$MODROOT" ] || die "$KPKG has no modules directory for $KREL"

STAGE=$CACHE/stage
rm -rf "$STAGE"
mkdir -p "$STAGE/bin" "$STAGE/sbin" "$STAGE/usr/bin" "$STAGE/usr/sbin" "$STAGE/dev" \
         "$STAGE/proc" "$STAGE/sys" "$STAGE/tmp" "$STAGE/mnt" "$STAGE/root" "$STAGE/etc" \
         "$STAGE/lib/modules/$KREL"

# name -> relative path of every module file (module names treat '-' and '_' alike)
INDEX=$CACHE/modindex
(cd "$MODROOT" && find kernel -name '*.ko' -o -name '*.ko.xz' -o -name '*.ko.zst' -o -name '*.ko.gz') |
    awk '{ n = $0; sub(/.*\//, "", n); sub(/\.ko(\.(xz|zst|gz))?$/, "", n); gsub(/-/, "_", n); print n, $0 }' |
    sort > "$INDEX"

# copy one module uncompressed into the stage (busybox insmod does not read .xz);
# print its "depends=" names
stage_module() { # rel-path -> prints dependency names
    local src dst
    src=$MODROOT/$1
    dst=$STAGE/lib/modules/$KREL/$(printf '%s' "$1" | sed -E 's/\.(xz|zst|gz)$//')
    mkdir -p "$(dirname "$dst")"
    case $1 in
        *.xz) xz -dc "$src" > "$dst" ;;
        *.zst) zstd -qdc "$src" > "$dst" ;;
        *.gz) gzip -dc "$src" > "$dst" ;;
        *) cp "$src" "$dst" ;;
    esac || die "cannot decompress $src"
    tr '\0' '\n' < "$dst" | awk -F= '$1 == "depends" && !done { gsub(/,/, " ", $2); print $2; done = 1 }'
}

# Depth-first walk; a module is appended to the load order after all its dependencies,
# which is the order insmod needs.  DEPS records "path: dep-paths" lines for modules.dep.
ORDER=$CACHE/modorder; DEPS=$CACHE/moddeps; SEEN=$CACHE/modseen
: > "$ORDER"; : > "$DEPS"; : > "$SEEN"
visit() {
    local name rel deps ko line d dn dko
    name=$(printf '%s' "$1" | tr - _)
    grep -qx "$name" "$SEEN" && return 0
    echo "$name" >> "$SEEN"
    rel=$(awk -v n="$name" '$1 == n { print $2; exit }' "$INDEX")
    if [ -z "$rel" ]; then
        if grep -qE "^$name\$|/$name\.ko\$" "$MODROOT/modules.builtin" 2>/dev/null ||
           grep -q "/$(printf '%s' "$1")\.ko\$" "$MODROOT/modules.builtin" 2>/dev/null; then
            return 0        # built into the kernel: nothing to load
        fi
        die "module $1 is neither a module file nor built in to $KREL"
    fi
    deps=$(stage_module "$rel")
    for d in $deps; do visit "$d"; done
    ko=$(printf '%s' "$rel" | sed -E 's/\.(xz|zst|gz)$//')
    echo "$ko" >> "$ORDER"
    # modules.dep lists a module's whole closure, deepest last (modprobe loads from the end)
    line="$ko:"
    for d in $deps; do
        dn=$(printf '%s' "$d" | tr - _)
        dko=$(awk -v n="$dn" '$1 == n { print $2; exit }' "$INDEX" | sed -E 's/\.(xz|zst|gz)$//')
        [ -n "$dko" ] && line="$line $dko $(awk -v k="$dko" -F': ?' '$1 == k { print $2 }' "$DEPS")"
    done
    # closure sorted latest-loaded first: modprobe walks the list from its end
    echo "$line" | awk 'NR == FNR { pos[$1] = NR; next }
        { out = $1; m = 0
          for (i = 2; i <= NF; i++) if (!seen[$i]++) { m++; d[m] = $i }
          for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++)
              if (pos[d[j]] > pos[d[i]]) { t = d[i]; d[i] = d[j]; d[j] = t }
          for (i = 1; i <= m; i++) out = out " " d[i]
          print out }' "$ORDER" - >> "$DEPS"
}
for m in $ROOT_MODULES; do visit "$m"; done
cp "$ORDER" "$STAGE/lib/modules/$KREL/modules.load"
sed 's/:$/: /' "$DEPS" | sed 's/ *$//; s/:$/:/' > "$STAGE/lib/modules/$KREL/modules.dep"
cp "$MODROOT/modules.builtin" "$STAGE/lib/modules/$KREL/" 2>/dev/null || true
note "modules ($(wc -l < "$ORDER")): $(sed 's:.*/::; s/\.ko$//' "$ORDER" | tr '\n' ' ')"

# --- busybox and /init ------------------------------------------------------------------
BB=$(ls "$BX"/bin/busybox "$BX"/usr/bin/busybox 2>/dev/null | head -n 1 || true)
[ -n "$BB" ] || die "busybox-static has no busybox binary"
cp "$BB" "$STAGE/bin/busybox"
chmod 755 "$STAGE/bin/busybox"
ln -s busybox "$STAGE/bin/sh"     # the rest of the applet links are made by /init
cp "$INIT_SRC" "$STAGE/init"
chmod 755 "$STAGE/init"
# where Debian's busybox udhcpc looks for its script (CONFIG_UDHCPC_DEFAULT_SCRIPT)
mkdir -p "$STAGE/etc/udhcpc"
cp "$DHCP_SRC" "$STAGE/etc/udhcpc/default.script"
chmod 755 "$STAGE/etc/udhcpc/default.script"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$STAGE/etc/passwd"
printf 'root:x:0:\n' > "$STAGE/etc/group"
printf '%s\n' "$KREL" > "$STAGE/etc/rvx-kernel-release"

TMPI=$OUT/.initramfs.cpio.gz.tmp
(cd "$STAGE" && find . | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0 | gzip -9n > "$TMPI") ||
    die "building the initramfs failed"
mv "$TMPI" "$OUT/initramfs.cpio.gz"
cp "$KIMG" "$OUT/Image.tmp" && mv "$OUT/Image.tmp" "$OUT/Image"

# --- OpenSBI (the suite's package, architecture-independent) ---------------------------
OVER=$(dpkg-deb -f "$ODEB" Version)
dpkg --compare-versions "$OVER" ge "$OPENSBI_MIN" ||
    die "opensbi $OVER in $SUITE is older than $OPENSBI_MIN (its hart start races with host threads)"
[ -s "$OX/$OPENSBI_FW" ] || die "opensbi $OVER has no /$OPENSBI_FW"
cp "$OX/$OPENSBI_FW" "$OUT/fw_dynamic.bin.tmp" && mv "$OUT/fw_dynamic.bin.tmp" "$OUT/fw_dynamic.bin"

KVER=$(dpkg-deb -f "$KDEB" Version)
BVER=$(dpkg-deb -f "$BDEB" Version)
cat > "$OUT/guest.env" <<EOF
# written by roms/mkguest.sh
RVX_GUEST_KERNEL_PACKAGE=$KPKG
RVX_GUEST_KERNEL_VERSION=$KVER
RVX_GUEST_KERNEL_RELEASE=$KREL
RVX_GUEST_BUSYBOX_VERSION=$BVER
RVX_GUEST_SUITE=$SUITE
RVX_GUEST_MIRROR=$MIRROR
RVX_GUEST_OPENSBI_VERSION=$OVER
RVX_GUEST_IMAGE=$OUT/Image
RVX_GUEST_INITRD=$OUT/initramfs.cpio.gz
RVX_GUEST_FIRMWARE=$OUT/fw_dynamic.bin
EOF
echo "$STAMP_WANT" > "$OUT/.stamp"
note "done: $OUT/Image ($KPKG $KVER), $OUT/initramfs.cpio.gz, $OUT/fw_dynamic.bin (opensbi $OVER)"
