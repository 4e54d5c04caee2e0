// Problems every dissector can raise (Wireshark's _ws.* expert items) and the bounds check that picks
// between "the capture was cut" and "the packet lies about its length".

import type { Builder, Parent } from './builder';
import { defineExperts } from './expert';
import type { ExpertDef } from './expert';
import type { Tvb } from './tvb';

export const wsExperts = defineExperts({
  malformed: { abbrev: '_ws.malformed', severity: 'error', group: 'malformed', summary: 'Malformed packet: a field runs past the end of the data' },
  short: { abbrev: '_ws.short', severity: 'warning', group: 'malformed', summary: 'Packet size limited during capture: the rest was not captured' },
  unreassembled: { abbrev: '_ws.unreassembled', severity: 'note', group: 'reassemble', summary: 'Fragment of a datagram not reassembled in this capture' },
  recursion: { abbrev: '_ws.recursion', severity: 'error', group: 'malformed', summary: 'Nesting too deep: decoding stopped' },
});

/**
 * True when `len` bytes at `off` were captured. Otherwise raises _ws.short (the protocol's bytes exist
 * but the snap length cut them) or _ws.malformed (they lie beyond what the packet reports) and returns false.
 */
export function need(t: Builder, node: Parent, tvb: Tvb, off: number, len: number, what?: string): boolean {
  if (tvb.has(off, len)) return true;
  const short = tvb.start + off + len <= tvb.reportedEnd;
  const e = short ? wsExperts.short : wsExperts.malformed;
  const msg = what ? `${e.summary} (${what}: needs ${len} bytes at offset ${off}, ${tvb.remaining(off)} captured)` : undefined;
  t.problem(node, tvb, e, off, Math.max(0, tvb.remaining(off)), msg);
  return false;
}

export const MAX_DEPTH = 24;

/**
 * Bytes from `from` to the end of `tvb` that no protocol claims (a length field shorter than what holds it):
 * a top-level node "`what` (N bytes)" keeps the layers tiling the frame, with problem `e` on it.
 */
export function unclaimedTail(t: Builder, tvb: Tvb, from: number, what: string, e: ExpertDef, message: string): void {
  const extra = tvb.length - from;
  const n = t.text(null, tvb, from, extra, `${what} (${extra} byte${extra === 1 ? '' : 's'})`);
  t.problem(n, tvb, e, from, extra, message);
}

/**
 * After a payload hand-off: when the packet inside (an IPv4 Total Length, an LCP or CHAP Length) claims
 * `claimed` bytes, fewer than `payload` holds, the rest of the `container` ('PPP frame', 'IP payload') is
 * shown by unclaimedTail. tshark shows those bytes nowhere.
 */
export function beyondPacket(t: Builder, payload: Tvb, claimed: number, container: string, e: ExpertDef): void {
  const extra = payload.length - claimed;
  if (claimed <= 0 || extra <= 0) return;
  unclaimedTail(t, payload, claimed, `Bytes beyond the packet in the ${container}`, e,
    `The ${container} holds ${extra} byte${extra === 1 ? '' : 's'} after the ${claimed}-byte packet it carries`);
}
