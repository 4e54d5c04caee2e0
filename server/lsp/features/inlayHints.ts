// textDocument/inlayHint (setting `inlayHints`): the control message's name at the end of the line that
// holds its Message Type AVP value.

import { InlayHintKind } from 'vscode-languageserver';
import type { InlayHint, Range } from 'vscode-languageserver';
import { fieldByAbbrev } from '../../dissect/fields';
import { findAll } from '../../dissect/tree';
import type { DocAnalysis } from '../analysis';
import { byteRangeHull } from '../positions';
import { MESSAGE_TYPE_FIELD } from '../roles';

export function inlayHints(a: DocAnalysis, range: Range): InlayHint[] {
  const out: InlayHint[] = [];
  const def = fieldByAbbrev(MESSAGE_TYPE_FIELD);
  for (const f of a.framesInLines(range.start.line, range.end.line)) {
    if (!f.l2tp?.control) continue;
    const tree = a.tree(f.index);
    if (!tree) continue;
    for (const n of findAll(tree.layers, MESSAGE_TYPE_FIELD)) {
      if (n.source || typeof n.value !== 'number') continue;
      const r = byteRangeHull(f, n.offset, n.length);
      if (!r) continue;
      const line = r.end.line;
      if (line < range.start.line || line > range.end.line) continue;
      const name = def?.vals?.[n.value] ?? String(n.value);
      out.push({ position: { line, character: a.lineLength(line) }, label: `◂ ${name}`, kind: InlayHintKind.Type, paddingLeft: true });
    }
  }
  return out;
}
