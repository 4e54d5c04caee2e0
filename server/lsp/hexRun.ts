// Runs of hex bytes inside ordinary text (a router log line: "rx: c8 02 00 6e …", "0xc802006e…"): found
// around a position and turned into a one-line hex-dump segment with the run's columns preserved.

import type { Segment } from './segments';

export const MIN_RUN_BYTES = 8;

/** Separated bytes ("c8 02 00", "c8:02:00", "c802 006e") or one contiguous run ("c802006e…", "0x…"). */
const RUN = /(?:0x)?[0-9a-fA-F]{2}(?:[0-9a-fA-F]{2})*(?:[ :.-](?:[0-9a-fA-F]{2})+)*/g;

export interface HexRun {
  /** Column range of the run in its line. */
  start: number;
  end: number;
  bytes: number;
  /** The run as a segment: the line blanked outside the run, separators turned to spaces. */
  segment: Segment;
}

/** The run of ≥ MIN_RUN_BYTES hex bytes under column `ch` of `lineText` (document line `line`). */
export function hexRunAt(lineText: string, line: number, ch: number): HexRun | undefined {
  RUN.lastIndex = 0;
  for (let m = RUN.exec(lineText); m; m = RUN.exec(lineText)) {
    const start = m.index;
    const end = start + m[0].length;
    if (ch < start || ch > end) continue;
    // A run must stand alone (not the tail of a longer word like a hash or an identifier).
    const before = lineText[start - 1];
    const after = lineText[end];
    if ((before && /[0-9a-zA-Z_]/.test(before)) || (after && /[0-9a-zA-Z_]/.test(after))) return undefined;
    const text = m[0].replace(/^0x/, '  ');
    const bytes = text.replace(/[^0-9a-fA-F]/g, '').length / 2;
    if (bytes < MIN_RUN_BYTES) return undefined;
    const body = ' '.repeat(start) + text.replace(/[:.-]/g, ' ');
    return { start, end, bytes, segment: { lineOffset: line, text: body } };
  }
  return undefined;
}
