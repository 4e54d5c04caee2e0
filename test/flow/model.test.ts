// The flow model over synthetic conversations: grouping, roles, state machines, outcomes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ctl, data, LAC, LNS, ppp, resetFrames, run, setup } from './synthetic';
import type { CtlRow } from '../../server/flow/types';

test('a complete incoming call: roles, states, outcomes, acknowledgements', () => {
  resetFrames();
  const m = run([
    ...setup(),
    data(LAC, LNS, 200, 20), data(LNS, LAC, 100, 10), data(LAC, LNS, 200, 20),
    ctl(14, LAC, LNS, { tunnel: 200, session: 20, assignedSession: 10, ns: 4, nr: 3, result: { code: 3, name: 'Administrative' } }),
    ctl(-1, LNS, LAC, { tunnel: 100, ns: 3, nr: 5 }),
    ctl(4, LAC, LNS, { tunnel: 200, assignedTunnel: 100, ns: 5, nr: 3, result: { code: 1, name: 'General request to clear control connection' } }),
    ctl(-1, LNS, LAC, { tunnel: 100, ns: 3, nr: 6 }),
  ]);
  assert.equal(m.tunnels.length, 1);
  const t = m.tunnels[0]!;
  assert.equal(t.a.role, 'LAC');
  assert.equal(t.b.role, 'LNS');
  assert.equal(t.a.tunnelId, 100);
  assert.equal(t.b.tunnelId, 200);
  assert.equal(t.a.hostName, 'lac1.example');
  assert.equal(t.state, 'idle');
  assert.equal(t.outcome.kind, 'closed');
  assert.match(t.outcome.text, /closed by LAC with StopCCN \(frame 14\): result 1 \(General request/);
  assert.deepEqual(t.timeline.filter((c) => c.side === 'both').map((c) => c.to), ['wait-ctl-reply', 'wait-ctl-conn', 'established', 'idle']);
  assert.equal(t.sessions.length, 1);
  const s = t.sessions[0]!;
  assert.equal(s.call, 'incoming');
  assert.deepEqual(s.ids, { a: 10, b: 20 });
  assert.deepEqual(s.data, { ab: 2, ba: 1 });
  assert.equal(s.outcome.kind, 'closed');
  assert.match(s.outcome.text, /cleared by LAC with CDN \(frame 12\): result 3 \(Administrative\)/);
  assert.deepEqual(s.timeline.filter((c) => c.side === 'both').map((c) => c.to), ['wait-reply', 'wait-connect', 'established', 'idle']);
  const rows = t.rows.filter((r): r is CtlRow => r.kind === 'ctl');
  assert.deepEqual(rows[1]!.marks.acks, [1], 'SCCRP acknowledges SCCRQ');
  assert.equal(rows[0]!.marks.ackedBy, 2);
  assert.deepEqual(rows[3]!.marks.acks, [3], 'the ZLB acknowledges SCCCN');
  const dataRows = t.rows.filter((r) => r.kind === 'data');
  assert.equal(dataRows.length, 1);
  assert.deepEqual(dataRows[0] && dataRows[0].kind === 'data' ? [dataRows[0].ab, dataRows[0].ba] : [], [2, 1]);
  assert.deepEqual(t.problems.map((p) => p.abbrev), []);
  assert.equal(t.reliability.a.unacked, 0);
  assert.equal(t.reliability.b.unacked, 0);
});

test('retransmitted SCCRQ with back-off, then an unacknowledged StopCCN', () => {
  resetFrames();
  const at = (time: number, e: ReturnType<typeof ctl>): ReturnType<typeof ctl> => ({ ...e, time });
  const sccrq = (time: number): ReturnType<typeof ctl> => at(time, ctl(1, LAC, LNS, { assignedTunnel: 7, ns: 0, nr: 0 }));
  const stop = (time: number): ReturnType<typeof ctl> => at(time, ctl(4, LAC, LNS, { tunnel: 9, assignedTunnel: 7, ns: 2, nr: 1, result: { code: 6 } }));
  const m = run([
    sccrq(0), sccrq(1), sccrq(3), sccrq(7),
    at(7.01, ctl(2, LNS, LAC, { tunnel: 7, assignedTunnel: 9, ns: 0, nr: 1 })),
    at(7.02, ctl(3, LAC, LNS, { tunnel: 9, ns: 1, nr: 1 })),
    at(7.03, ctl(-1, LNS, LAC, { tunnel: 7, ns: 1, nr: 2 })),
    stop(8), stop(9), stop(11), stop(15), stop(23),
  ]);
  assert.equal(m.tunnels.length, 1, 'resends of an SCCRQ are one tunnel');
  const t = m.tunnels[0]!;
  const rows = t.rows.filter((r): r is CtlRow => r.kind === 'ctl');
  const sccrqs = rows.filter((r) => r.name === 'SCCRQ');
  assert.equal(sccrqs.length, 4);
  assert.deepEqual(sccrqs.map((r) => r.marks.retransmit?.attempt), [undefined, 2, 3, 4]);
  assert.deepEqual(sccrqs.map((r) => r.marks.retransmit?.sincePrev), [undefined, 1, 2, 4]);
  assert.equal(sccrqs[0]!.marks.ackedBy, 5);
  const stops = rows.filter((r) => r.name === 'StopCCN');
  assert.equal(stops.length, 5);
  assert.ok(stops.every((r) => r.marks.unacked), 'every StopCCN transmission is marked never acknowledged');
  assert.equal(t.reliability.a.retransmissions, 7);
  assert.equal(t.reliability.a.unacked, 1);
  assert.equal(t.outcome.kind, 'closed');
  assert.match(t.outcome.text, /never acknowledged \(sent 5 times\)/);
  const abbrevs = t.problems.map((p) => p.abbrev);
  assert.ok(abbrevs.includes('l2tp.flow.retransmission'));
  assert.ok(abbrevs.includes('l2tp.flow.unacknowledged'));
  const retx = t.problems.find((p) => p.abbrev === 'l2tp.flow.retransmission' && p.frame === 1);
  assert.match(retx?.text ?? '', /SCCRQ \(Ns 0\) was sent 4 times, back-off 1\.0 s, 2\.0 s, 4\.0 s/);
});

test('several tunnels between the same hosts, a redial and a setup torn down midway', () => {
  resetFrames();
  const m = run([
    // t1: rejected by the LNS with StopCCN straight after the SCCRQ.
    ctl(1, LAC, LNS, { assignedTunnel: 11, ns: 0, nr: 0 }),
    ctl(4, LNS, LAC, { tunnel: 11, assignedTunnel: 21, ns: 0, nr: 1, result: { code: 4, name: 'Requester is not authorized' } }),
    ctl(-1, LAC, LNS, { tunnel: 21, ns: 1, nr: 1 }),
    // t2: the redial comes up.
    ...setup(12, 22, 1, 2),
    // t3: a second tunnel between the same hosts, in parallel, with two calls.
    ...setup(13, 23, 3, 4),
    ctl(10, LAC, LNS, { tunnel: 23, assignedSession: 5, ns: 4, nr: 3 }),
    ctl(11, LNS, LAC, { tunnel: 13, session: 5, assignedSession: 6, ns: 2, nr: 5 }),
    ctl(12, LAC, LNS, { tunnel: 23, session: 6, ns: 5, nr: 3 }),
    data(LAC, LNS, 23, 6), data(LAC, LNS, 23, 4), data(LAC, LNS, 22, 2),
    ctl(14, LNS, LAC, { tunnel: 13, session: 3, assignedSession: 4, ns: 3, nr: 6, result: { code: 2 } }),
    ctl(-1, LAC, LNS, { tunnel: 23, ns: 6, nr: 4 }),
  ]);
  assert.deepEqual(m.tunnels.map((t) => t.outcome.kind), ['failed', 'established', 'established']);
  assert.match(m.tunnels[0]!.outcome.text, /setup failed: LNS sent StopCCN in state idle \(frame 2\): result 4/);
  const t3 = m.tunnels[2]!;
  assert.deepEqual(t3.sessions.map((s) => [s.ids.a, s.ids.b, s.state, s.data.ab]), [[3, 4, 'idle', 1], [5, 6, 'established', 1]]);
  assert.equal(m.tunnels[1]!.sessions[0]!.data.ab, 1);
  assert.equal(t3.sessions[0]!.outcome.kind, 'closed');
  assert.match(t3.sessions[0]!.outcome.text, /cleared by LNS with CDN/);
  for (const t of m.tunnels) assert.deepEqual(t.problems.filter((p) => p.severity !== 'note').map((p) => p.abbrev), []);
});

test('conformance: Hello with a Session ID, missing AVPs, out-of-state messages, IDs in use, unknown tunnel', () => {
  resetFrames();
  const m = run([
    ...setup(),
    ctl(6, LAC, LNS, { tunnel: 200, session: 20, ns: 4, nr: 2 }),
    ctl(12, LAC, LNS, { tunnel: 200, session: 20, ns: 5, nr: 2 }),
    ctl(10, LAC, LNS, { tunnel: 200, assignedSession: 10, ns: 6, nr: 2 }),
    ctl(11, LNS, LAC, { tunnel: 100, session: 10, assignedSession: 21, ns: 2, nr: 7, avpTypes: [0] }),
    ctl(6, LAC, LNS, { tunnel: 4242, ns: 0, nr: 0 }),
  ]);
  const t = m.tunnels[0]!;
  const got = t.problems.map((p) => `${p.frame} ${p.abbrev}`);
  assert.ok(got.includes('9 l2tp.flow.hello_session_id'), got.join('; '));
  assert.ok(got.includes('10 l2tp.flow.unexpected_message'), 'ICCN on an established session');
  assert.ok(got.includes('11 l2tp.flow.id_in_use'), 'Assigned Session ID 10 reused while in use');
  assert.ok(got.includes('12 l2tp.flow.missing_avp'), 'ICRP without Assigned Session ID');
  const hello = t.problems.find((p) => p.abbrev === 'l2tp.flow.hello_session_id');
  assert.match(hello?.text ?? '', /RFC 2661 §6\.5/);
  const miss = t.problems.find((p) => p.abbrev === 'l2tp.flow.missing_avp');
  assert.match(miss?.text ?? '', /ICRP lacks the mandatory .* \(RFC 2661 §6\.10\)\.$/);
  assert.equal(m.tunnels.length, 2);
  assert.ok(m.tunnels[1]!.problems.some((p) => p.abbrev === 'l2tp.flow.unknown_tunnel'), 'Hello to a tunnel never set up between hosts that set up others');
});

test('a tunnel set up before the capture: both directions adopted, torn down', () => {
  resetFrames();
  const m = run([
    data('10.0.0.2', '10.0.0.1', 56152, 24), data('10.0.0.1', '10.0.0.2', 1, 1), data('10.0.0.2', '10.0.0.1', 56152, 24),
    ctl(14, '10.0.0.2', '10.0.0.1', { tunnel: 56152, session: 24, assignedSession: 1, ns: 4, nr: 2, result: { code: 1 } }),
    ctl(-1, '10.0.0.1', '10.0.0.2', { tunnel: 1, ns: 2, nr: 5 }),
    ctl(4, '10.0.0.2', '10.0.0.1', { tunnel: 56152, assignedTunnel: 1, ns: 5, nr: 2, result: { code: 1 } }),
    ctl(-1, '10.0.0.1', '10.0.0.2', { tunnel: 1, ns: 2, nr: 6 }),
  ]);
  assert.equal(m.tunnels.length, 1);
  const t = m.tunnels[0]!;
  assert.equal(t.setupSeen, false);
  assert.deepEqual([t.a.tunnelId, t.b.tunnelId], [1, 56152]);
  assert.equal(t.sessions.length, 1);
  assert.deepEqual(t.sessions[0]!.ids, { a: 1, b: 24 });
  assert.deepEqual(t.sessions[0]!.data, { ab: 2, ba: 1 });
  assert.equal(t.state, 'idle');
  assert.equal(t.outcome.kind, 'closed');
  assert.equal(t.sessions[0]!.outcome.kind, 'closed');
  assert.deepEqual(t.problems.map((p) => p.abbrev), ['l2tp.flow.setup_not_captured']);
  assert.equal(t.reliability.a.unacked, 0);
});

test('PPP negotiation summarised per session', () => {
  resetFrames();
  const m = run([
    ...setup(),
    data(LAC, LNS, 200, 20, { ppp: ppp('LCP', 0xc021, 1, { detail: [{ key: 'mru', value: '1400' }] }) }),
    data(LNS, LAC, 100, 10, { ppp: ppp('LCP', 0xc021, 1, { authProtocol: 'PAP' }) }),
    data(LAC, LNS, 200, 20, { ppp: ppp('LCP', 0xc021, 2, { authProtocol: 'PAP' }) }),
    data(LNS, LAC, 100, 10, { ppp: ppp('LCP', 0xc021, 2, { detail: [{ key: 'mru', value: '1400' }] }) }),
    data(LAC, LNS, 200, 20, { ppp: ppp('PAP', 0xc023, 1, { peer: 'markw', detail: [{ key: 'peer', value: 'markw', kind: 'name' }, { key: 'password', value: 'qwerty', kind: 'secret' }] }) }),
    data(LNS, LAC, 100, 10, { ppp: ppp('PAP', 0xc023, 2) }),
    data(LAC, LNS, 200, 20, { ppp: ppp('IPCP', 0x8021, 1, { ipAddress: '0.0.0.0' }) }),
    data(LNS, LAC, 100, 10, { ppp: ppp('IPCP', 0x8021, 3, { ipAddress: '172.16.10.2' }) }),
    data(LNS, LAC, 100, 10, { ppp: ppp('IPCP', 0x8021, 1, { ipAddress: '172.16.10.1' }) }),
    data(LAC, LNS, 200, 20, { ppp: ppp('IPCP', 0x8021, 2, { ipAddress: '172.16.10.1' }) }),
    data(LAC, LNS, 200, 20, { ppp: ppp('IPCP', 0x8021, 1, { ipAddress: '172.16.10.2' }) }),
    data(LNS, LAC, 100, 10, { ppp: ppp('IPCP', 0x8021, 2, { ipAddress: '172.16.10.2' }) }),
    data(LAC, LNS, 200, 20, { ppp: ppp('CCP', 0x80fd, 1) }),
    data(LNS, LAC, 100, 10, { ppp: ppp('LCP', 0xc021, 8, { rejectedProtocol: 0x80fd }) }),
    data(LAC, LNS, 200, 20),
  ]);
  const s = m.tunnels[0]!.sessions[0]!;
  const p = s.ppp!;
  assert.equal(p.packets, 14);
  assert.equal(p.lcp.state, 'opened');
  assert.deepEqual(p.auth, { protocol: 'PAP', result: 'success', peer: 'markw', frame: 14 });
  assert.equal(p.ipcp?.state, 'opened');
  assert.deepEqual(p.ipcp?.addresses, { a: '172.16.10.2', b: '172.16.10.1' });
  assert.deepEqual(p.other, [{ protocol: 'CCP', state: 'rejected', opened: false }]);
  assert.equal(p.text, 'LCP opened (MRU LAC 1400) · PAP success (markw) · IPCP opened: LAC 172.16.10.2, LNS 172.16.10.1 · CCP rejected');
  assert.equal(s.data.ab + s.data.ba, 15);
  assert.equal(m.tunnels[0]!.rows.filter((r) => r.kind === 'ppp').length, 14);
});

test('failed PPP authentication is a session problem', () => {
  resetFrames();
  const m = run([
    ...setup(),
    data(LNS, LAC, 100, 10, { ppp: ppp('CHAP', 0xc223, 1, { peer: 'lns' }) }),
    data(LAC, LNS, 200, 20, { ppp: ppp('CHAP', 0xc223, 2, { peer: 'bob' }) }),
    data(LNS, LAC, 100, 10, { ppp: ppp('CHAP', 0xc223, 4, { message: 'Access denied' }) }),
  ]);
  const t = m.tunnels[0]!;
  assert.equal(t.sessions[0]!.ppp?.auth?.result, 'failure');
  const p = t.problems.find((x) => x.abbrev === 'l2tp.flow.ppp_auth_failed');
  assert.equal(p?.session, 't1s1');
  assert.match(p?.text ?? '', /CHAP authentication of session t1s1 failed \("Access denied"\)/);
});

test('outgoing call: LNS dials through the LAC', () => {
  resetFrames();
  const m = run([
    ctl(1, LNS, LAC, { assignedTunnel: 5, ns: 0, nr: 0 }),
    ctl(2, LAC, LNS, { tunnel: 5, assignedTunnel: 6, ns: 0, nr: 1 }),
    ctl(3, LNS, LAC, { tunnel: 6, ns: 1, nr: 1 }),
    ctl(7, LNS, LAC, { tunnel: 6, assignedSession: 50, ns: 2, nr: 1 }),
    ctl(8, LAC, LNS, { tunnel: 5, session: 50, assignedSession: 60, ns: 1, nr: 3 }),
    ctl(9, LAC, LNS, { tunnel: 5, session: 50, ns: 2, nr: 3 }),
    ctl(-1, LNS, LAC, { tunnel: 6, ns: 3, nr: 3 }),
  ]);
  const t = m.tunnels[0]!;
  assert.equal(t.a.role, 'LNS');
  assert.equal(t.b.role, 'LAC');
  assert.equal(t.a.initiator, true);
  const s = t.sessions[0]!;
  assert.equal(s.call, 'outgoing');
  assert.equal(s.state, 'established');
  assert.deepEqual(s.sides, { a: 'established', b: 'established' });
  assert.ok(s.timeline.some((c) => c.side === 'b' && c.to === 'wait-cs-answer'));
  assert.deepEqual(t.problems, []);
});

test('Ns gap, duplicate after acknowledgement and window overrun', () => {
  resetFrames();
  const m = run([
    ctl(1, LAC, LNS, { assignedTunnel: 1, ns: 0, nr: 0, rws: 4 }),
    ctl(2, LNS, LAC, { tunnel: 1, assignedTunnel: 2, ns: 0, nr: 1, rws: 1 }),
    ctl(3, LAC, LNS, { tunnel: 2, ns: 1, nr: 1 }),
    ctl(6, LAC, LNS, { tunnel: 2, ns: 2, nr: 1 }),
    ctl(-1, LNS, LAC, { tunnel: 1, ns: 1, nr: 3 }),
    ctl(6, LAC, LNS, { tunnel: 2, ns: 2, nr: 1 }),
    ctl(6, LAC, LNS, { tunnel: 2, ns: 5, nr: 1 }),
  ]);
  const t = m.tunnels[0]!;
  const rows = t.rows.filter((r): r is CtlRow => r.kind === 'ctl');
  assert.ok(rows[3]!.marks.outOfWindow, 'two outstanding with a window of 1');
  assert.equal(rows[5]!.marks.duplicate, true);
  assert.deepEqual(rows[6]!.marks.gap, { expected: 3, got: 5 });
  const abbrevs = t.problems.map((p) => p.abbrev);
  for (const a of ['l2tp.flow.out_of_window', 'l2tp.flow.ns_gap', 'l2tp.flow.retransmission']) assert.ok(abbrevs.includes(a), a);
});
