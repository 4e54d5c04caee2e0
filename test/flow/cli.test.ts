// The flow and report commands in-process (as main.ts calls them), writing to --out: formats, selection,
// PPP rows, redaction defaults and errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from '../../server/cli/args';
import { runFlow } from '../../server/cli/flowCmd';
import { runReport } from '../../server/cli/reportCmd';
import { FIXTURES } from './capture';
import { mermaidParse, OUT_DIR, xmlProblems } from './render';
import type { FlowModel } from '../../server/flow/types';

const J2004 = join(FIXTURES, 'public', 'jnetpcap-legacy__test-l2tp.pcap');
mkdirSync(OUT_DIR, { recursive: true });

function run(cmd: 'flow' | 'report', args: string[], out: string): { status: number; text: string } {
  const file = join(OUT_DIR, out);
  const a = parseArgs([cmd, ...args, '--out', file]);
  const status = cmd === 'flow' ? runFlow(a) : runReport(a);
  return { status, text: status === 0 ? readFileSync(file, 'utf8') : '' };
}

test('flow --format text | mermaid | plantuml | svg | json', async () => {
  const text = run('flow', [J2004], 'cli-2004.txt');
  assert.equal(text.status, 0);
  assert.match(text.text, /Tunnel t2 · L2TPv2 · IDs 2 ⇄ 3257/);
  assert.match(text.text, /data: 64 → · 45 ← \(frames 56–164\)/, "PPP packets count as data without --data");
  const mer = run('flow', [J2004, '--format', 'mermaid'], 'cli-2004.mmd');
  assert.equal(await mermaidParse(mer.text), 'sequence');
  const puml = run('flow', [J2004, '--format=plantuml'], 'cli-2004.puml');
  assert.match(puml.text, /^@startuml\n[\s\S]*@enduml\n$/);
  const svg = run('flow', [J2004, '--format', 'svg', '--data'], 'cli-2004.svg');
  assert.deepEqual(xmlProblems(svg.text), []);
  assert.match(svg.text, /data-frame="68"/);
  const json = JSON.parse(run('flow', [J2004, '--format', 'json'], 'cli-2004.json').text) as FlowModel;
  assert.deepEqual(json.redacted, ['secrets']);
  assert.equal(json.capture.frames, 168);
  assert.equal(json.tunnels.length, 2);
});

test('flow text: a message between two unknown ends (a bare L2TP hex dump) turns back on its one lane', () => {
  // the hex dump in a ticket: two frames with IP, one bare L2TP header (no addresses)
  const text = run('flow', [join(FIXTURES, 'hexdump', 'ticket.md')], 'cli-ticket.txt');
  assert.equal(text.status, 0);
  assert.match(text.text, /^ {5}3 .*\|×─+ ↺ SCCRQ Ns=0 Nr=0 ─+ {2}host=lac\.example/m);
  assert.match(text.text, /SCCRQ never answered/);
});

test('flow --tunnel / --session select, --data adds PPP rows', () => {
  const t2 = JSON.parse(run('flow', [J2004, '--format', 'json', '--tunnel', 't2'], 'cli-t2.json').text) as FlowModel;
  assert.deepEqual(t2.tunnels.map((t) => t.id), ['t2']);
  assert.equal(t2.tunnels[0]?.rows.filter((r) => r.kind === 'ppp').length, 0);
  const byId = JSON.parse(run('flow', [J2004, '--format', 'json', '--tunnel', '56152'], 'cli-t1.json').text) as FlowModel;
  assert.deepEqual(byId.tunnels.map((t) => t.id), ['t1']);
  const s = JSON.parse(run('flow', [J2004, '--format', 'json', '--session', 't2s1', '--data'], 'cli-s.json').text) as FlowModel;
  assert.deepEqual(s.tunnels.map((t) => t.sessions.map((x) => x.id)), [['t2s1']]);
  assert.ok((s.tunnels[0]?.rows.filter((r) => r.kind === 'ppp').length ?? 0) > 30);
  const withData = run('flow', [J2004, '--data'], 'cli-data.txt').text;
  assert.match(withData, /PAP Authenticate-Request ┄+►\| {2}\[t2s1\] peer=markw password=secret-1/);
  assert.ok(!withData.includes('qwerty'), 'the PAP password is masked by default');
});

test('redaction options: --redact all, --no-redact, bad values', () => {
  const all = run('report', [J2004, '--redact', 'all', '--data'], 'cli-report-all.md').text;
  for (const v of ['192.168.', 'albatross', 'hsd.com.au', 'markw', 'qwerty', '172.16.10.2']) assert.ok(!all.includes(v), v);
  assert.match(all, /\| redacted \| secrets, hosts, numbers, addresses \|/);
  assert.match(all, /participant L1 as addr-1<br\/>LAC<br\/>host-1/);
  const raw = run('flow', [J2004, '--data', '--no-redact'], 'cli-raw.txt').text;
  assert.match(raw, /password=qwerty/);
  assert.equal(run('flow', [J2004, '--redact', 'bogus'], 'x.txt').status, 2);
  assert.equal(run('flow', [J2004, '--format', 'dot'], 'x.txt').status, 2);
  assert.equal(run('flow', [J2004, '--tunnel', 't7'], 'x.txt').status, 2);
  assert.equal(run('flow', [join(FIXTURES, 'no-such.pcap')], 'x.txt').status, 2);
});

test('report: the Markdown review of the 2004 capture', async () => {
  const md = run('report', [J2004], 'cli-report-2004.md').text;
  assert.match(md, /^# L2TP review: `.*jnetpcap-legacy__test-l2tp\.pcap`$/m);
  assert.match(md, /^2 tunnels \(0 up at the end, 2 closed, 0 failed, 0 incomplete\), 2 sessions\.$/m);
  assert.match(md, /^- \*\*t2s1\*\*: cleared by LAC with CDN \(frame 165\).*; PPP: LCP opened \(MRU LAC 1500\) · PAP success \(markw\) · IPCP opened: LAC 172\.16\.10\.2 · CCP rejected/m);
  assert.match(md, /^\| 1 \| note \| t1 \| `l2tp\.flow\.setup_not_captured` \|/m);
  const blocks = [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((x) => x[1] ?? '');
  assert.equal(blocks.length, 2);
  for (const b of blocks) assert.equal(await mermaidParse(b), 'sequence');
});
