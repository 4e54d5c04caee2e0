// HMAC (RFC 2104) over the engine's own MD5 and SHA-1.

import { md5 } from './md5';
import { sha1 } from './sha1';

export type HashName = 'md5' | 'sha1';

const HASHES: Record<HashName, (...parts: Uint8Array[]) => Uint8Array> = { md5, sha1 };

/** HMAC of the concatenation of `parts` under `key` (block size 64 for both hashes). */
export function hmac(hash: HashName, key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  const h = HASHES[hash];
  let k = key.length > 64 ? h(key) : key;
  const block = new Uint8Array(64);
  block.set(k);
  k = block;
  const ipad = new Uint8Array(64);
  const opad = new Uint8Array(64);
  for (let i = 0; i < 64; i++) {
    ipad[i] = (k[i] ?? 0) ^ 0x36;
    opad[i] = (k[i] ?? 0) ^ 0x5c;
  }
  return h(opad, h(ipad, ...parts));
}

/** UTF-8 bytes of a string (secrets are given as text). */
export function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** Constant-shape equality of two byte arrays. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return d === 0;
}
