#!/bin/sh
# install-deps.sh — install the Debian packages plimsoll needs to build and
# test, only when something is missing. Needs root (or sudo) only then.
#
#   tools/install-deps.sh            build and test dependencies
#   tools/install-deps.sh --browser  also chromium and poppler-utils, for the
#                                    compliance HTML/PDF tests
#                                    (tests/cli/test_compliance_browser.sh)
#   tools/install-deps.sh --real-image  also mmdebstrap and skopeo, for the
#                                    real Debian image (tools/build-real-image.sh)
# zsh, fish, man-db and bsdutils (script) run the completion, man page and
# terminal colour tests (tests/cli/test_usage.sh).
set -e
pkgs="build-essential pkg-config libyaml-dev libjansson-dev libpcre2-dev liblua5.4-dev libarchive-dev libssl-dev libsqlite3-dev python3 python3-jsonschema python3-yaml jq zstd time bc git pre-commit libxml2-utils zsh fish man-db bsdutils"
# Options may be combined:
#   --browser     chromium and poppler-utils (compliance HTML/PDF tests)
#   --real-image  what tools/build-real-image.sh needs (a Debian rootfs from
#                 the mirror, turned into OCI and docker-save archives without Docker)
for opt in "$@"; do
  case "$opt" in
    --browser) pkgs="$pkgs chromium poppler-utils fonts-dejavu-core" ;;
    --real-image) pkgs="$pkgs mmdebstrap skopeo gpgv debian-archive-keyring" ;;
    *) echo "install-deps.sh: unknown option $opt" >&2; exit 2 ;;
  esac
done
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
as_root=""
[ "$(id -u)" -eq 0 ] || as_root="sudo"
export DEBIAN_FRONTEND=noninteractive
$as_root apt-get update -qq
# shellcheck disable=SC2086
$as_root apt-get install -y -qq --no-install-recommends $missing >/dev/null
