// Hex-dump text as a capture: the whole text parsed into frames held in memory (text inputs are small).

import type { ByteSource, CaptureInfo, CaptureProblem, CaptureReader, RawFrame } from './types';
import { hexFramesToRawFrames, parseHexDocument } from './hexdump';
import type { HexDocument } from './hexdump';

export class TextCaptureReader implements CaptureReader {
  readonly info: CaptureInfo;
  readonly problems: CaptureProblem[] = [];
  private readonly raw: RawFrame[];

  constructor(readonly doc: HexDocument) {
    this.raw = hexFramesToRawFrames(doc);
    this.info = { format: 'hexdump', linkTypes: [...new Set(this.raw.map((f) => f.linkType))], tsResolution: 'ns', comments: [] };
    for (const p of doc.problems) this.problems.push({ code: `hexdump.${p.code}`, severity: p.severity, message: `line ${p.line + 1}: ${p.message}`, fileOffset: -1 });
    for (const f of doc.frames) {
      for (const p of f.problems) this.problems.push({ code: `hexdump.${p.code}`, severity: p.severity, message: `line ${p.line + 1}: ${p.message}`, fileOffset: -1 });
    }
  }

  frames(): Iterable<RawFrame> {
    return this.raw;
  }
}

export function readAllText(src: ByteSource): string {
  const chunks: Uint8Array[] = [];
  let pos = 0;
  for (;;) {
    const buf = new Uint8Array(1 << 16);
    const n = src.read(pos, buf.length, buf, 0);
    if (n <= 0) break;
    chunks.push(buf.subarray(0, n));
    pos += n;
  }
  const all = new Uint8Array(pos);
  let o = 0;
  for (const c of chunks) { all.set(c, o); o += c.length; }
  return new TextDecoder('utf-8').decode(all);
}

/** Opens hex-dump text; fails when no frame could be found in it. */
export function openTextCapture(src: ByteSource): CaptureReader | { error: string } {
  const text = readAllText(src);
  const doc = parseHexDocument(text);
  if (doc.frames.length === 0) return { error: 'text input holds no hex dump that could be read (no frame found)' };
  return new TextCaptureReader(doc);
}
