#!/bin/bash
# Installs the build into a scratch prefix, then builds and runs a consumer
# against it twice: with find_package(awsmap CONFIG) and with pkg-config.
set -euo pipefail
build=$1 src=$2 work=$3 flags=$4 version=$5
rm -rf "$work"
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
libdir=$(dirname "$(find "$prefix" -name 'libawsmap.*' | head -n1)")

echo "== find_package(awsmap CONFIG)"
cmake -S "$src" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$prefix" \
      -DCMAKE_C_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" -DCMAKE_BUILD_RPATH="$libdir" >/dev/null
cmake --build "$work/cmake" >/dev/null
out=$("$work/cmake/consumer")
echo "$out"
grep -q "libawsmap $version (headers match)" <<<"$out"

echo "== pkg-config awsmap"
export PKG_CONFIG_PATH=$libdir/pkgconfig
[ "$(pkg-config --modversion awsmap)" = "$version" ]
static=""
[ -e "$libdir/libawsmap.so" ] || static="--static"
# shellcheck disable=SC2046,SC2086
cc $flags -o "$work/pc-consumer" "$src/main.c" $(pkg-config $static --cflags --libs awsmap) -Wl,-rpath,"$libdir"
out=$("$work/pc-consumer")
echo "$out"
grep -q "libawsmap $version (headers match)" <<<"$out"
