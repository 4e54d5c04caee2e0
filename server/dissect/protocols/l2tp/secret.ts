// The L2TP uses of the shared secret: hidden AVP recovery (RFC 2661 §4.3), tunnel authentication
// (RFC 2661 §5.1.1: CHAP-like MD5 over message type, secret and challenge) and the L2TPv3 control
// message digest (RFC 3931 §5.4.1, keyed as Wireshark does: Shared-Key = HMAC-MD5(secret, 0x02)).

// The engine's own pure-TypeScript hashes (server/dissect/crypto/), not Node's crypto module.
import { md5 } from '../../crypto/md5';
import { bytesEqual, hmac, utf8 } from '../../crypto/hmac';

export { bytesEqual };

export interface Unhidden {
  /** The whole recovered plaintext: 2-octet original length, value, padding. */
  plain: Uint8Array;
  /** Original (value) length from the first two octets. */
  origLen: number;
  /** Index of the secret that worked (0-based). */
  secretIndex: number;
}

/** XOR-decrypts a hidden AVP value with one secret. */
export function unhide(type: number, secret: Uint8Array, rv: Uint8Array, cipher: Uint8Array): Uint8Array {
  const out = new Uint8Array(cipher.length);
  const typeBytes = new Uint8Array([(type >> 8) & 0xff, type & 0xff]);
  for (let blk = 0; blk < cipher.length; blk += 16) {
    const b = blk === 0 ? md5(typeBytes, secret, rv) : md5(secret, cipher.subarray(blk - 16, blk));
    for (let i = 0; i < 16 && blk + i < cipher.length; i++) out[blk + i] = (cipher[blk + i] ?? 0) ^ (b[i] ?? 0);
  }
  return out;
}

/**
 * Tries each secret; a result is plausible when the recovered original length fits in the ciphertext
 * (and equals `expectLen` when the AVP has a fixed length). Returns the first plausible one.
 */
export function tryUnhide(type: number, secrets: readonly string[], rv: Uint8Array, cipher: Uint8Array, expectLen?: number): Unhidden | undefined {
  if (cipher.length < 2) return undefined;
  for (let i = 0; i < secrets.length; i++) {
    const plain = unhide(type, utf8(secrets[i] ?? ''), rv, cipher);
    const origLen = ((plain[0] ?? 0) << 8) | (plain[1] ?? 0);
    if (origLen > cipher.length - 2) continue;
    if (expectLen !== undefined && origLen !== expectLen) continue;
    return { plain, origLen, secretIndex: i };
  }
  return undefined;
}

/** RFC 2661 §5.1.1: MD5(low octet of the message type, secret, challenge). */
export function challengeResponse(msgType: number, secret: string, challenge: Uint8Array): Uint8Array {
  return md5(new Uint8Array([msgType & 0xff]), utf8(secret), challenge);
}

/** Returns the index of the secret whose response matches, -1 if none. */
export function checkChallengeResponse(msgType: number, secrets: readonly string[], challenge: Uint8Array, response: Uint8Array): number {
  for (let i = 0; i < secrets.length; i++) {
    if (bytesEqual(challengeResponse(msgType, secrets[i] ?? '', challenge), response)) return i;
  }
  return -1;
}

/**
 * RFC 3931 §5.4.1 message digest: HMAC over (nonces +) the control message with the digest value zeroed.
 * `msg` is the control message from its flags octet to its end; `digestOff` the offset in `msg` of the
 * digest type octet; `digestLen` the AVP value length (type octet + digest).
 */
export function messageDigest(alg: 'md5' | 'sha1', secret: string, nonces: readonly Uint8Array[], msg: Uint8Array, digestOff: number, digestLen: number): Uint8Array {
  const key = hmac('md5', utf8(secret), new Uint8Array([2]));
  const zeroed = msg.slice();
  zeroed.fill(0, digestOff + 1, Math.min(msg.length, digestOff + digestLen));
  return hmac(alg, key, ...nonces, zeroed);
}
