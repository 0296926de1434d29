#!/usr/bin/env bash
# Native libraries the model code needs at run time: jemalloc, without which libtorch's large
# batches run about 3-10x slower on these VMs (see ../shared/STACK.md). Idempotent.
set -euo pipefail
if [[ ! -f /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 ]]; then
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get install -y -q libjemalloc2 >/dev/null 2>&1 || {
    $SUDO apt-get update -q >/dev/null
    $SUDO apt-get install -y -q libjemalloc2 >/dev/null
  }
fi
