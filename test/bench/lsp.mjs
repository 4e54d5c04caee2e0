// Language-server benchmark (run by test/bench/run.mjs as `node lsp.mjs CAPTURE`, or exported benchLsp):
// starts the bundled server over stdio and measures, as an editor sees them (client side, over JSON-RPC),
// on a 10 000-frame hex-dump document: didOpen until its diagnostics are published (parse, first pass, flow
// model, diagnostics), then the first outline request, the same request again, hover p50/p99, tokens and
// the server's peak RSS; then on a capture: open + first page, one frame's detail, peak RSS.
// L2TP_BENCH_SERVER_ARGS (space-separated) go to the server's node, e.g. `--cpu-prof --cpu-prof-dir=DIR`.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readSync, closeSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { generate } from './gen.mjs';

const root = join(import.meta.dirname, '..', '..');

/** The first `n` frames of a classic pcap as a tshark -x style document (blank line between frames). */
function hexDocument(cap, n) {
  const fd = openSync(cap, 'r');
  const head = Buffer.alloc(24);
  readSync(fd, head, 0, 24, 0);
  let pos = 24;
  const out = [];
  const rec = Buffer.alloc(16);
  for (let k = 0; k < n; k++) {
    if (readSync(fd, rec, 0, 16, pos) < 16) break;
    const len = rec.readUInt32LE(8);
    const b = Buffer.alloc(len);
    readSync(fd, b, 0, len, pos + 16);
    pos += 16 + len;
    for (let o = 0; o < len; o += 16) {
      const row = [...b.subarray(o, o + 16)].map((x) => x.toString(16).padStart(2, '0')).join(' ');
      out.push(`${o.toString(16).padStart(4, '0')}  ${row}`);
    }
    out.push('');
  }
  closeSync(fd);
  return out.join('\n');
}

function rssPeakMb(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch { return NaN; }
}

async function start() {
  const nodeArgs = (process.env.L2TP_BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
  const proc = spawn(process.execPath, [...nodeArgs, join(root, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const diagnosed = new Map();
  conn.onNotification('textDocument/publishDiagnostics', (p) => { diagnosed.get(p.uri)?.(p); diagnosed.delete(p.uri); });
  conn.onRequest('workspace/configuration', () => [null]);
  conn.listen();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, locale: 'en' });
  await conn.sendNotification('initialized', {});
  return {
    proc, conn,
    /** Resolves with the next diagnostics published for `uri`. */
    diagnostics: (uri) => new Promise((resolve) => diagnosed.set(uri, resolve)),
    // Let the server exit by itself so that --cpu-prof can write its profile.
    async stop() { await conn.sendRequest('shutdown'); await conn.sendNotification('exit'); conn.dispose(); await new Promise((r) => { proc.once('exit', r); setTimeout(() => { proc.kill(); r(); }, 5000); }); },
  };
}

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

export async function benchLsp(cap, { docFrames = 10_000, hovers = 2000 } = {}) {
  const results = {};
  // 1. A 10 000-frame hex-dump document.
  const text = hexDocument(cap, docFrames);
  const lines = text.split('\n');
  let s = await start();
  const uri = pathToFileURL(join(root, 'test', 'bench', '.data', 'bench.hexdump')).href;
  let t0 = process.hrtime.bigint();
  const diagnosed = s.diagnostics(uri);
  await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'l2tp-hexdump', version: 1, text } });
  results.diagnostics = (await diagnosed).diagnostics.length;
  results.openMs = ms(t0);
  // Outline times start once the document is open and analysed: request → response, as the client sees it.
  t0 = process.hrtime.bigint();
  const syms = await s.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
  results.outlineFirstMs = ms(t0);
  t0 = process.hrtime.bigint();
  await s.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
  results.outlineAgainMs = ms(t0);
  results.outlineFrames = syms.length;
  results.outlineChildren = syms.reduce((n, x) => n + (x.children?.length ?? 0), 0);
  // Hovers on random bytes (row lines only: "0000  xx xx …").
  let seed = 7;
  const rnd = (n) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed % n; };
  const times = [];
  for (let k = 0; k < hovers; k++) {
    let line;
    do line = rnd(lines.length); while (!lines[line]);
    const nBytes = (lines[line].length - 6 + 1) / 3;
    const character = 6 + 3 * rnd(Math.max(1, Math.floor(nBytes)));
    const h0 = process.hrtime.bigint();
    await s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } });
    times.push(ms(h0));
  }
  results.hoverP50Ms = pct(times, 0.5);
  results.hoverP99Ms = pct(times, 0.99);
  t0 = process.hrtime.bigint();
  await s.conn.sendRequest('textDocument/semanticTokens/range', { textDocument: { uri }, range: { start: { line: 5000, character: 0 }, end: { line: 5060, character: 0 } } });
  results.tokensRangeMs = ms(t0);
  results.docRssMb = rssPeakMb(s.proc.pid);
  await s.stop();

  // 2. The capture.
  s = await start();
  t0 = process.hrtime.bigint();
  const open = await s.conn.sendRequest('l2tpLens/openCapture', { path: cap, pageSize: 100 });
  results.captureFrames = open.frameCount;
  results.captureFirstPageMs = ms(t0);
  results.captureIndexMs = open.indexMs;
  t0 = process.hrtime.bigint();
  await s.conn.sendRequest('l2tpLens/frameDetail', { captureId: open.captureId, frame: Math.ceil(open.frameCount / 2) });
  results.frameDetailMs = ms(t0);
  t0 = process.hrtime.bigint();
  await s.conn.sendRequest('l2tpLens/captureFrames', { captureId: open.captureId, start: open.frameCount - 100, count: 100 });
  results.lastPageMs = ms(t0);
  results.captureRssMb = rssPeakMb(s.proc.pid);
  await s.stop();

  const f = (x) => (typeof x === 'number' ? (Number.isInteger(x) ? String(x) : x.toFixed(2)) : String(x));
  console.log(`  hex-dump document, ${results.outlineFrames} frames: open until diagnostics published ${f(results.openMs)} ms (${results.diagnostics} diagnostics), first outline after open ${f(results.outlineFirstMs)} ms (${results.outlineChildren} symbols under the frames), outline again ${f(results.outlineAgainMs)} ms, hover p50 ${f(results.hoverP50Ms)} ms / p99 ${f(results.hoverP99Ms)} ms (${hovers} hovers), tokens for 60 lines ${f(results.tokensRangeMs)} ms, peak RSS ${f(results.docRssMb)} MB`);
  console.log(`  capture, ${results.captureFrames} frames: open + first page ${f(results.captureFirstPageMs)} ms (index pass ${f(results.captureIndexMs)} ms), frame detail ${f(results.frameDetailMs)} ms, last page ${f(results.lastPageMs)} ms, peak RSS ${f(results.captureRssMb)} MB`);
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  let cap = process.argv[2];
  if (!cap) {
    const dir = join(root, 'test', 'bench', '.data');
    mkdirSync(dir, { recursive: true });
    cap = join(dir, 'l2tp-1000000.pcap');
    if (!existsSync(cap)) generate(cap, 1_000_000);
  }
  await benchLsp(cap);
}
