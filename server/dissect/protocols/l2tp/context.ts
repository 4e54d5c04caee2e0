// The per-message decoding context shared by the L2TP header, AVP loop and value decoders, with the
// message's facts (type, assigned IDs, checks) gathered as AVPs are read.

import type { Builder, Parent } from '../../builder';
import type { L2tpInfo, PacketInfo } from '../../packet';
import type { Tvb } from '../../tvb';

/**
 * Records the frame's L2TP facts for the index if this is its first L2TP header (the one at the start of
 * `tvb`), and returns them while this header is that one — undefined for a later, nested header, so only
 * the first header's Ns/Nr and message type reach the index.
 */
export function firstHeaderFacts(pinfo: PacketInfo, tvb: Tvb, version: number, control: boolean, tunnel: number, session: number): L2tpInfo | undefined {
  const offset = tvb.source ? -1 : tvb.abs(0);
  pinfo.l2tp ??= { version, control, tunnel, session, ns: -1, nr: -1, msgType: control ? 0 : -2, offset };
  return pinfo.l2tp.offset === offset ? pinfo.l2tp : undefined;
}

/** One AVP as the flow model sees it. `value` is the decoded main value when there is one. */
export interface L2tpAvpFact {
  vendor: number;
  type: number;
  mandatory: boolean;
  hidden: boolean;
  /** Total AVP length from its header. */
  length: number;
  /** Offset of the AVP in the frame (source 0), -1 when in another data source. */
  offset: number;
  /** Main value: integers as numbers (64-bit as decimal strings), strings as text, bytes as lower-case hex. */
  value?: number | string;
  /** True when the value was recovered from a hidden AVP with a shared secret. */
  decrypted?: boolean;
}

/** What a control message says, for tunnels/sessions/state machines. Recorded for the first L2TP header of a frame. */
export interface L2tpMessageFacts {
  version: number;
  control: boolean;
  /** Message type, -1 ZLB, -2 data, 0 when no Message Type AVP came first. */
  msgType: number;
  tunnel: number;
  session: number;
  avps: L2tpAvpFact[];
  assignedTunnelId?: number;
  assignedSessionId?: number;
  assignedCcid?: number;
  localSessionId?: number;
  remoteSessionId?: number;
  resultCode?: number;
  errorCode?: number;
  errorMessage?: string;
  hostName?: string;
  receiveWindowSize?: number;
  pwType?: number;
  /** Challenge Response check: true match, false mismatch, undefined not checked. */
  challengeResponseOk?: boolean;
  /** Message Digest check (L2TPv3). */
  digestOk?: boolean;
}

export interface MsgCtx {
  pinfo: PacketInfo;
  t: Builder;
  /** The message, bounded by its Length field (offsets relative to the start of the L2TP header, or the
   *  Session ID for L2TPv3 over IP). */
  tvb: Tvb;
  top: Parent;
  version: number;
  /** Where the L2TP header starts in `tvb` (4 over IP: after the zero Session ID). */
  base: number;
  /** The message's end in `tvb` (base + Length, clipped). */
  end: number;
  tunnel: number;
  session: number;
  msgType: number;
  /** Last Random Vector seen in this message (for hidden AVPs). */
  rv: Uint8Array | undefined;
  isFirstAvp: boolean;
  facts: L2tpMessageFacts;
  /** Values the first pass learns from (L2TPv3 session set-up, challenges). */
  learn: {
    assignedTunnel?: number;
    challenge?: Uint8Array;
    lsid?: number;
    rsid?: number;
    cookieLen?: number;
    l2spec?: number;
    pw?: number;
    nonce?: Uint8Array;
    ccid?: number;
  };
  digest?: { valueOff: number; valueLen: number; node: Parent };
  /** AVP types present (vendor 0), for the required-AVP check. */
  types: Set<number>;
  /** Text appended to the Info column (L2TPv3 LSID/RSID, as tshark). */
  infoTail: string;
}
