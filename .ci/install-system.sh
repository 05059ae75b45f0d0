#!/usr/bin/env bash
# Debian packages the tests need: Chromium and Neovim for the real-client end-to-end tests,
# libkrb5-dev/pkg-config/ripgrep for code-server's npm install, python3-h5py for HDF5
# fixtures, mona for LTLf cross-checks; numpy, cloudpickle, typing-extensions (the vendored
# Gymnasium's dependencies), torch (the PyTorch export) and pygame (check_env renders) for the
# Python exports under Debian's /usr/bin/python3. Idempotent: apt is skipped when all are present.
set -euo pipefail

packages=(chromium neovim libkrb5-dev pkg-config ripgrep python3-h5py mona
  python3-numpy python3-cloudpickle python3-typing-extensions python3-torch python3-pygame)

missing=()
for p in "${packages[@]}"; do
  # dpkg-query succeeds for removed-but-configured packages too, so check the status word.
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-system: all present (${packages[*]})"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-system: missing ${missing[*]}; run as root" >&2
  exit 1
fi

echo "install-system: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
