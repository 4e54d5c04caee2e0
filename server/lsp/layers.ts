// A frame's top-level protocol layers as the outline shows them above the field limit: label, abbreviation
// and byte range, nothing else. Kept per frame content in the document's cache (tens of bytes a layer), so
// the outline of a large document needs neither every frame's tree in memory nor a decode per request.

import type { DecodedFrame } from '../dissect/tree';
import { label } from './treeQuery';

export interface LayerEntry {
  readonly name: string;
  readonly abbrev: string | undefined;
  /** Byte range in the frame's own bytes (layers from other data sources are never listed). */
  readonly offset: number;
  readonly length: number;
}

/** The layers an outline lists: not the 'frame' pseudo-layer, nothing generated, reassembled or empty. */
export function layerEntries(tree: DecodedFrame): LayerEntry[] {
  const out: LayerEntry[] = [];
  for (const n of tree.layers) {
    if (n.abbrev === 'frame' || n.source || n.generated || n.length === 0) continue;
    out.push({ name: label(tree, n) || (n.abbrev ?? '?'), abbrev: n.abbrev, offset: n.offset, length: n.length });
  }
  return out;
}
