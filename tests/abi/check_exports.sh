#!/bin/bash
# Fails if the shared library exports a symbol without the awsmap_ prefix, or
# if its exports and src/symbols-in-versions differ in either direction.
set -euo pipefail
lib=$1 list=$2
exported=$(nm -D --defined-only "$lib" | awk '$2 != "A" { sub(/@.*/, "", $3); print $3 }' | sort -u)
listed=$(grep -v '^#' "$list" | awk 'NF { print $1 }' | sort -u)
status=0
bad=$(grep -v '^awsmap_' <<<"$exported" || true)
if [ -n "$bad" ]; then
  echo "FAIL: exported without the awsmap_ prefix:"; echo "$bad"; status=1
fi
unlisted=$(comm -23 <(echo "$exported") <(echo "$listed"))
if [ -n "$unlisted" ]; then
  echo "FAIL: exported but missing from $list (add them with the version):"; echo "$unlisted"; status=1
fi
gone=$(comm -13 <(echo "$exported") <(echo "$listed"))
if [ -n "$gone" ]; then
  echo "FAIL: listed in $list but no longer exported (an ABI break):"; echo "$gone"; status=1
fi
echo "$(wc -l <<<"$exported") symbols exported, $(wc -l <<<"$listed") listed"
exit $status
