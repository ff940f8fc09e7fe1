#!/usr/bin/env bash
# Installs everything atconform needs to build, run and test, from Debian 12 packages only.
# Idempotent: packages already present are left alone, and apt is not touched at all then.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libgtest-dev libgmock-dev libbenchmark-dev
  libboost-dev libssl-dev libpugixml-dev libserialport-dev
  libsdbus-c++-dev libsdbus-c++-bin libsystemd-dev dbus
  libxml2-utils clang-format hyperfine socat
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
