#!/usr/bin/env bash
# Installs Clientela's build (and, with --test, test) dependencies from Debian 12 packages.
# Idempotent: only packages that are not installed yet are fetched.
set -euo pipefail

BUILD_PKGS=(
  build-essential cmake pkg-config ninja-build
  libwxgtk3.2-dev
  libsqlite3-dev libsqlitecpp-dev
  libhowardhinnant-date-dev tzdata
  libphonenumber-dev libprotobuf-dev  # protobuf: core/phone_ranges.cpp reads its metadata messages
  libcli11-dev nlohmann-json3-dev libfmt-dev
  libicu-dev libutf8proc-dev libssl-dev uuid-dev
  gettext
  catch2
  librsvg2-bin dpkg-dev file libglib2.0-dev
  libcurl4-openssl-dev
  libsecret-1-dev
  libgmime-3.0-dev libxml2-dev
  libpango1.0-dev libcairo2-dev
  libqrencode-dev  # the QR code of the printed consent form's reference
  libpqxx-dev      # PostgreSQL, the second store (issue #19); pulls libpq-dev
)
TEST_PKGS=(
  xvfb xauth x11-utils imagemagick sqlite3
  openbox xdotool  # the scripted GUI scenarios run under a real window manager
  xfonts-base fonts-dejavu-core
  desktop-file-utils appstream wx3.2-i18n
  python3-aiosmtpd
  dovecot-imapd openssl  # a real IMAP server and throwaway certificates for the mailbox tests
  clang libclang-rt-14-dev  # libFuzzer + ASan/UBSan for installer/fuzz.sh
  poppler-utils
  bsdutils  # script: the CLI's terminal escaping is tested on a real pty
  time      # /usr/bin/time -v: peak memory of hostile imports (README, Reliability)
  postgresql  # a throwaway server per test binary (tests/servers/pg_cluster.sh)
)

want=("${BUILD_PKGS[@]}")
if [[ "${1:-}" == "--test" ]]; then
  want+=("${TEST_PKGS[@]}")
fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#want[@]} packages already installed"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  SUDO="sudo"
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
