// `l2tp-lens fields --list` / `l2tp-lens list`: every field the engine knows, in `tshark -G fields` columns.
import '../dissect/engine';
import { allFields, typeBits } from '../dissect/fields';
import type { FieldDef } from '../dissect/fields';
import { allExperts } from '../dissect/expert';
import { Out } from './output';

const FT: Record<FieldDef['type'], string> = {
  protocol: 'FT_PROTOCOL', none: 'FT_NONE', bool: 'FT_BOOLEAN', uint8: 'FT_UINT8', uint16: 'FT_UINT16', uint24: 'FT_UINT24',
  uint32: 'FT_UINT32', uint64: 'FT_UINT64', int8: 'FT_INT8', int16: 'FT_INT16', int32: 'FT_INT32', framenum: 'FT_FRAMENUM',
  ipv4: 'FT_IPv4', ipv6: 'FT_IPv6', ether: 'FT_ETHER', bytes: 'FT_BYTES', string: 'FT_STRING', time_abs: 'FT_ABSOLUTE_TIME',
  time_rel: 'FT_RELATIVE_TIME', double: 'FT_DOUBLE',
};
const BASE: Record<string, string> = { dec: 'BASE_DEC', hex: 'BASE_HEX', dec_hex: 'BASE_DEC_HEX', hex_dec: 'BASE_HEX_DEC', oct: 'BASE_OCT', none: 'BASE_NONE' };

export function runList(experts: boolean): number {
  const out = new Out();
  if (experts) {
    for (const e of allExperts()) out.line(['E', e.abbrev, e.severity, e.group, e.summary].join('\t'));
  } else {
    for (const f of allFields()) {
      const proto = f.abbrev.split('.')[0] ?? f.abbrev;
      if (f.type === 'protocol') { out.line(['P', f.name, f.abbrev].join('\t')); continue; }
      const base = f.type === 'bool' ? String(f.bits ?? 0) : typeBits(f.type) > 0 ? BASE[f.base ?? 'dec'] ?? 'BASE_DEC' : '';
      out.line(['F', f.name, f.abbrev, FT[f.type], proto, base, `0x${(f.mask ?? 0).toString(16)}`, f.blurb ?? ''].join('\t'));
    }
  }
  out.flush();
  return 0;
}
