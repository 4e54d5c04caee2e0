// A document's analysis: its hex-dump segments parsed into frames, one first pass over them (state, Info
// column, L2TP facts, expert info), and trees decoded on demand, cached per frame by content so an edit
// re-decodes only the frames it changed.

import type { Range } from 'vscode-languageserver';
import { hexFramesToRawFrames, looksLikeHexDump, parseHexDocument, parseHexLines } from '../dissect/capture/hexdump';
import type { HexDocument } from '../dissect/capture/hexdump';
import { NullBuilder } from '../dissect/builder';
import type { Engine } from '../dissect/engine';
import type { Problem } from '../dissect/expert';
import { CaptureState } from '../dissect/packet';
import type { L2tpInfo, TimeRef } from '../dissect/packet';
import type { FrameMeta } from '../dissect/capture/types';
import type { DecodedFrame, FrameSummary } from '../dissect/tree';
import { layerEntries } from './layers';
import type { LayerEntry } from './layers';
import { Lru } from './lru';
import { segmentRange } from './positions';
import type { FrameText } from './positions';
import { markdownSegments, splitLines } from './segments';
import type { Segment } from './segments';

export type DocKind = 'hexdump' | 'markdown' | 'text';

export interface DocFrame extends FrameText {
  /** 0-based position in the document. */
  index: number;
  /** 1-based frame number (counted across all blocks of a Markdown document). */
  number: number;
  meta: FrameMeta;
  bytes: Uint8Array;
  /** Content key of the decode cache. */
  key: string;
  summary: FrameSummary;
  l2tp: L2tpInfo | undefined;
  /** Expert info found by the first pass. */
  problems: Problem[];
  segment: Segment;
}

export interface TextProblem {
  range: Range;
  code: string;
  severity: 'error' | 'warning' | 'note';
  message: string;
  /** A message key of the server's own (translated) instead of the reader's text. */
  own?: 'diag.noHexDump' | 'diag.noFramesInBlock';
}

/**
 * What one document keeps decoded across its versions, by frame content key: a bounded LRU of whole trees
 * (hover, tokens and the like ask for a few frames at a time; a tree is tens of kilobytes), and every
 * frame's outline layers (small; re-keyed on each analysis so edited-away frames drop out).
 */
export class TreeCache {
  readonly trees: Lru<string, DecodedFrame>;
  layers = new Map<string, readonly LayerEntry[]>();
  generation = -1;
  constructor(limit = 512) {
    this.trees = new Lru(limit);
  }
}

function fnv(b: Uint8Array): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ b.length;
  for (let i = 0; i < b.length; i++) {
    const x = b[i] ?? 0;
    h1 = Math.imul(h1 ^ x, 0x01000193);
    h2 = Math.imul(h2 ^ x, 0x5bd1e995) ^ (h2 >>> 15);
  }
  return `${(h1 >>> 0).toString(36)}${(h2 >>> 0).toString(36)}:${b.length}`;
}

export class DocAnalysis {
  private readonly firstLines: Int32Array;
  constructor(
    readonly uri: string,
    readonly version: number,
    readonly kind: DocKind,
    readonly lines: readonly string[],
    readonly segments: readonly Segment[],
    readonly frames: readonly DocFrame[],
    readonly textProblems: readonly TextProblem[],
    private readonly engine: Engine,
    private readonly state: CaptureState,
    private readonly cache: TreeCache,
  ) {
    this.firstLines = Int32Array.from(frames, (f) => f.hex.startLine + f.lineOffset);
  }

  lineLength(line: number): number {
    return (this.lines[line] ?? '').replace(/\r$/, '').length;
  }

  /** The frame whose text holds document line `line`. */
  frameAtLine(line: number): DocFrame | undefined {
    let lo = 0;
    let hi = this.firstLines.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.firstLines[mid] ?? 0) <= line) { best = mid; lo = mid + 1; } else hi = mid - 1;
    }
    const f = best >= 0 ? this.frames[best] : undefined;
    return f && line <= f.hex.endLine + f.lineOffset ? f : undefined;
  }

  /** Frames whose text overlaps lines [first, last]. */
  framesInLines(first: number, last: number): DocFrame[] {
    return this.frames.filter((f) => f.hex.endLine + f.lineOffset >= first && f.hex.startLine + f.lineOffset <= last);
  }

  timeRef(i: number): TimeRef | undefined {
    const f0 = this.frames[0]?.meta;
    const p = this.frames[Math.max(0, i - 1)]?.meta;
    if (!f0 || !p) return undefined;
    return { firstSec: f0.tsSec, firstNs: f0.tsNs, prevSec: p.tsSec, prevNs: p.tsNs };
  }

  /** The full tree of frame `i` (cached by content). */
  tree(i: number): DecodedFrame | undefined {
    const f = this.frames[i];
    if (!f) return undefined;
    const hit = this.cache.trees.get(f.key);
    if (hit) return hit;
    const d = this.decode(f);
    this.cache.trees.set(f.key, d);
    return d;
  }

  /**
   * The outline layers of frame `i` (cached by content). A tree decoded only for this is not put in the
   * tree LRU: the outline walks every frame, and would flush the trees hovers are using.
   */
  layers(i: number): readonly LayerEntry[] {
    const f = this.frames[i];
    if (!f) return [];
    let l = this.cache.layers.get(f.key);
    if (!l) {
      l = layerEntries(this.cache.trees.get(f.key) ?? this.decode(f));
      this.cache.layers.set(f.key, l);
    }
    return l;
  }

  private decode(f: DocFrame): DecodedFrame {
    return this.engine.decode(f.meta, f.bytes, this.state, { firstPass: false, columns: true, timeRef: this.timeRef(f.index) });
  }
}

const LONE_CR = /\r(?!\n)/;

/**
 * A segment that is the whole document reuses the document's lines (one copy of a large text's lines, not
 * two), unless a lone CR makes the reader's line breaks differ from the document's.
 */
function parseSegment(seg: Segment, docText: string, docLines: readonly string[]): HexDocument {
  if (seg.text === docText && !LONE_CR.test(docText)) return parseHexLines(docLines);
  return parseHexDocument(seg.text);
}

export interface AnalyseInput {
  uri: string;
  version: number;
  kind: DocKind;
  text: string;
  untaggedBlocks: boolean;
  engine: Engine;
  engineGeneration: number;
  cache: TreeCache;
}

/** Parses and indexes a document (no trees are built here). */
export function analyse(inp: AnalyseInput): DocAnalysis {
  const lines = splitLines(inp.text);
  if (inp.cache.generation !== inp.engineGeneration) {
    inp.cache.trees.clear();
    inp.cache.layers.clear();
    inp.cache.generation = inp.engineGeneration;
  }
  let segments: Segment[] = [];
  if (inp.kind === 'hexdump') segments = [{ lineOffset: 0, text: inp.text }];
  else if (inp.kind === 'markdown') segments = markdownSegments(inp.text, inp.untaggedBlocks, looksLikeHexDump);

  const frames: DocFrame[] = [];
  const textProblems: TextProblem[] = [];
  const state = new CaptureState();
  const nb = new NullBuilder();
  let timeRef: TimeRef | undefined;
  for (const seg of segments) {
    const doc = parseSegment(seg, inp.text, lines);
    const raws = hexFramesToRawFrames(doc);
    for (const p of doc.problems) textProblems.push({ range: segmentRange(seg.lineOffset, p.line, p.start, p.end), code: `hexdump.${p.code}`, severity: p.severity, message: p.message });
    if (doc.frames.length === 0 && seg.text.trim() !== '') {
      const line = seg.fence ? seg.fence.open : firstNonBlank(lines);
      textProblems.push({
        range: { start: { line, character: 0 }, end: { line, character: (lines[line] ?? '').length } },
        code: 'hexdump.no_frames', severity: 'error', message: '', own: seg.fence ? 'diag.noFramesInBlock' : 'diag.noHexDump',
      });
    }
    doc.frames.forEach((hex, k) => {
      for (const p of hex.problems) textProblems.push({ range: segmentRange(seg.lineOffset, p.line, p.start, p.end), code: `hexdump.${p.code}`, severity: p.severity, message: p.message });
      const raw = raws[k];
      const number = frames.length + 1;
      const bytes = raw?.bytes ?? hex.bytes;
      const meta: FrameMeta = {
        number,
        tsSec: raw?.tsSec ?? hex.tsSec ?? 0,
        tsNs: raw?.tsNs ?? hex.tsNs ?? 0,
        linkType: raw?.linkType ?? 1,
        capturedLength: bytes.length,
        originalLength: raw?.originalLength ?? bytes.length,
        fileOffset: -1,
        dataOffset: -1,
        startAt: raw?.startAt ?? hex.startAt,
      };
      if (raw?.comments?.length) meta.comments = raw.comments;
      timeRef ??= { firstSec: meta.tsSec, firstNs: meta.tsNs, prevSec: meta.tsSec, prevNs: meta.tsNs };
      nb.problems.length = 0;
      const pinfo = inp.engine.dissect(meta, bytes, state, nb, { firstPass: true, columns: true, timeRef });
      const prev = `${timeRef.prevSec}.${timeRef.prevNs}`;
      timeRef.prevSec = meta.tsSec;
      timeRef.prevNs = meta.tsNs;
      frames.push({
        index: frames.length, number, hex, lineOffset: seg.lineOffset, meta, bytes,
        key: `${number}|${meta.startAt ?? meta.linkType}|${meta.tsSec}.${meta.tsNs}|${prev}|${meta.originalLength}|${fnv(bytes)}`,
        summary: { src: pinfo.src, dst: pinfo.dst, protocol: pinfo.protocol, info: pinfo.info },
        l2tp: pinfo.l2tp ? { ...pinfo.l2tp } : undefined,
        problems: nb.problems.slice(),
        segment: seg,
      });
    });
  }
  keepLayersOf(inp.cache, frames);
  return new DocAnalysis(inp.uri, inp.version, inp.kind, lines, segments, frames, textProblems, inp.engine, state, inp.cache);
}

/** Keeps only the outline layers of frames still in the document, so the map never outgrows it. */
function keepLayersOf(cache: TreeCache, frames: readonly DocFrame[]): void {
  if (cache.layers.size === 0) return;
  const kept = new Map<string, readonly LayerEntry[]>();
  for (const f of frames) {
    const l = cache.layers.get(f.key);
    if (l) kept.set(f.key, l);
  }
  cache.layers = kept;
}

function firstNonBlank(lines: readonly string[]): number {
  const i = lines.findIndex((l) => l.trim() !== '');
  return i < 0 ? 0 : i;
}
