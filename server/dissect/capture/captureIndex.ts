// The compact index the first pass builds (Wireshark's frame_data list): where each frame lives, its
// times and lengths, and the L2TP facts a list or the flow model needs — in typed arrays, 52 bytes a
// frame, so a 1M-frame capture costs ~50 MB and never its trees. Stored in fixed-size chunks: growing
// never copies what is already indexed, and no more than one chunk is allocated ahead.

import type { FrameMeta } from './types';
import type { L2tpInfo } from '../packet';

const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

// l2tp flag byte: low nibble = L2TP version (0 = no L2TP in the frame), then these bits.
const CONTROL = 0x10, HAS_NS = 0x20, HAS_NR = 0x40;
/** Sentinels of the narrow columns; values that do not fit go to `wide` (never seen in real captures). */
const NO_OFFSET = 0xffff;

class Chunk {
  readonly fileOffset: Float64Array;
  readonly tsSec: Float64Array;
  readonly tsNs: Uint32Array;
  readonly capLen: Uint32Array;
  readonly origLen: Uint32Array;
  readonly tunnel: Uint32Array;
  readonly session: Uint32Array;
  readonly linkType: Int16Array;
  readonly iface: Int16Array;
  readonly ns: Uint16Array;
  readonly nr: Uint16Array;
  readonly msg: Int16Array;
  readonly l2Off: Uint16Array;
  /** PPP protocol of the first PPP header, 0 = none (0 is no valid PPP protocol, RFC 1661 §2). */
  readonly ppp: Uint16Array;
  /** dataOffset − fileOffset: a record or block header, always small. */
  readonly dataDelta: Uint8Array;
  readonly l2Flags: Uint8Array;
  constructor(size = CHUNK) {
    this.fileOffset = new Float64Array(size);
    this.tsSec = new Float64Array(size);
    this.tsNs = new Uint32Array(size);
    this.capLen = new Uint32Array(size);
    this.origLen = new Uint32Array(size);
    this.tunnel = new Uint32Array(size);
    this.session = new Uint32Array(size);
    this.linkType = new Int16Array(size);
    this.iface = new Int16Array(size);
    this.ns = new Uint16Array(size);
    this.nr = new Uint16Array(size);
    this.msg = new Int16Array(size);
    this.l2Off = new Uint16Array(size);
    this.ppp = new Uint16Array(size);
    this.dataDelta = new Uint8Array(size);
    this.l2Flags = new Uint8Array(size);
  }
}

const EMPTY = new Chunk(1);

/** Per-frame values too wide for their column (kept exactly, sparsely). */
interface Wide {
  dataOffset?: number;
  linkType?: number;
  iface?: number;
  l2Off?: number;
}

export class CaptureIndex {
  count = 0;
  private readonly chunks: Chunk[] = [];
  private readonly wide = new Map<number, Wide>();
  /** Rare per-frame extras (comments, hex-dump start layer), sparse. */
  private readonly extras = new Map<number, Pick<FrameMeta, 'comments' | 'startAt'>>();

  private widen(i: number): Wide {
    let w = this.wide.get(i);
    if (!w) this.wide.set(i, (w = {}));
    return w;
  }

  push(m: FrameMeta, l2: L2tpInfo | undefined, pppProtocol = -1): void {
    const i = this.count++;
    const k = i & MASK;
    if (k === 0) this.chunks.push(new Chunk());
    const c = this.chunks[i >>> CHUNK_BITS]!;
    c.fileOffset[k] = m.fileOffset;
    const delta = m.dataOffset - m.fileOffset;
    if (delta >= 0 && delta <= 0xff) c.dataDelta[k] = delta;
    else this.widen(i).dataOffset = m.dataOffset;
    c.tsSec[k] = m.tsSec; c.tsNs[k] = m.tsNs;
    c.capLen[k] = m.capturedLength; c.origLen[k] = m.originalLength;
    if (m.linkType >= -0x8000 && m.linkType < 0x8000) c.linkType[k] = m.linkType;
    else this.widen(i).linkType = m.linkType;
    const iface = m.interfaceId ?? -1;
    if (iface < 0x8000) c.iface[k] = iface;
    else this.widen(i).iface = iface;
    c.ppp[k] = pppProtocol > 0 && pppProtocol <= 0xffff ? pppProtocol : 0;
    if (l2) {
      c.l2Flags[k] = (l2.version & 0x0f) | (l2.control ? CONTROL : 0) | (l2.ns >= 0 ? HAS_NS : 0) | (l2.nr >= 0 ? HAS_NR : 0);
      c.tunnel[k] = l2.tunnel; c.session[k] = l2.session;
      c.ns[k] = l2.ns >= 0 ? l2.ns : 0; c.nr[k] = l2.nr >= 0 ? l2.nr : 0;
      c.msg[k] = l2.msgType;
      if (l2.offset >= 0 && l2.offset < NO_OFFSET) c.l2Off[k] = l2.offset;
      else if (l2.offset < 0) c.l2Off[k] = NO_OFFSET;
      else { c.l2Off[k] = NO_OFFSET; this.widen(i).l2Off = l2.offset; }
    }
    if (m.comments?.length || m.startAt !== undefined) {
      const e: Pick<FrameMeta, 'comments' | 'startAt'> = {};
      if (m.comments?.length) e.comments = m.comments;
      if (m.startAt !== undefined) e.startAt = m.startAt;
      this.extras.set(i, e);
    }
  }

  /** The chunk holding frame `i`; an all-zero one outside the capture (callers check `count`; we never throw). */
  private chunk(i: number): Chunk {
    return (i >= 0 && i < this.count ? this.chunks[i >>> CHUNK_BITS] : undefined) ?? EMPTY;
  }

  /** Metadata of frame `i` (0-based). */
  meta(i: number): FrameMeta {
    const c = this.chunk(i);
    const k = i & MASK;
    const w = this.wide.get(i);
    const fileOffset = c.fileOffset[k] ?? -1;
    const m: FrameMeta = {
      number: i + 1,
      tsSec: c.tsSec[k] ?? 0, tsNs: c.tsNs[k] ?? 0,
      linkType: w?.linkType ?? c.linkType[k] ?? 0,
      capturedLength: c.capLen[k] ?? 0, originalLength: c.origLen[k] ?? 0,
      fileOffset, dataOffset: w?.dataOffset ?? fileOffset + (c.dataDelta[k] ?? 0),
    };
    const iface = w?.iface ?? c.iface[k] ?? -1;
    if (iface >= 0) m.interfaceId = iface;
    const e = this.extras.get(i);
    if (e?.comments) m.comments = e.comments;
    if (e?.startAt !== undefined) m.startAt = e.startAt;
    return m;
  }

  /** The L2TP facts of frame `i`, or undefined when it has no L2TP. */
  l2tp(i: number): L2tpInfo | undefined {
    const c = this.chunk(i);
    const k = i & MASK;
    const f = c.l2Flags[k] ?? 0;
    const version = f & 0x0f;
    if (!version) return undefined;
    const off = c.l2Off[k] ?? NO_OFFSET;
    return {
      version, control: (f & CONTROL) !== 0, tunnel: c.tunnel[k] ?? 0, session: c.session[k] ?? 0,
      ns: f & HAS_NS ? c.ns[k] ?? 0 : -1, nr: f & HAS_NR ? c.nr[k] ?? 0 : -1, msgType: c.msg[k] ?? 0,
      offset: off !== NO_OFFSET ? off : this.wide.get(i)?.l2Off ?? -1,
    };
  }

  /** Protocol number of the first PPP header in frame `i` (-1 when it has none). */
  pppProtocol(i: number): number {
    const p = this.chunk(i).ppp[i & MASK] ?? 0;
    return p === 0 ? -1 : p;
  }

  /** Bytes the index holds per frame (for memory accounting). */
  static bytesPerFrame(): number {
    return Object.values(new Chunk(1)).reduce((s: number, a: { BYTES_PER_ELEMENT: number }) => s + a.BYTES_PER_ELEMENT, 0);
  }
}
