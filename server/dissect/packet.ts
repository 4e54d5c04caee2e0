// Per-frame decoding context (Wireshark's packet_info) and the capture-wide state the first pass builds.

import type { FrameMeta } from './capture/types';
import type { Preferences } from './prefs';
import type { Registry } from './registry';
import type { DataSource } from './tree';
import { formatIpv4, formatIpv6 } from './tvb';
import { Conversations } from './conversations';

/**
 * Cross-frame state learnt in the first pass (L2TPv3 cookie sizes from Assigned Cookie AVPs, challenges
 * for response checks, IP fragments). Modules keep their own keys. Anything a frame's decoding depends on
 * is recorded per frame during the first pass (`setFrameData`), so that a frame decodes identically
 * whatever order frames are later asked in.
 */
export class CaptureState {
  /**
   * True when frames will be decoded again later, in any order (a Capture): the first pass then keeps what a
   * later pass needs beyond per-conversation state, such as the frames of each UDP conversation.
   */
  randomAccess = false;
  /** UDP and TCP conversations (udp.stream, tcp.stream, their times, TCP base sequence numbers). */
  readonly udp = new Conversations();
  readonly tcp = new Conversations();
  private readonly conv = new Map<string, unknown>();
  private readonly perFrame = new Map<number, Map<string, unknown>>();
  private readonly timelines = new Map<string, { frames: number[]; values: unknown[] }>();

  get<T>(key: string): T | undefined {
    return this.conv.get(key) as T | undefined;
  }
  set(key: string, value: unknown): void {
    this.conv.set(key, value);
  }
  delete(key: string): void {
    this.conv.delete(key);
  }
  /**
   * Records that `value` holds for `key` from `frame` on (first pass, frames in order), storing it only
   * when it differs from the value before — so per-frame facts of bulk traffic cost one entry per change,
   * not one per frame.
   */
  setFrom(key: string, frame: number, value: unknown, same: (a: unknown, b: unknown) => boolean): void {
    let tl = this.timelines.get(key);
    if (!tl) this.timelines.set(key, (tl = { frames: [], values: [] }));
    const n = tl.values.length;
    if (n > 0 && same(tl.values[n - 1], value)) return;
    tl.frames.push(frame);
    tl.values.push(value);
  }
  /** The value `setFrom` recorded for the latest frame ≤ `frame`. */
  valueAt<T>(key: string, frame: number): T | undefined {
    const tl = this.timelines.get(key);
    if (!tl) return undefined;
    let lo = 0, hi = tl.frames.length - 1, hit = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((tl.frames[mid] ?? 0) <= frame) { hit = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return hit < 0 ? undefined : (tl.values[hit] as T);
  }
  frameData<T>(frame: number, key: string): T | undefined {
    return this.perFrame.get(frame)?.get(key) as T | undefined;
  }
  setFrameData(frame: number, key: string, value: unknown): void {
    let m = this.perFrame.get(frame);
    if (!m) this.perFrame.set(frame, (m = new Map()));
    m.set(key, value);
  }
}

/** The compact L2TP facts of a frame, filled by the L2TP dissector (the index and the flow model read it). */
export interface L2tpInfo {
  version: number;
  control: boolean;
  /** Tunnel ID (v2) or Control Connection ID (v3 control); v3 data: 0. */
  tunnel: number;
  /** Session ID (v2: 16 bits; v3: 32 bits). */
  session: number;
  ns: number; // -1 when absent
  nr: number; // -1 when absent
  /** Message type (control), -1 for a ZLB, -2 for data. */
  msgType: number;
  /** Offset in the frame where the L2TP header starts (source 0), -1 if in a reassembled source. */
  offset: number;
}

/** The innermost IP header's facts so far (set by IPv4/IPv6, read by the transport layers and ICMP). */
export interface IpFacts {
  version: 4 | 6;
  /** The header's data source and where its addresses start (4 or 16 bytes each): no copies per packet. */
  data: Uint8Array;
  srcOff: number;
  dstOff: number;
  /** TTL / Hop Limit (for ICMP's Info column). */
  ttl: number;
  /** The payload is the first fragment of a datagram that was not reassembled (Wireshark's pinfo->fragmented). */
  fragmented: boolean;
}

export interface TimeRef {
  firstSec: number;
  firstNs: number;
  prevSec: number;
  prevNs: number;
  /** The previous frame a display filter let through (frame.time_delta_displayed); absent: the previous frame. */
  shownSec?: number;
  shownNs?: number;
  /** The time of any frame by number, for a pass in any order (a Capture's second pass; see CaptureState.randomAccess). */
  timeOf?: (frame: number) => { tsSec: number; tsNs: number };
  /** Decimals of the capture's timestamps (6 for microseconds), for the Time column; absent: 9. */
  digits?: number;
}

export class PacketInfo {
  /** tshark's frame.protocols, built as layers are dissected. */
  readonly protocols: string[] = [];
  /** Network-layer source/destination text (outermost IP; for the frame list's columns). */
  src = '';
  dst = '';
  /**
   * An Ethernet address a link layer put in src / dst: named (names.ts) only if it is still there when the
   * frame is done, so frames whose IP layer replaces it never look a name up.
   */
  linkSrc = '';
  linkDst = '';
  srcPort = -1;
  dstPort = -1;
  /** Protocol and Info columns (set by each layer; the last wins). Only computed when `columns`. */
  protocol = '';
  info = '';
  /** The L2TP facts of the first L2TP header in the frame. */
  l2tp: L2tpInfo | undefined;
  /** Protocol number of the first PPP header in the frame (-1: none), kept by the index for the flow model. */
  pppProtocol = -1;
  /** Nesting depth guard against hostile recursion (L2TP in PPP in L2TP …). */
  depth = 0;
  /** Times of the first and the previous frame, for frame.time_relative / frame.time_delta. */
  timeRef: TimeRef | undefined;
  /** The innermost IP header's facts (see IpFacts); undefined before any IP layer. */
  ip: IpFacts | undefined = undefined;
  /** > 0 while dissecting the datagram quoted inside an ICMP error (Wireshark's in_error_pkt). */
  errorDepth = 0;

  // Most frames never read their network addresses as text (only conversation keys and columns do), so the
  // IP layers record where the address bytes are and the text is made on first read.
  private netSrcText: string | undefined = '';
  private netDstText: string | undefined = '';
  private netSrcData: Uint8Array | undefined;
  private netDstData: Uint8Array | undefined;
  private netSrcOff = 0;
  private netDstOff = 0;
  private netSrcLen = 0;
  private netDstLen = 0;
  private readonly frameBytes: Uint8Array;
  private sourceList: DataSource[] | undefined;

  constructor(
    readonly frame: FrameMeta,
    bytes: Uint8Array,
    readonly registry: Registry,
    readonly prefs: Preferences,
    readonly state: CaptureState,
    /** True in the index pass: modules record cross-frame state; no tree is built. */
    readonly firstPass: boolean,
    /** True when the Protocol/Info columns are wanted (frame lists); dissectors skip building them otherwise. */
    readonly columns: boolean,
  ) {
    this.frameBytes = bytes;
  }

  /** Data sources; [0] is the frame. Reassembly adds more. (Made on first use: most frames have only the frame.) */
  get sources(): DataSource[] {
    return (this.sourceList ??= [{ name: 'Frame', bytes: this.frameBytes }]);
  }

  addSource(name: string, bytes: Uint8Array): number {
    this.sources.push({ name, bytes });
    return this.sources.length - 1;
  }

  /** Innermost IP addresses seen so far, as text (the L2TP dissector keys conversations on these). */
  get netSrc(): string {
    return (this.netSrcText ??= addrText(this.netSrcData, this.netSrcOff, this.netSrcLen));
  }
  set netSrc(v: string) {
    this.netSrcText = v;
  }
  get netDst(): string {
    return (this.netDstText ??= addrText(this.netDstData, this.netDstOff, this.netDstLen));
  }
  set netDst(v: string) {
    this.netDstText = v;
  }

  /** Sets netSrc to the `len`-byte (4 or 16) address at `off` in `data`; its text is made when read. */
  setNetSrc(data: Uint8Array, off: number, len: 4 | 16): void {
    this.netSrcData = data;
    this.netSrcOff = off;
    this.netSrcLen = len;
    this.netSrcText = undefined;
  }
  setNetDst(data: Uint8Array, off: number, len: 4 | 16): void {
    this.netDstData = data;
    this.netDstOff = off;
    this.netDstLen = len;
    this.netDstText = undefined;
  }
}

function addrText(d: Uint8Array | undefined, off: number, len: number): string {
  if (!d) return '';
  return len === 4 ? formatIpv4(d, off) : formatIpv6(d.subarray(off, off + 16));
}
