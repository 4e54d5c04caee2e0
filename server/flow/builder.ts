// Groups control and data messages into tunnels and sessions — by endpoint and by the IDs each end
// assigned (the header carries the receiver's ID) — and feeds each message to reliability, conformance
// and the state machines. Input order is capture order; tests feed it synthetic messages directly.

import { CHECKS, messageRef, missingAvps, missingAvpText, problem } from './conformance';
import type { Addrs, CtlMsg } from './extract';
import type { PppMsg } from './extractPpp';
import { keyAvps } from './avpSummary';
import { finishTunnel } from './finish';
import { isTunnelMessage, longName, MT, shortName } from './messages';
import { sessionMessage, tunnelMessage } from './machines';
import { other, SessionRec, TunnelRec } from './records';
import type { CtlRow, FlowProblem, FlowTunnel, Side } from './types';

/** A data message as the capture index describes it (no tree needed). */
export interface DataEvt {
  frame: number;
  time: number;
  version: number;
  /** v2: the receiver's Tunnel ID; v3: 0. */
  tunnel: number;
  /** The receiver's Session ID. */
  session: number;
}

interface DataTarget {
  rec: TunnelRec;
  sess: SessionRec;
  /** The receiving end. */
  to: Side;
}

const ENGINE_MISSING_AVP = 'l2tp.avp.missing';

const key = (version: number, addr: string, id: number): string => `${version}|${addr}|${id}`;
const dataKey = (version: number, tunnel: number, session: number): string => (version === 3 ? `3|${session}` : `2|${tunnel}|${session}`);

export class FlowBuilder {
  private readonly recs: TunnelRec[] = [];
  /** Tunnels by (version, address, the ID that address assigned): how a header Tunnel ID finds its tunnel. */
  private readonly byLocal = new Map<string, TunnelRec>();
  /** Sessions by the IDs a data header carries (receiver's tunnel and session ID). */
  private readonly dataKeys = new Map<string, DataTarget[]>();
  readonly problems: FlowProblem[] = [];
  /** Data frames that could not be placed (no addresses to create a tunnel from). */
  unplaced = 0;

  /** One control message (or ZLB), in capture order. */
  control(m: CtlMsg): void {
    const rec = this.tunnelFor(m);
    if (!rec) return;
    const newTunnel = m.msgType === MT.SCCRQ && m.tunnel === 0;
    const from: Side = newTunnel && rec.t.a.addr === m.src ? 'a' : rec.sideOf(m.src, m.dst, m.sport, newTunnel ? undefined : m.tunnel);
    const row: CtlRow = {
      kind: 'ctl', frame: m.frame, time: m.time, from, msgType: m.msgType, name: shortName(m.msgType),
      ns: m.ns, nr: m.nr, tunnelId: m.tunnel, sessionId: m.session, avps: keyAvps(m), marks: {}, problems: [],
    };
    const ln = longName(m.msgType);
    if (ln) row.longName = ln;
    rec.push(row);
    for (const p of m.problems) {
      // The flow's own missing_avp check (with the conditional Challenge Response rule) replaces the engine's.
      if (p.severity === 'chat' || p.abbrev === ENGINE_MISSING_AVP) continue;
      rec.problem({ abbrev: p.abbrev, severity: p.severity, frame: m.frame, text: sentence(p.message), source: 'engine' });
    }
    if (m.challengeVerdict) (rec.t.challenge ??= {})[from] = m.challengeVerdict;
    const v = rec.rel.onMessage(from, row);
    if (v.first?.session) row.session = v.first.session;
    if (v.resend || m.msgType === MT.ZLB || m.msgType === MT.ACK) return;
    this.conformance(rec, from, m);
    if (!tunnelMessage(rec, from, m, row)) return;
    if (m.msgType === MT.SCCRQ || m.msgType === MT.SCCRP || m.msgType === MT.StopCCN) this.registerTunnel(rec, from);
    if (isTunnelMessage(m.msgType) || m.msgType < MT.OCRQ || m.msgType > MT.SLI) return;
    const sess = this.sessionFor(rec, from, m);
    row.session = sess.s.id;
    sessionMessage(rec, sess, from, m);
    this.registerData(rec, sess);
  }

  /** One data message; `addrs` is asked for only when the IDs alone do not place it. */
  data(d: DataEvt, addrs: () => Addrs | undefined, ppp?: PppMsg): void {
    const list = this.dataKeys.get(dataKey(d.version, d.tunnel, d.session));
    let target = list?.length === 1 ? list[0] : undefined;
    if (!target) {
      const a = addrs();
      if (!a) { this.unplaced++; return; }
      target = list?.find((x) => x.rec.t[x.to].addr === a.dst && x.rec.t[other(x.to)].addr === a.src) ?? this.placeData(d, a);
    }
    const { rec, sess } = target;
    const from = other(target.to);
    sess.s.data[from === 'a' ? 'ab' : 'ba']++;
    sess.touch(d.frame, d.time);
    if (sess.s.state !== 'established' && !sess.dataFlagged) {
      sess.dataFlagged = true;
      const why = sess.ended ? 'after it was cleared' : `while it is ${sess.s.state}`;
      rec.problem(problem(CHECKS.dataState, d.frame, `Data from {${from}} on session ${sess.s.id} ${why}`, { session: sess.s.id }));
    }
    if (!ppp) { rec.countData(d.frame, d.time, from, sess.s.id); return; }
    rec.push({ kind: 'ppp', frame: d.frame, time: d.time, from, session: sess.s.id, protocol: ppp.name, code: ppp.code, name: ppp.codeName, detail: ppp.detail });
    if (sess.ppp.onPacket(from, ppp) === 'auth-failed') {
      rec.problem(problem(CHECKS.pppAuthFailed, d.frame, `${ppp.name} authentication of session ${sess.s.id} failed${ppp.message ? ` ("${ppp.message}")` : ''}`, { session: sess.s.id }));
    }
  }

  /** The model's tunnels, with outcomes, reliability problems and texts resolved. */
  finish(): FlowTunnel[] {
    this.borrowRoles();
    return this.recs.map((r) => finishTunnel(r));
  }

  /**
   * A tunnel that shows no call (or whose setup was not captured) takes its ends' roles from another
   * tunnel between the same two hosts, when those agree: a host is LAC or LNS for its peer, not per tunnel.
   */
  private borrowRoles(): void {
    for (const r of this.recs) {
      const t = r.t;
      if (t.version !== 2 || t.a.role !== 'peer') continue;
      const roles = new Set(this.recs.filter((o) => o !== r && o.t.a.role !== 'peer' && sameHosts(o, { src: t.a.addr, dst: t.b.addr, sport: 0, dport: 0 }))
        .map((o) => (o.t.a.addr === t.a.addr ? o.t.a.role : o.t.b.role)));
      const [role] = roles;
      if (roles.size !== 1 || !role) continue;
      t.a.role = role;
      t.b.role = role === 'LAC' ? 'LNS' : 'LAC';
    }
  }

  private tunnelFor(m: CtlMsg): TunnelRec | undefined {
    if (m.msgType === MT.SCCRQ && m.tunnel === 0) return this.attempt(m);
    const rec = this.byLocal.get(key(m.version, m.dst, m.tunnel));
    if (rec) return rec;
    if (m.tunnel !== 0) return this.adopt(m.version, m.src, m.dst, m.tunnel) ?? this.implicit(m.version, m, m.tunnel, m.frame, m.time);
    // Tunnel ID 0 means "your ID is not known to me": a StopCCN abandoning a setup before the SCCRP came,
    // or a rejection of an SCCRQ whose Assigned Tunnel ID could not be read. It belongs to the latest
    // tunnel between these hosts whose receiving end has not told its ID.
    const pending = [...this.recs].reverse().find((r) => r.t.version === m.version && sameHosts(r, m) && r.t[r.t.a.addr === m.dst ? 'a' : 'b'].tunnelId === undefined);
    if (pending) return pending;
    this.problems.push(problem(CHECKS.unknownTunnel, m.frame, `${shortName(m.msgType)} with Tunnel ID 0 matches no tunnel being set up`));
    return undefined;
  }

  /** An SCCRQ: a resend of a pending attempt, or a new tunnel. */
  private attempt(m: CtlMsg): TunnelRec {
    const id = m.assignedTunnel;
    const prev = id !== undefined ? this.byLocal.get(key(m.version, m.src, id)) : undefined;
    // A resend while the setup is still under way (the SCCRP may have been lost) is the same attempt.
    const settingUp = prev && !prev.stop && (prev.t.state === 'wait-ctl-reply' || prev.t.state === 'wait-ctl-conn');
    if (prev && settingUp && prev.t.a.addr === m.src && prev.t.b.addr === m.dst && prev.t.setupSeen && m.ns === (prev.t.rows[0] as CtlRow | undefined)?.ns) return prev;
    const rec = this.newTunnel(m.version, m, true, m.frame, m.time);
    if (prev && !prev.stop && prev.t.state !== 'idle') {
      rec.problem(problem(CHECKS.idInUse, m.frame, `{a} assigns Tunnel ID ${id} again while tunnel ${prev.t.id} still uses it`, {}, messageRef(m.version, MT.SCCRQ)));
    }
    rec.t.a.tunnelId = id;
    if (id !== undefined) this.byLocal.set(key(m.version, m.src, id), rec);
    return rec;
  }

  private newTunnel(version: number, a: Addrs, setupSeen: boolean, frame: number, time: number): TunnelRec {
    const rec = TunnelRec.create(`t${this.recs.length + 1}`, version, a, setupSeen, frame, time);
    this.recs.push(rec);
    return rec;
  }

  /** A tunnel whose setup is not in the capture, first seen through a message to `tunnelId` at a.dst. */
  private implicit(version: number, a: Addrs, tunnelId: number | undefined, frame: number, time: number): TunnelRec {
    const rec = this.newTunnel(version, a, false, frame, time);
    rec.t.b.tunnelId = tunnelId;
    if (tunnelId !== undefined) this.byLocal.set(key(version, a.dst, tunnelId), rec);
    for (const s of ['a', 'b'] as const) rec.setState('established', frame, time, 'set up before the capture started', s);
    rec.setState('established', frame, time, 'set up before the capture started');
    rec.wasEstablished = true;
    const known = this.recs.some((r) => r !== rec && r.t.setupSeen && sameHosts(r, a));
    const idText = tunnelId !== undefined ? `Tunnel ID ${tunnelId}` : 'this L2TPv3 session';
    if (known) rec.problem(problem(CHECKS.unknownTunnel, frame, `Message for ${idText}, which was never assigned in this capture although tunnels between these hosts were set up in it`));
    else rec.problem(problem(CHECKS.setupNotCaptured, frame, `${idText} was not set up in this capture: it started before the capture did`));
    return rec;
  }

  /** A tunnel seen so far from one direction only (or with an unreadable ID) learns the other end's ID. */
  private adopt(version: number, src: string, dst: string, tunnelId: number): TunnelRec | undefined {
    for (let i = this.recs.length - 1; i >= 0; i--) {
      const r = this.recs[i];
      if (!r || r.t.version !== version || r.stop) continue;
      for (const s of ['a', 'b'] as const) {
        if (r.t[s].addr === dst && r.t[s].tunnelId === undefined && r.t[other(s)].addr === src) {
          r.t[s].tunnelId = tunnelId;
          this.byLocal.set(key(version, dst, tunnelId), r);
          return r;
        }
      }
    }
    return undefined;
  }

  private registerTunnel(rec: TunnelRec, side: Side): void {
    const e = rec.t[side];
    if (e.tunnelId !== undefined) this.byLocal.set(key(rec.t.version, e.addr, e.tunnelId), rec);
  }

  /** The session a session message concerns: new for ICRQ/OCRQ, else by the receiver's (or sender's) ID. */
  private sessionFor(rec: TunnelRec, from: Side, m: CtlMsg): SessionRec {
    const to = other(from);
    const t = rec.t;
    if (m.msgType === MT.ICRQ || m.msgType === MT.OCRQ) {
      const incoming = m.msgType === MT.ICRQ;
      if (t.version === 2 && t[from].role === 'peer') {
        t[from].role = incoming ? 'LAC' : 'LNS';
        t[to].role = incoming ? 'LNS' : 'LAC';
      }
      const sess = this.newSession(rec, from, incoming ? 'incoming' : 'outgoing', true, m.frame, m.time);
      if (m.serial !== undefined) sess.s.serial = m.serial;
      if (m.called !== undefined) sess.s.called = m.called;
      if (m.calling !== undefined) sess.s.calling = m.calling;
      this.assign(rec, sess, from, m);
      return sess;
    }
    const target = t.version === 3 ? m.remoteSession : m.session;
    let sess = target ? rec.sessionByLocal.get(`${to}:${target}`) : undefined;
    if (!sess && m.assignedSession !== undefined && m.msgType !== MT.ICRP && m.msgType !== MT.OCRP) sess = rec.sessionByLocal.get(`${from}:${m.assignedSession}`);
    if (!sess && target) {
      // The receiver's ID may have been unreadable (a hidden AVP without the secret): the latest live
      // session that still lacks the receiver's ID is the one this message names.
      sess = [...rec.sessions].reverse().find((x) => !x.ended && x.s.setupSeen && x.s.ids[to] === undefined && x.s.initiator === (m.msgType === MT.ICRP || m.msgType === MT.OCRP ? to : x.s.initiator));
      if (sess) {
        sess.s.ids[to] = target;
        rec.sessionByLocal.set(`${to}:${target}`, sess);
      }
    }
    if (!sess) {
      sess = this.newSession(rec, undefined, 'unknown', false, m.frame, m.time);
      if (target) sess.s.ids[to] = target;
      const assumed = m.msgType === MT.ICRP || m.msgType === MT.OCRP ? 'wait-reply' : m.msgType === MT.ICCN || m.msgType === MT.OCCN ? 'wait-connect' : 'established';
      sess.setState(assumed, m.frame, m.time, 'set up before the capture started or its setup was not seen');
      if (assumed === 'established') sess.establishedFrame = m.frame;
      if (t.setupSeen) {
        rec.problem(problem(CHECKS.unknownSession, m.frame, `${shortName(m.msgType)} from {${from}} names Session ID ${target ?? 0}, which no ICRQ/OCRQ/ICRP/OCRP in this tunnel assigned`, { session: sess.s.id }));
      }
      if (target) rec.sessionByLocal.set(`${to}:${target}`, sess);
    }
    this.assign(rec, sess, from, m);
    return sess;
  }

  private assign(rec: TunnelRec, sess: SessionRec, from: Side, m: CtlMsg): void {
    const id = m.assignedSession;
    if (id === undefined || sess.s.ids[from] === id) return;
    const prev = rec.sessionByLocal.get(`${from}:${id}`);
    if (prev && prev !== sess && !prev.ended) {
      rec.problem(problem(CHECKS.idInUse, m.frame, `{${from}} assigns Session ID ${id} again while session ${prev.s.id} still uses it`, { session: sess.s.id }, messageRef(m.version, m.msgType)));
    }
    if (sess.s.ids[from] === undefined) sess.s.ids[from] = id;
    rec.sessionByLocal.set(`${from}:${id}`, sess);
  }

  private newSession(rec: TunnelRec, initiator: Side | undefined, call: 'incoming' | 'outgoing' | 'unknown', setupSeen: boolean, frame: number, time: number): SessionRec {
    const s = new SessionRec({
      id: `${rec.t.id}s${rec.sessions.length + 1}`, tunnel: rec.t.id, call, ids: {}, setupSeen, state: 'idle', sides: { a: 'idle', b: 'idle' },
      firstFrame: frame, lastFrame: frame, start: time, end: time, timeline: [], outcome: { kind: 'incomplete', text: '' }, data: { ab: 0, ba: 0 },
    });
    if (initiator) s.s.initiator = initiator;
    rec.sessions.push(s);
    return s;
  }

  /** Data headers carry the receiver's IDs: register both directions once known. */
  private registerData(rec: TunnelRec, sess: SessionRec): void {
    for (const to of ['a', 'b'] as const) {
      const sid = sess.s.ids[to];
      const tid = rec.t[to].tunnelId;
      if (sid === undefined || (rec.t.version !== 3 && tid === undefined)) continue;
      const k = dataKey(rec.t.version, tid ?? 0, sid);
      const list = (this.dataKeys.get(k) ?? []).filter((x) => x.sess !== sess && !x.sess.ended);
      list.push({ rec, sess, to });
      this.dataKeys.set(k, list);
    }
  }

  /** A data message whose IDs are not registered: its tunnel and session were set up before the capture. */
  private placeData(d: DataEvt, a: Addrs): DataTarget {
    let rec: TunnelRec | undefined;
    if (d.version === 3) rec = [...this.recs].reverse().find((r) => r.t.version === 3 && !r.stop && sameHosts(r, a));
    else rec = this.byLocal.get(key(2, a.dst, d.tunnel)) ?? this.adopt(2, a.src, a.dst, d.tunnel);
    rec ??= this.implicit(d.version, a, d.version === 3 ? undefined : d.tunnel, d.frame, d.time);
    const from = rec.sideOf(a.src, a.dst, a.sport, d.version === 3 ? undefined : d.tunnel);
    const to = other(from);
    let sess = rec.sessionByLocal.get(`${to}:${d.session}`);
    // The reverse direction of a session seen so far one way only.
    sess ??= [...rec.sessions].reverse().find((s) => !s.ended && !s.s.setupSeen && s.s.ids[to] === undefined && s.s.ids[from] !== undefined);
    if (!sess) {
      sess = this.newSession(rec, undefined, 'unknown', false, d.frame, d.time);
      sess.setState('established', d.frame, d.time, 'set up before the capture started');
      sess.establishedFrame = d.frame;
    }
    sess.s.ids[to] = d.session;
    rec.sessionByLocal.set(`${to}:${d.session}`, sess);
    this.registerData(rec, sess);
    return { rec, sess, to };
  }

  private conformance(rec: TunnelRec, from: Side, m: CtlMsg): void {
    const ref = messageRef(m.version, m.msgType);
    const missing = missingAvps(m.version, m.msgType, m.avpTypes, rec.challengeSent[other(from)]);
    if (missing.length) rec.problem(problem(CHECKS.missingAvp, m.frame, `${missingAvpText(m.version, m.msgType, missing)} from {${from}}`, {}, ref));
    if (m.version === 2 && m.session !== 0 && isTunnelMessage(m.msgType)) {
      const c = m.msgType === MT.HELLO ? CHECKS.helloSession : CHECKS.tunnelMsgSession;
      rec.problem(problem(c, m.frame, `${shortName(m.msgType)} from {${from}} carries Session ID ${m.session}; tunnel messages use 0`, {}, ref));
    }
  }
}

function sameHosts(r: TunnelRec, a: Addrs): boolean {
  return (r.t.a.addr === a.src && r.t.b.addr === a.dst) || (r.t.a.addr === a.dst && r.t.b.addr === a.src);
}

function sentence(s: string): string {
  const t = s.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
