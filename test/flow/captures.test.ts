// The flow model over the fixture captures (xl2tpd runs, scapy-built, the 2004 public capture): states,
// outcomes, reliability marks, tunnel authentication, PPP summaries, and every exporter on real flows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, flowOf } from './capture';
import { CHROMIUM, mermaidParse, renderSvg, xmlProblems } from './render';
import { buildLadder } from '../../server/flow/ladder';
import { toMermaid } from '../../server/flow/export/mermaid';
import { toSvg } from '../../server/flow/export/svg';
import { flowText } from '../../server/flow/export/text';
import { redact } from '../../server/flow/redact';
import type { CtlRow, FlowTunnel } from '../../server/flow/types';

const ctlRows = (t: FlowTunnel): CtlRow[] => t.rows.filter((r): r is CtlRow => r.kind === 'ctl');

test('xl2tpd_d: SCCRQ sent 4 times with Ns=0, StopCCN retransmitted and never acknowledged', () => {
  const m = flowOf('generated/xl2tpd_d_retransmissions.pcap');
  assert.equal(m.tunnels.length, 1);
  const t = m.tunnels[0]!;
  const rows = ctlRows(t);
  const sccrq = rows.filter((r) => r.name === 'SCCRQ');
  assert.deepEqual(sccrq.map((r) => [r.frame, r.ns]), [[1, 0], [2, 0], [3, 0], [4, 0]]);
  assert.deepEqual(sccrq.map((r) => r.marks.retransmit?.attempt ?? 1), [1, 2, 3, 4]);
  assert.deepEqual(sccrq.slice(1).map((r) => Math.round(r.marks.retransmit?.sincePrev ?? 0)), [1, 2, 4], 'exponential back-off');
  assert.equal(sccrq[0]!.marks.ackedBy, 5, 'the SCCRP acknowledges the SCCRQ');
  const stop = rows.filter((r) => r.name === 'StopCCN');
  assert.deepEqual(stop.map((r) => [r.frame, r.ns, r.nr]), [[15, 4, 3], [16, 4, 3], [17, 4, 3], [18, 4, 3], [19, 4, 3]]);
  assert.ok(stop.every((r) => r.marks.unacked && r.marks.ackedBy === undefined));
  assert.deepEqual(stop.slice(1).map((r) => Math.round(r.marks.retransmit?.sincePrev ?? 0)), [1, 2, 4, 8]);
  assert.equal(t.reliability.a.unacked, 1);
  assert.equal(t.reliability.a.retransmissions, 7);
  assert.equal(t.state, 'idle');
  assert.equal(t.outcome.kind, 'closed');
  assert.match(t.outcome.text, /^closed by LAC with StopCCN \(frame 15\): result 1 .*the StopCCN was never acknowledged \(sent 5 times\)$/);
  assert.ok(t.problems.some((p) => p.abbrev === 'l2tp.flow.unacknowledged' && p.frame === 15));
  assert.ok(t.problems.some((p) => p.abbrev === 'l2tp.flow.retransmission' && p.frame === 1 && /sent 4 times/.test(p.text)));
  assert.equal(t.sessions[0]?.outcome.kind, 'closed');
  const text = flowText(m, m.tunnels);
  assert.match(text, /^ {5}4 {6}7\.059 \|─+ SCCRQ Ns=0 Nr=0 ─+►\|.*retry 4 \+4\.1s/m);
  assert.match(text, /^ {4}19 {5}23\.540 \|─+ StopCCN Ns=4 Nr=3 ─+×\|.*retry 5 \+8\.0s never acked/m);
});

test('xl2tpd_b1: the challenge responses verify with the secret and fail with a wrong one', () => {
  const ok = flowOf('generated/xl2tpd_b1_challenge_ok.pcap', ['l2tp-shared-secret-ok']).tunnels[0]!;
  assert.deepEqual(ok.challenge, { b: 'verified', a: 'verified' });
  assert.ok(!ok.problems.some((p) => p.source === 'engine'));
  const bad = flowOf('generated/xl2tpd_b1_challenge_ok.pcap', ['not-the-secret']).tunnels[0]!;
  assert.deepEqual(bad.challenge, { b: 'failed', a: 'failed' });
  const engine = bad.problems.filter((p) => p.abbrev === 'l2tp.avp.challenge_response.bad');
  assert.deepEqual(engine.map((p) => [p.frame, p.source, p.severity]), [[2, 'engine', 'error'], [3, 'engine', 'error']]);
  const none = flowOf('generated/xl2tpd_b1_challenge_ok.pcap').tunnels[0]!;
  assert.deepEqual(none.challenge, { b: 'unchecked', a: 'unchecked' });
  for (const t of [ok, bad, none]) {
    assert.equal(t.state, 'idle');
    assert.equal(t.outcome.kind, 'closed');
  }
});

test('xl2tpd_b2: a wrong secret on the LAC ends the setup with StopCCN 2/6', () => {
  const m = flowOf('generated/xl2tpd_b2_challenge_wrong_secret.pcap', ['l2tp-shared-secret-ok']);
  const t = m.tunnels[0]!;
  assert.equal(t.challenge?.b, 'verified', "the LNS's response is right for the LNS's secret");
  assert.equal(t.outcome.kind, 'failed');
  assert.deepEqual([t.outcome.result?.code, t.outcome.result?.error, t.outcome.result?.message], [2, 6, 'Invalid challenge authentication']);
  assert.match(t.outcome.text, /^setup failed: initiator sent StopCCN in state wait-ctl-reply \(frame 4\): result 2 /);
  const wrong = flowOf('generated/xl2tpd_b2_challenge_wrong_secret.pcap', ['wrong-secret']).tunnels[0]!;
  assert.equal(wrong.challenge?.b, 'failed');
  assert.ok(wrong.problems.some((p) => p.abbrev === 'l2tp.avp.challenge_response.bad' && p.frame === 2));
});

test('2004 capture: one tunnel torn down, one brought up with its session and PPP', () => {
  const m = flowOf('public/jnetpcap-legacy__test-l2tp.pcap');
  assert.equal(m.tunnels.length, 2);
  const [t1, t2] = m.tunnels as [FlowTunnel, FlowTunnel];
  assert.equal(t1.setupSeen, false, 'the first tunnel came up before the capture');
  assert.deepEqual([t1.a.addr, t1.a.tunnelId, t1.b.addr, t1.b.tunnelId], ['192.168.101.233', 1, '192.168.98.222', 56152]);
  assert.deepEqual([t1.a.role, t1.b.role], ['LAC', 'LNS']);
  assert.equal(t1.state, 'idle');
  assert.equal(t1.outcome.kind, 'closed');
  assert.equal(t1.outcome.frame, 43);
  assert.equal(t1.outcome.result?.code, 6);
  assert.equal(t1.sessions.length, 1);
  assert.deepEqual(t1.sessions[0]!.ids, { a: 1, b: 24 });
  assert.deepEqual(t1.sessions[0]!.data, { ab: 20, ba: 20 });
  assert.equal(t1.sessions[0]!.outcome.frame, 41);

  assert.equal(t2.setupSeen, true);
  assert.deepEqual([t2.a.tunnelId, t2.b.tunnelId, t2.a.hostName], [2, 3257, 'albatross.dev.hsd.com.au']);
  assert.deepEqual(t2.timeline.filter((c) => c.side === 'both').map((c) => [c.frame, c.to]), [[45, 'wait-ctl-reply'], [46, 'wait-ctl-conn'], [47, 'established'], [167, 'idle']]);
  const s = t2.sessions[0]!;
  assert.equal(s.call, 'incoming');
  assert.deepEqual(s.ids, { a: 1, b: 25 });
  assert.deepEqual(s.timeline.filter((c) => c.side === 'both').map((c) => [c.frame, c.to]), [[48, 'wait-reply'], [51, 'wait-connect'], [52, 'established'], [165, 'idle']]);
  const ppp = s.ppp!;
  assert.equal(ppp.lcp.opened, true);
  assert.deepEqual(ppp.auth, { protocol: 'PAP', result: 'success', peer: 'markw', frame: 69 });
  assert.equal(ppp.ipcp?.opened, true);
  assert.equal(ppp.ipcp?.addresses.a, '172.16.10.2');
  assert.deepEqual(ppp.other.map((o) => [o.protocol, o.state]), [['CCP', 'rejected']]);
  assert.deepEqual(ppp.terminated, { frame: 163, by: 'a' });
  assert.equal(s.outcome.kind, 'closed');
  assert.match(s.outcome.text, /^cleared by LAC with CDN \(frame 165\): result 3 /);
  // PPP rows carry the PAP password: the default redaction masks it, names stay.
  const pap = redact(m, ['secrets']).tunnels[1]!.rows.find((r) => r.kind === 'ppp' && r.protocol === 'PAP' && r.code === 1);
  assert.deepEqual(pap?.kind === 'ppp' ? pap.detail.map((d) => `${d.key}=${d.value}`) : [], ['peer=markw', 'password=secret-1']);
});

test('xl2tpd scenarios: several LACs, several calls per tunnel, redials and a setup torn down midway', () => {
  const e = flowOf('generated/xl2tpd_e_two_lacs.pcap');
  assert.deepEqual(e.tunnels.map((t) => [t.a.addr, t.a.hostName, t.b.addr, t.a.role, t.outcome.kind, t.sessions.length]), [
    ['192.0.2.2', 'lac1.example', '192.0.2.1', 'LAC', 'closed', 1], ['192.0.2.3', 'lac2.example', '192.0.2.1', 'LAC', 'closed', 1]]);
  const f = flowOf('generated/xl2tpd_f_calls_per_tunnel.pcap');
  assert.equal(f.tunnels.length, 1);
  const ft = f.tunnels[0]!;
  assert.deepEqual(ft.sessions.map((s) => [s.state, s.outcome.kind]), [['idle', 'closed'], ['idle', 'closed'], ['idle', 'failed']]);
  assert.match(ft.sessions[2]!.outcome.text, /ended with its tunnel: StopCCN from LAC \(frame 27\)/);
  assert.ok(ft.sessions[2]!.timeline.some((c) => c.side === 'both' && c.to === 'wait-reply'));
  assert.equal(ctlRows(ft).find((r) => r.frame === 25)?.marks.retransmit?.of, 21);
  const g = flowOf('generated/xl2tpd_g_redials_aborted_setup.pcap');
  assert.deepEqual(g.tunnels.map((t) => [t.state, t.outcome.kind, t.sessions.length]), [['idle', 'failed', 0], ['idle', 'closed', 1], ['idle', 'closed', 1]]);
  const g1 = g.tunnels[0]!;
  assert.match(g1.outcome.text, /^setup failed: LAC sent StopCCN in state wait-ctl-reply \(frame 3\)/);
  assert.ok(g1.problems.some((p) => p.abbrev === 'l2tp.flow.unexpected_message' && p.frame === 6), 'ICRQ after the teardown');
  assert.deepEqual(ctlRows(g1).map((r) => r.frame), [1, 2, 3, 4, 5, 6, 7], 'StopCCNs and ICRQs to Tunnel ID 0 stay with the aborted attempt');
});

test('scapy captures: PPP over two sessions, CHAP failure, L2TPv3 over IP', () => {
  const p = flowOf('generated/scapy_l2tpv2_ppp_negotiation.pcap');
  const t = p.tunnels[0]!;
  assert.deepEqual(t.sessions.map((s) => [s.ids.a, s.ids.b, s.ppp?.auth?.protocol, s.ppp?.auth?.result]), [[257, 514, 'PAP', 'success'], [259, 516, 'CHAP', 'failure']]);
  assert.deepEqual(t.sessions[0]!.ppp?.ipcp?.addresses, { a: '10.0.0.2', b: '10.0.0.1' });
  assert.ok(t.problems.some((x) => x.abbrev === 'l2tp.flow.ppp_auth_failed' && x.session === 't1s2'));
  assert.deepEqual(t.sessions.map((s) => s.outcome.result?.code), [3, 2]);
  assert.equal(t.sessions[0]?.outcome.q931?.cause, 16);
  const v3 = flowOf('generated/scapy_l2tpv3_over_ip_proto115.pcap').tunnels[0]!;
  assert.deepEqual([v3.version, v3.transport, v3.a.role, v3.a.tunnelId, v3.b.tunnelId], [3, 'ip', 'LCCE', 0xa001, 0xb002]);
  assert.deepEqual(v3.sessions.map((s) => [s.ids.a, s.ids.b, s.outcome.kind, s.data.ab + s.data.ba]), [[0x00010001, 0x00020002, 'closed', 3]]);
});

const ALL = ['generated', 'public'].flatMap((d) => readdirSync(join(FIXTURES, d)).filter((f) => f.endsWith('.pcap')).map((f) => `${d}/${f}`));

test('every tunnel of the L2TP fixtures ends in the right state', () => {
  const expect: Record<string, string[]> = {
    'generated/xl2tpd_a_tunnel_session_hello.pcap': ['idle closed'],
    'generated/xl2tpd_b1_challenge_ok.pcap': ['idle closed'],
    'generated/xl2tpd_b2_challenge_wrong_secret.pcap': ['idle failed'],
    'generated/xl2tpd_d_retransmissions.pcap': ['idle closed'],
    'generated/xl2tpd_e_two_lacs.pcap': ['idle closed', 'idle closed'],
    'generated/xl2tpd_f_calls_per_tunnel.pcap': ['idle closed'],
    'generated/xl2tpd_g_redials_aborted_setup.pcap': ['idle failed', 'idle closed', 'idle closed'],
    'generated/scapy_l2tpv2_ppp_negotiation.pcap': ['idle closed'],
    'generated/scapy_l2tpv3_over_ip_proto115.pcap': ['idle closed'],
    'generated/scapy_linktype_sll.pcap': ['established established'],
    'public/jnetpcap-legacy__test-l2tp.pcap': ['idle closed', 'idle closed'],
  };
  for (const [file, states] of Object.entries(expect)) {
    assert.deepEqual(flowOf(file).tunnels.map((t) => `${t.state} ${t.outcome.kind}`), states, file);
  }
});

test('Mermaid of every fixture parses and its SVG is well-formed', async () => {
  for (const file of ALL) {
    const m = flowOf(file);
    const ladder = buildLadder(m, m.tunnels, { data: true });
    if (m.tunnels.length) assert.equal(await mermaidParse(toMermaid(ladder)), 'sequence', file);
    assert.deepEqual(xmlProblems(toSvg(ladder)), [], file);
  }
});

test('the 2004 capture as SVG renders in headless Chromium', async (t) => {
  if (!existsSync(CHROMIUM)) { t.skip(`${CHROMIUM} not installed: PNG rendering not checked`); return; }
  const m = redact(flowOf('public/jnetpcap-legacy__test-l2tp.pcap'), ['secrets']);
  const r = await renderSvg(toSvg(buildLadder(m, m.tunnels, { data: true })), 'flow-jnetpcap-2004');
  assert.ok(r);
  assert.equal(r.parseError, null);
  assert.ok(r.height > 2000, `${r.width}x${r.height}`);
  assert.ok(r.colours > 5);
});
