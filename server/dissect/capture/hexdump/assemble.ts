// Pass 2 of the reader: groups classified lines into frames (boundaries, offsets, repeats, directives).

import { classifyLine } from './classify';
import type { LineRec, OffsetLine, RowLine } from './classify';
import type { CArrayLine, LineIssue, StringLine } from './literals';
import { FrameBuilder } from './builder';
import { OpenFrame } from './frame';
import type { OpenKind } from './frame';
import { guessLayer, looksLikePacketStart } from './guess';
import { available, expandStar, flushPending, offsetFormat, offsetValue, settleRadix } from './offsets';
import { hexVal } from './scan';
import type { HexDocument, HexFrame, HexParseOptions, HexProblem } from './types';

interface PendingSummary {
  text: string;
  line: number;
  sec?: number;
  ns?: number;
}

export class Assembler {
  private readonly frames: HexFrame[] = [];
  private readonly problems: HexProblem[] = [];
  private cur: OpenFrame | null = null;
  private readonly builder = new FrameBuilder();
  /** A blank or prose line came after the current frame's last line. */
  private broke = false;
  /** After an offset went backwards: ignore that dump's remaining lines, as text2pcap aborts the packet. */
  private skipping = false;
  private layer: string | null = null;
  private time: { sec: number; ns: number } | null = null;
  private summary: PendingSummary | null = null;

  constructor(
    private readonly lines: readonly string[],
    private readonly opts: HexParseOptions,
  ) {}

  run(): HexDocument {
    const lines = this.lines;
    for (let i = 0; i < lines.length; i++) {
      let s = lines[i] ?? '';
      const first = s.search(/\S/);
      // A `> ` e-mail / Markdown quote: blank it out so columns still match the document.
      if (first >= 0 && s.charCodeAt(first) === 62) s = s.replace(/^[\s>]*>[ ]?/, (m) => ' '.repeat(m.length));
      this.line(classifyLine(s), i, s);
    }
    this.close();
    return { frames: this.frames, problems: this.problems };
  }

  private line(r: LineRec, i: number, s: string): void {
    switch (r.kind) {
      case 'blank': return this.soft(true);
      case 'prose':
        if (r.summary) {
          this.hard();
          this.summary = { text: s.trim(), line: i, sec: r.summary.sec, ns: r.summary.ns };
        } else this.soft(false);
        return;
      case 'directive': {
        this.hard();
        const d = r.directive;
        this.issues(d.issues, i, null, 'warning');
        if (d.layer !== undefined) this.layer = d.layer;
        if (d.time) this.time = d.time;
        return;
      }
      case 'star': {
        const f = this.cur;
        if (f?.kind === 'offset' && f.pending && !this.broke) {
          flushPending(f, this.text(f.pending.line), null);
          f.star = { line: i, col: r.col };
          f.endLine = i;
        } else this.soft(false);
        return;
      }
      case 'offset': return this.offset(r, i);
      case 'row': return this.row(r, i);
      case 'carray': return this.carray(r, i);
      case 'string': return this.string(r, i);
    }
  }

  private text(line: number): string {
    return this.lines[line] ?? '';
  }

  /** Blank and prose lines end offset-less frames; offset frames may go on if the next offset continues. */
  private soft(blank: boolean): void {
    if (!blank) this.summary = null;
    this.skipping = false;
    const f = this.cur;
    if (!f) return;
    if (f.kind === 'row' || f.kind === 'string' || (f.kind === 'carray' && !f.declared)) this.close();
    else this.broke = true;
  }

  private hard(): void {
    this.close();
    this.skipping = false;
  }

  private open(kind: OpenKind, format: string, line: number): OpenFrame {
    this.close();
    this.skipping = false;
    const f = new OpenFrame(kind, format, line, this.builder);
    const sm = this.summary;
    if (sm && sm.line < line) {
      f.summary = sm.text;
      f.startLine = sm.line;
      f.tsSec = sm.sec;
      f.tsNs = sm.ns;
    }
    if (this.time) {
      f.tsSec = this.time.sec;
      f.tsNs = this.time.ns;
    }
    this.summary = null;
    this.time = null;
    this.cur = f;
    return f;
  }

  private close(): void {
    const f = this.cur;
    if (!f) return;
    this.cur = null;
    this.broke = false;
    if (f.kind === 'offset') {
      if (f.pending) flushPending(f, this.text(f.pending.line), null);
      if (f.star) {
        f.problem('hexdump.repeat_unterminated', 'error', 'Repeat line (*) is not followed by an offset, so its length is unknown',
          f.star.line, f.star.col, f.star.col + 1);
      }
    }
    if (f.kind === 'carray' && f.declLen >= 0 && f.declLen !== f.b.length) {
      f.problem('hexdump.length_mismatch', 'warning', `Array declared with ${f.declLen} bytes but holds ${f.b.length}`,
        f.startLine, 0, this.text(f.startLine).length);
    }
    if (f.b.length === 0) {
      for (const p of f.problems) this.problems.push(p);
      return;
    }
    const { bytes, spans } = f.b.finish();
    const frame: HexFrame = {
      bytes, spans, startLine: f.startLine, endLine: f.endLine, format: f.format,
      startAt: this.layer ?? guessLayer(bytes) ?? this.opts.defaultStartAt ?? 'eth',
      startAtSource: this.layer !== null ? 'directive' : 'guess',
      problems: f.problems,
    };
    if (f.summary !== undefined) frame.summary = f.summary;
    if (f.tsSec !== undefined) {
      frame.tsSec = f.tsSec;
      frame.tsNs = f.tsNs ?? 0;
    }
    this.frames.push(frame);
  }

  private issues(list: readonly LineIssue[], line: number, f: OpenFrame | null, severity: 'error' | 'warning'): void {
    for (const x of list) {
      const p: HexProblem = { code: x.code, severity, message: x.message, line, start: x.start, end: x.end };
      (f ? f.problems : this.problems).push(p);
    }
  }

  // ---- offset formats -------------------------------------------------------------------------------

  private offset(r: OffsetLine, i: number): void {
    const f = this.cur;
    const zero = /^0+$/.test(r.offText);
    if (f?.kind === 'offset' && !zero && (f.pending || f.star)) {
      if (this.continueOffset(f, r, i)) return;
    }
    if (!zero && this.skipping) return;
    if (zero) {
      this.startOffset(r, i, 0);
      return;
    }
    const v = offsetValue(r.offText, 16);
    if (r.alt?.startOk && !r.colon) return this.row(r.alt, i);
    if ((r.colon || r.ox || r.offText.length >= 4) && r.area.bytes >= 4) {
      const nf = this.startOffset(r, i, v);
      nf.problem('hexdump.nonzero_start', 'warning', `Dump starts at offset 0x${v.toString(16)}: the bytes before it are missing`,
        i, r.offStart, r.offEnd);
      return;
    }
    this.soft(false);
  }

  private startOffset(r: OffsetLine, i: number, v: number): OpenFrame {
    const { format, swap } = offsetFormat(r, this.text(i));
    const f = this.open('offset', format, i);
    f.swap = swap;
    f.radixKnown = r.ox || r.colon;
    f.offWidth = r.offText.length;
    f.pending = { rec: r, line: i, off: v };
    f.expected = v;
    if (swap) {
      f.problem('hexdump.word_order', 'note', '16-bit words read as little-endian (hexdump / od -x on x86); hexdump -C or od -tx1 avoid the guess',
        i, r.offStart, r.offEnd);
    }
    return f;
  }

  /** The line continues frame `f` (true), or belongs elsewhere (false: caller starts a frame). */
  private continueOffset(f: OpenFrame, r: OffsetLine, i: number): boolean {
    const p = f.pending;
    if (p) settleRadix(f, p, r.offText);
    const v = offsetValue(r.offText, f.radix);
    if (Number.isNaN(v)) return false;
    if (f.star) {
      if (v < f.expected) return this.backwards(f, r, i, v);
      expandStar(f, v);
    } else if (p) {
      const d = v - p.off;
      if (d <= 0) return this.backwards(f, r, i, v);
      const max = available(f, p);
      if (d > max && this.broke) return false;
      const short = flushPending(f, this.text(p.line), d);
      if (short > 0) {
        f.problem('hexdump.offset_jump', 'error', `Offset jumps to 0x${v.toString(f.radix)} but the line before ends at 0x${f.expected.toString(f.radix)}: ${short} byte(s) missing`,
          i, r.offStart, r.offEnd);
      }
    }
    f.pending = { rec: r, line: i, off: v };
    f.endLine = i;
    this.broke = false;
    return true;
  }

  private backwards(f: OpenFrame, r: OffsetLine, i: number, v: number): boolean {
    f.problem('hexdump.offset_backwards', 'error', `Offset 0x${v.toString(f.radix)} goes backwards (expected 0x${(f.pending ? f.pending.off : f.expected).toString(f.radix)} or more); the rest of this dump is skipped`,
      i, r.offStart, r.offEnd);
    this.close();
    this.skipping = true;
    return true;
  }

  /** hexdump / od end with a line holding only the total length: it ends the frame and settles a `*`. */
  private lengthLine(r: RowLine, i: number): boolean {
    const f = this.cur;
    if (f?.kind !== 'offset' || this.broke || (!f.pending && !f.star)) return false;
    const start = r.loneStart;
    const text = this.text(i).slice(start, r.loneEnd);
    if (text.length !== f.offWidth) return false;
    const p = f.pending;
    if (p) settleRadix(f, p, text);
    const v = offsetValue(text, f.radix);
    if (Number.isNaN(v) || v < (p ? p.off : f.expected)) return false;
    if (p) flushPending(f, this.text(p.line), v - p.off);
    expandStar(f, v);
    // od -x / hexdump pad an odd last byte to a whole word: the length line says where the data ends.
    if (f.b.length > v && f.b.length - v < 2) f.b.truncate(v);
    if (f.b.length !== v) {
      f.problem('hexdump.length_mismatch', 'warning', `Final offset says 0x${v.toString(f.radix)} bytes but ${f.b.length} were read`, i, start, start + text.length);
    }
    f.endLine = i;
    this.close();
    return true;
  }

  // ---- offset-less hex rows -------------------------------------------------------------------------

  private row(r: RowLine, i: number): void {
    if (r.loneStart >= 0 && this.lengthLine(r, i)) return;
    const bytes = rowBytes(r, this.text(i));
    const f = this.cur;
    if (f?.kind === 'row' && r.contiguous === f.contiguous && f.rowLast === f.rowW && f.rowW >= 8 &&
        bytes.length <= f.rowW && !(f.firstStrong && looksLikePacketStart(bytes))) {
      if (f.contiguous && f.rowW === 30) f.format = 'xxd-plain';
      this.appendRow(f, r, i);
      return;
    }
    if (!r.startOk) return this.soft(false);
    const nf = this.open('row', r.contiguous ? 'plain' : 'spaced', i);
    nf.contiguous = r.contiguous;
    nf.rowW = bytes.length;
    nf.firstStrong = looksLikePacketStart(bytes);
    this.appendRow(nf, r, i);
  }

  private appendRow(f: OpenFrame, r: RowLine, i: number): void {
    const s = this.text(i);
    const a = r.area;
    const before = f.b.length;
    for (let k = 0; k < a.toks.length; k += 2) {
      const start = a.toks[k] ?? 0;
      const w = a.toks[k + 1] ?? 0;
      for (let j = 0; j < w; j += 2) f.b.pushHex(s, i, start + j);
    }
    if (a.stop === 'odd') {
      // A lone odd-length stream keeps its whole pairs; in spaced groups the odd group is dropped.
      if (r.contiguous) for (let j = a.oddStart; j + 1 < a.oddEnd; j += 2) f.b.pushHex(s, i, j);
      f.problem('hexdump.odd_digits', 'error', 'Odd number of hex digits: the last digit is ignored', i, a.oddStart, a.oddEnd);
    }
    f.rowLast = f.b.length - before;
    f.endLine = i;
  }

  // ---- source-code shapes ---------------------------------------------------------------------------

  private carray(r: CArrayLine, i: number): void {
    let f = this.cur;
    if (r.decl) {
      f = this.open('carray', 'c-array', i);
      f.declared = true;
      f.declLen = r.declLen;
    } else if (f?.kind === 'carray' && !f.closed && (f.declared || !this.broke)) {
      this.broke = false;
    } else if (r.vals.length >= 4) {
      f = this.open('carray', 'c-array', i);
    } else return this.soft(false);
    for (let k = 0; k < r.vals.length; k++) f.b.push(r.vals[k] ?? 0, i, r.spans[2 * k] ?? 0, r.spans[2 * k + 1] ?? 0);
    this.issues(r.issues, i, f, 'error');
    f.endLine = i;
    if (r.close) {
      f.closed = true;
      this.close();
    }
  }

  private string(r: StringLine, i: number): void {
    let f = this.cur;
    if (!(f?.kind === 'string' && f.cont && !r.startsStmt)) f = this.open('string', r.python ? 'python-bytes' : 'escaped', i);
    else if (r.python) f.format = 'python-bytes';
    for (let k = 0; k < r.vals.length; k++) f.b.push(r.vals[k] ?? 0, i, r.spans[2 * k] ?? 0, r.spans[2 * k + 1] ?? 0);
    this.issues(r.issues, i, f, 'error');
    f.depth += r.depth;
    f.cont = r.cont || f.depth > 0;
    f.endLine = i;
  }
}

function rowBytes(r: RowLine, s: string): Uint8Array {
  const out = new Uint8Array(r.area.bytes + (r.contiguous && r.area.stop === 'odd' ? (r.area.oddEnd - r.area.oddStart) >> 1 : 0));
  let n = 0;
  const put = (col: number): void => {
    out[n++] = (hexVal(s.charCodeAt(col)) << 4) | hexVal(s.charCodeAt(col + 1));
  };
  const t = r.area.toks;
  for (let k = 0; k < t.length; k += 2) {
    const start = t[k] ?? 0;
    const w = t[k + 1] ?? 0;
    for (let j = 0; j < w; j += 2) put(start + j);
  }
  if (r.contiguous && r.area.stop === 'odd') for (let j = r.area.oddStart; j + 1 < r.area.oddEnd; j += 2) put(j);
  return out;
}
