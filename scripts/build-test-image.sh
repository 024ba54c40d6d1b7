#!/usr/bin/env bash
# Builds the local images the sandbox tests and the example plans use. No container registry is
# reachable where Planbox is built and tested, so the images are made with `docker import` from a
# root filesystem assembled out of Debian packages on this machine.
#
#   scripts/build-test-image.sh            planbox-test/busybox:latest (busybox-static: sh, coreutils, grep, patch, ...)
#   scripts/build-test-image.sh --debian   also planbox-test/debian:bookworm (debootstrap; bash, git, coreutils)
#
# Idempotent: an image that exists is left alone (pass --force to rebuild).
set -euo pipefail

force=0
debian=0
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    --debian) debian=1 ;;
    *) echo "usage: $0 [--debian] [--force]" >&2; exit 2 ;;
  esac
done

have_image() { [ "$force" = 0 ] && docker image inspect "$1" >/dev/null 2>&1; }

if ! docker info >/dev/null 2>&1; then
  echo "build-test-image: no Docker engine answers; start dockerd (or Docker Desktop) first" >&2
  exit 1
fi

if have_image planbox-test/busybox:latest; then
  echo "planbox-test/busybox:latest is there"
else
  if ! [ -x /bin/busybox ] || ldd /bin/busybox >/dev/null 2>&1; then
    echo "build-test-image: a statically linked /bin/busybox is needed: apt-get install -y busybox-static" >&2
    exit 1
  fi
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,root,workspace,dev,proc,sys,home/user}
  chmod 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  # One link per applet busybox knows (sh, ls, grep, sed, patch, wget, ...).
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -sf /bin/busybox "$root/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000:user:/home/user:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nuser:x:1000:\nnogroup:x:65534:\n' >"$root/etc/group"
  chown 1000:1000 "$root/home/user"
  tar -C "$root" -c . | docker import \
    --change 'ENV PATH=/bin:/sbin:/usr/bin:/usr/sbin' \
    --change 'WORKDIR /workspace' \
    --change 'CMD ["/bin/sh"]' \
    --change 'LABEL org.opencontainers.image.description="Planbox test image: busybox-static"' \
    - planbox-test/busybox:latest >/dev/null
  rm -rf "$root"
  trap - EXIT
  echo "built planbox-test/busybox:latest"
fi

if [ "$debian" = 1 ]; then
  if have_image planbox-test/debian:bookworm; then
    echo "planbox-test/debian:bookworm is there"
  else
    command -v debootstrap >/dev/null || { echo "build-test-image: apt-get install -y debootstrap" >&2; exit 1; }
    root=$(mktemp -d)
    trap 'rm -rf "$root"' EXIT
    mirror=$(grep -rhoE 'https?://[^ ]+' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null | head -n1)
    debootstrap --variant=minbase --include=bash,git,coreutils,patch,ca-certificates bookworm "$root" "${mirror:-http://deb.debian.org/debian}" >/dev/null
    mkdir -p "$root/workspace"
    tar -C "$root" -c . | docker import --change 'WORKDIR /workspace' --change 'CMD ["/bin/bash"]' - planbox-test/debian:bookworm >/dev/null
    echo "built planbox-test/debian:bookworm"
  fi
fi
