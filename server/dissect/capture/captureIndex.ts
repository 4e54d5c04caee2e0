// The compact index the first pass builds (Wireshark's frame_data list): where each frame lives, its
// times and lengths, and the L2TP facts a list or the flow model needs — in typed arrays, so a 1M-frame
// capture costs tens of bytes per frame, never its trees.

import type { FrameMeta } from './types';
import type { L2tpInfo } from '../packet';

const COLS = {
  fileOffset: Float64Array, dataOffset: Float64Array, tsSec: Float64Array, tsNs: Uint32Array,
  capLen: Uint32Array, origLen: Uint32Array, linkType: Int32Array, iface: Int32Array,
  l2Ver: Uint8Array, l2Ctl: Uint8Array, l2Tunnel: Uint32Array, l2Session: Uint32Array,
  l2Ns: Int32Array, l2Nr: Int32Array, l2Msg: Int16Array, l2Off: Int32Array, ppp: Int32Array,
} as const;
type ColName = keyof typeof COLS;
type Col = Float64Array | Uint32Array | Int32Array | Uint8Array | Int16Array;

export class CaptureIndex {
  count = 0;
  private cap = 0;
  private readonly cols = {} as Record<ColName, Col>;
  /** Rare per-frame extras (comments, hex-dump start layer), sparse. */
  private readonly extras = new Map<number, Pick<FrameMeta, 'comments' | 'startAt'>>();

  constructor(initial = 1024) {
    this.grow(initial);
  }

  private grow(n: number): void {
    for (const k of Object.keys(COLS) as ColName[]) {
      const C = COLS[k];
      const next = new C(n);
      const old = this.cols[k];
      if (old) next.set(old as never);
      this.cols[k] = next;
    }
    this.cap = n;
  }

  push(m: FrameMeta, l2: L2tpInfo | undefined, pppProtocol = -1): void {
    if (this.count === this.cap) this.grow(this.cap * 2);
    const i = this.count++;
    const c = this.cols;
    c.ppp[i] = pppProtocol;
    c.fileOffset[i] = m.fileOffset; c.dataOffset[i] = m.dataOffset; c.tsSec[i] = m.tsSec; c.tsNs[i] = m.tsNs;
    c.capLen[i] = m.capturedLength; c.origLen[i] = m.originalLength; c.linkType[i] = m.linkType; c.iface[i] = m.interfaceId ?? -1;
    if (l2) {
      c.l2Ver[i] = l2.version; c.l2Ctl[i] = l2.control ? 1 : 0; c.l2Tunnel[i] = l2.tunnel; c.l2Session[i] = l2.session;
      c.l2Ns[i] = l2.ns; c.l2Nr[i] = l2.nr; c.l2Msg[i] = l2.msgType; c.l2Off[i] = l2.offset;
    }
    if (m.comments?.length || m.startAt !== undefined) {
      const e: Pick<FrameMeta, 'comments' | 'startAt'> = {};
      if (m.comments?.length) e.comments = m.comments;
      if (m.startAt !== undefined) e.startAt = m.startAt;
      this.extras.set(i, e);
    }
  }

  private num(k: ColName, i: number): number {
    return this.cols[k][i] ?? 0;
  }

  /** Metadata of frame `i` (0-based). */
  meta(i: number): FrameMeta {
    const m: FrameMeta = {
      number: i + 1,
      tsSec: this.num('tsSec', i), tsNs: this.num('tsNs', i),
      linkType: this.num('linkType', i),
      capturedLength: this.num('capLen', i), originalLength: this.num('origLen', i),
      fileOffset: this.num('fileOffset', i), dataOffset: this.num('dataOffset', i),
    };
    const iface = this.num('iface', i);
    if (iface >= 0) m.interfaceId = iface;
    const e = this.extras.get(i);
    if (e?.comments) m.comments = e.comments;
    if (e?.startAt !== undefined) m.startAt = e.startAt;
    return m;
  }

  /** The L2TP facts of frame `i`, or undefined when it has no L2TP. */
  l2tp(i: number): L2tpInfo | undefined {
    const version = this.num('l2Ver', i);
    if (!version) return undefined;
    return {
      version, control: this.num('l2Ctl', i) === 1, tunnel: this.num('l2Tunnel', i), session: this.num('l2Session', i),
      ns: this.num('l2Ns', i), nr: this.num('l2Nr', i), msgType: this.num('l2Msg', i), offset: this.num('l2Off', i),
    };
  }

  /** Protocol number of the first PPP header in frame `i` (-1 when it has none). */
  pppProtocol(i: number): number {
    return this.cols.ppp[i] ?? -1;
  }

  /** Bytes the index holds per frame (for memory accounting). */
  static bytesPerFrame(): number {
    return Object.values(COLS).reduce((s, C) => s + C.BYTES_PER_ELEMENT, 0);
  }
}
