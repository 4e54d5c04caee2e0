// The flow checks' catalogue (stable abbreviations, severities, RFC sections) and the per-message
// mandatory-AVP rules of RFC 2661 §6 and RFC 3931 §6, which only the flow view checks.

import type { Severity } from '../dissect/expert';
import { MT, shortName, valueName } from './messages';
import type { FlowProblem } from './types';

export interface FlowCheck {
  readonly abbrev: string;
  readonly severity: Severity;
  readonly ref: string;
  readonly summary: string;
}

function check(abbrev: string, severity: Severity, ref: string, summary: string): FlowCheck {
  return { abbrev: `l2tp.flow.${abbrev}`, severity, ref, summary };
}

export const CHECKS = {
  unexpected: check('unexpected_message', 'warning', 'RFC 2661 §7.2', 'Message not allowed in the current state of the control connection or session'),
  missingAvp: check('missing_avp', 'error', 'RFC 2661 §6', 'A mandatory AVP for this message type is missing'),
  helloSession: check('hello_session_id', 'warning', 'RFC 2661 §6.5', 'Hello carries a non-zero Session ID'),
  tunnelMsgSession: check('tunnel_message_session_id', 'warning', 'RFC 2661 §3.1', 'A tunnel-scoped message carries a non-zero Session ID'),
  unknownTunnel: check('unknown_tunnel', 'warning', 'RFC 2661 §3.1', 'Message for a tunnel ID that was never assigned'),
  unknownSession: check('unknown_session', 'warning', 'RFC 2661 §3.1', 'Session message for a session ID that was never assigned'),
  setupNotCaptured: check('setup_not_captured', 'note', 'RFC 2661 §5.1', 'The capture starts after this tunnel or session was set up'),
  idInUse: check('id_in_use', 'error', 'RFC 2661 §4.4.3', 'An ID was assigned again while still in use'),
  retransmission: check('retransmission', 'note', 'RFC 2661 §5.8', 'Control message retransmitted'),
  gap: check('ns_gap', 'warning', 'RFC 2661 §5.8', 'Ns skipped values'),
  nrBackwards: check('nr_backwards', 'warning', 'RFC 2661 §5.8', 'Nr went backwards'),
  outOfWindow: check('out_of_window', 'warning', 'RFC 2661 §5.8', 'More messages outstanding than the peer\'s Receive Window Size'),
  unacked: check('unacknowledged', 'warning', 'RFC 2661 §5.8', 'Control message never acknowledged'),
  dataState: check('data_not_established', 'note', 'RFC 2661 §7.4', 'Data on a session that is not established'),
  pppAuthFailed: check('ppp_auth_failed', 'warning', 'RFC 1334 §2.2 / RFC 1994 §4', 'PPP authentication failed'),
  engine: check('engine', 'warning', 'RFC 2661 §4', 'Problem found while decoding'),
} as const;

export function problem(c: FlowCheck, frame: number, text: string, where: { tunnel?: string; session?: string } = {}, ref = c.ref): FlowProblem {
  const p: FlowProblem = { abbrev: c.abbrev, severity: c.severity, frame, text: `${text} (${ref}).`, ref, source: 'flow' };
  if (where.tunnel) p.tunnel = where.tunnel;
  if (where.session) p.session = where.session;
  return p;
}

// Mandatory AVPs by message type (AVP type numbers). Message Type (0) is checked by the engine.
const V2_REQUIRED: Record<number, readonly number[]> = {
  [MT.SCCRQ]: [2, 3, 7, 9], [MT.SCCRP]: [2, 3, 7, 9], [MT.StopCCN]: [9, 1],
  [MT.ICRQ]: [14, 15], [MT.ICRP]: [14], [MT.ICCN]: [24, 19],
  [MT.OCRQ]: [14, 15, 16, 17, 18, 19, 21], [MT.OCRP]: [14], [MT.OCCN]: [24, 19],
  [MT.CDN]: [1, 14], [MT.WEN]: [34], [MT.SLI]: [35],
};
const V3_REQUIRED: Record<number, readonly number[]> = {
  [MT.SCCRQ]: [7, 60, 61, 62], [MT.SCCRP]: [7, 60, 61, 62], [MT.StopCCN]: [1],
  [MT.ICRQ]: [63, 64, 15, 68, 66, 71], [MT.ICRP]: [63, 64, 71], [MT.ICCN]: [63, 64],
  [MT.OCRQ]: [63, 64, 15, 68, 66], [MT.OCRP]: [63, 64, 71], [MT.OCCN]: [63, 64],
  [MT.CDN]: [1, 63, 64], [MT.WEN]: [63, 64, 34], [MT.SLI]: [63, 64],
};
const V2_SECTION: Record<number, string> = {
  [MT.SCCRQ]: '§6.1', [MT.SCCRP]: '§6.2', [MT.SCCCN]: '§6.3', [MT.StopCCN]: '§6.4', [MT.HELLO]: '§6.5',
  [MT.OCRQ]: '§6.6', [MT.OCRP]: '§6.7', [MT.OCCN]: '§6.8', [MT.ICRQ]: '§6.9', [MT.ICRP]: '§6.10',
  [MT.ICCN]: '§6.11', [MT.CDN]: '§6.12', [MT.WEN]: '§6.13', [MT.SLI]: '§6.14',
};

/** The RFC section defining a message, for problem texts. */
export function messageRef(version: number, msgType: number): string {
  if (version === 3) return 'RFC 3931 §6';
  return `RFC 2661 ${V2_SECTION[msgType] ?? '§6'}`;
}

/**
 * Mandatory AVPs missing from a message. `challengeSent`: the peer's previous setup message carried a
 * Challenge, which makes Challenge Response mandatory in SCCRP / SCCCN (RFC 2661 §6.2, §6.3).
 */
export function missingAvps(version: number, msgType: number, present: readonly number[], challengeSent: boolean): string[] {
  const table = version === 3 ? V3_REQUIRED : V2_REQUIRED;
  const need = [...(table[msgType] ?? [])];
  if (version === 2 && challengeSent && (msgType === MT.SCCRP || msgType === MT.SCCCN)) need.push(13);
  return need.filter((t) => !present.includes(t)).map((t) => valueName('l2tp.avp.type', t) ?? `type ${t}`);
}

export function missingAvpText(version: number, msgType: number, missing: readonly string[]): string {
  return `${shortName(msgType)} lacks the mandatory ${missing.join(', ')} AVP${missing.length > 1 ? 's' : ''}`;
}
