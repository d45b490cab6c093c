#!/bin/sh
# build-real-image.sh — build a real Debian image, with no Docker, for the
# image-archive tests and `make bench-image`: mmdebstrap makes a bookworm
# rootfs from the Debian mirror, skopeo turns it into an OCI layout (also
# packed as a tar) and a docker-save archive. Everything lands in a cache
# folder outside the repository, reused while its recipe is unchanged.
#
#   tools/build-real-image.sh [CACHE_DIR]     (default: $PLIMSOLL_IMAGE_CACHE,
#                                              else ~/.cache/plimsoll/real-image)
#   tools/build-real-image.sh --path [CACHE_DIR]   print the folder, build nothing
# Writes, in CACHE_DIR/<recipe hash>/:
#   rootfs.tar.gz      the layer (gzip)
#   oci/               OCI image layout (skopeo copy tarball: → oci:)
#   oci.tar            the same layout packed as a tar
#   docker.tar         docker-save archive (skopeo copy → docker-archive:)
#   dpkg.expected      `dpkg-query -W` of the rootfs's own dpkg database
#   os-release         the rootfs's /usr/lib/os-release
# and prints that folder's path on its last line. Needs mmdebstrap, skopeo
# and the Debian mirror (tools/install-deps.sh --real-image installs them).
set -eu
suite=bookworm
include="python3,perl,git,curl,sudo,ca-certificates,openssh-client,openssl,passwd,binutils"
epoch=1700000000
recipe="v1 $suite minbase $include $epoch"
hash=$(printf '%s' "$recipe" | sha256sum | cut -c1-12)
only_path=0
if [ "${1:-}" = "--path" ]; then only_path=1; shift; fi
cache=${1:-${PLIMSOLL_IMAGE_CACHE:-$HOME/.cache/plimsoll/real-image}}
out="$cache/$hash"
if [ $only_path -eq 1 ]; then
    echo "$out"
    exit 0
fi
if [ -f "$out/done" ]; then
    echo "$out"
    exit 0
fi
for t in mmdebstrap skopeo gzip tar dpkg-query; do
    command -v "$t" >/dev/null || { echo "build-real-image: $t is missing (tools/install-deps.sh --real-image)" >&2; exit 2; }
done
mkdir -p "$cache"
work=$(mktemp -d "$cache/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
SOURCE_DATE_EPOCH=$epoch mmdebstrap --quiet --variant=minbase --include="$include" \
    --aptopt='Acquire::Check-Valid-Until "false"' "$suite" rootfs.tar
gzip -n -6 < rootfs.tar > rootfs.tar.gz
# dpkg's own view of the rootfs, for the inventory test
mkdir root
tar -xf rootfs.tar -C root ./var/lib/dpkg ./usr/lib/os-release
dpkg-query -W -f='${Package}\t${Version}\t${Architecture}\n' --admindir=root/var/lib/dpkg | LC_ALL=C sort > dpkg.expected
cp root/usr/lib/os-release os-release
rm -rf root rootfs.tar
skopeo --insecure-policy copy --quiet tarball:rootfs.tar.gz oci:oci:real:bookworm
skopeo --insecure-policy copy --quiet tarball:rootfs.tar.gz docker-archive:docker.tar:plimsoll/real:bookworm
tar -cf oci.tar -C oci .
touch done
cd "$cache"
rm -rf "$out"
mv "$work" "$out"
trap - EXIT
echo "$out"
