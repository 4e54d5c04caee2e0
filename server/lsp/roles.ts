// THE one place the language server knows field abbreviations: byte roles (semantic tokens), short layer
// names (hover paths), which fields carry tunnel/session IDs (navigation) and the message-type field.

import { fieldByAbbrev } from '../dissect/fields';
import type { ByteRoleName } from '../protocol';

/** Semantic token types, in legend order; index = token type number. */
export const ROLE_NAMES: readonly ByteRoleName[] = [
  'flags', 'length', 'identifier', 'sequence', 'messageType', 'avpHeader', 'avpValue',
  'address', 'checksum', 'payload', 'header',
];

/** Ordered: the first pattern that matches a field's abbreviation gives its role. */
const ROLE_TABLE: readonly (readonly [RegExp, ByteRoleName])[] = [
  [/^l2tp\.avp\.message_type$|(^|\.)(code|msg_type)$/, 'messageType'],
  [/^l2tp\.avp\.(mandatory|hidden|length|vendor_id|type|reserved|ciscotype|ericssontype|broadbandtype|cablelabstype)$/, 'avpHeader'],
  [/(^|\.)(Ns|Nr|seq|seqno|sequence|ack|l2_spec_sequence|nxtseq)$/, 'sequence'],
  [/checksum|\.crc$|digest$/, 'checksum'],
  [/(^|\.)(len|length|cap_len|hdr_len|offset|size|payload_length|plen)$/, 'length'],
  [/(^|\.)(flags?|[a-z_]+_bit|priority|version|res|reserved|hdr_version|fragment|mf|df|rb)$/, 'flags'],
  [/(^|[._])(id|tunnel|session|ccid|sid|port|srcport|dstport|cookie|identifier|magic_number|tunnel_id|session_id|conn_id|connection_id|tie_breaker|spi)$/, 'identifier'],
  [/(^|\.)(src|dst|addr|ip_address|src_host|dst_host|host)$/, 'address'],
  [/^data(\.|$)|payload|(^|\.)data$|_data$|padding$/, 'payload'],
  [/^l2tp\.(avp|cisco|broadband|cablel|ericsson|result_code)/, 'avpValue'],
];

const roleCache = new Map<string, ByteRoleName>();

/** The role of a field's bytes (from its abbreviation; its type breaks ties for flags and addresses). */
export function roleOf(abbrev: string): ByteRoleName {
  const hit = roleCache.get(abbrev);
  if (hit) return hit;
  let role: ByteRoleName | undefined;
  for (const [re, r] of ROLE_TABLE) {
    if (re.test(abbrev)) { role = r; break; }
  }
  if (!role) {
    const f = fieldByAbbrev(abbrev);
    if (f?.type === 'bool' || f?.mask !== undefined) role = 'flags';
    else if (f?.type === 'ipv4' || f?.type === 'ipv6' || f?.type === 'ether') role = 'address';
    else if (f?.type === 'protocol' && abbrev === 'data') role = 'payload';
    else role = 'header';
  }
  roleCache.set(abbrev, role);
  return role;
}

/** Wireshark's short protocol names for hover paths (Ethernet › IPv4 › UDP › L2TP). */
const SHORT_NAMES: Readonly<Record<string, string>> = {
  frame: 'Frame', eth: 'Ethernet', vlan: '802.1Q', sll: 'Linux cooked', null: 'Null/Loopback', ip: 'IPv4', ipv6: 'IPv6',
  udp: 'UDP', tcp: 'TCP', icmp: 'ICMP', esp: 'ESP', ah: 'AH', arp: 'ARP', pppoes: 'PPPoES', pppoed: 'PPPoED',
  l2tp: 'L2TP', ppp: 'PPP', lcp: 'PPP LCP', pap: 'PPP PAP', chap: 'PPP CHAP', ipcp: 'PPP IPCP', ipv6cp: 'PPP IPV6CP',
  ccp: 'PPP CCP', data: 'Data',
};

/** The short name of a protocol layer for paths. */
export function layerShortName(abbrev: string): string {
  const s = SHORT_NAMES[abbrev];
  if (s) return s;
  const name = fieldByAbbrev(abbrev)?.name;
  return name && name.length <= 16 ? name : abbrev.toUpperCase();
}

export type IdKind = 'tunnel' | 'session';

/** Fields that use an ID (headers, remote IDs) and AVPs that assign one, per kind. */
export const ID_FIELDS: Readonly<Record<IdKind, { uses: readonly string[]; assigns: readonly string[] }>> = {
  tunnel: {
    uses: ['l2tp.tunnel', 'l2tp.ccid'],
    assigns: ['l2tp.avp.assigned_tunnel_id', 'l2tp.avp.assigned_control_conn_id', 'l2tp.cisco.assigned_control_connection_id'],
  },
  session: {
    uses: ['l2tp.session', 'l2tp.sid', 'l2tp.avp.remote_session_id', 'l2tp.cisco.remote_session_id'],
    assigns: ['l2tp.avp.assigned_session_id', 'l2tp.avp.local_session_id', 'l2tp.cisco.local_session_id'],
  },
};

/** The ID kind an abbreviation belongs to, and whether it assigns (defines) the ID. */
export function idKindOf(abbrev: string): { kind: IdKind; assigns: boolean } | undefined {
  for (const kind of ['tunnel', 'session'] as const) {
    if (ID_FIELDS[kind].assigns.includes(abbrev)) return { kind, assigns: true };
    if (ID_FIELDS[kind].uses.includes(abbrev)) return { kind, assigns: false };
  }
  return undefined;
}

/** The control message type field (inlay hints, negotiation). */
export const MESSAGE_TYPE_FIELD = 'l2tp.avp.message_type';

/** Control message types (RFC 2661 / RFC 3931 numbering) of the three-way set-ups, in order. */
export const SETUP_SEQUENCES: readonly { kind: 'tunnel' | 'session'; types: readonly number[] }[] = [
  { kind: 'tunnel', types: [1, 2, 3] }, // SCCRQ, SCCRP, SCCCN
  { kind: 'session', types: [10, 11, 12] }, // ICRQ, ICRP, ICCN
  { kind: 'session', types: [7, 8, 9] }, // OCRQ, OCRP, OCCN
];
