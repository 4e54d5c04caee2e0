// PPP negotiation inside one session, summarised: LCP (RFC 1661), authentication (PAP RFC 1334, CHAP
// RFC 1994, EAP RFC 3748), IPCP (RFC 1332, 1877) and IPv6CP (RFC 5072) — what was agreed and how it ended.

import type { PppMsg } from './extractPpp';
import type { KeyValue, PppPhaseState, PppSummary, Side } from './types';

// Control-protocol packet codes (RFC 1661 §5) the summary acts on.
const CONF_ACK = 2;
const CONF_NAK = 3;
const CONF_REJ = 4;
const TERM_REQ = 5;
const PROTO_REJ = 8;

interface Ncp {
  /** The PPP protocol number it was seen with (a Protocol-Reject names it). */
  protocol: number;
  acked: { a: boolean; b: boolean };
  state: PppPhaseState;
  opened: boolean;
}

const other = (s: Side): Side => (s === 'a' ? 'b' : 'a');

export class PppTracker {
  private packets = 0;
  private readonly ncps = new Map<string, Ncp>();
  private readonly lcpAgreed: { a: KeyValue[]; b: KeyValue[] } = { a: [], b: [] };
  private authProto: string | undefined;
  private auth: PppSummary['auth'];
  private readonly addresses: { a?: string; b?: string } = {};
  private readonly dns: string[] = [];
  private readonly ifids: { a?: string; b?: string } = {};
  private terminated: PppSummary['terminated'];

  private ncp(name: string, protocol: number): Ncp {
    let n = this.ncps.get(name);
    if (!n) this.ncps.set(name, (n = { protocol, acked: { a: false, b: false }, state: 'negotiating', opened: false }));
    return n;
  }

  /** Accounts one packet from `from`. Returns 'auth-failed' when it reports a failed authentication. */
  onPacket(from: Side, m: PppMsg): 'auth-failed' | undefined {
    this.packets++;
    if (m.name === 'PAP' || m.name === 'CHAP' || m.name === 'EAP') return this.onAuth(from, m);
    const n = this.ncp(m.name, m.protocol);
    switch (m.code) {
      case CONF_ACK: {
        // An Ack repeats the options of the peer's request: these are what the peer gets.
        const requester = other(from);
        n.acked[requester] = true;
        if (n.state !== 'terminated' && n.acked.a && n.acked.b) {
          n.state = 'opened';
          n.opened = true;
        }
        if (m.name === 'LCP') {
          this.lcpAgreed[requester] = m.detail.filter((d) => d.key !== 'magic_number');
          if (m.authProtocol) this.authProto = m.authProtocol;
        }
        if (m.name === 'IPCP' && m.ipAddress !== undefined) this.addresses[requester] = m.ipAddress;
        if (m.name === 'IPCP') for (const d of m.dns) if (!this.dns.includes(d)) this.dns.push(d);
        if (m.name === 'IPv6CP' && m.interfaceId !== undefined) this.ifids[requester] = m.interfaceId;
        break;
      }
      case CONF_NAK: case CONF_REJ:
        if (m.name === 'LCP' && m.authProtocol) this.authProto = m.authProtocol;
        break;
      case TERM_REQ:
        n.state = 'terminated';
        if (m.name === 'LCP') {
          this.terminated ??= { frame: m.frame, by: from };
          for (const x of this.ncps.values()) if (x.state === 'opened') x.state = 'terminated';
        }
        break;
      case PROTO_REJ:
        if (m.name === 'LCP' && m.rejectedProtocol !== undefined) {
          for (const x of this.ncps.values()) if (x.protocol === m.rejectedProtocol) x.state = 'rejected';
        }
        break;
    }
    return undefined;
  }

  private onAuth(from: Side, m: PppMsg): 'auth-failed' | undefined {
    const a = (this.auth ??= { protocol: m.name, result: 'pending' });
    a.protocol = m.name;
    // PAP: 1 Authenticate-Request, 2 Ack, 3 Nak. CHAP: 1 Challenge, 2 Response, 3 Success, 4 Failure.
    // EAP: 3 Success, 4 Failure.
    if (m.name === 'PAP' && m.code === 1 && m.peer !== undefined) a.peer = m.peer;
    if (m.name === 'CHAP' && m.code === 2 && m.peer !== undefined) a.peer = m.peer;
    const ok = (m.name === 'PAP' && m.code === 2) || (m.name !== 'PAP' && m.code === 3);
    const bad = (m.name === 'PAP' && m.code === 3) || (m.name !== 'PAP' && m.code === 4);
    if (ok || bad) {
      a.result = ok ? 'success' : 'failure';
      a.frame = m.frame;
      if (m.message) a.message = m.message;
      else delete a.message;
    }
    return bad ? 'auth-failed' : undefined;
  }

  summary(label: (s: Side) => string): PppSummary {
    const lcp = this.ncps.get('LCP');
    const s: PppSummary = {
      packets: this.packets,
      lcp: { state: lcp?.state ?? 'none', opened: lcp?.opened ?? false, agreed: this.lcpAgreed },
      other: [],
      text: '',
    };
    if (this.auth) s.auth = this.auth;
    else if (this.authProto) s.auth = { protocol: this.authProto, result: 'pending' };
    const ipcp = this.ncps.get('IPCP');
    if (ipcp) s.ipcp = { state: ipcp.state, opened: ipcp.opened, addresses: this.addresses, dns: this.dns };
    const v6 = this.ncps.get('IPv6CP');
    if (v6) s.ipv6cp = { state: v6.state, opened: v6.opened, interfaceIds: this.ifids };
    for (const [name, n] of this.ncps) if (name !== 'LCP' && name !== 'IPCP' && name !== 'IPv6CP') s.other.push({ protocol: name, state: n.state, opened: n.opened });
    if (this.terminated) s.terminated = this.terminated;
    s.text = summaryText(s, label);
    return s;
  }
}

/** "LCP opened · PAP success (markw) · IPCP opened: LAC 172.16.10.2, LNS 172.16.10.1 · CCP rejected". */
export function summaryText(s: PppSummary, label: (side: Side) => string): string {
  if (!s.packets) return 'no PPP negotiation seen';
  // A phase that came up is reported as opened; a later Terminate shows as "terminated by …" at the end.
  const st = (p: { state: PppPhaseState; opened: boolean }): string => (p.opened ? 'opened' : p.state);
  const parts = [`LCP ${st(s.lcp)}`];
  const mru = (side: Side): string | undefined => s.lcp.agreed[side].find((d) => d.key === 'mru')?.value;
  const mrus = (['a', 'b'] as const).flatMap((side) => { const v = mru(side); return v ? [`${label(side)} ${v}`] : []; });
  if (mrus.length) parts[0] += ` (MRU ${mrus.join(', ')})`;
  if (s.auth) parts.push(`${s.auth.protocol} ${s.auth.result}${s.auth.peer !== undefined ? ` (${s.auth.peer})` : ''}`);
  if (s.ipcp) {
    const addrs = (['a', 'b'] as const).flatMap((side) => { const v = s.ipcp?.addresses[side]; return v ? [`${label(side)} ${v}`] : []; });
    parts.push(`IPCP ${st(s.ipcp)}${addrs.length ? `: ${addrs.join(', ')}` : ''}${s.ipcp.dns.length ? `, DNS ${s.ipcp.dns.join(' ')}` : ''}`);
  }
  if (s.ipv6cp) {
    const ids = (['a', 'b'] as const).flatMap((side) => { const v = s.ipv6cp?.interfaceIds[side]; return v ? [`${label(side)} ${v}`] : []; });
    parts.push(`IPv6CP ${st(s.ipv6cp)}${ids.length ? `: ${ids.join(', ')}` : ''}`);
  }
  for (const o of s.other) parts.push(`${o.protocol} ${st(o)}`);
  if (s.terminated) parts.push(`terminated by ${label(s.terminated.by)} (frame ${s.terminated.frame})`);
  return parts.join(' · ');
}
