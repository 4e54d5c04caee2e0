// The frame list's columns as fields, as tshark offers them (`-e _ws.col.Info`, `-Y '_ws.col.Protocol ==
// "L2TP"'`): its default columns No., Time, Source, Destination, Protocol, Length and Info, from the same
// pass that decodes the frame. Never in the tree (tshark -V shows none of them).

import { defineFields } from './fields';
import type { Builder } from './builder';
import type { PacketInfo } from './packet';
import { timeDiff } from './protocols/frame';

export const hf = defineFields({
  number: { abbrev: '_ws.col.No.', name: 'No.', type: 'string', blurb: 'The frame number column' },
  time: { abbrev: '_ws.col.Time', name: 'Time', type: 'string', blurb: 'The time column: seconds since the first frame, at the capture\'s resolution' },
  source: { abbrev: '_ws.col.Source', name: 'Source', type: 'string', blurb: 'The source column: the innermost network address, else the link-layer one' },
  destination: { abbrev: '_ws.col.Destination', name: 'Destination', type: 'string', blurb: 'The destination column' },
  protocol: { abbrev: '_ws.col.Protocol', name: 'Protocol', type: 'string', blurb: 'The protocol column: the last layer that named itself' },
  length: { abbrev: '_ws.col.Length', name: 'Length', type: 'string', blurb: 'The length column: bytes on the wire' },
  info: { abbrev: '_ws.col.Info', name: 'Info', type: 'string', blurb: 'The Info column: the summary line of the frame\'s last layers' },
});

/** Every column field: a sink that records none lets the dissectors skip the columns. */
export const COLUMN_FIELDS = Object.values(hf);

/** Adds the wanted column fields, once every layer has run (pinfo computed with columns on). */
export function addColumnFields(t: Builder, pinfo: PacketInfo): void {
  const m = pinfo.frame;
  if (t.wants(hf.number)) t.generated(null, hf.number, String(m.number));
  if (t.wants(hf.time)) {
    const ref = pinfo.timeRef;
    const rel = ref ? timeDiff(m.tsSec, m.tsNs, ref.firstSec, ref.firstNs) : '0.000000000';
    // timeDiff gives nine decimals; the column shows the capture's own resolution (microseconds: six)
    const digits = ref?.digits ?? 9;
    t.generated(null, hf.time, digits >= 9 ? rel : rel.slice(0, rel.length - (9 - digits)));
  }
  if (t.wants(hf.source)) t.generated(null, hf.source, pinfo.src);
  if (t.wants(hf.destination)) t.generated(null, hf.destination, pinfo.dst);
  if (t.wants(hf.protocol)) t.generated(null, hf.protocol, pinfo.protocol);
  if (t.wants(hf.length)) t.generated(null, hf.length, String(m.originalLength));
  if (t.wants(hf.info)) t.generated(null, hf.info, pinfo.info);
}
