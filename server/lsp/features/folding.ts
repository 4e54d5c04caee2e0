// textDocument/foldingRange: one range per frame and one per protocol layer (with its payload) that spans several lines.

import type { FoldingRange } from 'vscode-languageserver';
import type { DocAnalysis } from '../analysis';
import { byteRangeLineSpan, frameLines } from '../positions';

export function foldingRanges(a: DocAnalysis, withLayers = true): FoldingRange[] {
  const out: FoldingRange[] = [];
  for (const f of a.frames) {
    const { first, last } = frameLines(f);
    if (last > first) out.push({ startLine: first, endLine: last, kind: 'region' });
    if (!withLayers) continue;
    const tree = a.tree(f.index);
    // A layer folds together with what it carries: from its header to the end of the last layer after it
    // (layers are siblings that tile the frame, so a header alone rarely spans lines).
    const layers = (tree?.layers ?? []).filter((n) => n.abbrev !== 'frame' && !n.source && n.length > 0);
    const end = layers.reduce((e, n) => Math.max(e, n.offset + n.length), 0);
    for (const n of layers) {
      const span = byteRangeLineSpan(f, n.offset, end - n.offset);
      const dup = out.some((r) => r.startLine === span?.first && r.endLine === span.last);
      if (span && span.last > span.first && !dup) out.push({ startLine: span.first, endLine: span.last, kind: 'region' });
    }
  }
  return out;
}
