// Undissected bytes (Wireshark's "data" protocol): what no dissector claimed, shown raw.

import { defineFields } from '../fields';
import type { PacketInfo } from '../packet';
import type { Builder, Parent } from '../builder';
import type { Registry } from '../registry';
import type { Tvb } from '../tvb';

export const hf = defineFields({
  data: { abbrev: 'data', name: 'Data', type: 'protocol', fieldsRepr: 'bytes' },
  data_data: { abbrev: 'data.data', name: 'Data', type: 'bytes' },
  data_len: { abbrev: 'data.len', name: 'Length', type: 'uint32', base: 'dec' },
});

/** The bytes as a data layer; under `parent` when a protocol carries them inside its own item (ICMP echo data). */
export function dissectData(tvb: Tvb, pinfo: PacketInfo, t: Builder, label?: string, parent: Parent = null): void {
  const n = tvb.length;
  if (n <= 0) return;
  pinfo.protocols.push('data');
  const top = t.add(parent, tvb, hf.data, 0, n, undefined, t.tree ? label ?? `Data (${n} byte${n === 1 ? '' : 's'})` : undefined);
  t.add(top, tvb, hf.data_data, 0, n);
  t.generated(top, hf.data_len, n);
}

/**
 * Runs the dissector registered under `name` (a hand-off that names its protocol, as Wireshark's call_dissector
 * does); shows `tvb` as data when the engine has none by that name. Returns the bytes claimed.
 */
export function runNamed(name: string, tvb: Tvb, pinfo: PacketInfo, t: Builder): number {
  const e = pinfo.registry.byNameOf(name);
  if (e) return pinfo.registry.run(e, tvb, pinfo, t);
  dissectData(tvb, pinfo, t);
  return tvb.length;
}

export const data = {
  name: 'data',
  register(reg: Registry): void {
    reg.register({ name: 'data', dissect: (tvb, pinfo, t) => dissectData(tvb, pinfo, t) });
  },
};
