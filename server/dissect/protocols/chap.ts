// PPP Challenge Handshake Authentication Protocol (RFC 1994 §4; MS-CHAP RFC 2433, MS-CHAPv2 RFC 2759):
// Challenge/Response carry a Value and the sender's Name, Success/Failure a message. The Info column shows
// them as tshark does ("Response (NAME='bob', VALUE=0xf841…)").

import type { Builder, Parent } from '../builder';
import { need } from '../common';
import { defineExperts } from '../expert';
import { defineFields } from '../fields';
import type { PacketInfo } from '../packet';
import type { ProtocolModule, Registry } from '../registry';
import type { Tvb } from '../tvb';
import { bytesToStr, formatText, plural, registerNested } from './pppCp';

export const CHAP_CODES: Readonly<Record<number, string>> = {
  1: 'Challenge',
  2: 'Response',
  3: 'Success',
  4: 'Failure',
};

export const hf = defineFields({
  chap: { abbrev: 'chap', name: 'PPP Challenge Handshake Authentication Protocol', type: 'protocol', ref: 'RFC 1994 §4' },
  code: { abbrev: 'chap.code', name: 'Code', type: 'uint8', base: 'dec', vals: CHAP_CODES, ref: 'RFC 1994 §4', blurb: 'CHAP code' },
  identifier: { abbrev: 'chap.identifier', name: 'Identifier', type: 'uint8', base: 'dec', ref: 'RFC 1994 §4', blurb: 'CHAP identifier: a Response and the Success/Failure carry the Identifier of the Challenge they answer.' },
  length: { abbrev: 'chap.length', name: 'Length', type: 'uint16', base: 'dec', ref: 'RFC 1994 §4', blurb: 'CHAP length' },
  data: { abbrev: 'chap.data', name: 'Data', type: 'none', ref: 'RFC 1994 §4.1', blurb: 'CHAP Data' },
  value_size: { abbrev: 'chap.value_size', name: 'Value Size', type: 'uint8', base: 'dec', ref: 'RFC 1994 §4.1', blurb: 'CHAP value size' },
  value: { abbrev: 'chap.value', name: 'Value', type: 'bytes', ref: 'RFC 1994 §4.1', blurb: 'CHAP value data: the challenge, or the hash of Identifier, secret and challenge in a Response.' },
  name: { abbrev: 'chap.name', name: 'Name', type: 'string', ref: 'RFC 1994 §4.1', blurb: 'CHAP name: the system sending the packet.' },
  message: { abbrev: 'chap.message', name: 'Message', type: 'string', ref: 'RFC 1994 §4.2', blurb: 'CHAP message' },
  stuff: { abbrev: 'chap.stuff', name: 'Stuff', type: 'bytes' },
});

export const ei = defineExperts({
  length: { abbrev: 'chap.length.invalid', severity: 'warning', group: 'malformed', summary: 'CHAP Length is smaller than the 4-octet header', ref: 'RFC 1994 §4' },
  value_size: { abbrev: 'chap.value_size.invalid', severity: 'warning', group: 'malformed', summary: 'CHAP Value-Size runs past the packet\'s Length', ref: 'RFC 1994 §4.1' },
});

/**
 * Returns the octets the CHAP packet claims (its Length, clipped to what was captured) once that is known, so
 * the PPP layer shows what follows it in the frame (see ppp.ts beyondPacket).
 */
export function dissectChap(tvb: Tvb, pinfo: PacketInfo, t: Builder, parent: Parent, nested: boolean): number | void {
  pinfo.protocols.push('chap');
  const top = t.add(parent, tvb, hf.chap, 0, tvb.length);
  if (!need(t, top, tvb, 0, 1, 'CHAP Code')) return;
  const code = tvb.u8(0);
  const name = CHAP_CODES[code] ?? 'Unknown';
  const columns = pinfo.columns && !nested;
  if (columns) {
    pinfo.protocol = 'PPP CHAP';
    pinfo.info = name;
  }
  t.add(top, tvb, hf.code, 0, 1, code, t.tree ? `Code: ${name} (${code})` : undefined);
  if (!need(t, top, tvb, 1, 1, 'CHAP Identifier')) return;
  t.add(top, tvb, hf.identifier, 1, 1, tvb.u8(1));
  if (!need(t, top, tvb, 2, 2, 'CHAP Length')) return;
  const length = tvb.u16(2);
  if (length < 4) {
    const item = t.add(top, tvb, hf.length, 2, 2, length, t.tree ? `Length: ${length} (invalid, must be >= 4)` : undefined);
    t.problem(item ?? top, tvb, ei.length, 2, 2, `CHAP Length ${length} is smaller than the 4-octet header`);
    return;
  }
  const claimed = Math.min(length, tvb.length);
  t.setLength(top, claimed);
  t.add(top, tvb, hf.length, 2, 2, length);
  let len = length - 4;
  switch (code) {
    case 1: case 2: {
      if (len <= 0) break;
      const data = t.add(top, tvb, hf.data, 4, len);
      len--;
      if (!need(t, data, tvb, 4, 1, 'Value-Size')) return claimed;
      const vs = tvb.u8(4);
      if (vs > len) {
        const item = t.add(data, tvb, hf.value_size, 4, 1, vs, t.tree ? `Value Size: ${vs} byte${plural(vs)} (invalid, must be <= ${len})` : undefined);
        t.problem(item ?? data, tvb, ei.value_size, 4, 1, `Value-Size ${vs} exceeds the ${len} octet${plural(len)} left in the packet`);
        return claimed;
      }
      t.add(data, tvb, hf.value_size, 4, 1, vs);
      if (len > 0) {
        if (!need(t, data, tvb, 5, vs, 'Value')) return claimed;
        t.add(data, tvb, hf.value, 5, vs);
        len -= vs;
        let nameText = '';
        if (len > 0) {
          if (!need(t, data, tvb, 5 + vs, len, 'Name')) return claimed;
          t.add(data, tvb, hf.name, 5 + vs, len, t.wants(hf.name) ? tvb.str(5 + vs, len) : undefined);
          if (columns) nameText = formatText(tvb.bytes(5 + vs, Math.min(len, 20))) + (len > 20 ? '...' : '');
        }
        if (columns) pinfo.info += ` (NAME='${nameText}', VALUE=0x${bytesToStr(tvb.bytes(5, vs))})`;
      }
      break;
    }
    case 3: case 4:
      if (len > 0) {
        if (!need(t, top, tvb, 4, len, 'Message')) return claimed;
        t.add(top, tvb, hf.message, 4, len, t.wants(hf.message) ? tvb.str(4, len) : undefined);
      }
      if (columns) pinfo.info += ` (MESSAGE='${formatText(tvb.bytes(4, len))}')`;
      break;
    default:
      if (len > 0 && need(t, top, tvb, 4, len, 'data')) t.add(top, tvb, hf.stuff, 4, len);
      break;
  }
  return claimed;
}

registerNested(0xc223, dissectChap);

export const chap: ProtocolModule = {
  name: 'chap',
  register(reg: Registry): void {
    reg.add('ppp.protocol', 0xc223, { name: 'chap', dissect: (tvb, pinfo, t) => dissectChap(tvb, pinfo, t, null, false) });
  },
};
