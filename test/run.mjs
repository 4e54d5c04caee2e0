// Runs every Node-only test (*.test.ts under test/, except e2e/) with Node's built-in runner; TypeScript
// is loaded through tsx. Node 20's --test takes no globs, so the files are listed here.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('.', import.meta.url).pathname;
const only = process.argv.slice(2);
const files = [];
(function scan(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (!['fixtures', 'e2e', 'bench', 'node_modules', '.out'].includes(name)) scan(p);
    } else if (name.endsWith('.test.ts') && (only.length === 0 || only.some((o) => p.includes(o)))) files.push(p);
  }
})(root);
// Build the bundles once, here, before any test file starts: test files run two at a time, and one of them
// rebuilding dist/ while another spawns dist/server.js or dist/cli.js hands that one a half-written file.
const build = spawnSync(process.execPath, [join(root, '..', 'esbuild.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
// MAC names come from Wireshark's manuf and wka files where Wireshark is installed: the tests read the
// excerpts in test/fixtures/names instead, so every machine labels addresses alike.
const env = { ...process.env, L2TP_LSP_NO_BUILD: '1', WIRESHARK_DATA_DIR: join(root, 'fixtures', 'names') };
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
