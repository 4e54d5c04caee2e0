// `l2tp-lens:` directive comments and timestamped summary lines (tcpdump, tshark -P, vendor sniffers).

import type { LineIssue } from './literals';
import { skipBlanks } from './scan';

export interface Directive {
  /** The layer named by `layer=` (undefined: not given; null: `auto`, back to guessing). */
  layer?: string | null;
  time?: { sec: number; ns: number };
  issues: LineIssue[];
}

const LAYERS: Record<string, string | null> = {
  eth: 'eth', ethernet: 'eth', ether: 'eth',
  ip: 'ip', ipv4: 'ip', ip4: 'ip', raw: 'ip',
  ipv6: 'ipv6', ip6: 'ipv6',
  udp: 'udp', l2tp: 'l2tp', ppp: 'ppp',
  sll: 'sll', 'linux-sll': 'sll', cooked: 'sll',
  auto: null, guess: null,
};

const DIRECTIVE = /^\s*(?:#|\/\/|<!--)\s*l2tp-lens\s*:/i;

/** Parses `# l2tp-lens: layer=l2tp time=1700000000.01` (also after `//` or `<!--`); null if not one. */
export function parseDirective(s: string): Directive | null {
  const m = DIRECTIVE.exec(s);
  if (!m) return null;
  const d: Directive = { issues: [] };
  const body = s.replace(/-->\s*$/, '');
  const re = /[^\s,;]+/g;
  re.lastIndex = m[0].length;
  for (let t = re.exec(body); t; t = re.exec(body)) {
    const word = t[0];
    const start = t.index;
    const end = start + word.length;
    const eq = word.indexOf('=');
    const key = (eq < 0 ? word : word.slice(0, eq)).toLowerCase();
    const value = eq < 0 ? '' : word.slice(eq + 1);
    if (key === 'layer' || key === 'start' || key === 'startat') {
      const layer = LAYERS[value.toLowerCase()];
      if (layer === undefined) {
        d.issues.push({
          code: 'hexdump.directive_value',
          message: `Unknown layer '${value}' (eth, ip, ipv6, udp, l2tp, ppp, sll, raw, auto)`,
          start: start + eq + 1, end,
        });
      } else d.layer = layer;
    } else if (key === 'time' || key === 'ts') {
      const ts = /^(\d{1,12})(?:\.(\d{1,9}))?$/.exec(value);
      if (ts?.[1] === undefined) {
        d.issues.push({ code: 'hexdump.directive_value', message: `time= wants epoch seconds such as 1700000000.010000, not '${value}'`, start: start + eq + 1, end });
      } else d.time = { sec: Number(ts[1]), ns: fractionNs(ts[2]) };
    } else {
      d.issues.push({ code: 'hexdump.directive_key', message: `Unknown directive '${word}' (layer=..., time=...)`, start, end });
    }
  }
  return d;
}

export interface Summary {
  sec?: number;
  ns?: number;
}

function fractionNs(frac: string | undefined): number {
  return frac ? Number(frac.padEnd(9, '0')) : 0;
}

// tcpdump default / -tttt / ISO (text2pcap, FortiGate), tcpdump -tt, and tshark -P's "No. Time" columns.
const TOD = /^\s*(?:(\d{4})-(\d\d)-(\d\d)[ T])?(\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?(Z|[+-]\d\d:?\d\d)?(?:\s|$)/;
const EPOCH = /^\s*(\d{9,11})\.(\d{1,9})(?:\s|$)/;
const TSHARK = /^\s*\d+\s+-?\d+\.\d+\s+\S/;

/**
 * Recognises a summary line that introduces a frame; null if the line is not one. Dates are taken as UTC
 * (tcpdump prints local time and does not say which zone); a bare time of day gives seconds since midnight.
 */
export function parseSummary(s: string): Summary | null {
  const c = s.charCodeAt(skipBlanks(s, 0));
  if (!(c >= 48 && c <= 57)) return null;
  const e = EPOCH.exec(s);
  if (e?.[1] !== undefined) return { sec: Number(e[1]), ns: fractionNs(e[2]) };
  const t = TOD.exec(s);
  if (t?.[4] !== undefined) {
    const h = Number(t[4]);
    const mi = Number(t[5]);
    const se = Number(t[6]);
    if (h > 23 || mi > 59 || se > 60) return null;
    let sec = h * 3600 + mi * 60 + se;
    if (t[1] !== undefined) {
      const day = Date.UTC(Number(t[1]), Number(t[2]) - 1, Number(t[3]));
      if (!Number.isFinite(day)) return null;
      sec += Math.floor(day / 1000);
      const z = t[8];
      if (z !== undefined && z !== 'Z') {
        const zs = z.replace(':', '');
        sec -= (zs[0] === '-' ? -1 : 1) * (Number(zs.slice(1, 3)) * 3600 + Number(zs.slice(3, 5)) * 60);
      }
    }
    return { sec, ns: fractionNs(t[7]) };
  }
  if (TSHARK.test(s)) return {};
  return null;
}
