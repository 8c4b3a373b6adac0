#!/usr/bin/env bash
# The root file system of todo-dapr-local/debian:bookworm, as one tar for `docker import`:
# debootstrap's minbase variant, finished like the official debian:bookworm-slim image (apt
# sources with the updates and security suites, documentation and man pages left out, no apt
# caches, current updates applied). Run by scripts/compose/images.mjs, as root.
#   debian-rootfs.sh <work dir> <output tar> <mirror> <security mirror>
set -euo pipefail
work=$1 out=$2 mirror=$3 security=$4
suite=bookworm
rootfs=$work/rootfs
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

rm -rf "$work"
mkdir -p "$work"
keyringArg=()
if [ -f "$keyring" ]; then keyringArg=(--keyring="$keyring"); fi
debootstrap --variant=minbase "${keyringArg[@]}" "$suite" "$rootfs" "$mirror"

echo "I: Finishing the root file system like debian:$suite-slim..."
# Leave out what images never need; dpkg applies this to every later install too.
cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker-slim" <<'CONF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
CONF
find "$rootfs/usr/share/doc" -xdev ! -type d ! -name copyright -delete
find "$rootfs/usr/share/doc" -xdev -mindepth 1 -type d -empty -delete
rm -rf "$rootfs"/usr/share/{man,groff,info,lintian,linda,locale}/*
# Image builds are thrown away when interrupted: no fsync per file.
echo force-unsafe-io >"$rootfs/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"

cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'CONF'
// No downloaded packages and no binary caches left in image layers.
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CONF
echo 'Acquire::GzipIndexes "true";' >"$rootfs/etc/apt/apt.conf.d/docker-gzip-indexes"
echo 'Acquire::Languages "none";' >"$rootfs/etc/apt/apt.conf.d/docker-no-languages"
echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$rootfs/etc/apt/apt.conf.d/docker-autoremove-suggests"

rm -f "$rootfs/etc/apt/sources.list"
cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<CONF
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
CONF

echo "I: Applying updates from $suite-updates and $suite-security..."
export DEBIAN_FRONTEND=noninteractive
chroot "$rootfs" apt-get update -q
chroot "$rootfs" apt-get upgrade -y -q
chroot "$rootfs" apt-get clean

# What the build host left behind: Docker mounts its own resolv.conf, hostname and hosts.
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/var/cache/debconf/*-old \
  "$rootfs"/var/lib/dpkg/*-old "$rootfs"/var/log/apt/* "$rootfs"/var/log/*.log \
  "$rootfs"/tmp/* "$rootfs"/var/tmp/*
rm -f "$rootfs/etc/resolv.conf" "$rootfs/etc/hostname"
: >"$rootfs/etc/machine-id"

echo "I: Writing $out..."
tar --numeric-owner --xattrs -C "$rootfs" \
  --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' \
  -cf "$out.tmp" .
mv "$out.tmp" "$out"
rm -rf "$work"
echo "I: Done."
