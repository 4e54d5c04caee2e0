// textDocument/foldingRange: one range per frame and one per protocol layer that spans several lines.

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
    for (const n of tree?.layers ?? []) {
      if (n.abbrev === 'frame' || n.source || n.length === 0) continue;
      const span = byteRangeLineSpan(f, n.offset, n.length);
      if (span && span.last > span.first && !(span.first === first && span.last === last)) {
        out.push({ startLine: span.first, endLine: span.last, kind: 'region' });
      }
    }
  }
  return out;
}
