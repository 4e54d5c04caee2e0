// Selecting tunnels and sessions (`--tunnel`, `--session`): by model id (t2, t1s3) or by an ID either end
// assigned. Selecting sessions keeps their tunnels' tunnel-scoped rows and drops the other sessions' rows.

import type { FlowModel, FlowRow, FlowTunnel } from './types';

export interface Selection {
  tunnels: FlowTunnel[];
  errors: string[];
}

function matchesTunnel(t: FlowTunnel, sel: string): boolean {
  if (/^t\d+$/i.test(sel)) return t.id === sel.toLowerCase();
  const n = Number(sel);
  return Number.isInteger(n) && (t.a.tunnelId === n || t.b.tunnelId === n);
}

export function selectFlow(model: FlowModel, tunnelSel: readonly string[], sessionSel: readonly string[]): Selection {
  const errors: string[] = [];
  let tunnels = model.tunnels;
  if (tunnelSel.length) {
    tunnels = tunnels.filter((t) => tunnelSel.some((s) => matchesTunnel(t, s)));
    for (const s of tunnelSel) if (!model.tunnels.some((t) => matchesTunnel(t, s))) errors.push(`--tunnel ${s}: no such tunnel (ids: ${model.tunnels.map((t) => t.id).join(', ') || 'none'})`);
  }
  if (!sessionSel.length) return { tunnels, errors };
  const out: FlowTunnel[] = [];
  const found = new Set<string>();
  for (const t of tunnels) {
    const keep = new Set<string>();
    for (const s of t.sessions) {
      for (const sel of sessionSel) {
        const n = Number(sel);
        const hit = /^t\d+s\d+$/i.test(sel) ? s.id === sel.toLowerCase() : Number.isInteger(n) && (s.ids.a === n || s.ids.b === n);
        if (hit) { keep.add(s.id); found.add(sel); }
      }
    }
    if (keep.size) out.push(restrict(t, keep));
  }
  for (const s of sessionSel) if (!found.has(s)) errors.push(`--session ${s}: no such session`);
  return { tunnels: out, errors };
}

/** A copy of `t` showing only the sessions in `keep` (tunnel-scoped rows stay). */
function restrict(t: FlowTunnel, keep: ReadonlySet<string>): FlowTunnel {
  const rows: FlowRow[] = [];
  for (const r of t.rows) {
    if (r.kind === 'ctl') { if (!r.session || keep.has(r.session)) rows.push(r); continue; }
    if (r.kind === 'ppp') { if (keep.has(r.session)) rows.push(r); continue; }
    const by = r.bySession.filter((b) => keep.has(b.session));
    if (!by.length) continue;
    const ab = by.reduce((s, b) => s + b.ab, 0);
    const ba = by.reduce((s, b) => s + b.ba, 0);
    const prev = rows[rows.length - 1];
    if (prev?.kind === 'data') {
      // Runs split only by rows of other sessions join up again.
      prev.lastFrame = r.lastFrame; prev.lastTime = r.lastTime; prev.ab += ab; prev.ba += ba;
      for (const b of by) {
        const x = prev.bySession.find((y) => y.session === b.session);
        if (x) { x.ab += b.ab; x.ba += b.ba; } else prev.bySession.push({ ...b });
      }
    } else rows.push({ ...r, ab, ba, bySession: by.map((b) => ({ ...b })) });
  }
  return {
    ...t, rows,
    sessions: t.sessions.filter((s) => keep.has(s.id)),
    problems: t.problems.filter((p) => !p.session || keep.has(p.session)),
  };
}
