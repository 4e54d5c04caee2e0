// UDP and TCP conversations (Wireshark's conversation table as packet-udp.c and packet-tcp.c use it): each
// pair of endpoints (address, port) gets a stream index in order of first appearance, and keeps its first
// and latest frame times, for udp.stream / tcp.stream and their time_relative and time_delta; a TCP one also
// keeps each direction's base sequence number (relative sequence numbers). Looked up once per header, so keys
// are numbers (a hash of the address bytes and ports, checked against the endpoints) and nothing is allocated
// per packet once a conversation exists.

import type { Builder, Parent } from './builder';
import type { FieldDef } from './fields';
import { timeDiff } from './protocols/frame';

export interface Conversation {
  /** udp.stream / tcp.stream */
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
  /**
   * TCP: the base sequence number of each direction (0: from endpoint a, 1: from b), -1 until known: the
   * first segment's (one less unless it is a SYN) or one less than the first acknowledgment of it.
   */
  base0: number;
  base1: number;
  /**
   * TCP: each direction's window scale shift from its SYN, -1 while no SYN was seen, -2 when the handshake
   * did not agree on scaling (RFC 7323 §2.2); and the frame from which the value holds (frames before it
   * show -1, as tshark's single pass did when it reached them).
   */
  ws0: number;
  ws1: number;
  wsFrom: number;
}

export class Conversations {
  private readonly byHash = new Map<number, Conversation | Conversation[]>();
  private next = 0;
  /** The direction of the header `find` last looked at: 0 from endpoint a, 1 from b. */
  direction = 0;

  /**
   * The conversation of a UDP or TCP header whose addresses are the `alen` bytes at `srcOff` and `dstOff` of `data`.
   * `create` false: only an existing one (a later pass).
   */
  find(data: Uint8Array, srcOff: number, dstOff: number, alen: number, sport: number, dport: number, create: boolean): Conversation | undefined {
    // The endpoints in a fixed order, so both directions meet in one conversation.
    const c = compareEndpoints(data, srcOff, sport, dstOff, dport, alen);
    const aOff = c <= 0 ? srcOff : dstOff;
    const bOff = c <= 0 ? dstOff : srcOff;
    const pa = c <= 0 ? sport : dport;
    const pb = c <= 0 ? dport : sport;
    this.direction = c <= 0 ? 0 : 1;
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
    const conv: Conversation = {
      index: this.next++, firstSec: 0, firstNs: 0, lastFrame: 0, lastSec: 0, lastNs: 0, frames: undefined, count: 0,
      a: data.slice(aOff, aOff + alen), b: data.slice(bOff, bOff + alen), portA: pa, portB: pb, base0: -1, base1: -1, ws0: -1, ws1: -1, wsFrom: 0,
    };
    if (slot === undefined) this.byHash.set(h, conv);
    else if (Array.isArray(slot)) slot.push(conv);
    else this.byHash.set(h, [slot, conv]);
    return conv;
  }

  /** First pass: `frame` (at sec/ns) is in `conv` (a frame may hold it twice: counted once). */
  static seen(conv: Conversation, frame: number, sec: number, ns: number, keepFrames: boolean): void {
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
  static previous(conv: Conversation, frame: number): number | undefined {
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

function same(c: Conversation, d: Uint8Array, aOff: number, bOff: number, n: number, pa: number, pb: number): boolean {
  if (c.portA !== pa || c.portB !== pb || c.a.length !== n) return false;
  for (let i = 0; i < n; i++) if (c.a[i] !== d[aOff + i] || c.b[i] !== d[bOff + i]) return false;
  return true;
}

/** What `track` found for the current header: its conversation and the time of the frame before it there. */
export interface ConversationHit {
  conv: Conversation;
  /** 0: the header comes from endpoint a, 1: from b. */
  direction: number;
  prevSec: number;
  prevNs: number;
}

const hit: ConversationHit = { conv: undefined as unknown as Conversation, direction: 0, prevSec: 0, prevNs: 0 };

/**
 * The conversation of the current transport header from `sport` to `dport` in `table`: in the first pass it
 * is made if new and this frame is recorded in it (its frames kept when the capture will be decoded again in
 * any order); in a later pass it is looked up and the frame before this one found among its frames, read
 * through `timeOf`. Undefined when the frame has no IP layer or a later pass finds nothing recorded. The
 * returned object is reused by the next call.
 */
export function track(table: Conversations, ip: { data: Uint8Array; srcOff: number; dstOff: number; version: 4 | 6 } | undefined,
  frame: { number: number; tsSec: number; tsNs: number }, sport: number, dport: number, firstPass: boolean, keepFrames: boolean,
  timeOf: ((frame: number) => { tsSec: number; tsNs: number }) | undefined): ConversationHit | undefined {
  if (ip === undefined) return undefined;
  const conv = table.find(ip.data, ip.srcOff, ip.dstOff, ip.version === 4 ? 4 : 16, sport, dport, firstPass);
  if (conv === undefined) return undefined;
  let prevSec = frame.tsSec, prevNs = frame.tsNs;
  if (firstPass) {
    if (conv.count > 0 && conv.lastFrame !== frame.number) { prevSec = conv.lastSec; prevNs = conv.lastNs; }
    Conversations.seen(conv, frame.number, frame.tsSec, frame.tsNs, keepFrames);
  } else {
    const prev = Conversations.previous(conv, frame.number);
    if (prev === undefined || timeOf === undefined) return undefined; // the first pass did not keep its frames
    if (prev !== frame.number) { const p = timeOf(prev); prevSec = p.tsSec; prevNs = p.tsNs; }
  }
  hit.conv = conv;
  hit.direction = table.direction;
  hit.prevSec = prevSec;
  hit.prevNs = prevNs;
  return hit;
}

/**
 * The "[Timestamps]" subtree packet-udp.c and packet-tcp.c add: the time since the conversation's first
 * frame and since the frame before this one in it.
 */
export function addConversationTimes(t: Builder, top: Parent, h: ConversationHit, frame: { tsSec: number; tsNs: number },
  relative: FieldDef, delta: FieldDef): void {
  const ts = t.generatedText(top, 'Timestamps');
  t.generated(ts, relative, timeDiff(frame.tsSec, frame.tsNs, h.conv.firstSec, h.conv.firstNs));
  t.generated(ts, delta, timeDiff(frame.tsSec, frame.tsNs, h.prevSec, h.prevNs));
}
