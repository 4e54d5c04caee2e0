// One open capture file: indexed once with Capture.open over openInput(path); rows computed per page,
// trees decoded when asked for and kept in a bounded LRU; filter results and problems cached.

import { FieldsBuilder } from '../../dissect/builder';
import { Capture } from '../../dissect/capture/capture';
import type { Engine } from '../../dissect/engine';
import type { Problem } from '../../dissect/expert';
import { NullBuilder } from '../../dissect/builder';
import { timeDiff } from '../../dissect/protocols/frame';
import { compileFilter, isFilterError, matchHits } from '../../dissect/filter/index';
import type { DecodedFrame } from '../../dissect/tree';
import { openInput } from '../../io/input';
import type { OpenedCapture } from '../../io/fileSource';
import type { FrameRow, ProblemInfo } from '../../protocol';
import { captureFlow } from '../flowBridge';
import type { FlowIndex } from '../flowBridge';
import { Lru } from '../lru';

const SEV_RANK: Record<Problem['severity'], number> = { chat: 0, note: 1, warning: 2, error: 3 };

export function worstSeverity(ps: readonly Problem[]): Problem['severity'] | undefined {
  let w: Problem['severity'] | undefined;
  for (const p of ps) if (!w || SEV_RANK[p.severity] > SEV_RANK[w]) w = p.severity;
  return w;
}

export function problemInfo(p: Problem, frame?: number): ProblemInfo {
  const o: ProblemInfo = { abbrev: p.abbrev, severity: p.severity, group: p.group, message: p.message, offset: p.offset, length: p.length };
  if (frame !== undefined) o.frame = frame;
  if (p.source) o.source = p.source;
  return o;
}

export class CaptureSession {
  private readonly trees: Lru<number, DecodedFrame>;
  private readonly filters = new Lru<string, Int32Array>(8);
  private problemList: ProblemInfo[] | undefined;
  private flowIndex: FlowIndex | undefined;
  readonly indexMs: number;

  private constructor(
    readonly id: string,
    readonly path: string,
    private readonly opened: OpenedCapture,
    readonly capture: Capture,
    treeCache: number,
    indexMs: number,
  ) {
    this.trees = new Lru(treeCache);
    this.indexMs = indexMs;
  }

  static open(id: string, path: string, engine: Engine, treeCache: number): CaptureSession | { error: string } {
    const opened = openInput(path);
    if ('error' in opened) return opened;
    const t0 = performance.now();
    const capture = Capture.open(opened.reader, engine);
    return new CaptureSession(id, path, opened, capture, treeCache, performance.now() - t0);
  }

  get count(): number {
    return this.capture.count;
  }

  close(): void {
    this.opened.source.close();
    this.trees.clear();
  }

  /** The tree of frame `i` (0-based), from the LRU or decoded now. */
  tree(i: number): DecodedFrame {
    const hit = this.trees.get(i);
    if (hit) return hit;
    const d = this.capture.decode(i);
    this.trees.set(i, d);
    return d;
  }

  /** The list row of frame `i` (0-based): columns and worst problem, without building a tree. */
  row(i: number): FrameRow {
    const c = this.capture;
    const m = c.meta(i);
    const first = c.meta(0);
    const nb = new NullBuilder();
    const pinfo = c.engine.dissect(m, c.bytes(i), c.state, nb, { firstPass: false, columns: true, timeRef: c.timeRef(i) });
    const rel = timeDiff(m.tsSec, m.tsNs, first.tsSec, first.tsNs);
    const dot = rel.indexOf('.');
    const row: FrameRow = {
      number: m.number, time: dot >= 0 ? rel.slice(0, dot + 7) : rel, source: pinfo.src, destination: pinfo.dst,
      protocol: pinfo.protocol, length: m.originalLength, info: pinfo.info,
    };
    const sev = worstSeverity(nb.problems);
    if (sev) row.severity = sev;
    return row;
  }

  rows(start: number, count: number): FrameRow[] {
    const out: FrameRow[] = [];
    const end = Math.min(this.count, Math.max(0, start) + Math.max(0, count));
    for (let i = Math.max(0, start); i < end; i++) out.push(this.row(i));
    return out;
  }

  /** 0-based indexes of the frames matching `text` (cached per filter text), or the compile error. */
  filter(text: string): Int32Array | { error: string } {
    const key = text.trim();
    const hit = this.filters.get(key);
    if (hit) return hit;
    const f = compileFilter(key);
    if (isFilterError(f)) return { error: f.error };
    const c = this.capture;
    const fb = new FieldsBuilder(f.fields);
    const out: number[] = [];
    for (let i = 0; i < c.count; i++) {
      c.engine.fields(c.meta(i), c.bytes(i), c.state, fb, { firstPass: false, columns: false, timeRef: c.timeRef(i) });
      if (matchHits(f, fb.hits)) out.push(i);
    }
    const r = Int32Array.from(out);
    this.filters.set(key, r);
    return r;
  }

  /** The flow model (built once, on first request). */
  flow(): FlowIndex {
    this.flowIndex ??= captureFlow(this.capture, this.path);
    return this.flowIndex;
  }

  /** Every frame's expert info plus the file's problems (computed once, in frame order). */
  problems(): ProblemInfo[] {
    if (this.problemList) return this.problemList;
    const out: ProblemInfo[] = [];
    for (const p of this.capture.problems) {
      const o: ProblemInfo = { abbrev: p.code, severity: p.severity, group: 'malformed', message: p.message, offset: p.fileOffset, length: 0 };
      if (p.frame !== undefined) o.frame = p.frame;
      out.push(o);
    }
    const c = this.capture;
    const nb = new NullBuilder();
    for (let i = 0; i < c.count; i++) {
      nb.problems.length = 0;
      c.engine.dissect(c.meta(i), c.bytes(i), c.state, nb, { firstPass: false, timeRef: c.timeRef(i) });
      for (const p of nb.problems) out.push(problemInfo(p, i + 1));
    }
    this.problemList = out;
    return out;
  }
}
