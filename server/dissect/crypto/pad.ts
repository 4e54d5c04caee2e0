// Merkle–Damgård padding shared by MD5 (RFC 1321 §3.1–3.2) and SHA-1 (RFC 3174 §4): the message, 0x80,
// zeros to 56 mod 64, then the bit length in 64 bits — little-endian for MD5, big-endian for SHA-1.

export function padMessage(parts: readonly Uint8Array[], littleEndianLength: boolean): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const padLen = ((total + 8) >>> 6 << 6) + 64;
  const buf = new Uint8Array(padLen);
  let o = 0;
  for (const p of parts) { buf.set(p, o); o += p.length; }
  buf[total] = 0x80;
  const bits = total * 8;
  const lo = bits >>> 0;
  const hi = Math.floor(bits / 2 ** 32) >>> 0;
  for (let i = 0; i < 4; i++) {
    if (littleEndianLength) {
      buf[padLen - 8 + i] = (lo >>> (8 * i)) & 0xff;
      buf[padLen - 4 + i] = (hi >>> (8 * i)) & 0xff;
    } else {
      buf[padLen - 8 + i] = (hi >>> (24 - 8 * i)) & 0xff;
      buf[padLen - 4 + i] = (lo >>> (24 - 8 * i)) & 0xff;
    }
  }
  return buf;
}
