#!/usr/bin/env bash
# Builds the LLM job environment, idempotently: a virtualenv outside HOME and $MLINTERN_HOME (so a job
# sandbox can mount it read-only) holding exactly recipes/llm/requirements.lock (torch, transformers, peft,
# TRL, datasets, ...; every file checked against the lock's hashes). Downloads stay in a cache on the
# machine, so a rebuild after a lock change fetches only what changed. A stamp holding the lock's sha256
# makes a rerun with the same lock a no-op.
#   MLINTERN_LLM_VENV   where the virtualenv goes (default /opt/mlintern/llm-venv)
#   MLINTERN_LLM_CACHE  the download cache (default /opt/mlintern/cache/uv)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lock=$root/recipes/llm/requirements.lock
venv=${MLINTERN_LLM_VENV:-/opt/mlintern/llm-venv}
cache=${MLINTERN_LLM_CACHE:-/opt/mlintern/cache/uv}
uv=/opt/mlintern/tools/bin/uv
stamp=$venv/.requirements-lock.sha256
if [ ! -x "$uv" ]; then
  echo "install-llm-env: $uv not found: run scripts/install-deps.sh first" >&2
  exit 1
fi
want=$(sha256sum "$lock" | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$venv/bin/python" ]; then
  echo "install-llm-env: $venv matches the lock" >&2
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
started=$SECONDS
echo "install-llm-env: installing recipes/llm/requirements.lock into $venv (cache $cache)" >&2
$SUDO mkdir -p "$cache" "$(dirname "$venv")"
[ -x "$venv/bin/python" ] || $SUDO "$uv" venv -q --python /usr/bin/python3 "$venv" >&2
$SUDO rm -f "$stamp"
# sync (not install): packages the lock no longer names are removed, so the venv is exactly the lock;
# bytecode is compiled now because the sandbox mounts the venv read-only.
$SUDO env UV_CACHE_DIR="$cache" "$uv" pip sync -q --require-hashes --compile-bytecode \
  --python "$venv/bin/python" "$lock" >&2
"$venv/bin/python" -c 'import torch, transformers, peft, trl, datasets, accelerate' >&2
echo "$want" | $SUDO tee "$stamp" >/dev/null
echo "install-llm-env: done in $((SECONDS - started)) s" >&2
