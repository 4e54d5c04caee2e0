// Reads the facts the flow model needs out of one decoded frame, by field abbreviation only: the
// addresses in front of L2TP and the control message's AVPs (PPP control packets: extractPpp.ts).

import type { Problem } from '../dissect/expert';
import type { L2tpInfo } from '../dissect/packet';
import { fieldByAbbrev } from '../dissect/fields';
import { findFirst, walk } from '../dissect/tree';
import type { DecodedFrame, TreeNode } from '../dissect/tree';
import type { ChallengeVerdict, PppCauseInfo, Q931Info, ResultInfo } from './types';

export interface Addrs {
  src: string;
  dst: string;
  /** UDP ports; -1 when L2TP runs directly over IP. */
  sport: number;
  dport: number;
}

/** What the flow model knows of one control message. Tests build these directly. */
export interface CtlMsg extends Addrs {
  frame: number;
  /** Seconds since the capture's first frame. */
  time: number;
  version: number;
  /** Header Tunnel ID (v3: Control Connection ID) and Session ID. */
  tunnel: number;
  session: number;
  ns: number;
  nr: number;
  /** -1 for a ZLB. */
  msgType: number;
  /** Types of the IETF (vendor 0) AVPs present, in order. */
  avpTypes: number[];
  /** v2 Assigned Tunnel ID / v3 Assigned Control Connection ID: the sender's own ID. */
  assignedTunnel?: number;
  /** v2 Assigned Session ID / v3 Local Session ID: the sender's own session ID. */
  assignedSession?: number;
  /** v3 Remote Session ID: the receiver's session ID. */
  remoteSession?: number;
  hostName?: string;
  vendorName?: string;
  rws?: number;
  result?: ResultInfo;
  q931?: Q931Info;
  pppCause?: PppCauseInfo;
  serial?: number;
  called?: string;
  calling?: string;
  proxyAuthName?: string;
  pwType?: number;
  /** The engine's verdict on a Challenge Response AVP in this message, when it carries one. */
  challengeVerdict?: ChallengeVerdict;
  /** Problems the engine raised while decoding the frame. */
  problems: Problem[];
}

/** IETF field, its Cisco-draft counterpart, and the IETF AVP type it stands for. */
const V3_STAND_INS: readonly (readonly [string, string, number])[] = [
  ['l2tp.avp.assigned_control_conn_id', 'l2tp.cisco.assigned_control_connection_id', 61],
  ['l2tp.avp.local_session_id', 'l2tp.cisco.local_session_id', 63],
  ['l2tp.avp.remote_session_id', 'l2tp.cisco.remote_session_id', 64],
  ['l2tp.avp.pseudowire_type', 'l2tp.cisco.pseudowire_type', 68],
];

export function num(nodes: readonly TreeNode[], abbrev: string): number | undefined {
  const v = findFirst(nodes, abbrev)?.value;
  return typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
}

export function str(nodes: readonly TreeNode[], abbrev: string): string | undefined {
  const v = findFirst(nodes, abbrev)?.value;
  return v === undefined ? undefined : String(v);
}

/** The addresses and ports of the innermost IP/UDP headers in front of the first L2TP layer. */
export function addressesOf(f: DecodedFrame): Addrs | undefined {
  let a: Addrs | undefined;
  for (const layer of f.layers) {
    if (layer.abbrev === 'l2tp') return a;
    if (layer.abbrev === 'ip' || layer.abbrev === 'ipv6') {
      const p = layer.abbrev;
      const src = str([layer], `${p}.src`);
      const dst = str([layer], `${p}.dst`);
      if (src !== undefined && dst !== undefined) a = { src, dst, sport: -1, dport: -1 };
    } else if (layer.abbrev === 'udp' && a) {
      a.sport = num([layer], 'udp.srcport') ?? -1;
      a.dport = num([layer], 'udp.dstport') ?? -1;
    }
  }
  return a;
}

/** The L2TP facts of a control frame. `hdr` comes from the capture index (identical to the tree's header). */
export function extractControl(f: DecodedFrame, hdr: L2tpInfo, time: number, addrs: Addrs): CtlMsg {
  const l2 = f.layers.filter((n) => n.abbrev === 'l2tp').slice(0, 1);
  const m: CtlMsg = {
    ...addrs, frame: f.number, time, version: hdr.version, tunnel: hdr.tunnel, session: hdr.session,
    ns: hdr.ns, nr: hdr.nr, msgType: hdr.msgType, avpTypes: avpTypes(l2), problems: collectProblems(f.layers),
  };
  const v3 = hdr.version === 3;
  if (v3) {
    // Pre-RFC (Cisco draft) L2TPv3 peers carry the same IDs in vendor AVPs: they stand in for the IETF ones.
    for (const [ietf, cisco, type] of V3_STAND_INS) {
      if (findFirst(l2, ietf) === undefined && findFirst(l2, cisco) !== undefined && !m.avpTypes.includes(type)) m.avpTypes.push(type);
    }
    m.assignedTunnel = num(l2, 'l2tp.avp.assigned_control_conn_id') ?? num(l2, 'l2tp.cisco.assigned_control_connection_id');
    m.assignedSession = num(l2, 'l2tp.avp.local_session_id') ?? num(l2, 'l2tp.cisco.local_session_id');
    m.remoteSession = num(l2, 'l2tp.avp.remote_session_id') ?? num(l2, 'l2tp.cisco.remote_session_id');
  } else {
    m.assignedTunnel = num(l2, 'l2tp.avp.assigned_tunnel_id');
    m.assignedSession = num(l2, 'l2tp.avp.assigned_session_id');
  }
  m.hostName = str(l2, 'l2tp.avp.host_name');
  m.vendorName = str(l2, 'l2tp.avp.vendor_name');
  m.rws = num(l2, 'l2tp.avp.receive_window_size');
  m.serial = num(l2, 'l2tp.avp.call_serial_number');
  m.called = str(l2, 'l2tp.avp.called_number');
  m.calling = str(l2, 'l2tp.avp.calling_number');
  m.proxyAuthName = str(l2, 'l2tp.avp.proxy_authen_name');
  m.pwType = num(l2, 'l2tp.avp.pseudowire_type') ?? num(l2, 'l2tp.cisco.pseudowire_type');
  const rc = num(l2, 'l2tp.result_code');
  if (rc !== undefined) {
    m.result = { code: rc, name: resultName(l2, rc) };
    const ec = num(l2, 'l2tp.avp.error_code');
    if (ec !== undefined) {
      m.result.error = ec;
      m.result.errorName = nameOf(l2, 'l2tp.avp.error_code', ec);
    }
    const em = str(l2, 'l2tp.avp.error_message');
    if (em) m.result.message = em;
  }
  const cc = num(l2, 'l2tp.avp.cause_code');
  if (cc !== undefined) {
    m.q931 = { cause: cc };
    const cn = nameOf(l2, 'l2tp.avp.cause_code', cc);
    if (cn) m.q931.name = cn;
    const cm = num(l2, 'l2tp.avp.cause_msg');
    if (cm !== undefined) m.q931.msg = cm;
    const adv = str(l2, 'l2tp.avp.advisory_msg');
    if (adv) m.q931.advisory = adv;
  }
  const dc = num(l2, 'l2tp.avp.disconnect_code');
  if (dc !== undefined) {
    m.pppCause = { code: dc, name: nameOf(l2, 'l2tp.avp.disconnect_code', dc) };
    const cp = num(l2, 'l2tp.avp.control_protocol_number');
    if (cp !== undefined) m.pppCause.protocol = cp;
    const dir = num(l2, 'l2tp.avp.cause_code_direction');
    if (dir !== undefined) m.pppCause.direction = dir;
    const msg = str(l2, 'l2tp.avp.cause_code_message');
    if (msg) m.pppCause.message = msg;
  }
  if (m.avpTypes.includes(13)) m.challengeVerdict = challengeVerdict(l2, m.problems);
  return m;
}

/** Value name from the field declaration, else from the node's own label ("Name (3)"). */
function nameOf(nodes: readonly TreeNode[], abbrev: string, v: number): string | undefined {
  return fieldByAbbrev(abbrev)?.vals?.[v] ?? labelName(findFirst(nodes, abbrev), v);
}

/** The value name in a node's label "Field: Name (3)" (not "Unknown"). */
export function labelName(n: TreeNode | undefined, v: number): string | undefined {
  const m = n?.text ? /: (.+) \((\d+)\)$/.exec(n.text) : null;
  return m?.[1] && Number(m[2]) === v && m[1] !== 'Unknown' ? m[1] : undefined;
}

/**
 * StopCCN and CDN result codes have separate tables (RFC 2661 §4.4.2) while one field carries both: the
 * engine's label names the value for the message at hand, so it comes first.
 */
function resultName(nodes: readonly TreeNode[], code: number): string | undefined {
  return labelName(findFirst(nodes, 'l2tp.result_code'), code) ?? fieldByAbbrev('l2tp.result_code')?.vals?.[code];
}

/** Vendor-0 AVP types in order: each AVP's subtree holds its type and (when not IETF) its vendor ID. */
function avpTypes(l2: readonly TreeNode[]): number[] {
  const out: number[] = [];
  walk(l2, (n) => {
    const kids = n.children;
    if (!kids) return true;
    const t = kids.find((k) => k.abbrev === 'l2tp.avp.type');
    if (!t) return true;
    const vendor = kids.find((k) => k.abbrev === 'l2tp.avp.vendor_id')?.value;
    if ((vendor === undefined || vendor === 0) && typeof t.value === 'number') out.push(t.value);
    return false;
  });
  return out;
}

function collectProblems(nodes: readonly TreeNode[]): Problem[] {
  const out: Problem[] = [];
  walk(nodes, (n) => {
    if (n.problems) for (const p of n.problems) if (!out.includes(p)) out.push(p);
  });
  return out;
}

/** The engine's check of a Challenge Response (made only when a shared secret is configured). */
function challengeVerdict(l2: readonly TreeNode[], problems: readonly Problem[]): ChallengeVerdict {
  const status = findFirst(l2, 'l2tp.avp.challenge_response.status')?.value;
  if (status === false || problems.some((p) => p.abbrev === 'l2tp.avp.challenge_response.bad')) return 'failed';
  return status === true ? 'verified' : 'unchecked';
}
