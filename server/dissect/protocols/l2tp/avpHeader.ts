// The header items every AVP shows: M, H, (reserved bits), Length, Vendor ID, Type.

import type { Parent } from '../../builder';
import type { MsgCtx } from './context';
import { hf } from './fields';
import { ENTERPRISES } from './values';

/** The header items every AVP shows: M, H, (reserved), Length, Vendor ID, Type. */
export function avpHeader(ctx: MsgCtx, node: Parent, off: number, w: number, vendor: number, type: number, typeField = hf.avp_type): void {
  const { tvb, t } = ctx;
  t.add(node, tvb, hf.avp_mandatory, off, 2, (w & 0x8000) !== 0);
  t.add(node, tvb, hf.avp_hidden, off, 2, (w & 0x4000) !== 0);
  if (w & 0x3c00) t.add(node, tvb, hf.avp_reserved, off, 2, (w & 0x3c00) >> 10);
  t.add(node, tvb, hf.avp_length, off, 2, w & 0x03ff);
  t.add(node, tvb, hf.avp_vendor_id, off + 2, 2, vendor, t.tree ? `Vendor ID: ${ENTERPRISES[vendor] ?? 'Unknown'} (${vendor})` : undefined);
  t.add(node, tvb, typeField, off + 4, 2, type);
}

