// Guesses the first layer of a text dump from its leading bytes (no directive given).

const ETHERTYPES = new Set([0x0800, 0x86dd, 0x8100, 0x88a8, 0x8864, 0x8863, 0x0806]);
const PPP_PROTOCOLS = new Set([0xc021, 0xc023, 0xc223, 0x8021, 0x0021, 0x8057, 0x0057, 0x80fd, 0x00fd]);
const L2TP_PORT = 1701;

type Bytes = ArrayLike<number>;

const at = (b: Bytes, i: number): number => b[i] ?? 0;
const u16 = (b: Bytes, i: number): number => (at(b, i) << 8) | at(b, i + 1);

function isEth(b: Bytes, n: number): boolean {
  if (n < 14) return false;
  const et = u16(b, 12);
  if (!ETHERTYPES.has(et)) return false;
  // Bytes 12-13 of an IPv4 header (the source address) can look like an EtherType; the next header can't.
  if (n > 14 && et === 0x0800) return at(b, 14) >> 4 === 4;
  if (n > 14 && et === 0x86dd) return at(b, 14) >> 4 === 6;
  return true;
}

function isSll(b: Bytes, n: number): boolean {
  return n >= 16 && at(b, 0) === 0 && at(b, 1) <= 4 && at(b, 4) === 0 && at(b, 5) <= 8 &&
    (ETHERTYPES.has(u16(b, 14)) || u16(b, 14) === 0x0004);
}

function isIpv4(b: Bytes, n: number): boolean {
  const ihl = at(b, 0) & 0x0f;
  return n >= 1 && at(b, 0) >> 4 === 4 && ihl >= 5 && (n < 4 || u16(b, 2) >= ihl * 4);
}

function isUdp1701(b: Bytes, n: number): boolean {
  if (n < 8 || (u16(b, 0) !== L2TP_PORT && u16(b, 2) !== L2TP_PORT)) return false;
  const len = u16(b, 4);
  return len >= 8 && len >= n;
}

/** An L2TP v2/v3 header as carried in UDP: version 2 or 3, reserved bits clear, control => T+L+S. */
function isL2tp(b: Bytes, n: number): boolean {
  if (n < 6) return false;
  const f = at(b, 0);
  const v = at(b, 1);
  const ver = v & 0x0f;
  if ((v & 0xf0) !== 0 || (ver !== 2 && ver !== 3) || (f & 0x34) !== 0) return false;
  return (f & 0x80) === 0 || (f & 0xcb) === 0xc8;
}

function isPpp(b: Bytes, n: number): boolean {
  if (n < 2) return false;
  return (at(b, 0) === 0xff && at(b, 1) === 0x03) || PPP_PROTOCOLS.has(u16(b, 0));
}

/** The first dissector for these bytes, or undefined when nothing matches. */
export function guessLayer(b: Bytes, n = b.length): string | undefined {
  if (isEth(b, n)) return 'eth';
  if (isSll(b, n)) return 'sll';
  if (at(b, 0) === 0x45 && isIpv4(b, n)) return 'ip';
  if (isUdp1701(b, n)) return 'udp';
  if (isL2tp(b, n)) return 'l2tp';
  // 0x46-0x4f after L2TP: 0x48 0x02 is far more often L2TP (L+S bits) than IPv4 with 12 bytes of options.
  if (isIpv4(b, n)) return 'ip';
  if (n >= 1 && at(b, 0) >> 4 === 6) return 'ipv6';
  if (isPpp(b, n)) return 'ppp';
  return undefined;
}

function ipv4ChecksumOk(b: Bytes, n: number): boolean {
  const hl = (at(b, 0) & 0x0f) * 4;
  if (hl < 20 || n < hl) return false;
  let sum = 0;
  for (let i = 0; i < hl; i += 2) sum += u16(b, i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum === 0xffff;
}

/**
 * True when the bytes are very likely the start of a packet (not the middle of one): used to tell
 * one-packet-per-line hex streams from one packet wrapped over several lines.
 */
export function looksLikePacketStart(b: Bytes, n = b.length): boolean {
  if (isEth(b, n) || isSll(b, n)) return true;
  if (at(b, 0) >> 4 === 4) return ipv4ChecksumOk(b, n);
  if (at(b, 0) >> 4 === 6) return n >= 40 && u16(b, 4) + 40 === n;
  if (isL2tp(b, n) && (at(b, 0) & 0x40) !== 0) return u16(b, 2) === n;
  return at(b, 0) === 0xff && at(b, 1) === 0x03 && PPP_PROTOCOLS.has(u16(b, 2));
}
