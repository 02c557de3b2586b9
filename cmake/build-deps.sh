#!/usr/bin/env bash
# shellcheck disable=SC2317  # "main; exit" at the end confuses reachability
# Cross-compile the Windows dependencies of openmsdrm as static libraries,
# from Debian's source packages (with Debian's patches applied):
#   OpenSSL (libcrypto only), SQLite, libxml2, cmocka (tests only).
#
# Usage:  bash cmake/build-deps.sh x86_64|i686
#
# Builds whatever is missing and prints the install prefix as the LAST line on
# stdout; everything else goes to stderr or to per-package log files.  The
# prefix holds include/ and lib/ (libcrypto.a libsqlite3.a libxml2.a
# libcmocka.a).  Consumers of libxml2.a must compile with -DLIBXML_STATIC.
#
# Cache root: ${MSDRM_DEPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/openmsdrm-deps}
#   src/<pkg>_<version>/            downloaded Debian source (.dsc + tarballs)
#   src/<pkg>_<version>.unavailable version listed in the index but 404 on the
#                                   mirror; never retried (delete to retry)
#   <triplet>/<key>/                install prefix; <key> hashes the arch, the
#                                   four Debian source versions, the mingw
#                                   toolchain package versions and this script
#   <triplet>/<key>/.stamp          written last: the prefix is complete
#   <triplet>/<key>.build/          work tree and logs (<pkg>.log); the work
#                                   tree is removed after a successful build
#
# Needs root on a fresh Debian 12 only to add deb-src and install build tools.
set -euo pipefail

SCRIPT_PATH=$(readlink -f "${BASH_SOURCE[0]}")
SCRIPT_DIR=$(dirname "$SCRIPT_PATH")
CACHE_ROOT=${MSDRM_DEPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/openmsdrm-deps}
SRC_CACHE=$CACHE_ROOT/src
JOBS=$(nproc)
SOURCE_PACKAGES=(openssl sqlite3 libxml2 cmocka)
declare -A VERSION=()   # source package -> chosen Debian version
SOURCE_INDEX=""         # output of apt-cache showsrc for SOURCE_PACKAGES

# Everything but the final prefix line goes to stderr; fd 3 is the real stdout.
exec 3>&1 1>&2

log() { echo "build-deps: $*"; }
die() { echo "build-deps: error: $*"; exit 1; }

# No silent deaths under errexit: name the failing command.  A failed
# with_lock was already reported by the subshell that failed inside it.
on_err() {
    [[ $BASH_COMMAND == with_lock* || ${FUNCNAME[1]-} == with_lock ]] && return
    echo "build-deps: error: line $2: '$BASH_COMMAND' exited with $1"
}
set -E
trap 'on_err $? $LINENO' ERR

usage() { die "usage: bash cmake/build-deps.sh x86_64|i686"; }

# --- arguments and per-arch settings ----------------------------------------

setup_arch() {
    ARCH=${1:-}
    case "$ARCH" in
        x86_64) DEB_ARCH=x86-64; OPENSSL_TARGET=mingw64 ;;
        i686)   DEB_ARCH=i686;   OPENSSL_TARGET=mingw ;;
        *) usage ;;
    esac
    TRIPLET=$ARCH-w64-mingw32
    TOOLCHAIN_FILE=$SCRIPT_DIR/toolchain-mingw-$ARCH.cmake
    [[ -f $TOOLCHAIN_FILE && -f $SCRIPT_DIR/toolchain-mingw.cmake ]] || die "missing $TOOLCHAIN_FILE"
    # win32 thread model: no libwinpthread-1.dll in what we link (see the
    # toolchain file, which names the same compiler).
    CC=$TRIPLET-gcc-win32
    AR=$TRIPLET-ar
    RANLIB=$TRIPLET-ranlib
    WINDRES=$TRIPLET-windres
    TOOLCHAIN_PACKAGES=("gcc-mingw-w64-$DEB_ARCH-win32" "g++-mingw-w64-$DEB_ARCH-win32"
                        "binutils-mingw-w64-$DEB_ARCH" "mingw-w64-$DEB_ARCH-dev")
    BUILD_PACKAGES=(dpkg-dev make perl patch xz-utils gcc libc6-dev tcl cmake)
}

# --- host setup (apt) --------------------------------------------------------

# Prints the packages among "$@" that are not installed (one dpkg-query).
missing_packages() {
    local installed pkg
    installed=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "$@" 2>/dev/null |
                awk '$1 ~ /^ii/ { print $2 }' || true)
    for pkg in "$@"; do
        grep -qxF "$pkg" <<< "$installed" || echo "$pkg"
    done
}

ensure_packages() {
    local -a missing
    mapfile -t missing < <(missing_packages "$@")
    [[ ${#missing[@]} -eq 0 ]] && return 0
    [[ $(id -u) -eq 0 ]] || die "need root to install: ${missing[*]}"
    log "installing: ${missing[*]}"
    with_lock "$CACHE_ROOT/.apt.lock" apt_install "${missing[@]}"
}

apt_install() {
    # Install can fail on a stale package index; refresh once and retry.
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" ||
        { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"; }
}

# One apt-cache call for all four packages keeps the warm path fast.
load_source_index() {
    SOURCE_INDEX=$(apt-cache showsrc --only-source "${SOURCE_PACKAGES[@]}" 2>/dev/null || true)
}

have_source_index() {
    load_source_index
    [[ $SOURCE_INDEX == *$'\nVersion: '* ]]
}

deb_src_configured() {
    grep -qsE '^Types:.*\bdeb-src\b' /etc/apt/sources.list.d/*.sources ||
        grep -qsE '^[[:space:]]*deb-src[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list
}

# Mirror every "deb" entry as "deb-src" in a file of our own, in both the
# deb822 (.sources) and the one-line (.list) formats, leaving the originals.
add_deb_src() {
    local f out=/etc/apt/sources.list.d/openmsdrm-deb-src
    # shellcheck disable=SC2094  # our own output file is skipped in the loop
    for f in /etc/apt/sources.list.d/*.sources; do
        [[ -f $f && $f != "$out.sources" ]] || continue
        awk 'BEGIN { RS = ""; ORS = "" }
             { n = split($0, L, "\n"); out = ""; isdeb = 0
               for (i = 1; i <= n; i++) {
                 if (L[i] ~ /^#/) continue
                 if (L[i] ~ /^Types:/) {
                   if (L[i] ~ /deb-src/ || L[i] !~ /[ \t]deb([ \t]|$)/) { isdeb = 0; break }
                   isdeb = 1; L[i] = "Types: deb-src"
                 }
                 out = out L[i] "\n"
               }
               if (isdeb) print out "\n" }' "$f"
    done > "$out.sources"
    local -a lists=()
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [[ -f $f && $f != "$out.list" ]] && lists+=("$f")
    done
    if [[ ${#lists[@]} -gt 0 ]]; then
        sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' "${lists[@]}" > "$out.list"
    fi
    [[ -s $out.sources ]] || rm -f "$out.sources"
    [[ -s $out.list ]] || rm -f "$out.list"
    [[ -e $out.sources || -e $out.list ]] || die "no deb entries found to mirror as deb-src"
    log "added deb-src entries:" "$out".*
}

ensure_source_index() {
    have_source_index && return 0
    [[ $(id -u) -eq 0 ]] || die "no deb-src index; need root to add deb-src entries"
    with_lock "$CACHE_ROOT/.apt.lock" setup_source_index
    have_source_index || die "apt-cache showsrc openssl finds nothing even after apt-get update"
}

setup_source_index() {
    have_source_index && return 0   # another run did it while we waited
    deb_src_configured || add_deb_src
    log "apt-get update (deb-src index)"
    apt-get update
}

# --- locking -----------------------------------------------------------------

# with_lock FILE CMD...: run CMD while holding an exclusive flock on FILE.
with_lock() {
    local file=$1; shift
    mkdir -p "$(dirname "$file")"
    (
        flock -x 9
        "$@"
    ) 9>"$file"
}

# --- Debian sources: choose a version and download it --------------------------

# Versions of source package $1 in the index, newest first.
listed_versions() {
    awk -v pkg="$1" '/^Package: / { cur = $2 } /^Version: / && cur == pkg { print $2 }' \
        <<< "$SOURCE_INDEX" | sort -u | sort -rV
}

source_dir() { echo "$SRC_CACHE/$1_$2"; }

# Download $1=$2 into the source cache. Returns 1 if the mirror lacks it.
download_source() {
    local pkg=$1 ver=$2 dir tmp
    dir=$(source_dir "$pkg" "$ver")
    [[ -d $dir ]] && return 0                  # done by a concurrent run
    [[ -e $dir.unavailable ]] && return 1
    tmp=$(mktemp -d "$SRC_CACHE/.download.XXXXXX")
    log "downloading source $pkg=$ver"
    if (cd "$tmp" && apt-get -o APT::Sandbox::User=root source --download-only "$pkg=$ver") \
            > "$tmp.log" 2>&1; then
        mv "$tmp" "$dir"
        rm -f "$tmp.log"
        return 0
    fi
    cat "$tmp.log"
    if grep -q ' 404 ' "$tmp.log"; then
        # Listed in the index but missing from the mirror: remember, skip.
        mv "$tmp.log" "$dir.unavailable"
    else
        rm -f "$tmp.log"
    fi
    rm -rf "$tmp"
    return 1
}

# Newest listed version that is cached or can be downloaded. Downloaded
# sources are kept, so a warm run needs no network.
select_version() {
    local pkg=$1 ver
    local -a versions
    mapfile -t versions < <(listed_versions "$pkg")
    [[ ${#versions[@]} -gt 0 ]] || die "no source versions of $pkg in the apt index"
    for ver in "${versions[@]}"; do
        [[ -e $(source_dir "$pkg" "$ver").unavailable ]] && continue
        if [[ -d $(source_dir "$pkg" "$ver") ]] ||
                with_lock "$SRC_CACHE/.lock" download_source "$pkg" "$ver"; then
            VERSION[$pkg]=$ver
            return 0
        fi
        log "source $pkg=$ver not downloadable, trying an older one"
    done
    die "no downloadable version of source package $pkg (tried: ${versions[*]})"
}

# extract PKG DEST [PATCH-TO-SKIP...]: unpack the cached source and apply
# Debian's quilt series ourselves, so single patches can be left out.
extract() {
    local pkg=$1 dest=$2 patch; shift 2
    local -a skip=("$@")
    local dsc
    dsc=$(echo "$(source_dir "$pkg" "${VERSION[$pkg]}")"/*.dsc)
    rm -rf "$dest"
    dpkg-source --no-copy --skip-patches -x "$dsc" "$dest"
    [[ -f $dest/debian/patches/series ]] || return 0
    while read -r patch opts; do
        [[ -z $patch || $patch == \#* ]] && continue
        if [[ " ${skip[*]-} " == *" $patch "* ]]; then
            echo "skipping Debian patch $patch"
            continue
        fi
        # shellcheck disable=SC2086
        patch -d "$dest" ${opts:--p1} --batch --forward < "$dest/debian/patches/$patch"
    done < "$dest/debian/patches/series"
}

# --- the four builds (each runs in a subshell with output to its log) -----------

build_openssl() {
    local src=$WORK/openssl
    local -a skip=()
    # pic.patch rewrites 32-bit x86 perlasm for ELF (GOT/@PLT), which breaks
    # the COFF assembly of the mingw target; it does nothing on x86_64.
    [[ $ARCH == i686 ]] && skip+=(pic.patch)
    extract openssl "$src" "${skip[@]}"
    cd "$src"
    # no-module: legacy provider (RC4, DES, MD4...) is built into libcrypto.
    # no-autoload-config: a DLL must not read openssl.cnf from a path that
    # unprivileged users may create (C:\usr\local\ssl).
    perl Configure "$OPENSSL_TARGET" no-shared no-module no-tests \
        no-autoload-config --prefix=/usr/local --libdir=lib \
        CC="$CC" AR="$AR" RANLIB="$RANLIB" RC="$WINDRES" CFLAGS="-O2"
    # Only libcrypto is needed; skip libssl, apps and tests.
    make -j"$JOBS" build_generated
    make -j"$JOBS" libcrypto.a
    mkdir -p "$PREFIX/include/openssl" "$PREFIX/lib"
    cp include/openssl/*.h "$PREFIX/include/openssl/"
    cp libcrypto.a "$PREFIX/lib/"
}

build_sqlite() {
    local src=$WORK/sqlite3 defs
    extract sqlite3 "$src"
    cd "$src"
    # The Debian source is the full tree, not the amalgamation.  Generate
    # sqlite3.c with a native configure (needs host gcc and tclsh; the result
    # is platform independent) and cross-compile that one file, which avoids
    # the cross-configure traps (BEXE, TARGET_EXEEXT, CROSS_BUILDING).
    ./configure --disable-tcl --disable-readline
    make -j"$JOBS" sqlite3.c sqlite3.h
    # Same feature set as Debian's libsqlite3 (CFLAGS in debian/rules plus
    # the --enable-fts4/fts5 configure switches).
    defs=$(sed -n '/^export CFLAGS/,/^$/p' debian/rules | grep -o -- '-DSQLITE_[A-Za-z0-9_]*\(=[0-9]*\)\?' | sort -u | tr '\n' ' ')
    defs+=" -DSQLITE_ENABLE_FTS4 -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_MATH_FUNCTIONS -DSQLITE_THREADSAFE=1"
    echo "SQLite defines: $defs"
    # shellcheck disable=SC2086
    "$CC" -O2 $defs -c sqlite3.c -o sqlite3.o
    rm -f libsqlite3.a
    "$AR" rcs libsqlite3.a sqlite3.o
    mkdir -p "$PREFIX/include" "$PREFIX/lib"
    cp sqlite3.h src/sqlite3ext.h "$PREFIX/include/"
    cp libsqlite3.a "$PREFIX/lib/"
}

build_libxml2() {
    local src=$WORK/libxml2
    extract libxml2 "$src"
    cd "$src"
    # --disable-maintainer-mode: Debian's patches touch Makefile.am, which
    # would otherwise make make rerun automake.
    # --without-catalog: a DLL must not consult /usr/local/etc/xml/catalog
    # (i.e. C:\usr\local\..., creatable by any user) to resolve entities.
    # LIBXML_STATIC_FOR_DLL: libxml2 ends up inside msdrm.dll; per-thread
    # state is then freed by xmlDllMain()/xmlCleanupParser() instead of a
    # helper thread per thread (which would outlive a FreeLibrary'd DLL).
    ./configure --host="$TRIPLET" --build="$(gcc -dumpmachine)" \
        --prefix="$PREFIX" --disable-shared --enable-static \
        --disable-maintainer-mode --without-python --without-iconv \
        --without-icu --without-zlib --without-lzma --without-http \
        --without-ftp --without-modules --without-readline \
        --without-history --without-catalog --with-threads \
        --without-thread-alloc \
        CC="$CC" AR="$AR" RANLIB="$RANLIB" \
        CFLAGS="-O2 -DLIBXML_STATIC_FOR_DLL"
    make -j"$JOBS" libxml2.la
    make install-libLTLIBRARIES install-pkgconfigDATA
    make -C include install
    rm -f "$PREFIX/lib/libxml2.la"
}

build_cmocka() {
    local src=$WORK/cmocka
    extract cmocka "$src"
    # Build type "None" and the WITH_STACK_* cache entries keep cmocka from
    # adding _FORTIFY_SOURCE / -fstack-protector, which would need libssp.
    cmake -S "$src" -B "$src/_build" \
        -DCMAKE_TOOLCHAIN_FILE="$TOOLCHAIN_FILE" \
        -DCMAKE_BUILD_TYPE=None -DCMAKE_C_FLAGS="-O2" \
        -DWITH_STATIC_LIB=ON -DWITH_EXAMPLES=OFF -DUNIT_TESTING=OFF \
        -DWITH_STACK_PROTECTOR_STRONG=OFF -DWITH_STACK_PROTECTOR=OFF \
        -DWITH_STACK_CLASH_PROTECTION=OFF
    cmake --build "$src/_build" --target cmocka-static -j "$JOBS"
    mkdir -p "$PREFIX/include" "$PREFIX/lib"
    cp "$src/include/cmocka.h" "$src/include/cmocka_pbc.h" "$PREFIX/include/"
    cp "$src/_build/src/libcmocka-static.a" "$PREFIX/lib/libcmocka.a"
}

# run_step NAME FUNCTION: run FUNCTION with errexit in a subshell, output to
# $WORK/NAME.log; on failure show the log's tail and stop.
run_step() {
    local name=$1 fn=$2 logfile=$WORK/$1.log rc=0 start=$SECONDS
    log "[$TRIPLET] building $name ${VERSION[$name]} (log: $logfile)"
    # errexit must stay on inside the subshell, so it cannot sit in an "if".
    set +e; trap - ERR
    ( trap 'on_err $? $LINENO' ERR; set -euo pipefail; "$fn" ) > "$logfile" 2>&1
    rc=$?
    set -e; trap 'on_err $? $LINENO' ERR
    if [[ $rc -ne 0 ]]; then
        echo "----- last 40 lines of $logfile -----"
        tail -n 40 "$logfile"
        die "[$TRIPLET] $name failed (exit $rc); full log: $logfile"
    fi
    log "[$TRIPLET] $name done in $((SECONDS - start))s"
}

# --- cache key, stamp and the full build ----------------------------------------

compute_prefix() {
    local pkg key_input
    key_input="arch=$ARCH cc=$CC"$'\n'
    for pkg in "${SOURCE_PACKAGES[@]}"; do
        key_input+="$pkg=${VERSION[$pkg]}"$'\n'
    done
    key_input+=$(dpkg-query -W -f='${Package}=${Version}\n' "${TOOLCHAIN_PACKAGES[@]}")$'\n'
    key_input+=$(sha256sum "$SCRIPT_PATH" "$TOOLCHAIN_FILE" "$SCRIPT_DIR/toolchain-mingw.cmake" |
                 cut -d' ' -f1)
    KEY_INFO=$key_input
    PREFIX=$CACHE_ROOT/$TRIPLET/$(sha256sum <<< "$key_input" | cut -c1-16)
    WORK=$PREFIX.build
    STAMP=$PREFIX/.stamp
}

build_all() {
    [[ -f $STAMP ]] && return 0     # a concurrent run finished it meanwhile
    local start=$SECONDS
    ensure_packages "${BUILD_PACKAGES[@]}"
    rm -rf "$PREFIX" "$WORK"
    mkdir -p "$PREFIX" "$WORK"
    run_step openssl build_openssl
    run_step sqlite3 build_sqlite
    run_step libxml2 build_libxml2
    run_step cmocka  build_cmocka
    check_prefix
    printf '%s\n' "$KEY_INFO" > "$PREFIX/openmsdrm-deps.txt"
    # Keep the logs, drop the (large) work trees.
    find "$WORK" -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} +
    touch "$STAMP"
    log "[$TRIPLET] all dependencies built in $((SECONDS - start))s"
}

check_prefix() {
    local f
    for f in lib/libcrypto.a lib/libsqlite3.a lib/libxml2.a lib/libcmocka.a \
             include/openssl/evp.h include/sqlite3.h \
             include/libxml2/libxml/parser.h include/cmocka.h; do
        [[ -f $PREFIX/$f ]] || die "build finished but $PREFIX/$f is missing"
    done
}

main() {
    setup_arch "$@"
    mkdir -p "$SRC_CACHE"
    ensure_packages "${TOOLCHAIN_PACKAGES[@]}"
    ensure_source_index
    local pkg
    for pkg in "${SOURCE_PACKAGES[@]}"; do
        select_version "$pkg"
    done
    compute_prefix
    if [[ ! -f $STAMP ]]; then
        log "[$TRIPLET] building into $PREFIX"
        with_lock "$PREFIX.lock" build_all
    fi
    echo "$PREFIX" >&3
}

# "exit" on the same line: bash stops reading here, so editing (or git
# checking out) this file while a build runs cannot derail the running copy.
main "$@"; exit
