#!/usr/bin/env bash
# Installs what the tests and local jobs need, idempotently: Debian's Python ML stack for training jobs,
# Slurm and munge for the single-machine cluster, Chromium for browser tests, bubblewrap for the shell sandbox.
# With --python it installs only the tabular Python stack local jobs need (what mlintern itself runs on a
# fresh machine before the first job).
set -euo pipefail
packages=(python3-torch python3-sklearn python3-pandas python3-numpy python3-pytest
          slurm-wlm munge chromium bubblewrap procps python3-venv)
python_only=false
if [ "${1:-}" = "--python" ]; then
  packages=(python3-numpy python3-pandas python3-sklearn)
  python_only=true
fi
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: Debian packages all present" >&2
else
  echo "install-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if $python_only; then exit 0; fi

# Developer tools in a pinned virtualenv outside HOME: ruff formats and lints the Python side, uv builds
# the LLM job environment.
tools=/opt/mlintern/tools
ruff_version=0.17.5
uv_version=0.13.9
if [ "$("$tools/bin/ruff" --version 2>/dev/null)" != "ruff $ruff_version" ] \
   || [ "$("$tools/bin/uv" --version 2>/dev/null | cut -d' ' -f1-2)" != "uv $uv_version" ]; then
  echo "install-deps: installing ruff $ruff_version and uv $uv_version into $tools" >&2
  $SUDO mkdir -p /opt/mlintern
  $SUDO /usr/bin/python3 -m venv "$tools"
  $SUDO "$tools/bin/pip" install -q --disable-pip-version-check "ruff==$ruff_version" "uv==$uv_version" >&2
fi

# The LLM job environment (torch, transformers, peft, TRL, ...) from recipes/llm/requirements.lock.
"$(dirname "$0")/install-llm-env.sh"
