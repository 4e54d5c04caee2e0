// The builder's working records behind each FlowTunnel / FlowSession: reliability tracker, PPP tracker,
// ID registrations and the open data-count row. Texts use {a}/{b} for the ends, named once roles are known.

import { PppTracker } from './ppp';
import { Reliability } from './reliability';
import type { Addrs } from './extract';
import type { DataRow, FlowEndpoint, FlowProblem, FlowRow, FlowSession, FlowTunnel, PppCauseInfo, Q931Info, ResultInfo, SessionState, Side, StateChange, TunnelState } from './types';

export const other = (s: Side): Side => (s === 'a' ? 'b' : 'a');

export function endpoint(addr: string, port: number, initiator: boolean, version: number): FlowEndpoint {
  return { addr, port, role: version === 3 ? 'LCCE' : 'peer', initiator, rws: 4, state: 'idle' };
}

/** What ended a session: its CDN, or the tunnel's StopCCN. */
export interface SessionEnd {
  frame: number;
  by: Side;
  cause: 'CDN' | 'StopCCN';
  result?: ResultInfo;
  q931?: Q931Info;
  pppCause?: PppCauseInfo;
}

export class SessionRec {
  readonly ppp = new PppTracker();
  /** A data-in-wrong-state note was raised already (once per session is enough). */
  dataFlagged = false;
  ended = false;
  endInfo: SessionEnd | undefined;
  stateBefore: SessionState = 'idle';
  establishedFrame: number | undefined;

  constructor(readonly s: FlowSession) {}

  setState(to: SessionState, frame: number, time: number, why: string, side: Side | 'both' = 'both'): void {
    if (side === 'both') {
      if (this.s.state !== to) this.s.timeline.push({ frame, time, side, from: this.s.state, to, why });
      this.s.state = to;
    } else {
      if (this.s.sides[side] !== to) this.s.timeline.push({ frame, time, side, from: this.s.sides[side], to, why });
      this.s.sides[side] = to;
    }
  }

  touch(frame: number, time: number): void {
    this.s.lastFrame = frame;
    this.s.end = time;
  }
}

export class TunnelRec {
  readonly rel = new Reliability();
  readonly sessions: SessionRec[] = [];
  /** Sessions by the ID an end assigned: key `${side}:${id}` (the latest assignment wins). */
  readonly sessionByLocal = new Map<string, SessionRec>();
  /** Which ends sent a Challenge AVP (makes the peer's Challenge Response mandatory). */
  readonly challengeSent = { a: false, b: false };
  /** The data-count row still open (data frames since the last shown row). */
  run: DataRow | undefined;
  /** The first StopCCN, once the tunnel is being torn down. */
  stop: { frame: number; by: Side; stateBefore: TunnelState; result?: ResultInfo } | undefined;
  wasEstablished = false;
  establishedFrame: number | undefined;

  constructor(readonly t: FlowTunnel) {}

  static create(id: string, version: number, from: Addrs, setupSeen: boolean, frame: number, time: number): TunnelRec {
    const t: FlowTunnel = {
      id, version, transport: from.sport < 0 ? 'ip' : 'udp',
      a: endpoint(from.src, from.sport, setupSeen, version), b: endpoint(from.dst, from.dport, false, version),
      setupSeen, state: 'idle', timeline: [], outcome: { kind: 'incomplete', text: '' },
      firstFrame: frame, lastFrame: frame, start: time, end: time, sessions: [], rows: [],
      reliability: { a: emptyStats(), b: emptyStats() }, problems: [],
    };
    return new TunnelRec(t);
  }

  /** The end that sent a message from `src` to `dst` addressed (header ID) to the receiver's `tunnelId`. */
  sideOf(src: string, dst: string, sport: number, tunnelId: number | undefined): Side {
    const { a, b } = this.t;
    if (tunnelId !== undefined && a.tunnelId !== b.tunnelId) {
      if (b.tunnelId === tunnelId && b.addr === dst) return 'a';
      if (a.tunnelId === tunnelId && a.addr === dst) return 'b';
    }
    if (a.addr !== b.addr) return a.addr === src ? 'a' : 'b';
    return a.port === sport ? 'a' : 'b';
  }

  setState(to: TunnelState, frame: number, time: number, why: string, side: Side | 'both' = 'both'): void {
    if (side === 'both') {
      if (this.t.state !== to) this.t.timeline.push({ frame, time, side, from: this.t.state, to, why });
      this.t.state = to;
      return;
    }
    const e = this.t[side];
    if (e.state !== to) this.t.timeline.push({ frame, time, side, from: e.state, to, why } satisfies StateChange);
    e.state = to;
  }

  push(row: FlowRow): void {
    this.t.rows.push(row);
    if (row.kind !== 'data') this.run = undefined;
    this.t.lastFrame = Math.max(this.t.lastFrame, row.kind === 'data' ? row.lastFrame : row.frame);
    this.t.end = Math.max(this.t.end, row.kind === 'data' ? row.lastTime : row.time);
  }

  /** Counts one data frame between the shown rows. */
  countData(frame: number, time: number, from: Side, session: string): void {
    let r = this.run;
    if (!r) {
      r = { kind: 'data', firstFrame: frame, lastFrame: frame, firstTime: time, lastTime: time, ab: 0, ba: 0, bySession: [] };
      this.push(r);
      this.run = r;
    }
    r.lastFrame = frame;
    r.lastTime = time;
    this.t.lastFrame = frame;
    this.t.end = time;
    let s = r.bySession.find((x) => x.session === session);
    if (!s) r.bySession.push((s = { session, ab: 0, ba: 0 }));
    if (from === 'a') { r.ab++; s.ab++; } else { r.ba++; s.ba++; }
  }

  problem(p: FlowProblem): void {
    p.tunnel = this.t.id;
    this.t.problems.push(p);
  }

  liveSessions(): SessionRec[] {
    return this.sessions.filter((s) => !s.ended);
  }
}

function emptyStats(): FlowTunnel['reliability']['a'] {
  return { messages: 0, zlb: 0, retransmissions: 0, duplicates: 0, gaps: 0, unacked: 0 };
}
