// PPP Password Authentication Protocol (RFC 1334 §2): Authenticate-Request with Peer-ID and Password in clear
// text, Authenticate-Ack/Nak with a message. As tshark, the fields are read from the packet's octets without
// bounding them by the Length field; the Info column quotes them ("Authenticate-Request (Peer-ID='alice',
// Password='wonderland')").

import type { Builder, Parent } from '../builder';
import { need } from '../common';
import { defineFields } from '../fields';
import type { FieldDef } from '../fields';
import type { PacketInfo } from '../packet';
import type { ProtocolModule, Registry } from '../registry';
import type { Tvb } from '../tvb';
import { formatText, registerNested } from './pppCp';

export const PAP_CODES: Readonly<Record<number, string>> = {
  1: 'Authenticate-Request',
  2: 'Authenticate-Ack',
  3: 'Authenticate-Nak',
};

export const hf = defineFields({
  pap: { abbrev: 'pap', name: 'PPP Password Authentication Protocol', type: 'protocol', ref: 'RFC 1334 §2' },
  code: { abbrev: 'pap.code', name: 'Code', type: 'uint8', base: 'dec', vals: PAP_CODES, ref: 'RFC 1334 §2.2', blurb: 'The Code field is one octet and identifies the type of PAP packet' },
  identifier: { abbrev: 'pap.identifier', name: 'Identifier', type: 'uint8', base: 'dec', ref: 'RFC 1334 §2.2', blurb: 'The Identifier field is one octet and aids in matching requests and replies.' },
  length: { abbrev: 'pap.length', name: 'Length', type: 'uint16', base: 'dec', ref: 'RFC 1334 §2.2', blurb: 'The Length field is two octets and indicates the length of the PAP packet' },
  data: { abbrev: 'pap.data', name: 'Data', type: 'none', ref: 'RFC 1334 §2.2', blurb: 'The format of the Data field is determined by the Code field' },
  peer_id_length: { abbrev: 'pap.peer_id.length', name: 'Peer-ID-Length', type: 'uint8', base: 'dec', ref: 'RFC 1334 §2.2.1', blurb: 'The Peer-ID-Length field is one octet and indicates the length of the Peer-ID field' },
  peer_id: { abbrev: 'pap.peer_id', name: 'Peer-ID', type: 'string', ref: 'RFC 1334 §2.2.1', blurb: 'The Peer-ID field is zero or more octets and indicates the name of the peer to be authenticated' },
  password_length: { abbrev: 'pap.password.length', name: 'Password-Length', type: 'uint8', base: 'dec', ref: 'RFC 1334 §2.2.1', blurb: 'The Password-Length field is one octet and indicates the length of the Password field' },
  password: { abbrev: 'pap.password', name: 'Password', type: 'string', ref: 'RFC 1334 §2.2.1', blurb: 'The Password field is zero or more octets and indicates the password to be used for authentication (sent in clear text)' },
  message_length: { abbrev: 'pap.message.length', name: 'Message-Length', type: 'uint8', base: 'dec', ref: 'RFC 1334 §2.2.2', blurb: 'The Message-Length field is one octet and indicates the length of the Message field' },
  message: { abbrev: 'pap.message', name: 'Message', type: 'string', ref: 'RFC 1334 §2.2.2', blurb: 'The Message field is zero or more octets, and its contents are implementation dependent.' },
  stuff: { abbrev: 'pap.stuff', name: 'stuff', type: 'bytes' },
});

/**
 * One length-prefixed string: the length item, then the string. Returns its Info text (tshark's format_text;
 * '' when `columns` is off), or undefined when the capture cuts it.
 */
function counted(tvb: Tvb, t: Builder, node: Parent, off: number, lenField: FieldDef, strField: FieldDef, what: string, columns: boolean): string | undefined {
  if (!need(t, node, tvb, off, 1, `${what} length`)) return undefined;
  const n = tvb.u8(off);
  t.add(node, tvb, lenField, off, 1, n);
  if (!need(t, node, tvb, off + 1, n, what)) return undefined;
  t.add(node, tvb, strField, off + 1, n, t.wants(strField) ? tvb.str(off + 1, n) : undefined);
  return columns ? formatText(tvb.bytes(off + 1, n)) : '';
}

export function dissectPap(tvb: Tvb, pinfo: PacketInfo, t: Builder, parent: Parent, nested: boolean): void {
  pinfo.protocols.push('pap');
  const top = t.add(parent, tvb, hf.pap, 0, tvb.length);
  if (!need(t, top, tvb, 0, 1, 'PAP Code')) return;
  const code = tvb.u8(0);
  const name = PAP_CODES[code] ?? 'Unknown';
  const columns = pinfo.columns && !nested;
  if (columns) {
    pinfo.protocol = 'PPP PAP';
    pinfo.info = name;
  }
  t.add(top, tvb, hf.code, 0, 1, code, t.tree ? `Code: ${name} (${code})` : undefined);
  if (!need(t, top, tvb, 1, 1, 'PAP Identifier')) return;
  t.add(top, tvb, hf.identifier, 1, 1, tvb.u8(1));
  if (!need(t, top, tvb, 2, 2, 'PAP Length')) return;
  t.add(top, tvb, hf.length, 2, 2, tvb.u16(2));
  // the Data item runs to the end of the packet (none when nothing follows the header)
  const data = tvb.remaining(4) > 0 ? t.add(top, tvb, hf.data, 4, tvb.remaining(4)) : top;
  switch (code) {
    case 1: {
      const peer = counted(tvb, t, data, 4, hf.peer_id_length, hf.peer_id, 'Peer-ID', columns);
      if (peer === undefined) return;
      const off = 5 + tvb.u8(4);
      const pw = counted(tvb, t, data, off, hf.password_length, hf.password, 'Password', columns);
      if (pw === undefined) return;
      if (columns) pinfo.info += ` (Peer-ID='${peer}', Password='${pw}')`;
      break;
    }
    case 2: case 3: {
      const msg = counted(tvb, t, data, 4, hf.message_length, hf.message, 'Message', columns);
      if (msg === undefined) return;
      if (columns) pinfo.info += ` (Message='${msg}')`;
      break;
    }
    default:
      if (tvb.remaining(4) > 0) t.add(data, tvb, hf.stuff, 4, tvb.remaining(4));
      break;
  }
}

registerNested(0xc023, dissectPap);

export const pap: ProtocolModule = {
  name: 'pap',
  register(reg: Registry): void {
    reg.add('ppp.protocol', 0xc023, { name: 'pap', dissect: (tvb, pinfo, t) => dissectPap(tvb, pinfo, t, null, false) });
  },
};
