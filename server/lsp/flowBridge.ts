// The flow analysis as the language server sees it: a FlowModel (server/flow's JSON contract) indexed by
// frame, for negotiation hovers, related information on diagnostics, code lenses and workspace symbols.

import { Capture } from '../dissect/capture/capture';
import type { CaptureReader, RawFrame } from '../dissect/capture/types';
import type { Engine } from '../dissect/engine';
import { toMermaid } from '../flow/export/mermaid';
import { buildFlow } from '../flow/flow';
import { buildLadder } from '../flow/ladder';
import type { CtlRow, FlowModel, FlowProblem, FlowTunnel } from '../flow/types';
import type { L10n } from '../l10n/index';
import type { DocAnalysis } from './analysis';
import { SETUP_SEQUENCES } from './roles';

/** A capture over a document's frames (bytes kept in memory), for the flow pass. */
function documentCapture(a: DocAnalysis, engine: Engine): Capture {
  const frames: RawFrame[] = a.frames.map((f) => ({ ...f.meta, bytes: f.bytes }));
  const reader: CaptureReader = {
    info: { format: 'hexdump', linkTypes: [...new Set(frames.map((f) => f.linkType))], tsResolution: 'ns', comments: [] },
    problems: [],
    frames: () => frames,
  };
  return Capture.open(reader, engine);
}

/** The flow model of a document's frames, indexed (undefined when it has no frame). */
export function documentFlow(a: DocAnalysis, engine: Engine): FlowIndex | undefined {
  if (a.frames.length === 0) return undefined;
  return new FlowIndex(buildFlow(documentCapture(a, engine), { file: a.uri }));
}

/** The flow model of an opened capture. */
export function captureFlow(c: Capture, file: string): FlowIndex {
  return new FlowIndex(buildFlow(c, { file }));
}

/** A Mermaid sequence diagram of the model's tunnels (one tunnel when `pick` selects it). */
export function mermaidOf(model: FlowModel, pick?: (t: FlowTunnel) => boolean): string {
  const tunnels = pick ? model.tunnels.filter(pick) : model.tunnels;
  return toMermaid(buildLadder(model, tunnels.length ? tunnels : model.tunnels));
}

function ordinal(l: L10n, n: number): string {
  if (n === 1) return l.t('neg.ordinal1');
  if (n === 2) return l.t('neg.ordinal2');
  if (n === 3) return l.t('neg.ordinal3');
  return l.t('neg.ordinalN', n);
}

export interface FrameFlow {
  tunnel: FlowTunnel;
  row: CtlRow;
}

export class FlowIndex {
  private readonly byFrame = new Map<number, FrameFlow>();
  /** First transmission frame of each Ns per tunnel side, to name what a retransmission repeats. */
  constructor(readonly model: FlowModel) {
    for (const t of model.tunnels) {
      for (const r of t.rows) if (r.kind === 'ctl') this.byFrame.set(r.frame, { tunnel: t, row: r });
    }
  }

  at(frame: number): FrameFlow | undefined {
    return this.byFrame.get(frame);
  }

  /** The tunnel ID users know it by: the one its initiator assigned, else the responder's. */
  static tunnelLabel(t: FlowTunnel): string {
    const id = t.a.tunnelId ?? t.b.tunnelId;
    return id !== undefined ? String(id) : t.id;
  }

  /** Problems of the flow analysis (not the engine's, which diagnostics already hold). */
  flowProblems(): FlowProblem[] {
    const out: FlowProblem[] = [...this.model.problems.filter((p) => p.source === 'flow')];
    for (const t of this.model.tunnels) for (const p of t.problems) if (p.source === 'flow') out.push(p);
    return out;
  }

  /** Frames a problem's frame relates to (what it retransmits, what left it unacknowledged …). */
  related(frame: number): number[] {
    const ff = this.at(frame);
    if (!ff) return [];
    const m = ff.row.marks;
    const out: number[] = [];
    if (m.retransmit) out.push(m.retransmit.of);
    if (m.ackedBy !== undefined) out.push(m.ackedBy);
    if (m.acks) out.push(...m.acks);
    return [...new Set(out)].filter((f) => f !== frame);
  }

  /** "2nd of 3 messages that set up tunnel 12: answers the SCCRQ in frame 1". */
  negotiation(frame: number, l: L10n): string | undefined {
    const ff = this.at(frame);
    if (!ff) return undefined;
    const { tunnel: t, row } = ff;
    const parts: string[] = [];
    const tl = FlowIndex.tunnelLabel(t);
    const seq = SETUP_SEQUENCES.find((s) => s.types.includes(row.msgType));
    if (seq) {
      const k = seq.types.indexOf(row.msgType);
      if (seq.kind === 'tunnel') parts.push(l.t('neg.setupTunnel', ordinal(l, k + 1), seq.types.length, tl));
      else {
        const s = t.sessions.find((x) => x.id === row.session);
        const sid = s ? (s.ids.a ?? s.ids.b ?? row.sessionId) : row.sessionId;
        parts.push(l.t('neg.setupSession', ordinal(l, k + 1), seq.types.length, sid, tl));
      }
      const prevType = k > 0 ? seq.types[k - 1] : undefined;
      if (prevType !== undefined) {
        const prev = this.previousOfType(t, row, prevType);
        if (prev) parts.push(l.t('neg.answers', prev.name, prev.frame));
      }
    } else if (row.msgType >= 0) {
      parts.push(l.t('neg.message', row.name, tl));
    }
    const m = row.marks;
    if (m.retransmit) parts.push(l.t('neg.retransmit', m.retransmit.attempt, m.retransmit.of));
    if (row.msgType < 0 && m.acks?.length) parts.push(l.t('neg.acks', m.acks.join(', ')));
    if (m.ackedBy !== undefined) parts.push(l.t('neg.ackedBy', m.ackedBy));
    else if (m.unacked) parts.push(l.t('neg.unacked'));
    if (parts.length === 0) return undefined;
    const [head, ...rest] = parts;
    return rest.length ? `${head}: ${rest.join('; ')}` : head;
  }

  private previousOfType(t: FlowTunnel, row: CtlRow, type: number): CtlRow | undefined {
    let best: CtlRow | undefined;
    for (const r of t.rows) {
      if (r.kind !== 'ctl' || r.frame >= row.frame) continue;
      if (r.msgType !== type || r.from === row.from || r.marks.retransmit) continue;
      if (row.session !== undefined && r.session !== undefined && r.session !== row.session) continue;
      best = r;
    }
    return best;
  }
}
