// Diagnostics of a document: the reader's syntax problems, the engine's expert info (abbreviation as the
// code, Wireshark's severity) and the flow analysis's problems with related information on the other frame.

import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Diagnostic, DiagnosticRelatedInformation, Range } from 'vscode-languageserver';
import type { Severity } from '../../dissect/expert';
import type { DocAnalysis, DocFrame } from '../analysis';
import type { ServerContext } from '../context';
import type { FlowIndex } from '../flowBridge';
import { byteRangeHull, frameLines } from '../positions';

export const SOURCE = 'l2tp-lens';

export function lspSeverity(s: Severity | 'error' | 'warning' | 'note'): DiagnosticSeverity {
  switch (s) {
    case 'error': return DiagnosticSeverity.Error;
    case 'warning': return DiagnosticSeverity.Warning;
    case 'note': return DiagnosticSeverity.Information;
    default: return DiagnosticSeverity.Hint;
  }
}

/** Where a frame-level problem without own bytes shows: the frame's first line of bytes. */
function frameAnchor(a: DocAnalysis, f: DocFrame): Range {
  const r = byteRangeHull(f, 0, 1);
  if (r) return { start: r.start, end: { line: r.start.line, character: a.lineLength(r.start.line) } };
  const { first } = frameLines(f);
  return { start: { line: first, character: 0 }, end: { line: first, character: a.lineLength(first) } };
}

function problemRange(a: DocAnalysis, f: DocFrame, offset: number, length: number, source: number | undefined): Range {
  if (source) return frameAnchor(a, f);
  if (length === 0) return byteRangeHull(f, Math.min(offset, f.bytes.length - 1), 1) ?? frameAnchor(a, f);
  return byteRangeHull(f, offset, length) ?? frameAnchor(a, f);
}

export function diagnostics(ctx: ServerContext, a: DocAnalysis, flows: FlowIndex | undefined): Diagnostic[] {
  const l = ctx.l10n;
  const out: Diagnostic[] = [];
  for (const p of a.textProblems) {
    out.push({ range: p.range, severity: lspSeverity(p.severity), code: p.code, source: SOURCE, message: p.own ? l.t(p.own) : p.message });
  }
  const byNumber = new Map<number, DocFrame>();
  for (const f of a.frames) byNumber.set(f.number, f);
  for (const f of a.frames) {
    for (const p of f.problems) {
      const d: Diagnostic = {
        range: problemRange(a, f, p.offset, p.length, p.source),
        severity: lspSeverity(p.severity), code: p.abbrev, source: SOURCE, message: l.problem(p.abbrev, p.message),
      };
      out.push(d);
    }
  }
  if (flows) {
    for (const p of flows.flowProblems()) {
      const f = byNumber.get(p.frame);
      if (!f) continue;
      const related: DiagnosticRelatedInformation[] = [];
      for (const n of flows.related(p.frame)) {
        const g = byNumber.get(n);
        if (g) related.push({ location: { uri: a.uri, range: frameAnchor(a, g) }, message: l.t('diag.relatedFrame', n) });
      }
      const d: Diagnostic = { range: frameAnchor(a, f), severity: lspSeverity(p.severity), code: p.abbrev, source: SOURCE, message: l.problem(p.abbrev, p.text) };
      if (related.length) d.relatedInformation = related;
      out.push(d);
    }
  }
  return out;
}
