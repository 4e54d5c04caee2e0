// Reads packets out of hex-dump text (tickets, logs, tool output) and maps their bytes back to the text.
//
// Accepted shapes: plain hex streams (one frame per line, or wrapped like `xxd -p`), space-separated bytes,
// xxd (any -g), hexdump -C (with `*` repeats and the final length line), plain hexdump / od -x (16-bit
// little-endian words), od -tx1 (hex, octal or decimal offsets), tcpdump -x/-xx/-X/-XX (summary lines give
// the timestamp), tshark -x, Wireshark "Copy as Hex Dump", text2pcap input (`#` comments), C / Go byte
// arrays (xxd -i, Wireshark "As C Arrays"), Python bytes literals and `\xNN` escaped strings. CRLF, mixed
// case and `> ` quoted lines are fine. Prose between dumps is ignored.
//
// Frames end at an offset that restarts at 0, a summary line, a directive, a new C array or statement,
// and (for dumps without offsets) a blank or prose line. Offset-less hex lines as wide as the line before
// continue its frame (xxd -p wraps at 60) unless both look like packet starts, so a blank line between
// frames is the safe way to paste several. The ASCII gutter is never read: the byte area ends at the
// padding before it, and the offset deltas of full lines fix where it starts on later lines.
//
// Directive, a comment line anywhere before the frames it governs:
//
//     # l2tp-lens: layer=l2tp            (also `// l2tp-lens: ...` or `<!-- l2tp-lens: ... -->`)
//     # l2tp-lens: layer=ip time=1700000000.010000
//
// `layer=` sets the first dissector of every following frame until another `layer=`: eth, ip, ipv6, udp,
// l2tp (the UDP payload), ppp, sll; raw means ip, auto goes back to guessing. `time=` (epoch seconds with an
// optional fraction) stamps the next frame only. Without a directive the layer is guessed from the bytes.
//
// Pure and browser-safe: no Node imports. Never throws; bad lines become problems with their spans.

import type { RawFrame } from './types';
import { Assembler } from './hexdump/assemble';
import type { HexByteSpan, HexDocument, HexFrame, HexParseOptions, HexProblem } from './hexdump/types';

export type { HexByteSpan, HexDocument, HexFrame, HexParseOptions, HexProblem, HexSeverity } from './hexdump/types';
export { guessLayer } from './hexdump/guess';

const LINE_BREAK = /\r\n|\r|\n/;

/** Parses every hex frame in `text`. */
export function parseHexDocument(text: string, opts: HexParseOptions = {}): HexDocument {
  if (typeof text !== 'string' || text.length === 0) return { frames: [], problems: [] };
  return parseHexLines(text.split(LINE_BREAK), opts);
}

/**
 * Parses every hex frame in text already split at line breaks (`\r\n`, `\r` or `\n`), so a caller that
 * holds the lines anyway (the language server, for a large document) does not make a second copy of them.
 */
export function parseHexLines(lines: readonly string[], opts: HexParseOptions = {}): HexDocument {
  try {
    if (lines.length === 0 || (lines.length === 1 && lines[0] === '')) return { frames: [], problems: [] };
    return new Assembler(lines, opts).run();
  } catch (e) {
    // A bug here must not take the language server down with it.
    return {
      frames: [],
      problems: [{ code: 'hexdump.internal', severity: 'error', message: `Hex-dump reader failed: ${String(e)}`, line: 0, start: 0, end: 0 }],
    };
  }
}

// Looking at the head is enough to sniff, and keeps the check cheap on large files.
const SNIFF_CHARS = 256 * 1024;

/** True when `text` holds at least one hex frame (of 4+ bytes), and is text at all. */
export function looksLikeHexDump(text: string): boolean {
  if (typeof text !== 'string' || text.length === 0) return false;
  let head = text.length > SNIFF_CHARS ? text.slice(0, SNIFF_CHARS) : text;
  // Binary captures read as text are full of NULs and control characters; dumps have none.
  for (let i = 0; i < Math.min(head.length, 4096); i++) {
    const c = head.charCodeAt(i);
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) return false;
  }
  if (head.length < text.length) {
    const cut = head.lastIndexOf('\n');
    if (cut > 0) head = head.slice(0, cut);
  }
  return parseHexDocument(head).frames.some((f) => f.bytes.length >= 4);
}

/** Every problem of the document, frame problems included, in line order. */
export function allProblems(doc: HexDocument): HexProblem[] {
  const all = doc.problems.slice();
  for (const f of doc.frames) for (const p of f.problems) all.push(p);
  return all.sort((a, b) => a.line - b.line || a.start - b.start);
}

/** The text span of byte `i` of `frame`, or undefined when out of range. */
export function spanOfByte(frame: HexFrame, i: number): HexByteSpan | undefined {
  if (!Number.isInteger(i) || i < 0 || i >= frame.bytes.length) return undefined;
  return frame.spans.span(i);
}

/** The index of the byte whose text covers (line, character), or -1. */
export function byteAtPosition(frame: HexFrame, line: number, character: number): number {
  if (frame.bytes.length === 0 || line < frame.startLine || line > frame.endLine) return -1;
  return frame.spans.byteAt(line, character);
}

/** The frame whose lines include `line`, or undefined. */
export function frameAtLine(doc: HexDocument, line: number): HexFrame | undefined {
  let lo = 0;
  let hi = doc.frames.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const f = doc.frames[mid];
    if (f && f.endLine < line) lo = mid + 1;
    else hi = mid;
  }
  const f = doc.frames[lo];
  return f && f.startLine <= line && line <= f.endLine ? f : undefined;
}

/** The frames as capture records: numbered from 1, no file offsets, LINKTYPE 1 for eth and 101 otherwise. */
export function hexFramesToRawFrames(doc: HexDocument): RawFrame[] {
  return doc.frames.map((f, i) => ({
    number: i + 1,
    tsSec: f.tsSec ?? 0,
    tsNs: f.tsNs ?? 0,
    linkType: f.startAt === 'eth' ? 1 : 101,
    capturedLength: f.bytes.length,
    originalLength: f.bytes.length,
    fileOffset: -1,
    dataOffset: -1,
    startAt: f.startAt,
    bytes: f.bytes,
  }));
}
