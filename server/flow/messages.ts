// Control message types the state machines act on (RFC 2661 §3.2, RFC 3931 §3.2) and display names.
// Long names come from the engine's field declarations; the acronyms here are the state machines' vocabulary.

import { fieldByAbbrev } from '../dissect/fields';

export const MT = {
  ZLB: -1,
  SCCRQ: 1, SCCRP: 2, SCCCN: 3, StopCCN: 4, HELLO: 6,
  OCRQ: 7, OCRP: 8, OCCN: 9, ICRQ: 10, ICRP: 11, ICCN: 12,
  CDN: 14, WEN: 15, SLI: 16, ACK: 20,
} as const;

// RFC 2661 writes Hello, not HELLO.
const SHORT = new Map<number, string>(Object.entries(MT).map(([k, v]) => [v, k === 'HELLO' ? 'Hello' : k]));

/** SCCRQ, ICRP, ZLB …; unknown types by the engine's name or number. */
export function shortName(msgType: number): string {
  return SHORT.get(msgType) ?? valueName('l2tp.avp.message_type', msgType) ?? `type ${msgType}`;
}

/** The engine's name for a message type (absent for a ZLB or an unknown type). */
export function longName(msgType: number): string | undefined {
  if (msgType === MT.ZLB) return 'Zero-Length Body acknowledgement';
  return valueName('l2tp.avp.message_type', msgType);
}

/** A value's name from the field declaration of `abbrev` (Wireshark's value_string). */
export function valueName(abbrev: string, v: number | undefined): string | undefined {
  if (v === undefined) return undefined;
  return fieldByAbbrev(abbrev)?.vals?.[v];
}

/** Tunnel-scoped messages: the rest concern one session (RFC 2661 §6). */
export function isTunnelMessage(t: number): boolean {
  return t === MT.SCCRQ || t === MT.SCCRP || t === MT.SCCCN || t === MT.StopCCN || t === MT.HELLO || t === MT.ACK || t === MT.ZLB;
}

/** Serial-number comparison modulo 2^16 (RFC 2661 §5.8): a - b as a signed distance. */
export function seqDiff(a: number, b: number): number {
  const d = (a - b) & 0xffff;
  return d >= 0x8000 ? d - 0x10000 : d;
}
