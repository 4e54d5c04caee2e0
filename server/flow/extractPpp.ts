// Reads a PPP control packet (LCP, PAP, CHAP, IPCP, IPv6CP, CCP …) out of a decoded data message, by
// field abbreviation only: code, options with values, names, addresses; secrets marked for redaction.

import { displayValue } from '../dissect/render';
import { fieldByAbbrev } from '../dissect/fields';
import { findFirst, walk } from '../dissect/tree';
import type { DecodedFrame, TreeNode } from '../dissect/tree';
import { labelName, num, str } from './extract';
import type { KeyValue } from './types';

/** A PPP control packet (LCP, PAP, CHAP, IPCP …) found in a data message. */
export interface PppMsg {
  frame: number;
  time: number;
  /** PPP protocol number and the layer's short name (LCP, PAP …). */
  protocol: number;
  name: string;
  code: number;
  codeName: string;
  /** Options/values of the packet as labelled values (kinds mark what redaction must mask). */
  detail: KeyValue[];
  /** PAP Peer-ID / CHAP Name. */
  peer?: string;
  message?: string;
  ipAddress?: string;
  dns: string[];
  interfaceId?: string;
  authProtocol?: string;
  rejectedProtocol?: number;
}

const PPP_LAYERS: Record<string, string> = { lcp: 'LCP', pap: 'PAP', chap: 'CHAP', ipcp: 'IPCP', ipv6cp: 'IPv6CP', ccp: 'CCP', eap: 'EAP', bap: 'BAP', bacp: 'BACP', mplscp: 'MPLSCP', cdpcp: 'CDPCP', osinlcp: 'OSINLCP' };

/** The PPP control packet in a data frame, or undefined when it carries none. */
export function extractPpp(f: DecodedFrame, time: number): PppMsg | undefined {
  const i = f.layers.findIndex((n) => n.abbrev === 'ppp');
  if (i < 0) return undefined;
  const pppLayer = f.layers[i];
  const layer = f.layers[i + 1];
  const abbrev = layer?.abbrev;
  if (!pppLayer || !layer || !abbrev || PPP_LAYERS[abbrev] === undefined) return undefined;
  const nodes = [layer];
  const protocol = num([pppLayer], 'ppp.protocol') ?? 0;
  const codeAbbrev = findFirst(nodes, 'ppp.code') ? 'ppp.code' : `${abbrev}.code`;
  const code = num(nodes, codeAbbrev) ?? 0;
  const m: PppMsg = {
    frame: f.number, time, protocol, name: PPP_LAYERS[abbrev] ?? abbrev.toUpperCase(), code,
    codeName: fieldByAbbrev(codeAbbrev)?.vals?.[code] ?? labelName(findFirst(nodes, codeAbbrev), code) ?? `code ${code}`, detail: [], dns: [],
  };
  const kv = (key: string, value: string, kind?: KeyValue['kind']): void => {
    m.detail.push(kind ? { key, value, kind } : { key, value });
  };
  if (abbrev === 'pap') {
    m.peer = str(nodes, 'pap.peer_id');
    const pw = str(nodes, 'pap.password');
    m.message = str(nodes, 'pap.message');
    if (m.peer !== undefined) kv('peer', m.peer, 'name');
    if (pw !== undefined) kv('password', pw, 'secret');
  } else if (abbrev === 'chap') {
    m.peer = str(nodes, 'chap.name');
    m.message = str(nodes, 'chap.message');
    if (m.peer !== undefined) kv('name', m.peer, 'name');
    const value = findFirst(nodes, 'chap.value');
    if (value) kv(code === 2 ? 'response' : 'challenge', bytesHex(f, value), 'secret');
  } else {
    m.message = str(nodes, 'lcp.message');
    for (const n of optionNodes(nodes, abbrev)) {
      const fd = n.abbrev ? fieldByAbbrev(n.abbrev) : undefined;
      if (!fd || !n.abbrev) continue;
      // Values only: an option's subtree head carries just its raw bytes (except IPv6CP's identifier).
      const ifid = n.abbrev === 'ipv6cp.interface_identifier';
      if (n.value === undefined && !ifid) continue;
      const value = n.value !== undefined ? shortValue(displayValue(fd, n.value)) : bytesHex(f, n);
      const kind = /address/.test(n.abbrev) || ifid ? 'address' : undefined;
      kv(n.abbrev.slice(n.abbrev.lastIndexOf('.') + 1), value, kind);
    }
    m.ipAddress = str(nodes, 'ipcp.opt.ip_address');
    for (const d of ['ipcp.opt.pri_dns_address', 'ipcp.opt.sec_dns_address']) {
      const v = str(nodes, d);
      if (v !== undefined) m.dns.push(v);
    }
    const ifid = findFirst(nodes, 'ipv6cp.interface_identifier');
    if (ifid) m.interfaceId = ifid.value !== undefined ? String(ifid.value) : bytesHex(f, ifid);
    const ap = findFirst(nodes, 'lcp.opt.auth_protocol');
    if (ap && typeof ap.value === 'number') m.authProtocol = authName(ap.value);
    m.rejectedProtocol = num(nodes, 'lcp.rej_proto');
  }
  return m;
}

/** Option value items of an LCP/NCP packet (type and length items are structure, not content). */
function optionNodes(nodes: readonly TreeNode[], abbrev: string): TreeNode[] {
  const prefix = `${abbrev}.opt.`;
  const out: TreeNode[] = [];
  walk(nodes, (n) => {
    const a = n.abbrev;
    if (a && (a.startsWith(prefix) || a === 'ipv6cp.interface_identifier') && !/\.(type|length)$/.test(a) && !/asyncmap\./.test(a)) out.push(n);
  });
  return out;
}

/** "Password Authentication Protocol (0xc023)" reads as "Password Authentication Protocol" on a ladder row. */
function shortValue(v: string): string {
  return v.replace(/ \((?:0x[0-9a-f]+|\d+)\)$/i, '');
}

/** Auth-Protocol option values by the short names the summary uses (LCP option 3, RFC 1661 §6.2). */
function authName(v: number): string {
  switch (v) {
    case 0xc023: return 'PAP';
    case 0xc223: return 'CHAP';
    case 0xc227: return 'EAP';
    default: return fieldByAbbrev('ppp.protocol')?.vals?.[v] ?? `0x${v.toString(16)}`;
  }
}

function bytesHex(f: DecodedFrame, n: TreeNode): string {
  const src = f.sources[n.source ?? 0]?.bytes;
  if (!src) return '';
  let s = '';
  for (let i = n.offset; i < Math.min(src.length, n.offset + n.length); i++) s += (src[i] ?? 0).toString(16).padStart(2, '0');
  return s;
}

