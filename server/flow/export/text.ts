// Plain-text views: a ladder diagram per tunnel (lanes for the two endpoints, one row per message with
// frame, time, Ns/Nr, key AVPs and marks) and the summary tables of tunnels and sessions.

import { buildLadder } from '../ladder';
import type { ArrowItem, Ladder, LadderOptions } from '../ladder';
import { sideLabel } from '../finish';
import type { FlowModel, FlowSession, FlowTunnel } from '../types';

const GAP = 46; // columns between two lanes
const LEFT = 18; // frame and time columns

export function flowText(model: FlowModel, tunnels: readonly FlowTunnel[], opts: LadderOptions = {}): string {
  const out: string[] = [];
  for (const t of tunnels) {
    out.push(...ladderText(buildLadder(model, [t], opts)), '');
  }
  if (!tunnels.length) out.push('No L2TP control connection in this capture.', '');
  out.push(...summaryTables(tunnels));
  const loose = model.problems;
  if (loose.length) {
    out.push('', 'Problems outside any tunnel:');
    for (const p of loose) out.push(`  frame ${p.frame}  ${p.severity}  ${p.abbrev}: ${p.text}`);
  }
  return out.join('\n') + '\n';
}

export function ladderText(l: Ladder): string[] {
  const n = l.lanes.length;
  const width = (n - 1) * GAP + 1;
  const out: string[] = [];
  const lanesLine = (fill: (x: number) => string): string => {
    let s = '';
    for (let x = 0; x < width; x++) s += l.lanes.some((_, i) => i * GAP === x) ? '|' : fill(x);
    return s;
  };
  const heads = l.lanes.map((lane) => lane.lines);
  const depth = Math.max(...heads.map((h) => h.length));
  for (let k = 0; k < depth; k++) {
    let s = '';
    heads.forEach((h, i) => { s = s.padEnd(i * GAP) + (h[k] ?? ''); });
    out.push(' '.repeat(LEFT) + s.trimEnd());
  }
  out.push(`${'frame'.padStart(6)} ${'time'.padStart(10)} ${lanesLine(() => ' ')}`);
  for (const it of l.items) {
    if (it.kind === 'header') {
      out.push(`${''.padEnd(LEFT)}${it.text}`);
      continue;
    }
    if (it.kind === 'note') {
      const [lo, hi] = it.lanes;
      const text = ` ${it.text} (frames ${it.firstFrame}–${it.lastFrame}) `;
      out.push(`${''.padEnd(LEFT)}${overlay(lanesLine(() => ' '), lo * GAP, hi * GAP, text, ' ')}`);
      continue;
    }
    out.push(`${String(it.frame).padStart(6)} ${it.time.toFixed(3).padStart(10)} ${arrowLine(lanesLine(() => ' '), it)}${notes(it)}`);
  }
  return out;
}

/** Text centred between columns lo and hi of `line`, padded with `fill`. */
function overlay(line: string, lo: number, hi: number, text: string, fill: string): string {
  // one lane only (a message whose two ends are the same unknown address): the space right of it
  if (hi - lo < GAP) hi = lo + GAP;
  const span = hi - lo - 1;
  const t = text.length > span ? text.slice(0, Math.max(0, span - 1)) + '…' : text;
  const left = Math.floor((span - t.length) / 2);
  const mid = fill.repeat(left) + t + fill.repeat(span - left - t.length);
  return line.slice(0, lo + 1) + mid + line.slice(hi);
}

function arrowLine(line: string, a: ArrowItem): string {
  const right = a.to > a.from;
  const lo = Math.min(a.from, a.to) * GAP;
  // a message from a lane to itself turns back right of it: ──label──◄ ending on the lane
  const self = a.to === a.from;
  const hi = self ? lo + GAP : Math.max(a.from, a.to) * GAP;
  const fill = a.style === 'zlb' ? '╌' : a.style === 'ppp' ? '┄' : '─';
  let s = overlay(line, lo, hi, ` ${self ? '↺ ' : ''}${a.label} `, fill);
  const chars = [...s];
  if (right) chars[hi - 1] = a.lost ? '×' : '►';
  else chars[lo + 1] = a.lost ? '×' : '◄';
  s = chars.join('');
  return s;
}

function notes(a: ArrowItem): string {
  const parts = [...a.detail, ...a.marks];
  if (a.problems.length) parts.push(`⚠ ${a.problems.join(', ')}`);
  if (a.session && a.style !== 'ppp') parts.unshift(`[${a.session}]`);
  if (a.style === 'ppp' && a.session) parts.unshift(`[${a.session}]`);
  return parts.length ? `  ${parts.join(' ')}` : '';
}

function table(head: readonly string[], rows: readonly string[][]): string[] {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i] ?? 0))).join('  ').trimEnd();
  return [line(head), line(w.map((n) => '-'.repeat(n))), ...rows.map(line)];
}

const dur = (a: number, b: number): string => `${(b - a).toFixed(3)}s`;

export function summaryTables(tunnels: readonly FlowTunnel[]): string[] {
  const out: string[] = ['Tunnels'];
  out.push(...table(['id', 'ver', 'end A', 'end B', 'IDs A/B', 'state', 'duration', 'outcome'], tunnels.map((t) => [
    t.id, `v${t.version}`, endText(t, 'a'), endText(t, 'b'), `${t.a.tunnelId ?? '?'}/${t.b.tunnelId ?? '?'}`, t.state, dur(t.start, t.end), t.outcome.text,
  ])).map((s) => `  ${s}`));
  const sessions = tunnels.flatMap((t) => t.sessions.map((s) => [t, s] as const));
  out.push('', 'Sessions');
  if (!sessions.length) out.push('  none');
  else {
    out.push(...table(['id', 'call', 'IDs A/B', 'state', 'duration', 'data A→B/B→A', 'PPP', 'outcome'], sessions.map(([t, s]) => [
      s.id, callText(t, s), `${s.ids.a ?? '?'}/${s.ids.b ?? '?'}`, s.state, dur(s.start, s.end), `${s.data.ab}/${s.data.ba}`, s.ppp?.text ?? '-', s.outcome.text,
    ])).map((s) => `  ${s}`));
  }
  return out;
}

function endText(t: FlowTunnel, s: 'a' | 'b'): string {
  const e = t[s];
  const host = e.hostName ? ` ${e.hostName}` : '';
  return `${e.addr}${e.port >= 0 && e.port !== 1701 ? `:${e.port}` : ''} (${sideLabel(t, s)}${host})`;
}

function callText(t: FlowTunnel, s: FlowSession): string {
  if (s.call === 'unknown') return 'unknown';
  return `${s.call} from ${s.initiator ? sideLabel(t, s.initiator) : '?'}`;
}
