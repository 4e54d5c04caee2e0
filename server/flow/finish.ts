// End of capture for one tunnel: unacknowledged messages, reliability problems, outcomes of the tunnel
// and its sessions, PPP summaries — then every text's {a}/{b} becomes the end's name (LAC, LNS …).

import { CHECKS, problem } from './conformance';
import { round } from './reliability';
import type { SessionRec, TunnelRec } from './records';
import type { CtlRow, FlowProblem, FlowSession, FlowTunnel, Outcome, ResultInfo, Side } from './types';

export function finishTunnel(rec: TunnelRec): FlowTunnel {
  const t = rec.t;
  rec.rel.finish();
  t.reliability = { a: rec.rel.stats('a'), b: rec.rel.stats('b') };
  reliabilityProblems(rec);
  t.outcome = tunnelOutcome(rec);
  const label = (s: Side): string => sideLabel(t, s);
  t.sessions = rec.sessions.map((s) => finishSession(s, label));
  t.problems.sort((x, y) => x.frame - y.frame);
  const byFrame = new Map<number, string[]>();
  for (const p of t.problems) (byFrame.get(p.frame) ?? byFrame.set(p.frame, []).get(p.frame))?.push(p.abbrev);
  for (const r of t.rows) if (r.kind === 'ctl') r.problems = [...new Set(byFrame.get(r.frame) ?? [])];
  // Names are known only now (roles come from ICRQ/OCRQ, possibly late): resolve the placeholders.
  const name = (s: string): string => s.replace(/\{([ab])\}/g, (_m, x: string) => label(x as Side));
  for (const p of t.problems) p.text = name(p.text);
  t.outcome.text = name(t.outcome.text);
  for (const c of t.timeline) c.why = name(c.why);
  for (const s of t.sessions) {
    s.outcome.text = name(s.outcome.text);
    for (const c of s.timeline) c.why = name(c.why);
  }
  return t;
}

/** LAC / LNS when a call told, else initiator / responder, else "end A" / "end B". */
export function sideLabel(t: FlowTunnel, s: Side): string {
  const e = t[s];
  if (e.role === 'LAC' || e.role === 'LNS') return e.role;
  if (e.role === 'LCCE') return `LCCE ${s.toUpperCase()}`;
  if (t.setupSeen) return e.initiator ? 'initiator' : 'responder';
  return `end ${s.toUpperCase()}`;
}

export function resultText(r: ResultInfo | undefined): string {
  if (!r) return 'no Result Code';
  let s = `result ${r.code}${r.name ? ` (${r.name})` : ''}`;
  if (r.error !== undefined) s += `, error ${r.error}${r.errorName ? ` (${r.errorName})` : ''}`;
  if (r.message) s += `: "${r.message}"`;
  return s;
}

function tunnelOutcome(rec: TunnelRec): Outcome {
  const t = rec.t;
  const stop = rec.stop;
  if (stop) {
    const row = t.rows.find((r): r is CtlRow => r.kind === 'ctl' && r.frame === stop.frame);
    const tries = row ? rec.rel.tries(stop.by, row.ns) : 1;
    const unacked = row?.marks.unacked ? `; the StopCCN was never acknowledged${tries > 1 ? ` (sent ${tries} times)` : ''}` : '';
    const o: Outcome = rec.wasEstablished
      ? { kind: 'closed', text: `closed by {${stop.by}} with StopCCN (frame ${stop.frame}): ${resultText(stop.result)}${unacked}` }
      : { kind: 'failed', text: `setup failed: {${stop.by}} sent StopCCN in state ${stop.stateBefore} (frame ${stop.frame}): ${resultText(stop.result)}${unacked}` };
    o.frame = stop.frame;
    o.by = stop.by;
    o.cause = 'StopCCN';
    if (stop.result) o.result = stop.result;
    return o;
  }
  if (t.state === 'established') {
    const when = t.setupSeen ? ` (frame ${rec.establishedFrame ?? t.firstFrame})` : ' before the capture started';
    return { kind: 'established', text: `established${when}, up at the end of the capture`, cause: 'capture ended' };
  }
  const first = t.rows.find((r): r is CtlRow => r.kind === 'ctl');
  let why = '';
  if (first?.msgType === 1 && first.marks.unacked) {
    const tries = rec.rel.tries('a', first.ns);
    why = `; SCCRQ ${tries > 1 ? `sent ${tries} times, ` : ''}never answered`;
  }
  else if (t.state === 'wait-ctl-conn') why = '; SCCRP sent, no SCCCN seen';
  return { kind: 'incomplete', text: `setup incomplete: ${t.state} at the end of the capture${why}`, cause: 'capture ended' };
}

function finishSession(sess: SessionRec, label: (s: Side) => string): FlowSession {
  const s = sess.s;
  const end = sess.endInfo;
  if (end) {
    const established = sess.establishedFrame !== undefined;
    let text: string;
    if (end.cause === 'StopCCN') text = `ended with its tunnel: StopCCN from {${end.by}} (frame ${end.frame})`;
    else {
      const head = established ? `cleared by {${end.by}} with CDN (frame ${end.frame})` : `failed: {${end.by}} sent CDN in state ${sess.stateBefore} (frame ${end.frame})`;
      text = `${head}: ${resultText(end.result)}`;
      if (end.q931) text += `; Q.931 cause ${end.q931.cause}${end.q931.name ? ` (${end.q931.name})` : ''}${end.q931.msg !== undefined ? `, message ${end.q931.msg}` : ''}${end.q931.advisory ? ` "${end.q931.advisory}"` : ''}`;
      if (end.pppCause) text += `; PPP disconnect cause ${end.pppCause.code}${end.pppCause.name ? ` (${end.pppCause.name})` : ''}${end.pppCause.message ? ` "${end.pppCause.message}"` : ''}`;
    }
    s.outcome = { kind: established ? 'closed' : 'failed', text, frame: end.frame, by: end.by, cause: end.cause };
    if (end.result) s.outcome.result = end.result;
    if (end.q931) s.outcome.q931 = end.q931;
    if (end.pppCause) s.outcome.pppCause = end.pppCause;
  } else if (s.state === 'established') {
    const when = s.setupSeen ? ` (frame ${sess.establishedFrame ?? s.firstFrame})` : ' before the capture started';
    s.outcome = { kind: 'established', text: `established${when}, up at the end of the capture`, cause: 'capture ended' };
  } else {
    s.outcome = { kind: 'incomplete', text: `setup incomplete: ${s.state} at the end of the capture`, cause: 'capture ended' };
  }
  s.start = round(s.start);
  s.end = round(s.end);
  const ppp = sess.ppp.summary(label);
  if (ppp.packets) s.ppp = ppp;
  return s;
}

function reliabilityProblems(rec: TunnelRec): void {
  const t = rec.t;
  const resent = new Map<number, CtlRow[]>();
  const add = (p: FlowProblem): void => rec.problem(p);
  for (const r of t.rows) {
    if (r.kind !== 'ctl') continue;
    const m = r.marks;
    if (m.retransmit && m.retransmit.of) (resent.get(m.retransmit.of) ?? resent.set(m.retransmit.of, []).get(m.retransmit.of))?.push(r);
    if (m.gap) add(problem(CHECKS.gap, r.frame, `{${r.from}}'s ${r.name} has Ns ${m.gap.got} where ${m.gap.expected} was expected: ${(m.gap.got - m.gap.expected) & 0xffff} message(s) missing`));
    if (m.nrBackwards) add(problem(CHECKS.nrBackwards, r.frame, `{${r.from}}'s ${r.name} carries Nr ${r.nr}, lower than an Nr it sent before`));
    if (m.outOfWindow) add(problem(CHECKS.outOfWindow, r.frame, `{${r.from}} sent ${r.name} (Ns ${r.ns}) with more messages outstanding than the peer's Receive Window Size of ${t[r.from === 'a' ? 'b' : 'a'].rws}`));
    if (m.unacked && !m.retransmit) {
      const tries = rec.rel.tries(r.from, r.ns);
      add(problem(CHECKS.unacked, r.frame, `{${r.from}}'s ${r.name} (Ns ${r.ns}) was never acknowledged${tries > 1 ? ` although sent ${tries} times` : ''}`));
    }
  }
  for (const [first, rows] of resent) {
    const r0 = rows[0];
    if (!r0) continue;
    const backoff = rows.map((r) => `${(r.marks.retransmit?.sincePrev ?? 0).toFixed(1)} s`).join(', ');
    const dup = rows.some((r) => r.marks.duplicate) ? '; resent after it had been acknowledged' : '';
    add(problem(CHECKS.retransmission, first, `{${r0.from}}'s ${r0.name} (Ns ${r0.ns}) was sent ${rows.length + 1} times, back-off ${backoff}${dup}`));
  }
}
