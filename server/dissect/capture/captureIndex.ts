// The compact index the first pass builds (Wireshark's frame_data list): where each frame lives, its
// times and lengths, and the L2TP facts a list or the flow model needs — in typed arrays, 31 bytes a
// frame, so a 1M-frame capture costs ~31 MB and never its trees. Stored in fixed-size chunks: growing
// never copies what is already indexed, and no more than one chunk is allocated ahead. Columns are as
// narrow as real captures allow (offsets and seconds relative to the chunk's first frame, the original
// length as its difference from the captured one, the link facts (link type, interface, direction; for
// pcapng the section and the interface's name and description) as one small key,
// 32-bit values whose high half a chunk allocates only if one of its frames needs it); a value that does
// not fit goes, exactly, to a sparse map of wide values.

import type { FrameMeta } from './types';
import type { L2tpInfo } from '../packet';

const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

// l2tp flag byte: low nibble = L2TP version (0 = no L2TP in the frame), then these bits.
const CONTROL = 0x10, HAS_NS = 0x20, HAS_NR = 0x40;
/** Sentinels of the narrow columns: the value is in `wide` (or, for offsets and file offsets, absent). */
const NO_OFFSET = 0xffff;
const WIDE32 = 0xffffffff;
const WIDE16 = 0xffff;
const WIDE8 = 0xff;

/**
 * A 32-bit unsigned column kept as 16-bit halves, the high half allocated only when a value of its chunk
 * needs it: captured lengths, L2TPv2 tunnel and session IDs and a chunk's seconds fit in 16 bits, while an
 * L2TPv3 capture's 32-bit IDs pay the full 4 bytes.
 */
class Split32 {
  readonly lo: Uint16Array;
  hi: Uint16Array | undefined;
  constructor(private readonly size: number) {
    this.lo = new Uint16Array(size);
  }
  set(k: number, v: number): void {
    this.lo[k] = v & 0xffff;
    if (v > 0xffff) (this.hi ??= new Uint16Array(this.size))[k] = v >>> 16;
    else if (this.hi) this.hi[k] = 0;
  }
  get(k: number): number {
    const lo = this.lo[k] ?? 0;
    return this.hi ? lo + (this.hi[k] ?? 0) * 0x10000 : lo;
  }
}

class Chunk {
  /** File offset of the chunk's first frame that has one (NaN until then); the column holds differences. */
  base = Number.NaN;
  /** Seconds of the chunk's first frame (NaN until then); tsSec holds differences. */
  tsBase = Number.NaN;
  readonly fileOffset: Uint32Array;
  readonly tsSec: Split32;
  readonly tsNs: Uint32Array;
  readonly capLen: Split32;
  readonly tunnel: Split32;
  readonly session: Split32;
  /** originalLength − capturedLength (snap-length cuts; 0 almost always). */
  readonly origDelta: Uint16Array;
  readonly ns: Uint16Array;
  readonly nr: Uint16Array;
  readonly msg: Int16Array;
  readonly l2Off: Uint16Array;
  /** PPP protocol of the first PPP header, 0 = none (0 is no valid PPP protocol, RFC 1661 §2). */
  readonly ppp: Uint16Array;
  /** dataOffset − fileOffset: a record or block header, always small. */
  readonly dataDelta: Uint8Array;
  readonly l2Flags: Uint8Array;
  /** Index into CaptureIndex.links: the frame's (link type, interface, direction) triple. */
  readonly link: Uint8Array;
  constructor(size = CHUNK) {
    this.fileOffset = new Uint32Array(size);
    this.tsSec = new Split32(size);
    this.tsNs = new Uint32Array(size);
    this.capLen = new Split32(size);
    this.tunnel = new Split32(size);
    this.session = new Split32(size);
    this.origDelta = new Uint16Array(size);
    this.ns = new Uint16Array(size);
    this.nr = new Uint16Array(size);
    this.msg = new Int16Array(size);
    this.l2Off = new Uint16Array(size);
    this.ppp = new Uint16Array(size);
    this.dataDelta = new Uint8Array(size);
    this.l2Flags = new Uint8Array(size);
    this.link = new Uint8Array(size);
  }
}

const EMPTY = new Chunk(1);

/** Per-frame values too wide for their column (kept exactly, sparsely). */
interface Wide {
  fileOffset?: number;
  dataOffset?: number;
  tsSec?: number;
  originalLength?: number;
  link?: LinkFacts;
  l2Off?: number;
}

/** The per-interface facts of a frame, kept once per distinct combination (see CaptureIndex.links). */
interface LinkFacts {
  linkType: number;
  iface: number;
  direction: number | undefined;
  section: number | undefined;
  name: string | undefined;
  description: string | undefined;
}

export class CaptureIndex {
  count = 0;
  private readonly chunks: Chunk[] = [];
  private readonly wide = new Map<number, Wide>();
  /**
   * The distinct (link type, interface, direction) triples, in order of first appearance (see Chunk.link): a
   * capture has a handful, and a direction pseudo-header (FrameMeta.direction) only doubles them.
   */
  private readonly links: LinkFacts[] = [];
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
    const fo = m.fileOffset;
    if (fo < 0) c.fileOffset[k] = WIDE32; // text: no file offset (and the wide map says -1)
    else {
      if (Number.isNaN(c.base)) c.base = fo;
      const d = fo - c.base;
      if (d >= 0 && d < WIDE32 && Number.isInteger(d)) c.fileOffset[k] = d;
      else { c.fileOffset[k] = WIDE32; this.widen(i).fileOffset = fo; }
    }
    const delta = m.dataOffset - fo;
    if (delta >= 0 && delta < WIDE8) c.dataDelta[k] = delta;
    else { c.dataDelta[k] = WIDE8; this.widen(i).dataOffset = m.dataOffset; }
    if (Number.isNaN(c.tsBase)) c.tsBase = m.tsSec;
    const ds = m.tsSec - c.tsBase; // a clock stepping back before the chunk's first frame: wide
    if (ds >= 0 && ds < WIDE32 && Number.isInteger(ds)) c.tsSec.set(k, ds);
    else { c.tsSec.set(k, WIDE32); this.widen(i).tsSec = m.tsSec; }
    c.tsNs[k] = m.tsNs;
    c.capLen.set(k, m.capturedLength);
    const od = m.originalLength - m.capturedLength;
    if (od >= 0 && od < WIDE16) c.origDelta[k] = od;
    else { c.origDelta[k] = WIDE16; this.widen(i).originalLength = m.originalLength; }
    c.link[k] = this.linkKey(i, m);
    c.ppp[k] = pppProtocol > 0 && pppProtocol <= 0xffff ? pppProtocol : 0;
    if (l2) {
      c.l2Flags[k] = (l2.version & 0x0f) | (l2.control ? CONTROL : 0) | (l2.ns >= 0 ? HAS_NS : 0) | (l2.nr >= 0 ? HAS_NR : 0);
      c.tunnel.set(k, l2.tunnel); c.session.set(k, l2.session);
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

  /**
   * The key of a frame's link facts (link type, interface, direction; for pcapng its section and the
   * interface's name and description): a capture has a handful; past 255 of them, wide values.
   */
  private linkKey(i: number, m: FrameMeta): number {
    const iface = m.interfaceId ?? -1;
    const links = this.links;
    for (let j = 0; j < links.length; j++) {
      const l = links[j]!;
      if (l.linkType === m.linkType && l.iface === iface && l.direction === m.direction && l.section === m.section
        && l.name === m.interfaceName && l.description === m.interfaceDescription) return j;
    }
    const facts: LinkFacts = {
      linkType: m.linkType, iface, direction: m.direction, section: m.section, name: m.interfaceName, description: m.interfaceDescription,
    };
    if (links.length < WIDE8) {
      links.push(facts);
      return links.length - 1;
    }
    this.widen(i).link = facts;
    return WIDE8;
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
    const fd = c.fileOffset[k] ?? WIDE32;
    const fileOffset = fd !== WIDE32 ? c.base + fd : w?.fileOffset ?? -1;
    const dd = c.dataDelta[k] ?? 0;
    const ts = c.tsSec.get(k);
    const capturedLength = c.capLen.get(k);
    const od = c.origDelta[k] ?? 0;
    const lk = c.link[k] ?? 0;
    const link = lk !== WIDE8 ? this.links[lk] : w?.link;
    const m: FrameMeta = {
      number: i + 1,
      tsSec: ts !== WIDE32 ? c.tsBase + ts : w?.tsSec ?? 0, tsNs: c.tsNs[k] ?? 0,
      linkType: link ? link.linkType : 0,
      capturedLength, originalLength: od !== WIDE16 ? capturedLength + od : w?.originalLength ?? capturedLength,
      fileOffset, dataOffset: dd !== WIDE8 ? fileOffset + dd : w?.dataOffset ?? -1,
    };
    if (link) {
      if (link.iface >= 0) m.interfaceId = link.iface;
      if (link.direction !== undefined) m.direction = link.direction;
      if (link.section !== undefined) m.section = link.section;
      if (link.name !== undefined) m.interfaceName = link.name;
      if (link.description !== undefined) m.interfaceDescription = link.description;
    }
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
      version, control: (f & CONTROL) !== 0, tunnel: c.tunnel.get(k), session: c.session.get(k),
      ns: f & HAS_NS ? c.ns[k] ?? 0 : -1, nr: f & HAS_NR ? c.nr[k] ?? 0 : -1, msgType: c.msg[k] ?? 0,
      offset: off !== NO_OFFSET ? off : this.wide.get(i)?.l2Off ?? -1,
    };
  }

  /** Protocol number of the first PPP header in frame `i` (-1 when it has none). */
  pppProtocol(i: number): number {
    const p = this.chunk(i).ppp[i & MASK] ?? 0;
    return p === 0 ? -1 : p;
  }

  /** Bytes the index holds per frame (for memory accounting), with no 32-bit column needing its high half. */
  static bytesPerFrame(): number {
    let n = 0;
    for (const a of Object.values(new Chunk(1)) as unknown[]) {
      if (ArrayBuffer.isView(a)) n += (a as Uint8Array).BYTES_PER_ELEMENT;
      else if (a instanceof Split32) n += a.lo.BYTES_PER_ELEMENT;
    }
    return n;
  }
}
