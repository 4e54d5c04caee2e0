// THE byte-range ↔ editor-range conversion: frame byte offsets to LSP ranges and back, only through the
// hex-dump reader's per-byte text spans, offset by the line where the frame's text segment starts.

import type { Position, Range } from 'vscode-languageserver';
import { byteAtPosition, spanOfByte } from '../dissect/capture/hexdump';
import type { HexFrame } from '../dissect/capture/hexdump';

/** A frame's text: its hex-dump frame and the document line its segment starts at. */
export interface FrameText {
  readonly hex: HexFrame;
  readonly lineOffset: number;
}

/** One byte's text in document coordinates. */
export interface DocSpan {
  line: number;
  start: number;
  end: number;
}

/** The document span of byte `i` of the frame (undefined past the end). */
export function byteSpan(ft: FrameText, i: number): DocSpan | undefined {
  if (i < 0 || i >= ft.hex.bytes.length) return undefined;
  const s = spanOfByte(ft.hex, i);
  if (!s) return undefined;
  return { line: s.line + ft.lineOffset, start: s.start, end: s.end };
}

/** The byte under a document position, or -1 (offset column, ASCII gutter, another line). */
export function byteAt(ft: FrameText, pos: Position): number {
  const line = pos.line - ft.lineOffset;
  if (line < 0) return -1;
  return byteAtPosition(ft.hex, line, pos.character);
}

/**
 * Byte range [offset, offset+length) as one range: from the earliest text of its bytes to the latest
 * (not simply first to last byte: od -x / hexdump print 16-bit words byte-swapped).
 */
export function byteRangeHull(ft: FrameText, offset: number, length: number): Range | undefined {
  const n = ft.hex.bytes.length;
  const a = Math.max(0, offset);
  const b = Math.min(n, offset + Math.max(1, length)) - 1;
  if (a > b) return undefined;
  const h = ft.hex.spans.hull(a, b);
  const sl = h.startLine, sc = h.start, el = h.endLine, ec = h.end;
  if (el < 0) return undefined;
  return { start: { line: sl + ft.lineOffset, character: sc }, end: { line: el + ft.lineOffset, character: ec } };
}

/** Document lines of the frame's text (summary line included), first and last. */
export function frameLines(ft: FrameText): { first: number; last: number } {
  return { first: ft.hex.startLine + ft.lineOffset, last: ft.hex.endLine + ft.lineOffset };
}

/** The whole frame text as a range (start of its first line to the end of its last). */
export function frameRange(ft: FrameText, lineLength: (line: number) => number): Range {
  const { first, last } = frameLines(ft);
  return { start: { line: first, character: 0 }, end: { line: last, character: lineLength(last) } };
}

/** A segment-relative text range (parse problems) in document coordinates. */
export function segmentRange(lineOffset: number, line: number, start: number, end: number): Range {
  return { start: { line: line + lineOffset, character: start }, end: { line: line + lineOffset, character: Math.max(start, end) } };
}

/** Lines of a byte range (first and last line of its bytes' text), for folding. */
export function byteRangeLineSpan(ft: FrameText, offset: number, length: number): { first: number; last: number } | undefined {
  const r = byteRangeHull(ft, offset, length);
  return r ? { first: r.start.line, last: r.end.line } : undefined;
}
