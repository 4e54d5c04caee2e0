// pcapng reader (SHB/IDB/EPB/SPB/OPB; sections of either byte order), streaming through a reused buffer.

import type { ByteSource, CaptureInfo } from './types';
import {
  DEFAULT_CHUNK,
  CursorReader,
  HARD_MAX_RECORD,
  readExact,
  truncatedProblem,
  Window,
  FrameCursor,
  type ReaderOptions,
} from './pcap';

export const BT_SHB = 0x0a0d0d0a;
export const BT_IDB = 0x00000001;
export const BT_OPB = 0x00000002;
export const BT_SPB = 0x00000003;
export const BT_EPB = 0x00000006;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
// A module-local copy: imported bindings cost a getter call per use under CommonJS transpilation (tsx).
const MAX_BLOCK = HARD_MAX_RECORD;

/** Block types Wireshark knows that carry no frame for us: skipped without a note. */
const KNOWN_SKIPPED = new Set([
  4, // NRB
  5, // ISB
  7, // IRIG timestamp (obsolete)
  8, // ARINC 429 (obsolete)
  9, // systemd journal export (Wireshark shows these as frames; an L2TP tool need not)
  10, // DSB
  0x0bad, // custom, copyable
  0x40000bad, // custom, not copyable
  0x101, // Hone machine info
  0x102, // Hone connection event
]);

/** Smallest valid total length of a block of this type (header, fixed fields, trailer). */
function minLength(type: number): number {
  switch (type) {
    case BT_EPB:
    case BT_OPB:
      return 32;
    case BT_SHB:
      return 28;
    case BT_IDB:
      return 20;
    case BT_SPB:
      return 16;
    default:
      return 12;
  }
}

const OPT_ENDOFOPT = 0;
const OPT_COMMENT = 1;
const IF_NAME = 2;
const IF_DESCRIPTION = 3;
const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;

interface Iface {
  linkType: number;
  snapLen: number;
  /** Timestamp units per second (10^6 unless if_tsresol says otherwise). */
  units: number;
  /** units is 10^k with k ≤ 9 (nanoseconds are then an exact integer multiple of the remainder). */
  nsPerUnit: number;
  offsetSec: number;
  /** FrameMeta.interfaceName and interfaceDescription of its frames. */
  name: string | undefined;
  description: string | undefined;
}

const utf8 = new TextDecoder('utf-8');
const TWO32 = 4294967296;

/**
 * Splits a 64-bit count of `units`-per-second ticks (high/low words) into exact seconds + nanoseconds, written
 * to `out` (the cursor itself on the hot path, so nothing is allocated). Doubles are exact below 2^53, which
 * covers µs timestamps; ns timestamps exceed it, so the quotient is estimated in floating point and the
 * remainder then computed exactly from 16-bit halves and corrected. BigInt is only for exotic resolutions.
 */
export function splitTimestamp(
  high: number,
  low: number,
  units: number,
  nsPerUnit: number,
  out: { tsSec: number; tsNs: number },
): void {
  let sec: number;
  let rem: number;
  if (high < 0x200000) {
    const ts = high * TWO32 + low;
    sec = Math.floor(ts / units);
    rem = ts - sec * units;
  } else if (units >= 0x8000000 && units <= TWO32) {
    // ts - sec*units = (high*2^16 - sec*uH)*2^16 + low - sec*uL, every term below 2^53. The estimate of sec
    // is off by at most a few units (ts rounded to 53 bits), which the loops below correct.
    sec = Math.floor((high * TWO32 + low) / units);
    const uH = Math.floor(units / 65536);
    const uL = units - uH * 65536;
    rem = (high * 65536 - sec * uH) * 65536 + low - sec * uL;
  } else {
    const ts = (BigInt(high) << 32n) | BigInt(low);
    const u = BigInt(units);
    out.tsSec = Number(ts / u);
    out.tsNs = Number(((ts % u) * 1000000000n) / u);
    return;
  }
  while (rem < 0) {
    sec -= 1;
    rem += units;
  }
  while (rem >= units) {
    sec += 1;
    rem -= units;
  }
  out.tsSec = sec;
  if (nsPerUnit > 0) out.tsNs = rem * nsPerUnit;
  else if (units <= TWO32 && Number.isInteger(Math.log2(units))) {
    // 2^k units: rem*10^9/2^k = rem*5^9/2^(k-9); the product stays below 2^53 and dividing by 2^n is exact.
    out.tsNs = units >= 512 ? Math.floor((rem * 1953125) / (units / 512)) : Math.floor((rem * 1e9) / units);
  } else out.tsNs = Number((BigInt(rem) * 1000000000n) / BigInt(units));
}

function makeIface(linkType: number, snapLen: number): Iface {
  return { linkType, snapLen, units: 1e6, nsPerUnit: 1000, offsetSec: 0, name: undefined, description: undefined };
}

/** if_tsresol: MSB clear → 10^-v, set → 2^-(v & 0x7f). Unusable values keep the µs default, as Wireshark does. */
function applyTsresol(ifc: Iface, v: number): void {
  const exp = v & 0x7f;
  if (v & 0x80) {
    if (exp > 60) return;
    ifc.units = 2 ** exp;
    ifc.nsPerUnit = exp === 0 ? 1e9 : 0;
  } else {
    if (exp > 18) return;
    ifc.units = 10 ** exp;
    ifc.nsPerUnit = exp <= 9 ? 10 ** (9 - exp) : 0;
  }
}

export function openPcapng(src: ByteSource, opts: ReaderOptions = {}): PcapngReader | { error: string } {
  const head = readExact(src, 0, 12);
  if (head.length < 12) return { error: `the pcapng section header is cut short (${head.length} of 12 bytes)` };
  const dv = new DataView(head.buffer, head.byteOffset, 12);
  if (dv.getUint32(0, true) !== BT_SHB) return { error: 'not a pcapng file (no section header block)' };
  const magic = dv.getUint32(8, true);
  if (magic !== BYTE_ORDER_MAGIC && magic !== 0x4d3c2b1a) return { error: 'not a pcapng file (bad byte-order magic)' };
  const reader = new PcapngReader(src, opts);
  // Walk up to the first frame so info (link types, resolution, section comments) is known before frames().
  reader.cursor().advance();
  const fatal = reader.problems.find((p) => p.severity === 'error' && p.fileOffset === 0);
  if (fatal !== undefined) return { error: fatal.message };
  return reader;
}

export class PcapngReader extends CursorReader<PcapngCursor> {
  /**
   * Filled up to the first frame when opened (first section's comments, its leading interfaces); interfaces
   * and sections met later are appended as a walk reaches them (a full pre-scan would read the file twice).
   */
  readonly info: CaptureInfo = { format: 'pcapng', linkTypes: [], tsResolution: 'us', comments: [] };
  /** Sections/interfaces already recorded in info, so repeated walks do not record them twice. */
  sectionsRecorded = 0;
  private readonly ifaceUnits: number[] = [];

  protected newCursor(): PcapngCursor {
    return new PcapngCursor(this);
  }

  /** Called by a walk for the n-th interface of the whole file (0-based, across sections). */
  recordInterface(ordinal: number, ifc: Iface): void {
    if (ordinal < this.info.linkTypes.length) return;
    this.info.linkTypes.push(ifc.linkType);
    this.ifaceUnits.push(ifc.units);
    if (ordinal === 0) this.info.snapLen = ifc.snapLen;
    const all = (u: number): boolean => this.ifaceUnits.every((x) => x === u);
    this.info.tsResolution = all(1e6) ? 'us' : all(1e9) ? 'ns' : 'other';
  }
}

export class PcapngCursor extends FrameCursor {
  private readonly w: Window;
  private pos = 0;
  private count = 0;
  private done = false;
  private le = true;
  private ifaces: Iface[] = [];
  private sections = 0;
  private ifaceOrdinal = 0;
  private notedTypes: Set<number> | undefined;
  private readonly size: number | undefined;

  constructor(private readonly r: PcapngReader) {
    super();
    this.w = new Window(r.src, r.opts.chunkSize ?? DEFAULT_CHUNK, 0);
    this.size = r.src.size;
  }

  advance(): boolean {
    const w = this.w;
    while (!this.done) {
      const pos = this.pos;
      let i = pos - w.base;
      if (i + 12 > w.len) {
        i = w.fill(pos, 12);
        if (i < 0) {
          const avail = w.available(pos);
          if (avail > 0) this.r.problems.push(truncatedProblem(this.count + 1, pos, 12, avail, 'block header'));
          return this.stop();
        }
      }
      let dv = w.view;
      let type = dv.getUint32(i, this.le);
      if (type === BT_SHB) {
        // The SHB's type reads the same in both orders; its byte-order magic decides the section's order.
        const m = dv.getUint32(i + 8, true);
        if (m === BYTE_ORDER_MAGIC) this.le = true;
        else if (m === 0x4d3c2b1a) this.le = false;
        else return this.fail('capture.bad_block', pos, `section header block at file offset ${pos} has a bad byte-order magic`);
      }
      const blen = dv.getUint32(i + 4, this.le);
      if ((blen & 3) !== 0 || blen < minLength(type) || blen > MAX_BLOCK) {
        const why = (blen & 3) !== 0 ? 'is not a multiple of 4' : blen > MAX_BLOCK ? 'is absurdly large' : 'is too small';
        return this.fail('capture.bad_block_length', pos, `block at file offset ${pos} (type 0x${type.toString(16)}) has length ${blen}, which ${why}; reading stopped`);
      }
      if (i + blen > w.len) {
        const size = this.size;
        if (size !== undefined && pos + blen > size) {
          this.r.problems.push(truncatedProblem(this.count + 1, pos, blen, Math.max(0, size - pos), 'block'));
          return this.stop();
        }
        i = w.fill(pos, blen);
        if (i < 0) {
          this.r.problems.push(truncatedProblem(this.count + 1, pos, blen, w.available(pos), 'block'));
          return this.stop();
        }
        dv = w.view;
        type = dv.getUint32(i, this.le);
      }
      this.pos = pos + blen;
      switch (type) {
        case BT_EPB:
        case BT_OPB: {
          const le = this.le;
          const ifId = type === BT_EPB ? dv.getUint32(i + 8, le) : dv.getUint16(i + 8, le);
          const ifc = this.ifaces[ifId];
          if (ifc === undefined) {
            return this.fail('capture.bad_interface', pos, `packet block at file offset ${pos} names interface ${ifId}, but the section defines ${this.ifaces.length}; reading stopped`);
          }
          const caplen = dv.getUint32(i + 20, le);
          if (caplen > blen - 32) {
            return this.fail('capture.bad_record_length', pos, `packet block at file offset ${pos} claims ${caplen} captured bytes but has room for ${blen - 32}; reading stopped`);
          }
          splitTimestamp(dv.getUint32(i + 12, le), dv.getUint32(i + 16, le), ifc.units, ifc.nsPerUnit, this);
          if (ifc.offsetSec !== 0) this.tsSec += ifc.offsetSec;
          this.number = ++this.count;
          this.linkType = ifc.linkType;
          this.capturedLength = caplen;
          this.originalLength = dv.getUint32(i + 24, le);
          this.fileOffset = pos;
          this.dataOffset = pos + 28;
          this.setInterface(ifId, ifc);
          this.buf = w.buf;
          this.start = i + 28;
          const optStart = i + 28 + ((caplen + 3) & ~3);
          this.comments = optStart + 4 <= i + blen - 4 ? this.optComments(dv, optStart, i + blen - 4, pos) : undefined;
          this.stripPseudoHeader();
          return true;
        }
        case BT_SPB: {
          const ifc = this.ifaces[0];
          if (ifc === undefined) {
            return this.fail('capture.bad_interface', pos, `simple packet block at file offset ${pos} but the section defines no interface; reading stopped`);
          }
          const origlen = dv.getUint32(i + 8, this.le);
          const caplen = ifc.snapLen !== 0 && origlen > ifc.snapLen ? ifc.snapLen : origlen;
          if (caplen > blen - 16) {
            return this.fail('capture.bad_record_length', pos, `simple packet block at file offset ${pos} needs ${caplen} captured bytes but has room for ${blen - 16}; reading stopped`);
          }
          // SPBs carry no timestamp: Wireshark shows them at the epoch.
          this.number = ++this.count;
          this.tsSec = 0;
          this.tsNs = 0;
          this.linkType = ifc.linkType;
          this.capturedLength = caplen;
          this.originalLength = origlen;
          this.fileOffset = pos;
          this.dataOffset = pos + 12;
          this.setInterface(0, ifc);
          this.buf = w.buf;
          this.start = i + 12;
          this.comments = undefined;
          this.stripPseudoHeader();
          return true;
        }
        case BT_SHB:
          if (!this.sectionHeader(dv, i, blen, pos)) return false;
          break;
        case BT_IDB:
          this.interface(dv, i, blen);
          break;
        default:
          if (!KNOWN_SKIPPED.has(type) && (type < 0x201 || type > 0x213)) this.noteUnknown(type, pos);
      }
    }
    return false;
  }

  private sectionHeader(dv: DataView, i: number, blen: number, pos: number): boolean {
    const major = dv.getUint16(i + 12, this.le);
    if (major !== 1) {
      this.fail('capture.bad_block', pos, `section header block at file offset ${pos} has unsupported version ${major}.${dv.getUint16(i + 14, this.le)}; reading stopped`);
      return false;
    }
    this.ifaces = [];
    const section = this.sections++;
    if (section >= this.r.sectionsRecorded) {
      this.r.sectionsRecorded = section + 1;
      const c = this.optComments(dv, i + 24, i + blen - 4, pos);
      if (c !== undefined) this.r.info.comments.push(...c);
    }
    return true;
  }

  private interface(dv: DataView, i: number, blen: number): void {
    const le = this.le;
    const ifc = makeIface(dv.getUint16(i + 8, le), dv.getUint32(i + 12, le));
    const end = i + blen - 4;
    for (let o = i + 16; o + 4 <= end; ) {
      const code = dv.getUint16(o, le);
      const len = dv.getUint16(o + 2, le);
      if (code === OPT_ENDOFOPT || o + 4 + len > end) break;
      if (code === IF_TSRESOL && len >= 1) applyTsresol(ifc, dv.getUint8(o + 4));
      else if (code === IF_NAME) ifc.name = this.optString(o + 4, len);
      else if (code === IF_DESCRIPTION) ifc.description = this.optString(o + 4, len);
      else if (code === IF_TSOFFSET && len >= 8) {
        // Signed 64-bit seconds; anything beyond ±2^53 is nonsense and ignored.
        const hi = dv.getInt32(o + 4 + (le ? 4 : 0), le);
        const lo = dv.getUint32(o + 4 + (le ? 0 : 4), le);
        const v = hi * TWO32 + lo;
        if (Number.isSafeInteger(v)) ifc.offsetSec = v;
      }
      o += 4 + ((len + 3) & ~3);
    }
    // Wireshark names an interface by its description when it has no name (and "unknown" when it has neither).
    ifc.name ??= ifc.description;
    this.ifaces.push(ifc);
    this.r.recordInterface(this.ifaceOrdinal++, ifc);
  }

  /** A string option's value (UTF-8; writers may or may not count a terminating NUL, which is not part of it). */
  private optString(at: number, len: number): string {
    const b = this.w.buf.subarray(at, at + len);
    const nul = b.indexOf(0);
    return utf8.decode(nul >= 0 ? b.subarray(0, nul) : b);
  }

  /** The frame's section and interface facts (shared strings: nothing is allocated per frame). */
  private setInterface(id: number, ifc: Iface): void {
    this.interfaceId = id;
    this.section = this.sections;
    this.interfaceName = ifc.name;
    this.interfaceDescription = ifc.description;
  }

  /** opt_comment values of an options area; undefined when there are none (the common case). */
  private optComments(dv: DataView, from: number, end: number, pos: number): string[] | undefined {
    let out: string[] | undefined;
    const le = this.le;
    for (let o = from; o + 4 <= end; ) {
      const code = dv.getUint16(o, le);
      const len = dv.getUint16(o + 2, le);
      if (code === OPT_ENDOFOPT) break;
      if (o + 4 + len > end) {
        this.r.problems.push({
          code: 'capture.bad_option',
          severity: 'warning',
          message: `block at file offset ${pos} has an option (code ${code}) running past the block end; its remaining options are ignored`,
          fileOffset: pos,
        });
        break;
      }
      if (code === OPT_COMMENT) (out ??= []).push(utf8.decode(this.w.buf.subarray(o + 4, o + 4 + len)));
      o += 4 + ((len + 3) & ~3);
    }
    return out;
  }

  private noteUnknown(type: number, pos: number): void {
    this.notedTypes ??= new Set();
    if (this.notedTypes.has(type)) return;
    this.notedTypes.add(type);
    this.r.problems.push({
      code: 'capture.unknown_block',
      severity: 'note',
      message: `block type 0x${type.toString(16).padStart(8, '0')} at file offset ${pos} is not known; skipped (and any further ones)`,
      fileOffset: pos,
    });
  }

  private fail(code: string, pos: number, message: string): false {
    this.r.problems.push({ code, severity: 'error', message, fileOffset: pos, frame: this.count + 1 });
    return this.stop();
  }

  private stop(): false {
    this.done = true;
    return false;
  }
}
