// Decoding preferences (Wireshark's protocol preferences): ports, decode-as, secrets, L2TPv3 options.

export type CookieSize = 'detect' | 0 | 4 | 8;
export type L2SublayerPref = 'detect' | 'none' | 'default' | 'atm' | 'mpt' | 'psp';

export interface Preferences {
  /** UDP ports dissected as L2TP (either end). */
  l2tpUdpPorts: number[];
  /** Decode-as rules: table name → key → dissector name (e.g. 'udp.port' → 1702 → 'l2tp'). */
  decodeAs: Map<string, Map<number, string>>;
  /** Shared secrets tried for hidden AVPs, challenge responses and L2TPv3 message digests. */
  secrets: string[];
  /** L2TPv3 cookie size when the control channel is not in the capture. */
  l2tpv3Cookie: CookieSize;
  l2tpv3Sublayer: L2SublayerPref;
  /** L2TPv3 pseudowire type for sessions with no control channel (undefined: leave payload as data). */
  l2tpv3PwType?: number;
  /** Reassemble fragmented IPv4/IPv6 datagrams (tshark's default is on). */
  reassembleIp: boolean;
}

export function defaultPreferences(): Preferences {
  return {
    l2tpUdpPorts: [1701],
    decodeAs: new Map(),
    secrets: [],
    l2tpv3Cookie: 'detect',
    l2tpv3Sublayer: 'detect',
    reassembleIp: true,
  };
}
