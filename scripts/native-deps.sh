#!/usr/bin/env bash
# Native libraries the model code needs at run time: jemalloc, without which libtorch's large
# batches run about 3-10x slower on these VMs (see ../shared/STACK.md). With --torch also Debian's
# python3-torch, for the Python side of ./run tool bench-inference (large: about 250 packages).
# Idempotent.
set -euo pipefail
if [[ ! -f /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 ]]; then
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get install -y -q libjemalloc2 >/dev/null 2>&1 || {
    $SUDO apt-get update -q >/dev/null
    $SUDO apt-get install -y -q libjemalloc2 >/dev/null
  }
fi
if [[ "${1:-}" == "--torch" ]] && ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get install -y -q python3-torch >/dev/null
fi
