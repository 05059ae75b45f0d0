#!/usr/bin/env bash
# Installs code-server 4.100.3 (the newest that runs on Node 20) into test/e2e/code-server/
# for the real-client end-to-end tests. Idempotent: a re-run with code-server present is quick.
# Needs the Debian packages of .ci/install-system.sh (libkrb5-dev, pkg-config, ripgrep) first.
set -euo pipefail

version=4.100.3
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$here/test/e2e/code-server"
bin="$dir/node_modules/.bin/code-server"

# code-server writes a default config.yaml on any start, --version included; keep it out of $HOME.
installed_version() {
  XDG_CONFIG_HOME="${TMPDIR:-/tmp}/code-server-config" "$bin" --version 2>/dev/null | grep -Eo '^[0-9]+\.[0-9]+\.[0-9]+' | head -1
}

if [ -x "$bin" ] && [ "$(installed_version)" = "$version" ]; then
  echo "install-code-server: code-server $version already installed"
  exit 0
fi

for tool in rg pkg-config krb5-config; do
  command -v "$tool" >/dev/null || { echo "install-code-server: '$tool' missing; run .ci/install-system.sh first" >&2; exit 1; }
done

# @vscode/ripgrep downloads an rg binary at install time, which this network does not allow.
# Its installer looks in this cache first, so seed it with Debian's rg under the name it asks for.
# The version pair is what @vscode/ripgrep 1.15.11 (pinned by code-server 4.100.3) requests.
ripgrep_pkg=1.15.11
ripgrep_asset=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$ripgrep_pkg"
if [ ! -s "$cache/$ripgrep_asset" ]; then
  mkdir -p "$cache"
  staging="$(mktemp -d)"
  cp "$(command -v rg)" "$staging/rg"
  tar -czf "$cache/$ripgrep_asset" -C "$staging" rg
  rm -rf "$staging"
fi

# code-server's postinstall.sh refuses to run as root unless this is set (npm 11 itself no
# longer knows the option and warns about it); `yes` keeps its nested npm install from prompting.
export npm_config_unsafe_perm=true
export npm_config_yes=true
# Native modules (argon2, node-pty, kerberos, ...) build against the local Node headers;
# node-gyp would otherwise try to download them.
if [ -d /usr/include/node ]; then export npm_config_nodedir=/usr; fi

cd "$dir"
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund
else
  npm install --no-audit --no-fund
fi
echo "install-code-server: code-server $(installed_version) installed"
