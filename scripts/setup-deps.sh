#!/bin/sh
# Installs every build and test dependency of nianbao from Debian 12 (bookworm) packages.
# Used by the README's commands, .ci/run and the Dockerfile's build stage: one list, one place.
#   scripts/setup-deps.sh           build + test dependencies
#   scripts/setup-deps.sh --runtime only the shared libraries the nianbao binary links against
set -eu
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

runtime="libleveldb1d libsnappy1v5 libcurl4 libgumbo1 libxml2 libpoppler-cpp0v5 libzip4
  libuchardet0 zlib1g libssl3 libnettle8 ca-certificates"
build="build-essential cmake ninja-build pkg-config git python3
  libleveldb-dev libsnappy-dev libcurl4-openssl-dev libgumbo-dev libxml2-dev libboost-dev
  libpoppler-cpp-dev libzip-dev libuchardet-dev libtomlplusplus-dev nlohmann-json3-dev
  zlib1g-dev nettle-dev catch2 libxml2-utils"
# Test-only: python3 (the simulated government web), libxml2-utils (xmllint checks the Atom feed).

pkgs="$runtime $build"
[ "${1:-}" = "--runtime" ] && pkgs="$runtime"

export DEBIAN_FRONTEND=noninteractive
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "setup-deps: installing:$missing" >&2
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
echo "setup-deps: all dependencies present" >&2
