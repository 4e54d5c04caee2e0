// npm run bench: the engine, the flow model and the language server on a 1M-frame L2TP capture, against
// tshark in the same run. Prints frames/s, ratios and peak RSS. A benchmark, not a test: nothing asserted.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { generate } from './gen.mjs';

const root = join(import.meta.dirname, '..', '..');
const dataDir = join(root, 'test', 'bench', '.data');
const N = Number(process.env.BENCH_FRAMES ?? 1_000_000);
const cap = join(dataDir, `l2tp-${N}.pcap`);
mkdirSync(dataDir, { recursive: true });
if (!existsSync(cap)) {
  process.stdout.write(`writing ${cap} (${N} frames) … `);
  const r = generate(cap, N);
  console.log(`${r.frames} frames, ${(100 * r.control / r.frames).toFixed(1)} % control`);
}
const cli = join(root, 'dist', 'cli.js');
const hasTshark = spawnSync('tshark', ['--version']).status === 0;
const skipTsharkV = process.env.BENCH_SKIP_TSHARK_V === '1';

/** Runs a command under /usr/bin/time; returns seconds and peak RSS in MB. */
function measureOnce(cmd, args, outFile = '/dev/null') {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', 'sh', '-c', `"$0" "$@" > ${outFile} 2>/dev/null`, cmd, ...args], { encoding: 'utf8' });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [s, kb] = last.split(' ').map(Number);
  return { s, mb: kb / 1024, status: r.status };
}

// Our runs take about a second, where this machine's noise is ±10 %: each is timed BENCH_RUNS times (default
// 3) and the fastest kept, with the largest peak RSS. tshark's runs take tens of seconds and are timed once.
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
function measure(cmd, args, outFile = '/dev/null') {
  const runs = Array.from({ length: cmd === 'tshark' ? 1 : RUNS }, () => measureOnce(cmd, args, outFile));
  return { s: Math.min(...runs.map((r) => r.s)), mb: Math.max(...runs.map((r) => r.mb)), status: runs[0]?.status };
}

const rows = [];
function row(name, ours, theirs) {
  const fps = (m) => (m ? Math.round(N / m.s) : NaN);
  rows.push({ name, ours: fps(ours), oursMB: ours.mb, tshark: theirs ? fps(theirs) : undefined, tsharkMB: theirs?.mb, ratio: theirs ? theirs.s / ours.s : undefined });
  const t = theirs ? ` | tshark ${fps(theirs).toLocaleString()} fr/s, ${theirs.mb.toFixed(0)} MB | ×${(theirs.s / ours.s).toFixed(1)}` : '';
  console.log(`${name.padEnd(44)} ${fps(ours).toLocaleString().padStart(11)} fr/s ${ours.mb.toFixed(0).padStart(5)} MB${t}`);
}

const seven = ['frame.number', 'l2tp.type', 'l2tp.tunnel', 'l2tp.session', 'l2tp.Ns', 'l2tp.Nr', 'l2tp.avp.message_type'];
const all = readFileSync(join(root, 'test', 'fixtures', 'parity-fields.txt'), 'utf8').trim().split(/\s+/);
const e = (fs) => fs.flatMap((f) => ['-e', f]);

console.log(`capture: ${cap}`);
// Warm the page cache first, so the bare read (the yardstick for the index pass) is not a cold disk read.
spawnSync(process.execPath, [join(import.meta.dirname, 'bareRead.mjs'), cap]);
const bare = measure(process.execPath, [join(import.meta.dirname, 'bareRead.mjs'), cap]);
row('bare streaming read (1 MiB buffer)', bare);
const idx = measure(process.execPath, [cli, 'index', cap]);
const tsharkList = hasTshark ? measure('tshark', ['-r', cap, '-T', 'fields', ...e(seven)]) : undefined;
row('(a) index pass (L2TP summary of every frame)', idx, tsharkList);
console.log(`    index pass / bare read: ×${(idx.s / bare.s).toFixed(2)}`);
row('(b) fields: 7 fields', measure(process.execPath, [cli, 'fields', cap, ...e(seven)]), tsharkList);
row('(b) fields: whole parity set (46 fields)', measure(process.execPath, [cli, 'fields', cap, ...e(all)]),
  hasTshark ? measure('tshark', ['-r', cap, '-T', 'fields', ...e(all)]) : undefined);
row('(c) full tree of every frame (not printed)', measure(process.execPath, [cli, 'decode', cap, '--quiet']),
  hasTshark && !skipTsharkV ? measure('tshark', ['-r', cap, '-V']) : undefined);
// The flow model against the decode pass, in one process (the index pass they both need is timed apart).
const flow = spawnSync(process.execPath, [join(import.meta.dirname, 'flow.mjs'), cap, '--decode'], { encoding: 'utf8' });
console.log('flow model (in-process):');
for (const line of flow.stdout.trim().split('\n')) console.log(`    ${line}`);
const lspBench = join(import.meta.dirname, 'lsp.mjs');
if (existsSync(lspBench)) {
  console.log('language server:');
  spawnSync(process.execPath, [lspBench, cap], { stdio: 'inherit' });
}
