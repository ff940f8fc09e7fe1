#!/usr/bin/env bash
# Installs everything atconform needs to build, run and test, from Debian 12 packages only.
# Idempotent: packages already present are left alone, and apt is not touched at all then.
# python3-dbusmock: its bluez5 template is the BLE peer's second model of BlueZ in the tests
# (Debian's /usr/bin/python3 runs it; a python3 earlier on PATH may lack dist-packages).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libgtest-dev libgmock-dev libbenchmark-dev
  libboost-dev libssl-dev libpugixml-dev libserialport-dev
  libsdbus-c++-dev libsdbus-c++-bin libsystemd-dev dbus
  libxml2-utils clang-format hyperfine socat
  # Reports and packaging (docs/ci.md, "What the project's tests need"): the HTML report is
  # tested in a real browser (chromium, chromium-driver, python3-selenium), the shipped
  # .gitlab-ci.yml is parsed (python3-yaml), the man pages come from --help (help2man), the
  # .deb's dependencies from its binaries (dpkg-dev: dpkg-shlibdeps).
  chromium chromium-driver python3-selenium python3-yaml help2man dpkg-dev
  # Fuzzing (tests/fuzz, docs/reliability.md): clang's libFuzzer with ASan/UBSan.
  clang-14 libfuzzer-14-dev
  # The BLE peer's own tests run against a mock BlueZ (docs/ble-peer.md).
  python3-dbusmock
  # bench/ (docs/performance.md): the pyserial + pexpect baseline the harness's cost is compared to.
  python3-serial python3-pexpect
  # The e2e tests export the simulated board through a real serial server, as board farms do.
  ser2net
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
