// MD5 (RFC 1321) in plain TypeScript: the engine may not import Node built-ins. Used for L2TP hidden
// AVPs (RFC 2661 §4.3), tunnel authentication (Challenge Response) and L2TPv3 HMAC-MD5 digests.
import { padMessage } from './pad';

const S = [
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
  5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
  4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
  6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
];
const K = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0);

/** MD5 of the concatenation of `parts`. */
export function md5(...parts: Uint8Array[]): Uint8Array {
  const buf = padMessage(parts, true);
  const padLen = buf.length;
  let a0 = 0x67452301, b0 = 0xefcdab89, c0 = 0x98badcfe, d0 = 0x10325476;
  const M = new Uint32Array(16);
  for (let blk = 0; blk < padLen; blk += 64) {
    for (let i = 0; i < 16; i++) {
      const j = blk + i * 4;
      M[i] = ((buf[j] ?? 0) | ((buf[j + 1] ?? 0) << 8) | ((buf[j + 2] ?? 0) << 16) | ((buf[j + 3] ?? 0) << 24)) >>> 0;
    }
    let A = a0, B = b0, C = c0, D = d0;
    for (let i = 0; i < 64; i++) {
      let F: number, g: number;
      if (i < 16) { F = (B & C) | (~B & D); g = i; }
      else if (i < 32) { F = (D & B) | (~D & C); g = (5 * i + 1) % 16; }
      else if (i < 48) { F = B ^ C ^ D; g = (3 * i + 5) % 16; }
      else { F = C ^ (B | ~D); g = (7 * i) % 16; }
      const tmp = D;
      D = C;
      C = B;
      const x = (A + F + (K[i] ?? 0) + (M[g] ?? 0)) >>> 0;
      const s = S[i] ?? 0;
      B = (B + ((x << s) | (x >>> (32 - s)))) >>> 0;
      A = tmp;
    }
    a0 = (a0 + A) >>> 0; b0 = (b0 + B) >>> 0; c0 = (c0 + C) >>> 0; d0 = (d0 + D) >>> 0;
  }
  const out = new Uint8Array(16);
  [a0, b0, c0, d0].forEach((w, i) => {
    for (let k = 0; k < 4; k++) out[i * 4 + k] = (w >>> (8 * k)) & 0xff;
  });
  return out;
}
