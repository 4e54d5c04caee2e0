// textDocument/semanticTokens (full and range): hex bytes coloured by their field's role, so a dump reads
// like Wireshark's byte pane. Token types are the role names (ROLE_NAMES order); no modifiers.

import type { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver';
import type { DocAnalysis } from '../analysis';
import { byteSpan } from '../positions';
import { ROLE_NAMES } from '../roles';
import { byteRoles } from './byteRoles';

export const LEGEND: SemanticTokensLegend = { tokenTypes: [...ROLE_NAMES], tokenModifiers: [] };

/** Tokens of the frames overlapping lines [first, last] (all lines when omitted). */
export function semanticTokens(a: DocAnalysis, first = 0, last = Number.MAX_SAFE_INTEGER): SemanticTokens {
  const data: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  // End of the last token pushed or being built: tokens must not overlap and must stay in order.
  let endLine = -1;
  let endChar = 0;
  let cur: { line: number; start: number; end: number; role: number } | undefined;
  const flush = (): void => {
    if (!cur) return;
    const dl = cur.line - prevLine;
    data.push(dl, dl === 0 ? cur.start - prevChar : cur.start, cur.end - cur.start, cur.role, 0);
    prevLine = cur.line;
    prevChar = cur.start;
    cur = undefined;
  };
  for (const f of a.framesInLines(first, last)) {
    const tree = a.tree(f.index);
    if (!tree) continue;
    const roles = byteRoles(tree, 0);
    for (let i = 0; i < f.bytes.length; i++) {
      const r = (roles[i] ?? 0) - 1;
      const s = byteSpan(f, i);
      if (!s || s.line < first || s.line > last || s.end <= s.start) continue;
      if (s.line < endLine || (s.line === endLine && s.start < endChar)) continue; // repeat-line '*', overlaps
      if (cur && r === cur.role && s.line === cur.line && s.start - cur.end <= 2) {
        cur.end = s.end;
      } else {
        flush();
        if (r >= 0) cur = { line: s.line, start: s.start, end: s.end, role: r };
      }
      endLine = s.line;
      endChar = s.end;
    }
    flush();
  }
  flush();
  return { data };
}
