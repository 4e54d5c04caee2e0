// `l2tp-lens fields` against tshark's own output, stored beside each fixture (NAME.fields.tsv, made by
// test/fixtures/make-expected.sh), for the parity field set. The built CLI runs as a user runs it.
// Deviations are allowed only where test/fixtures/tshark-exceptions.tsv lists them, cell by cell.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const fx = join(root, 'test', 'fixtures');
const cli = join(root, 'dist', 'cli.js');
const fields = readFileSync(join(fx, 'parity-fields.txt'), 'utf8').trim().split(/\s+/);
const args = fields.flatMap((f) => ['-e', f]);

interface Exception { frame: number; field: string; ours: string; reason: string }
const exceptions = new Map<string, Exception[]>();
for (const line of readFileSync(join(fx, 'tshark-exceptions.tsv'), 'utf8').split('\n')) {
  if (!line.trim() || line.startsWith('#')) continue;
  const [cap = '', frame = '', field = '', ours = '', reason = ''] = line.split('\t');
  assert.ok(reason.trim().length > 10, `exception without a reason: ${line}`);
  assert.ok(fields.includes(field), `exception names a field outside the parity set: ${line}`);
  const list = exceptions.get(cap) ?? [];
  list.push({ frame: Number(frame), field, ours, reason });
  exceptions.set(cap, list);
}

/** Our lines. A capture cut short exits 2 after printing every complete frame, as tshark does. */
function ours(path: string): string[] {
  const r = spawnSync(process.execPath, [cli, 'fields', path, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const cut = /truncated|cut_mid/.test(path);
  assert.equal(r.status, cut ? 2 : 0, `exit status of fields on ${path}: ${r.stderr}`);
  if (cut) assert.match(r.stderr, /cut short in the middle of a packet/);
  return r.stdout.split('\n').slice(0, -1);
}

/** tshark's lines with the reviewed exceptions applied. */
function expected(rel: string): string[] {
  const lines = readFileSync(join(fx, rel.replace(/\.pcap$/, '.fields.tsv')), 'utf8').split('\n').slice(0, -1);
  for (const e of exceptions.get(rel) ?? []) {
    const i = e.frame - 1;
    const cells = (lines[i] ?? '').split('\t');
    cells[fields.indexOf(e.field)] = e.ours;
    lines[i] = cells.join('\t');
  }
  return lines;
}

function diff(want: string[], got: string[]): string[] {
  const d: string[] = [];
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    const w = (want[i] ?? '').split('\t');
    const g = (got[i] ?? '').split('\t');
    for (let j = 0; j < fields.length; j++) {
      if ((w[j] ?? '') !== (g[j] ?? '')) d.push(`frame ${i + 1} ${fields[j]}: tshark=${JSON.stringify(w[j] ?? '')} ours=${JSON.stringify(g[j] ?? '')}`);
    }
  }
  return d;
}

const captures = ['public', 'generated'].flatMap((dir) =>
  readdirSync(join(fx, dir)).filter((n) => n.endsWith('.pcap')).map((n) => `${dir}/${n}`));

let total = 0;
let same = 0;
for (const rel of captures) {
  test(`fields parity: ${rel}`, () => {
    const want = expected(rel);
    const got = ours(join(fx, rel));
    const d = diff(want, got);
    total += want.length;
    same += want.filter((w, i) => w === got[i]).length;
    assert.equal(got.length, want.length, `frame count: ${got.length} vs tshark ${want.length}`);
    assert.deepEqual(d, [], `${d.length} cells differ:\n${d.slice(0, 15).join('\n')}`);
  });
  const name = rel.split('/')[1]?.replace(/\.pcap$/, '') ?? '';
  for (const variant of [`${name}.pcapng`, `${name}.nsec.pcap`]) {
    const vp = join(fx, 'variants', variant);
    if (!existsSync(vp)) continue;
    test(`fields parity: variants/${variant} equals ${rel}`, () => {
      assert.deepEqual(ours(vp), ours(join(fx, rel)));
    });
  }
}

test('gzip-compressed capture reads transparently', () => {
  assert.deepEqual(ours(join(fx, 'variants', 'xl2tpd_a_tunnel_session_hello.pcap.gz')), expected('generated/xl2tpd_a_tunnel_session_hello.pcap'));
});

test('parity summary', () => {
  process.stdout.write(`# parity: ${same}/${total} frames identical to tshark (after ${[...exceptions.values()].flat().length} reviewed exceptions)\n`);
  assert.ok(total > 0);
});
