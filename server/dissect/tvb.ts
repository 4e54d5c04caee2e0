// A bounded view of captured bytes (Wireshark's tvbuff). Offsets given to its methods are relative to
// the view; nodes record absolute offsets in their data source. Reads past the captured end return 0
// instead of throwing: dissectors check `has()` first and report a problem when it fails.

export class Tvb {
  /**
   * @param data the whole data source (a frame's bytes or a reassembled buffer)
   * @param start absolute offset of this view in `data`
   * @param end absolute end of the captured bytes of this view (exclusive)
   * @param reportedEnd absolute end the protocol says the bytes go to (≥ end when the capture was cut)
   * @param source index of the data source (0 = the frame itself)
   */
  constructor(
    readonly data: Uint8Array,
    readonly start: number,
    readonly end: number,
    readonly reportedEnd: number,
    readonly source = 0,
  ) {}

  static of(data: Uint8Array, reportedLength = data.length, source = 0): Tvb {
    return new Tvb(data, 0, data.length, Math.max(reportedLength, data.length), source);
  }

  /** Captured bytes in this view. */
  get length(): number {
    return this.end - this.start;
  }

  /** Bytes the protocol reports (may exceed what was captured). */
  get reportedLength(): number {
    return this.reportedEnd - this.start;
  }

  /** True when `n` bytes from `off` were captured. */
  has(off: number, n: number): boolean {
    return off >= 0 && n >= 0 && this.start + off + n <= this.end;
  }

  /** Captured bytes remaining from `off` (0 when past the end). */
  remaining(off: number): number {
    return Math.max(0, this.end - this.start - off);
  }

  /**
   * A sub-view from `off`, `len` bytes long (default: to the end). The captured end is clipped to this
   * view's; the reported end is `off + len` when given (it may lie beyond what was captured).
   */
  sub(off: number, len?: number): Tvb {
    const s = Math.min(this.start + Math.max(0, off), this.end);
    if (len === undefined) return new Tvb(this.data, s, this.end, Math.max(this.reportedEnd, this.end), this.source);
    const rep = this.start + off + Math.max(0, len);
    return new Tvb(this.data, s, Math.min(rep, this.end), rep, this.source);
  }

  u8(off: number): number {
    return this.data[this.start + off] ?? 0;
  }

  u16(off: number): number {
    const i = this.start + off;
    return ((this.data[i] ?? 0) << 8) | (this.data[i + 1] ?? 0);
  }

  u16le(off: number): number {
    const i = this.start + off;
    return (this.data[i] ?? 0) | ((this.data[i + 1] ?? 0) << 8);
  }

  u24(off: number): number {
    const i = this.start + off;
    return ((this.data[i] ?? 0) << 16) | ((this.data[i + 1] ?? 0) << 8) | (this.data[i + 2] ?? 0);
  }

  u32(off: number): number {
    const i = this.start + off;
    return (((this.data[i] ?? 0) << 24) | ((this.data[i + 1] ?? 0) << 16) | ((this.data[i + 2] ?? 0) << 8) | (this.data[i + 3] ?? 0)) >>> 0;
  }

  u32le(off: number): number {
    const i = this.start + off;
    return ((this.data[i] ?? 0) | ((this.data[i + 1] ?? 0) << 8) | ((this.data[i + 2] ?? 0) << 16) | ((this.data[i + 3] ?? 0) << 24)) >>> 0;
  }

  /** A 64-bit unsigned integer as an exact decimal string. */
  u64(off: number): string {
    return ((BigInt(this.u32(off)) << 32n) | BigInt(this.u32(off + 4))).toString();
  }

  /** A copy-free view of captured bytes (clipped to what was captured). */
  bytes(off: number, len: number): Uint8Array {
    const s = Math.min(this.start + Math.max(0, off), this.end);
    const e = Math.min(s + Math.max(0, len), this.end);
    return this.data.subarray(s, e);
  }

  /** Lower-case hex of captured bytes, `sep` between bytes. */
  hex(off: number, len: number, sep = ''): string {
    const b = this.bytes(off, len);
    let s = '';
    for (let i = 0; i < b.length; i++) {
      if (i > 0 && sep) s += sep;
      s += HEX[b[i] ?? 0];
    }
    return s;
  }

  ipv4(off: number): string {
    return formatIpv4(this.data, this.start + off);
  }

  ether(off: number): string {
    return this.has(off, 6) ? formatEther(this.data, this.start + off) : this.hex(off, 6, ':');
  }

  ipv6(off: number): string {
    return formatIpv6(this.bytes(off, 16));
  }

  /**
   * A string as tshark shows it: stops at NUL, bytes ≥ 0x80 become U+FFFD (tshark's ASCII handling of
   * FT_STRING with ENC_ASCII).
   */
  str(off: number, len: number): string {
    const b = this.bytes(off, len);
    let s = '';
    for (let i = 0; i < b.length; i++) {
      const c = b[i] ?? 0;
      if (c === 0) break;
      s += c >= 0x80 ? '\ufffd' : String.fromCharCode(c);
    }
    return s;
  }

  /** Absolute offset of a relative one (for node ranges). */
  abs(off: number): number {
    return this.start + off;
  }
}

export const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A direct-mapped cache of dotted-quad texts by address: captures repeat a few addresses on every frame, and
 * the text is made once per address (per slot) instead of once per frame.
 */
const IP4_SLOTS = 65536;
const ip4Keys = new Int32Array(IP4_SLOTS);
const ip4Text: (string | undefined)[] = new Array<string | undefined>(IP4_SLOTS).fill(undefined);

/** Dotted-quad text of the 4 bytes at `i` in `b` (0 for bytes past the end, as Tvb reads do). */
export function formatIpv4(b: Uint8Array, i: number): string {
  const a0 = b[i] ?? 0, a1 = b[i + 1] ?? 0, a2 = b[i + 2] ?? 0, a3 = b[i + 3] ?? 0;
  const k = (a0 << 24) | (a1 << 16) | (a2 << 8) | a3;
  const slot = (k ^ (k >>> 12) ^ (k >>> 24)) & (IP4_SLOTS - 1);
  const hit = ip4Text[slot];
  if (hit !== undefined && ip4Keys[slot] === k) return hit;
  const text = `${a0}.${a1}.${a2}.${a3}`;
  ip4Keys[slot] = k;
  ip4Text[slot] = text;
  return text;
}

const MAC_SLOTS = 1024;
const macHi = new Int32Array(MAC_SLOTS);
const macLo = new Int32Array(MAC_SLOTS);
const macText: (string | undefined)[] = new Array<string | undefined>(MAC_SLOTS).fill(undefined);

/** aa:bb:cc:dd:ee:ff of the 6 bytes at `i` (all captured); cached as formatIpv4's texts are (a tree shows each address twice). */
export function formatEther(b: Uint8Array, i: number): string {
  const hi = ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
  const lo = ((b[i + 2] ?? 0) << 24) | ((b[i + 3] ?? 0) << 16) | ((b[i + 4] ?? 0) << 8) | (b[i + 5] ?? 0);
  const slot = (lo ^ (lo >>> 10) ^ (lo >>> 20) ^ hi) & (MAC_SLOTS - 1);
  const hit = macText[slot];
  if (hit !== undefined && macHi[slot] === hi && macLo[slot] === lo) return hit;
  let text = '';
  for (let k = 0; k < 6; k++) text += (k ? ':' : '') + HEX[b[i + k] ?? 0];
  macHi[slot] = hi;
  macLo[slot] = lo;
  macText[slot] = text;
  return text;
}

/** IPv6 text form per RFC 5952 (longest run of ≥2 zero groups compressed, lower case, IPv4-mapped kept as hex). */
export function formatIpv6(b: Uint8Array): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push(((b[2 * i] ?? 0) << 8) | (b[2 * i + 1] ?? 0));
  let bestStart = -1, bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  if (bestLen < 2) bestStart = -1;
  // tshark prints IPv4-mapped and IPv4-compatible addresses with a dotted tail (inet_ntop does)
  const dotted = (first6zero: boolean) =>
    first6zero && g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && (g[5] === 0xffff || (g[5] === 0 && (g[6] ?? 0) !== 0));
  if (dotted(true)) {
    const tail = `${b[12] ?? 0}.${b[13] ?? 0}.${b[14] ?? 0}.${b[15] ?? 0}`;
    return g[5] === 0xffff ? `::ffff:${tail}` : `::${tail}`;
  }
  const hex = (xs: number[]) => xs.map((x) => x.toString(16)).join(':');
  if (bestStart < 0) return hex(g);
  return `${hex(g.slice(0, bestStart))}::${hex(g.slice(bestStart + bestLen))}`;
}
