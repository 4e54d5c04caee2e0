// SHA-1 (FIPS 180-4) in plain TypeScript, for L2TPv3 HMAC-SHA-1 message digests (RFC 3931 §5.4.1).
import { padMessage } from './pad';

function rotl(x: number, n: number): number {
  return ((x << n) | (x >>> (32 - n))) >>> 0;
}

/** SHA-1 of the concatenation of `parts`. */
export function sha1(...parts: Uint8Array[]): Uint8Array {
  const buf = padMessage(parts, false);
  const padLen = buf.length;
  let h0 = 0x67452301, h1 = 0xefcdab89, h2 = 0x98badcfe, h3 = 0x10325476, h4 = 0xc3d2e1f0;
  const w = new Uint32Array(80);
  for (let blk = 0; blk < padLen; blk += 64) {
    for (let i = 0; i < 16; i++) {
      const j = blk + i * 4;
      w[i] = (((buf[j] ?? 0) << 24) | ((buf[j + 1] ?? 0) << 16) | ((buf[j + 2] ?? 0) << 8) | (buf[j + 3] ?? 0)) >>> 0;
    }
    for (let i = 16; i < 80; i++) w[i] = rotl((w[i - 3] ?? 0) ^ (w[i - 8] ?? 0) ^ (w[i - 14] ?? 0) ^ (w[i - 16] ?? 0), 1);
    let a = h0, b = h1, c = h2, d = h3, e = h4;
    for (let i = 0; i < 80; i++) {
      let f: number, k: number;
      if (i < 20) { f = (b & c) | (~b & d); k = 0x5a827999; }
      else if (i < 40) { f = b ^ c ^ d; k = 0x6ed9eba1; }
      else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8f1bbcdc; }
      else { f = b ^ c ^ d; k = 0xca62c1d6; }
      const tmp = (rotl(a, 5) + f + e + k + (w[i] ?? 0)) >>> 0;
      e = d; d = c; c = rotl(b, 30); b = a; a = tmp;
    }
    h0 = (h0 + a) >>> 0; h1 = (h1 + b) >>> 0; h2 = (h2 + c) >>> 0; h3 = (h3 + d) >>> 0; h4 = (h4 + e) >>> 0;
  }
  const out = new Uint8Array(20);
  [h0, h1, h2, h3, h4].forEach((x, i) => {
    for (let k = 0; k < 4; k++) out[i * 4 + k] = (x >>> (24 - 8 * k)) & 0xff;
  });
  return out;
}
