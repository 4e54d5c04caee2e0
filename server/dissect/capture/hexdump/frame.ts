// A frame being assembled: its bytes, problems and the per-format state the assembler keeps for it.

import type { FrameBuilder } from './builder';
import type { OffsetLine } from './classify';
import type { HexProblem, HexSeverity } from './types';

export type OpenKind = 'offset' | 'row' | 'carray' | 'string';

/** An offset line whose byte count is not known yet: it depends on the next line's offset. */
export interface PendingLine {
  rec: OffsetLine;
  line: number;
  off: number;
}

export class OpenFrame {
  readonly problems: HexProblem[] = [];
  endLine: number;
  summary?: string;
  tsSec?: number;
  tsNs?: number;

  // offset formats
  radix = 16;
  radixKnown = false;
  offWidth = 0;
  swap = false;
  pending: PendingLine | null = null;
  /** Offset just past the bytes appended so far. */
  expected = 0;
  /** Column where the ASCII gutter starts on this frame's lines (Infinity until one is seen). */
  gutterCol = Infinity;
  /** Byte range of the last line appended, which a following `*` repeats. */
  lastFrom = 0;
  lastTo = 0;
  star: { line: number; col: number } | null = null;

  // offset-less rows
  rowW = 0;
  rowLast = 0;
  contiguous = false;
  firstStrong = false;

  // C arrays
  declared = false;
  declLen = -1;
  closed = false;

  // string literals
  cont = false;
  depth = 0;

  /** `b` is the assembler's one builder, reset here: only one frame is open at a time. */
  constructor(
    readonly kind: OpenKind,
    public format: string,
    public startLine: number,
    readonly b: FrameBuilder,
  ) {
    this.endLine = startLine;
    b.reset();
  }

  problem(code: string, severity: HexSeverity, message: string, line: number, start: number, end: number): void {
    this.problems.push({ code, severity, message, line, start, end });
  }
}
