// Flow-pass benchmark: times the index pass (Capture.open) and the flow model over all tunnels
// (buildFlow) on one capture and prints frames/s for each; optionally also a full decode pass (a tree
// for every frame) so the flow cost can be compared with it.
//
// How to call it (from the lead's test/bench/run.mjs, after `node esbuild.mjs`):
//   import { benchFlow } from './flow.mjs';
//   const r = await benchFlow('test/bench/.data/1m.pcap', { decode: true });
//   // r = { frames, indexMs, flowMs, decodeMs?, flowFps, indexFps, decodeFps?, tunnels, sessions, rssMb }
// or from a shell:  node test/bench/flow.mjs FILE [--decode]
// The TypeScript sources are bundled once with esbuild into test/.out/bench-flow.cjs (test/.out is ignored).

import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outfile = join(root, 'test', '.out', 'bench-flow.cjs');

// The bundled part: everything runs in-process, timed with performance.now().
const ENTRY = `
import { Capture } from './server/dissect/capture/capture';
import { Engine } from './server/dissect/engine';
import { CaptureState } from './server/dissect/packet';
import { buildFlow } from './server/flow/flow';
import { openInput } from './server/io/input';

export function run(path: string, decode: boolean) {
  const opened = openInput(path);
  if ('error' in opened) throw new Error(opened.error);
  try {
    const engine = new Engine();
    let t = performance.now();
    const capture = Capture.open(opened.reader, engine);
    const indexMs = performance.now() - t;
    t = performance.now();
    const model = buildFlow(capture);
    const flowMs = performance.now() - t;
    let decodeMs: number | undefined;
    if (decode) {
      // The decode pass the flow is compared with: one full tree per frame, streaming, as \`decode\` does.
      const state = new CaptureState();
      t = performance.now();
      for (const f of opened.reader.frames()) engine.decode(f, f.bytes, state, { firstPass: true, columns: true });
      decodeMs = performance.now() - t;
    }
    const sessions = model.tunnels.reduce((n, x) => n + x.sessions.length, 0);
    return { frames: capture.count, indexMs, flowMs, decodeMs, tunnels: model.tunnels.length, sessions, rssMb: Math.round(process.memoryUsage().rss / 2 ** 20) };
  } finally {
    opened.source.close();
  }
}
`;

let cached;
async function load() {
  if (cached) return cached;
  mkdirSync(dirname(outfile), { recursive: true });
  await esbuild.build({
    stdin: { contents: ENTRY, resolveDir: root, loader: 'ts', sourcefile: 'bench-flow-entry.ts' },
    bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile, logLevel: 'warning',
  });
  cached = createRequire(import.meta.url)(outfile);
  return cached;
}

/** Times the flow model on `path`; prints one line per pass and returns the numbers. */
export async function benchFlow(path, { decode = false, print = true } = {}) {
  const { run } = await load();
  const r = run(path, decode);
  const fps = (ms) => Math.round(r.frames / (ms / 1000));
  const out = { ...r, indexFps: fps(r.indexMs), flowFps: fps(r.flowMs), decodeFps: r.decodeMs === undefined ? undefined : fps(r.decodeMs) };
  if (print) {
    const line = (name, ms, f) => console.log(`${name.padEnd(12)} ${(ms / 1000).toFixed(2).padStart(8)} s ${String(f).padStart(10)} frames/s`);
    console.log(`flow bench: ${path} — ${r.frames} frames, ${r.tunnels} tunnels, ${r.sessions} sessions, RSS ${r.rssMb} MB`);
    line('index pass', r.indexMs, out.indexFps);
    line('flow model', r.flowMs, out.flowFps);
    if (r.decodeMs !== undefined) {
      line('decode pass', r.decodeMs, out.decodeFps);
      console.log(`flow / decode = ${(r.flowMs / r.decodeMs).toFixed(3)} (must stay below 1)`);
    }
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv.slice(2).find((a) => !a.startsWith('--'));
  if (!file) {
    console.error('usage: node test/bench/flow.mjs FILE [--decode]');
    process.exit(2);
  }
  await benchFlow(file, { decode: process.argv.includes('--decode') });
}
