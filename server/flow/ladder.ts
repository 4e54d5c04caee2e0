// The drawing model every diagram exporter renders: lanes (one per endpoint) and items (tunnel headers,
// arrows with labels and marks, data-count notes). Built from the flow model; no protocol knowledge here.

import type { CtlRow, FlowModel, FlowRow, FlowTunnel, KeyValue, PppRow, Side } from './types';
import { sideLabel } from './finish';

export interface LadderOptions {
  /** Show PPP negotiation rows (otherwise they count as data). */
  data?: boolean;
  /** Show the key AVPs of each message. Default true. */
  avps?: boolean;
}

export interface Lane {
  /** Diagram identifier: L1, L2 … */
  id: string;
  addr: string;
  port: number;
  /** Label lines: address, role and host name. */
  lines: string[];
}

export interface ArrowItem {
  kind: 'msg';
  tunnel: string;
  session?: string;
  frame: number;
  time: number;
  from: number;
  to: number;
  /** "SCCRQ Ns=0 Nr=0", "ZLB Nr=3", "LCP Configuration Request". */
  label: string;
  style: 'ctl' | 'zlb' | 'ppp';
  /** Key AVPs or PPP details, "host=lac1.example". */
  detail: string[];
  /** Reliability marks, "retry 2 +1.0s", "acks #1", "never acked". */
  marks: string[];
  /** Problem abbreviations without the l2tp.flow. prefix. */
  problems: string[];
  retransmit: boolean;
  lost: boolean;
}

export interface NoteItem {
  kind: 'note';
  tunnel: string;
  /** Lanes spanned (left, right). */
  lanes: [number, number];
  text: string;
  firstFrame: number;
  lastFrame: number;
}

export interface HeaderItem {
  kind: 'header';
  tunnel: string;
  lanes: [number, number];
  text: string;
}

export type LadderItem = ArrowItem | NoteItem | HeaderItem;

export interface Ladder {
  title: string;
  lanes: Lane[];
  items: LadderItem[];
}

const laneKey = (addr: string, port: number): string => `${addr}|${port}`;

export function buildLadder(model: FlowModel, tunnels: readonly FlowTunnel[], opts: LadderOptions = {}): Ladder {
  const lanes: Lane[] = [];
  const roles = new Map<string, Set<string>>();
  const hosts = new Map<string, Set<string>>();
  const laneOf = (t: FlowTunnel, s: Side): number => {
    const e = t[s];
    const k = laneKey(e.addr, e.port);
    let i = lanes.findIndex((l) => laneKey(l.addr, l.port) === k);
    if (i < 0) {
      i = lanes.length;
      lanes.push({ id: `L${i + 1}`, addr: e.addr, port: e.port, lines: [] });
      roles.set(k, new Set());
      hosts.set(k, new Set());
    }
    roles.get(k)?.add(sideLabel(t, s));
    if (e.hostName) hosts.get(k)?.add(e.hostName);
    return i;
  };
  const items: LadderItem[] = [];
  for (const t of tunnels) {
    const la = laneOf(t, 'a');
    const lb = laneOf(t, 'b');
    const span: [number, number] = [Math.min(la, lb), Math.max(la, lb)];
    items.push({ kind: 'header', tunnel: t.id, lanes: span, text: tunnelHeader(t) });
    const lane = (s: Side): number => (s === 'a' ? la : lb);
    let pending: NoteItem | undefined;
    let counts = { ab: 0, ba: 0 };
    const flush = (): void => {
      if (!pending) return;
      pending.text = dataText(counts, la < lb);
      items.push(pending);
      pending = undefined;
      counts = { ab: 0, ba: 0 };
    };
    const addData = (first: number, last: number, ab: number, ba: number): void => {
      pending ??= { kind: 'note', tunnel: t.id, lanes: span, text: '', firstFrame: first, lastFrame: last };
      pending.lastFrame = last;
      counts.ab += ab;
      counts.ba += ba;
    };
    const delays = new Map<number, number>();
    for (const r of t.rows) if (r.kind === 'ctl' && r.marks.ackDelay !== undefined) delays.set(r.frame, r.marks.ackDelay);
    for (const r of t.rows) {
      if (r.kind === 'data') { addData(r.firstFrame, r.lastFrame, r.ab, r.ba); continue; }
      if (r.kind === 'ppp' && !opts.data) { addData(r.frame, r.frame, r.from === 'a' ? 1 : 0, r.from === 'b' ? 1 : 0); continue; }
      flush();
      items.push(arrow(t, r, lane(r.from), lane(r.from === 'a' ? 'b' : 'a'), opts, delays));
    }
    flush();
  }
  for (const l of lanes) {
    const k = laneKey(l.addr, l.port);
    l.lines = [l.port >= 0 && l.port !== 1701 ? `${l.addr}:${l.port}` : l.addr, [...(roles.get(k) ?? [])].join('/')];
    const h = [...(hosts.get(k) ?? [])];
    if (h.length) l.lines.push(h.join(', '));
  }
  const file = model.capture.file ? ` — ${model.capture.file}` : '';
  return { title: `L2TP flow${file}`, lanes, items };
}

function tunnelHeader(t: FlowTunnel): string {
  const ids = `${t.a.tunnelId ?? '?'} ⇄ ${t.b.tunnelId ?? '?'}`;
  return `Tunnel ${t.id} · L2TPv${t.version} · IDs ${ids} · ${t.state} · ${t.outcome.kind}`;
}

function dataText(c: { ab: number; ba: number }, aLeft: boolean): string {
  const right = aLeft ? c.ab : c.ba;
  const left = aLeft ? c.ba : c.ab;
  return `data: ${right} → · ${left} ←`;
}

function kvText(kv: readonly KeyValue[]): string[] {
  return kv.map((d) => `${d.key}=${d.value}`);
}

function arrow(t: FlowTunnel, r: CtlRow | PppRow, from: number, to: number, opts: LadderOptions, delays: ReadonlyMap<number, number>): ArrowItem {
  if (r.kind === 'ppp') {
    return {
      kind: 'msg', tunnel: t.id, session: r.session, frame: r.frame, time: r.time, from, to, label: `${r.protocol} ${r.name}`,
      style: 'ppp', detail: opts.avps === false ? [] : kvText(r.detail), marks: [], problems: [], retransmit: false, lost: false,
    };
  }
  const m = r.marks;
  const marks: string[] = [];
  if (m.retransmit) marks.push(`retry ${m.retransmit.attempt} +${m.retransmit.sincePrev.toFixed(1)}s${m.duplicate ? ' (dup)' : ''}`);
  if (m.acks?.length) {
    // The acknowledgement delay: from the acknowledged message's last transmission to this message.
    const d = Math.max(...m.acks.map((f) => delays.get(f) ?? 0));
    marks.push(`acks #${m.acks.join(',#')} +${d.toFixed(3)}s`);
  }
  if (m.unacked) marks.push('never acked');
  if (m.gap) marks.push(`gap: expected Ns=${m.gap.expected}`);
  if (m.outOfWindow) marks.push('beyond window');
  if (m.nrBackwards) marks.push('Nr backwards');
  const zlb = r.msgType === -1;
  const a: ArrowItem = {
    kind: 'msg', tunnel: t.id, frame: r.frame, time: r.time, from, to,
    label: zlb ? `ZLB Nr=${r.nr}` : `${r.name} Ns=${r.ns} Nr=${r.nr}`,
    style: zlb ? 'zlb' : 'ctl', detail: opts.avps === false ? [] : kvText(r.avps), marks,
    problems: r.problems.map((p) => p.replace(/^l2tp\.flow\./, '')), retransmit: !!m.retransmit, lost: !!m.unacked,
  };
  if (r.session) a.session = r.session;
  return a;
}

/** Rows of a tunnel as the JSON export shows them: PPP rows only when asked for. */
export function visibleRows(rows: readonly FlowRow[], data: boolean): FlowRow[] {
  return data ? [...rows] : rows.filter((r) => r.kind !== 'ppp');
}
