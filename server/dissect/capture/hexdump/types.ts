// Public shapes of the hex-dump text reader (re-exported by ../hexdump.ts).

import type { ByteSpans } from './spans';

export type HexSeverity = 'error' | 'warning' | 'note';

/** A diagnostic anchored in the text: 0-based line, UTF-16 column range [start, end). */
export interface HexProblem {
  code: string;
  severity: HexSeverity;
  message: string;
  line: number;
  start: number;
  end: number;
}

/** Where one byte came from: 0-based line, UTF-16 column range [start, end) of its text. */
export interface HexByteSpan {
  line: number;
  start: number;
  end: number;
}

export interface HexFrame {
  bytes: Uint8Array;
  /**
   * Each byte's text: line, start column, end column (exclusive). Normally the span covers the two hex
   * digits; it is one character for a Python literal character (`b'E'`), the whole escape for `\n`, and the
   * `*` for bytes expanded from a hexdump/od repeat line. Bytes are in non-decreasing line order, which
   * byteAtPosition relies on. Use spanOfByte/byteAtPosition (or the span/byteAt/hull methods of ByteSpans).
   */
  spans: ByteSpans;
  /** Lines the frame occupies, including its summary line and any closing `};` / final length line. */
  startLine: number;
  endLine: number;
  /** The text shape recognised (a label for display, e.g. 'xxd', 'tcpdump-X', 'c-array'). */
  format: string;
  /** The dissector to start at: 'eth' | 'ip' | 'ipv6' | 'udp' | 'l2tp' | 'ppp' | 'sll'. */
  startAt: string;
  startAtSource: 'guess' | 'directive';
  /** The tcpdump / tshark summary line that introduced the frame. */
  summary?: string;
  /** From the summary line or a `time=` directive. A time of day without a date gives seconds since midnight. */
  tsSec?: number;
  tsNs?: number;
  problems: HexProblem[];
}

export interface HexDocument {
  frames: HexFrame[];
  /** Problems not tied to a frame (directives, stray lines). Each frame carries its own. */
  problems: HexProblem[];
}

export interface HexParseOptions {
  /** The first dissector when there is no directive and the bytes match no known layer (default 'eth'). */
  defaultStartAt?: string;
}
