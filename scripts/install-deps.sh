#!/usr/bin/env bash
# Installs what the tests and local jobs need, idempotently: Debian's Python ML stack for training jobs,
# Slurm and munge for the single-machine cluster, Chromium for browser tests, bubblewrap for the shell sandbox.
set -euo pipefail
packages=(python3-torch python3-sklearn python3-pandas python3-numpy python3-pytest
          slurm-wlm munge chromium bubblewrap procps)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all present" >&2
  exit 0
fi
echo "install-deps: installing ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >&2
