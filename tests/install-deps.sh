#!/bin/bash
# Installs the Debian packages libawsmap needs to build, test and draw, if any
# are missing. The one list every script (and CI) uses.
set -euo pipefail
packages=(
  build-essential cmake pkg-config g++ clang libclang-rt-14-dev
  libcurl4-openssl-dev libssl-dev libxml2-dev libcjson-dev libcmocka-dev
  python3 python3-botocore python3-boto3 python3-pytest
  graphviz doxygen valgrind
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
