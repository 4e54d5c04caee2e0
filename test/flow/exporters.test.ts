// Exporters over a synthetic model: text ladder, Mermaid (through the real mermaid parser), PlantUML,
// SVG (well-formed, rendered by headless Chromium to a PNG), JSON, redaction and selection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { ctl, data, LAC, LNS, ppp, resetFrames, run, setup } from './synthetic';
import { CHROMIUM, mermaidParse, renderSvg, xmlProblems } from './render';
import { buildLadder } from '../../server/flow/ladder';
import { flowText } from '../../server/flow/export/text';
import { toMermaid } from '../../server/flow/export/mermaid';
import { toPlantUml } from '../../server/flow/export/plantuml';
import { toSvg } from '../../server/flow/export/svg';
import { toJson } from '../../server/flow/export/json';
import { flowReport } from '../../server/flow/report';
import { parseRedact, redact } from '../../server/flow/redact';
import { selectFlow } from '../../server/flow/select';
import type { FlowModel } from '../../server/flow/types';

function model(): FlowModel {
  resetFrames();
  const stop = (time: number) => ({ ...ctl(4, LAC, LNS, { tunnel: 200, assignedTunnel: 100, ns: 5, nr: 4, result: { code: 1, name: 'General request' } }), time });
  const m = run([
    ...setup(),
    data(LAC, LNS, 200, 20, { ppp: ppp('LCP', 0xc021, 1, { codeName: 'Configuration Request', detail: [{ key: 'mru', value: '1400' }] }) }),
    data(LNS, LAC, 100, 10, { ppp: ppp('LCP', 0xc021, 2, { codeName: 'Configuration Ack', detail: [{ key: 'mru', value: '1400' }] }) }),
    data(LAC, LNS, 200, 20, { ppp: ppp('PAP', 0xc023, 1, { codeName: 'Authenticate-Request', peer: 'markw', detail: [{ key: 'peer', value: 'markw', kind: 'name' }, { key: 'password', value: 'qwerty', kind: 'secret' }] }) }),
    data(LNS, LAC, 100, 10, { ppp: ppp('PAP', 0xc023, 2, { codeName: 'Authenticate-Ack' }) }),
    data(LAC, LNS, 200, 20), data(LAC, LNS, 200, 20), data(LNS, LAC, 100, 10),
    ctl(6, LAC, LNS, { tunnel: 200, session: 20, ns: 4, nr: 3, hostName: 'evil;#<host>"&' }),
    stop(10), stop(11), stop(13),
  ]);
  m.capture.file = 'synthetic <test>.pcap';
  return m;
}

test('text ladder and summary tables', () => {
  const m = model();
  const text = flowText(m, m.tunnels, {});
  assert.match(text, /Tunnel t1 · L2TPv2 · IDs 100 ⇄ 200/);
  assert.match(text, /^ {5}1 {6}0\.010 \|─+ SCCRQ Ns=0 Nr=0 ─+►\| {2}host=lac1\.example tid=100/m);
  assert.match(text, /^ {5}2 {6}0\.020 \|◄─+ SCCRP Ns=0 Nr=1 ─+\| {2}host=lns\.example tid=200 acks #1/m);
  assert.match(text, /\| +data: 4 → · 3 ← \(frames 9–15\) +\|/, 'PPP rows count as data without --data');
  assert.match(text, /StopCCN Ns=5 Nr=4 ─+×\|.*retry 3 \+2\.0s.*never acked/);
  assert.match(text, /⚠ hello_session_id/);
  assert.match(text, /^Tunnels$/m);
  assert.match(text, /^ {2}t1 +v2 +192\.0\.2\.2 \(LAC lac1\.example\) +192\.0\.2\.1 \(LNS lns\.example\) +100\/200 +idle/m);
  assert.match(text, /t1s1 +incoming from LAC +10\/20 +idle/);
  const withData = flowText(m, m.tunnels, { data: true });
  assert.match(withData, /PAP Authenticate-Request ┄+►\| {2}\[t1s1\] peer=markw password=qwerty/);
});

test('Mermaid output parses with the real mermaid parser, with and without PPP rows', async () => {
  const m = model();
  for (const data of [false, true]) {
    const text = toMermaid(buildLadder(m, m.tunnels, { data }));
    assert.match(text, /^sequenceDiagram\n {2}participant L1 as 192\.0\.2\.2<br\/>LAC<br\/>lac1\.example/);
    assert.match(text, /L1->>L2: #35;1 SCCRQ Ns=0 Nr=0<br\/>host=lac1\.example tid=100/);
    assert.match(text, /L2-->>L1: #35;4 ZLB Nr=2 · acks #35;3/);
    assert.match(text, /L1-xL2: #35;\d+ StopCCN/);
    assert.equal(await mermaidParse(text), 'sequence');
  }
});

test('PlantUML output', () => {
  const m = model();
  const text = toPlantUml(buildLadder(m, m.tunnels, { data: true }));
  const lines = text.trim().split('\n');
  assert.equal(lines[0], '@startuml');
  assert.equal(lines[lines.length - 1], '@enduml');
  assert.ok(lines.includes('participant "192.0.2.2\\nLAC\\nlac1.example" as L1'));
  assert.ok(lines.some((l) => /^L1 -> L2 : \[1\] SCCRQ Ns=0 Nr=0\\nhost=lac1\.example/.test(l)));
  assert.ok(lines.some((l) => /^L2 --> L1 : \[4\] ZLB Nr=2/.test(l)));
  assert.ok(lines.some((l) => /^L1 -\[#C62828\]>x L2 : \[\d+\] StopCCN/.test(l)));
  assert.ok(lines.some((l) => /^L1 -\[#2E7D32\]>> L2 : \[\d+\] PAP/.test(l)));
  assert.ok(lines.includes('== Tunnel t1 · L2TPv2 · IDs 100 ⇄ 200 · idle · closed =='));
  for (const l of lines.slice(4)) assert.match(l, /^(participant |L\d |== |\.\.\.|note right|@enduml)/, l);
});

test('SVG output is well-formed XML and renders in headless Chromium', async (t) => {
  const m = model();
  const svg = toSvg(buildLadder(m, m.tunnels, { data: true }));
  assert.deepEqual(xmlProblems(svg), []);
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(svg, /<g class="msg ctl" data-frame="1" data-tunnel="t1">/);
  assert.match(svg, /evil;#&lt;host&gt;&quot;&amp;/);
  if (!existsSync(CHROMIUM)) { t.skip(`${CHROMIUM} not installed: PNG rendering not checked`); return; }
  const r = await renderSvg(svg, 'flow-synthetic');
  assert.ok(r);
  assert.equal(r.parseError, null);
  assert.ok(r.width > 600 && r.height > 400, `${r.width}x${r.height}`);
  assert.ok(r.bytes > 10_000, `PNG of ${r.bytes} bytes`);
  assert.ok(r.colours > 5, `${r.colours} colours: not a blank image`);
});

test('JSON export carries frame numbers and PPP rows only with --data', () => {
  const m = model();
  const plain = JSON.parse(toJson(m, m.tunnels, false)) as FlowModel;
  assert.equal(plain.format, 'l2tp-lens.flow');
  assert.equal(plain.tunnels[0]?.rows.filter((r) => r.kind === 'ppp').length, 0);
  const full = JSON.parse(toJson(m, m.tunnels, true)) as FlowModel;
  assert.equal(full.tunnels[0]?.rows.filter((r) => r.kind === 'ppp').length, 4);
  assert.ok(full.tunnels[0]?.rows.every((r) => (r.kind === 'data' ? r.firstFrame > 0 : r.frame > 0)));
});

test('redaction: secrets by default, names, numbers and addresses on request, consistently', () => {
  const m = model();
  assert.deepEqual(parseRedact([], false).categories, ['secrets']);
  assert.deepEqual(parseRedact(['all'], false).categories, ['secrets', 'hosts', 'numbers', 'addresses']);
  assert.deepEqual(parseRedact(['hosts,addresses'], false).categories, ['secrets', 'hosts', 'addresses']);
  assert.deepEqual(parseRedact([], true).categories, []);
  assert.equal(parseRedact(['bogus'], false).errors.length, 1);
  const dflt = redact(m, ['secrets']);
  const s1 = JSON.stringify(dflt);
  assert.ok(!s1.includes('qwerty'), 'PAP password masked');
  assert.ok(s1.includes('secret-1'));
  assert.ok(s1.includes('lac1.example'), 'host names stay unless asked');
  assert.ok(JSON.stringify(m).includes('qwerty'), 'the input model is not changed');
  const all = redact(m, ['secrets', 'hosts', 'numbers', 'addresses']);
  const s2 = JSON.stringify(all);
  for (const v of ['qwerty', 'lac1.example', 'lns.example', '192.0.2.1', '192.0.2.2', 'markw']) assert.ok(!s2.includes(v), v);
  const t = all.tunnels[0]!;
  assert.equal(t.a.addr, 'addr-1');
  assert.equal(t.b.addr, 'addr-2');
  assert.equal(t.a.hostName, 'host-1');
  const sccrq = t.rows.find((r) => r.kind === 'ctl' && r.name === 'SCCRQ');
  assert.deepEqual(sccrq?.kind === 'ctl' ? sccrq.avps[0] : undefined, { key: 'host', value: 'host-1', kind: 'host' });
  assert.equal(t.sessions[0]?.ppp?.auth?.peer, 'user-1');
  assert.match(t.sessions[0]?.ppp?.text ?? '', /PAP success \(user-1\)/);
  const mer = toMermaid(buildLadder(all, all.tunnels, { data: true }));
  assert.match(mer, /participant L1 as addr-1<br\/>LAC<br\/>host-1/);
  assert.deepEqual(all.redacted, ['secrets', 'hosts', 'numbers', 'addresses']);
});

test('selection by tunnel and session', () => {
  resetFrames();
  const m = run([...setup(100, 200, 10, 20), ...setup(101, 201, 11, 21), data(LAC, LNS, 201, 21), data(LAC, LNS, 200, 20)]);
  assert.deepEqual(selectFlow(m, ['t2'], []).tunnels.map((t) => t.id), ['t2']);
  assert.deepEqual(selectFlow(m, ['200'], []).tunnels.map((t) => t.id), ['t1']);
  assert.match(selectFlow(m, ['t9'], []).errors[0] ?? '', /no such tunnel/);
  const s = selectFlow(m, [], ['t2s1']);
  assert.deepEqual(s.tunnels.map((t) => [t.id, t.sessions.map((x) => x.id)]), [['t2', ['t2s1']]]);
  assert.deepEqual(selectFlow(m, [], ['11']).tunnels[0]?.sessions.map((x) => x.id), ['t2s1']);
});

test('Markdown report', async () => {
  const m = redact(model(), ['secrets']);
  const md = flowReport(m, m.tunnels, {});
  assert.match(md, /^# L2TP review: `synthetic <test>\.pcap`/);
  assert.match(md, /^## Capture$/m);
  assert.match(md, /^\| t1 \| L2TPv2 \| 192\.0\.2\.2:1701 \(LAC, lac1\.example\)/m);
  assert.match(md, /^\| t1s1 \| t1 \| incoming from LAC \| 10 \/ 20 \|/m);
  assert.match(md, /^\| 16 \| warning \| t1 \| `l2tp\.flow\.hello_session_id` \| Hello from LAC carries Session ID 20; tunnel messages use 0 \(RFC 2661 §6\.5\)\. \|$/m);
  const blocks = [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((x) => x[1] ?? '');
  assert.equal(blocks.length, 1);
  for (const b of blocks) assert.equal(await mermaidParse(b), 'sequence');
  assert.ok(!md.includes('qwerty'));
});
