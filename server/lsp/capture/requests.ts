// The custom capture requests (server/protocol.ts): open/close, frame list pages, frame detail and bytes,
// field explanations, display filter, problems. Errors come back as ResponseErrors with translated text.

import { ResponseError } from 'vscode-languageserver';
import type { DecodedFrame, TreeNode } from '../../dissect/tree';
import { allProblems } from '../../dissect/tree';
import type {
  CaptureFramesParams, CaptureFramesResult, CaptureProblemsParams, CaptureProblemsResult, CloseCaptureParams, DetailNode,
  ExplainFieldParams, ExplainFieldResult, FilterFramesParams, FilterFramesResult, FrameBytesParams, FrameBytesResult,
  FrameDetail, FrameDetailParams, OpenCaptureParams, OpenCaptureResult,
} from '../../protocol';
import type { ServerContext } from '../context';
import { byteRoles, roleRuns } from '../features/byteRoles';
import { describeNode } from '../features/describe';
import { roleOf } from '../roles';
import { label, nodeBytes, nodesByIndex } from '../treeQuery';
import { presentedValue } from '../../dissect/render';
import { hexBytes } from '../../dissect/format';
import { CaptureSession, problemInfo } from './session';

const INVALID_PARAMS = -32602;
const clampPage = (n: number | undefined, d: number): number => Math.max(0, Math.min(10_000, Math.floor(n ?? d)));

export class CaptureRequests {
  private readonly sessions = new Map<string, CaptureSession>();
  private next = 1;

  constructor(private readonly ctx: ServerContext) {}

  session(id: string): CaptureSession {
    const s = this.sessions.get(id);
    if (!s) throw new ResponseError(INVALID_PARAMS, this.ctx.l10n.t('capture.unknown', id));
    return s;
  }

  private frameIndex(s: CaptureSession, frame: number): number {
    const i = Math.floor(frame) - 1;
    if (!Number.isFinite(i) || i < 0 || i >= s.count) throw new ResponseError(INVALID_PARAMS, this.ctx.l10n.t('capture.noFrame', frame, s.count));
    return i;
  }

  all(): CaptureSession[] {
    return [...this.sessions.values()];
  }

  open(p: OpenCaptureParams): OpenCaptureResult {
    const id = `c${this.next++}`;
    const s = CaptureSession.open(id, p.path, this.ctx.engine, this.ctx.settings.captureTreeCache);
    if ('error' in s) throw new ResponseError(INVALID_PARAMS, s.error);
    this.sessions.set(id, s);
    const info = s.capture.info;
    return {
      captureId: id, path: p.path, format: info.format, frameCount: s.count, linkTypes: info.linkTypes,
      problems: s.capture.problems.map((q) => ({ abbrev: q.code, severity: q.severity, group: 'malformed', message: q.message, offset: q.fileOffset, length: 0 })),
      firstPage: s.rows(0, clampPage(p.pageSize, 100)),
      indexMs: Math.round(s.indexMs),
    };
  }

  close(p: CloseCaptureParams): null {
    const s = this.sessions.get(p.captureId);
    if (s) {
      s.close();
      this.sessions.delete(p.captureId);
    }
    return null;
  }

  frames(p: CaptureFramesParams): CaptureFramesResult {
    const s = this.session(p.captureId);
    return { total: s.count, frames: s.rows(Math.max(0, Math.floor(p.start)), clampPage(p.count, 100)) };
  }

  detail(p: FrameDetailParams): FrameDetail {
    const s = this.session(p.captureId);
    const f = s.tree(this.frameIndex(s, p.frame));
    return {
      number: f.number,
      protocols: f.protocols.join(':'),
      summary: { source: f.summary.src, destination: f.summary.dst, protocol: f.summary.protocol, info: f.summary.info },
      sources: f.sources.map((x) => ({ name: x.name, length: x.bytes.length })),
      tree: f.layers.map((n) => detailNode(f, n)),
      problems: allProblems(f.layers).map((q) => problemInfo(q, f.number)),
    };
  }

  bytes(p: FrameBytesParams): FrameBytesResult {
    const s = this.session(p.captureId);
    const f = s.tree(this.frameIndex(s, p.frame));
    const src = p.source ?? 0;
    const data = f.sources[src]?.bytes;
    if (!data) throw new ResponseError(INVALID_PARAMS, this.ctx.l10n.t('capture.noSource', p.frame, src));
    return { hex: hexBytes(data), length: data.length, roles: roleRuns(byteRoles(f, src)) };
  }

  explain(p: ExplainFieldParams): ExplainFieldResult {
    const s = this.session(p.captureId);
    const f = s.tree(this.frameIndex(s, p.frame));
    const chain = nodesByIndex(f, p.path);
    const n = chain[chain.length - 1];
    return { markdown: n ? describeNode(f, chain, this.ctx.l10n, { problems: n.problems ?? [] }) : '' };
  }

  filter(p: FilterFramesParams): FilterFramesResult {
    const s = this.session(p.captureId);
    const r = s.filter(p.filter);
    if ('error' in r) return { ok: false, error: r.error };
    const start = Math.max(0, Math.floor(p.start ?? 0));
    const end = Math.min(r.length, start + clampPage(p.count, 100));
    const frames = [];
    for (let k = start; k < end; k++) frames.push(s.row(r[k] ?? 0));
    return { ok: true, total: r.length, frames };
  }

  problems(p: CaptureProblemsParams): CaptureProblemsResult {
    const s = this.session(p.captureId);
    const all = s.problems();
    const start = Math.max(0, Math.floor(p.start ?? 0));
    return { total: all.length, problems: all.slice(start, start + clampPage(p.count, 1000)) };
  }

  closeAll(): void {
    for (const s of this.sessions.values()) s.close();
    this.sessions.clear();
  }
}

function detailNode(f: DecodedFrame, n: TreeNode): DetailNode {
  const d: DetailNode = { label: label(f, n), offset: n.offset, length: n.length };
  if (n.abbrev) {
    d.abbrev = n.abbrev;
    if (n.length > 0) d.role = roleOf(n.abbrev);
  }
  const value = presentedValue(n, nodeBytes(f, n));
  if (value !== undefined) d.value = value;
  if (n.source) d.source = n.source;
  if (n.generated) d.generated = true;
  if (n.problems?.length) d.problems = n.problems.map((q) => problemInfo(q, f.number));
  if (n.children?.length) d.children = n.children.map((c) => detailNode(f, c));
  return d;
}
