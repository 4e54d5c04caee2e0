// Reliable delivery of one control connection (RFC 2661 §5.8, RFC 3931 §4.2): Ns/Nr per direction —
// retransmissions, duplicates, gaps, window overruns, which message acknowledges which, what never was.

import { MT, seqDiff } from './messages';
import type { CtlRow, DirectionStats, Side } from './types';

interface Sent {
  ns: number;
  rows: CtlRow[];
  times: number[];
  acked: boolean;
}

class Direction {
  /** Next Ns this end should use for a new message (undefined until its first message is seen). */
  nextNs: number | undefined;
  /** Highest Nr this end has sent (Nr never goes backwards). */
  lastNr: number | undefined;
  /** Messages by Ns, kept so a later resend can be recognised as such. */
  readonly sent = new Map<number, Sent>();
  /** Not yet acknowledged, in send order. */
  unacked: Sent[] = [];
  readonly stats: DirectionStats = { messages: 0, zlb: 0, retransmissions: 0, duplicates: 0, gaps: 0, unacked: 0 };
  delaySum = 0;
  delayCount = 0;
}

export interface ReliabilityVerdict {
  /** A resend of an Ns already seen: not to be processed again by the state machines (RFC 2661 §5.8). */
  resend: boolean;
  /** For a resend: the row of the first transmission, when it is in the capture. */
  first?: CtlRow;
}

export class Reliability {
  private readonly dirs: Record<Side, Direction> = { a: new Direction(), b: new Direction() };
  /** Receive Window Size each end advertised (what the other end may have outstanding towards it). */
  readonly rws: Record<Side, number> = { a: 4, b: 4 };

  stats(side: Side): DirectionStats {
    return this.dirs[side].stats;
  }

  /** Accounts one control message from `from`; fills `row.marks` (and the marks of the rows it acknowledges). */
  onMessage(from: Side, row: CtlRow): ReliabilityVerdict {
    const me = this.dirs[from];
    const peer = this.dirs[from === 'a' ? 'b' : 'a'];
    if (row.nr >= 0) this.acknowledge(me, peer, row);
    const zlb = row.msgType === MT.ZLB || row.msgType === MT.ACK;
    if (zlb) {
      me.stats.zlb++;
      // A ZLB carries the next Ns its sender will use: the first thing known of a tunnel seen mid-life.
      if (me.nextNs === undefined && row.ns >= 0) me.nextNs = row.ns;
      return { resend: false };
    }
    if (row.ns < 0) return { resend: false };
    if (me.nextNs !== undefined) {
      const d = seqDiff(row.ns, me.nextNs);
      if (d < 0) return this.resend(me, row);
      if (d > 0) {
        row.marks.gap = { expected: me.nextNs, got: row.ns };
        me.stats.gaps++;
      }
    }
    me.nextNs = (row.ns + 1) & 0xffff;
    const s: Sent = { ns: row.ns, rows: [row], times: [row.time], acked: false };
    me.sent.set(row.ns, s);
    me.unacked.push(s);
    me.stats.messages++;
    const window = this.rws[from === 'a' ? 'b' : 'a'];
    if (me.unacked.length > window) row.marks.outOfWindow = true;
    return { resend: false };
  }

  private resend(me: Direction, row: CtlRow): ReliabilityVerdict {
    const s = me.sent.get(row.ns);
    me.stats.retransmissions++;
    if (!s) {
      // A resend of a message sent before the capture started.
      row.marks.retransmit = { of: 0, attempt: 2, sincePrev: 0, sinceFirst: 0 };
      row.marks.duplicate = true;
      me.stats.duplicates++;
      return { resend: true };
    }
    const first = s.rows[0];
    const prev = s.times[s.times.length - 1] ?? row.time;
    row.marks.retransmit = { of: first?.frame ?? 0, attempt: s.rows.length + 1, sincePrev: round(row.time - prev), sinceFirst: round(row.time - (s.times[0] ?? row.time)) };
    if (s.acked) {
      row.marks.duplicate = true;
      me.stats.duplicates++;
    }
    s.rows.push(row);
    s.times.push(row.time);
    return first ? { resend: true, first } : { resend: true };
  }

  /** `row` (from `me`) carries Nr: everything the peer sent with a lower Ns is acknowledged. */
  private acknowledge(me: Direction, peer: Direction, row: CtlRow): void {
    if (me.lastNr !== undefined && seqDiff(row.nr, me.lastNr) < 0) row.marks.nrBackwards = true;
    else me.lastNr = row.nr;
    const still: Sent[] = [];
    for (const s of peer.unacked) {
      if (seqDiff(row.nr, s.ns) > 0) {
        s.acked = true;
        const first = s.rows[0];
        const delay = round(row.time - (s.times[s.times.length - 1] ?? row.time));
        if (first) {
          first.marks.ackedBy = row.frame;
          first.marks.ackDelay = delay;
          (row.marks.acks ??= []).push(first.frame);
        }
        peer.delaySum += delay;
        peer.delayCount++;
        peer.stats.ackDelayMax = Math.max(peer.stats.ackDelayMax ?? 0, delay);
      } else still.push(s);
    }
    peer.unacked = still;
  }

  /** End of capture: whatever is still outstanding was never acknowledged. */
  finish(): void {
    for (const d of Object.values(this.dirs)) {
      for (const s of d.unacked) {
        for (const r of s.rows) r.marks.unacked = true;
        d.stats.unacked++;
      }
      if (d.delayCount) d.stats.ackDelayMean = round(d.delaySum / d.delayCount);
    }
  }

  /** Messages still unacknowledged from `side` (for outcome text such as "StopCCN never acknowledged"). */
  outstanding(side: Side): CtlRow[] {
    return this.dirs[side].unacked.flatMap((s) => (s.rows[0] ? [s.rows[0]] : []));
  }

  /** How many times the message first sent in `frame` was sent in all. */
  tries(side: Side, ns: number): number {
    return this.dirs[side].sent.get(ns)?.rows.length ?? 0;
  }
}

/** Times in the model are kept to the microsecond. */
export function round(t: number): number {
  return Math.round(t * 1e6) / 1e6;
}
