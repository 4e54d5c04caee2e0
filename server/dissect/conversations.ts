// UDP conversations (Wireshark's conversation table as packet-udp.c uses it): each pair of endpoints
// (address, port) gets a stream index in order of first appearance, and keeps its first and latest frame
// times, for udp.stream, udp.time_relative and udp.time_delta. Looked up once per UDP header, so keys are
// numbers (a hash of the address bytes and ports, checked against the endpoints) and nothing is allocated
// per packet once a conversation exists.

export interface UdpConversation {
  /** udp.stream */
  readonly index: number;
  firstSec: number;
  firstNs: number;
  /** The latest frame seen so far (first pass) and its time. */
  lastFrame: number;
  lastSec: number;
  lastNs: number;
  /**
   * The frames it appears in, ascending (kept only for captures decoded again later in any order, see
   * CaptureState.randomAccess): a second pass finds the frame before this one here.
   */
  frames: Int32Array | undefined;
  count: number;
  /** The endpoints, lower one first (address bytes, then port): what a hash hit is checked against. */
  readonly a: Uint8Array;
  readonly b: Uint8Array;
  readonly portA: number;
  readonly portB: number;
}

export class UdpConversations {
  private readonly byHash = new Map<number, UdpConversation | UdpConversation[]>();
  private next = 0;

  /**
   * The conversation of a UDP header whose addresses are the `alen` bytes at `srcOff` and `dstOff` of `data`.
   * `create` false: only an existing one (a later pass).
   */
  find(data: Uint8Array, srcOff: number, dstOff: number, alen: number, sport: number, dport: number, create: boolean): UdpConversation | undefined {
    // The endpoints in a fixed order, so both directions meet in one conversation.
    const c = compareEndpoints(data, srcOff, sport, dstOff, dport, alen);
    const aOff = c <= 0 ? srcOff : dstOff;
    const bOff = c <= 0 ? dstOff : srcOff;
    const pa = c <= 0 ? sport : dport;
    const pb = c <= 0 ? dport : sport;
    let h = 0x811c9dc5; // FNV-1a over both addresses and ports
    for (let i = 0; i < alen; i++) h = Math.imul(h ^ (data[aOff + i] ?? 0), 0x01000193);
    for (let i = 0; i < alen; i++) h = Math.imul(h ^ (data[bOff + i] ?? 0), 0x01000193);
    h = Math.imul(h ^ pa, 0x01000193);
    h = Math.imul(h ^ pb, 0x01000193) & 0x3fffffff; // a small integer: Map keys stay unboxed
    const slot = this.byHash.get(h);
    if (slot !== undefined) {
      if (!Array.isArray(slot)) {
        if (same(slot, data, aOff, bOff, alen, pa, pb)) return slot;
      } else {
        for (const s of slot) if (same(s, data, aOff, bOff, alen, pa, pb)) return s;
      }
    }
    if (!create) return undefined;
    const conv: UdpConversation = {
      index: this.next++, firstSec: 0, firstNs: 0, lastFrame: 0, lastSec: 0, lastNs: 0, frames: undefined, count: 0,
      a: data.slice(aOff, aOff + alen), b: data.slice(bOff, bOff + alen), portA: pa, portB: pb,
    };
    if (slot === undefined) this.byHash.set(h, conv);
    else if (Array.isArray(slot)) slot.push(conv);
    else this.byHash.set(h, [slot, conv]);
    return conv;
  }

  /** First pass: `frame` (at sec/ns) is in `conv` (a frame may hold it twice: counted once). */
  static seen(conv: UdpConversation, frame: number, sec: number, ns: number, keepFrames: boolean): void {
    if (conv.count === 0) {
      conv.firstSec = sec;
      conv.firstNs = ns;
    } else if (conv.lastFrame === frame) return;
    conv.lastFrame = frame;
    conv.lastSec = sec;
    conv.lastNs = ns;
    if (keepFrames) {
      if (conv.frames === undefined || conv.count === conv.frames.length) {
        const grown = new Int32Array(Math.max(4, conv.count * 2));
        if (conv.frames) grown.set(conv.frames);
        conv.frames = grown;
      }
      conv.frames[conv.count] = frame;
    }
    conv.count++;
  }

  /** A later pass: the frame of `conv` before `frame` (the frames kept), or `frame` itself when it is the first. */
  static previous(conv: UdpConversation, frame: number): number | undefined {
    const f = conv.frames;
    if (f === undefined) return undefined;
    let lo = 0, hi = conv.count - 1, at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = f[mid] ?? 0;
      if (v === frame) { at = mid; break; }
      if (v < frame) lo = mid + 1; else hi = mid - 1;
    }
    if (at < 0) return undefined;
    return at === 0 ? frame : f[at - 1];
  }
}

function compareEndpoints(d: Uint8Array, s: number, sp: number, t: number, tp: number, n: number): number {
  for (let i = 0; i < n; i++) {
    const x = (d[s + i] ?? 0) - (d[t + i] ?? 0);
    if (x !== 0) return x;
  }
  return sp - tp;
}

function same(c: UdpConversation, d: Uint8Array, aOff: number, bOff: number, n: number, pa: number, pb: number): boolean {
  if (c.portA !== pa || c.portB !== pb || c.a.length !== n) return false;
  for (let i = 0; i < n; i++) if (c.a[i] !== d[aOff + i] || c.b[i] !== d[bOff + i]) return false;
  return true;
}
