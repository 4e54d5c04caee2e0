// textDocument/codeLens: above the first frame of each tunnel, "Show flow" and "Copy as Mermaid" (commands
// the client implements; arguments: FlowCommandArgs).

import type { CodeLens, Range } from 'vscode-languageserver';
import { L2tpCommands } from '../../protocol';
import type { FlowCommandArgs } from '../../protocol';
import type { DocAnalysis, DocFrame } from '../analysis';
import type { ServerContext } from '../context';
import { FlowIndex } from '../flowBridge';
import { frameLines } from '../positions';

function lensRange(f: DocFrame): Range {
  const { first } = frameLines(f);
  return { start: { line: first, character: 0 }, end: { line: first, character: 0 } };
}

function pair(ctx: ServerContext, f: DocFrame, args: FlowCommandArgs): CodeLens[] {
  const range = lensRange(f);
  return [
    { range, command: { title: ctx.l10n.t('lens.showFlow', args.tunnel), command: L2tpCommands.showFlow, arguments: [args] } },
    { range, command: { title: ctx.l10n.t('lens.copyMermaid'), command: L2tpCommands.copyMermaid, arguments: [args] } },
  ];
}

export function codeLenses(ctx: ServerContext, a: DocAnalysis, flows: FlowIndex | undefined): CodeLens[] {
  const out: CodeLens[] = [];
  const byNumber = new Map<number, DocFrame>();
  for (const f of a.frames) byNumber.set(f.number, f);
  if (flows) {
    for (const t of flows.model.tunnels) {
      const f = byNumber.get(t.firstFrame);
      if (!f) continue;
      const id = t.a.tunnelId ?? t.b.tunnelId ?? f.l2tp?.tunnel ?? 0;
      out.push(...pair(ctx, f, { uri: a.uri, tunnel: id, frame: f.number, flowTunnel: t.id }));
    }
    return out;
  }
  // Without the flow model: above the first control message seen for each header tunnel ID.
  const seen = new Set<string>();
  for (const f of a.frames) {
    const l2 = f.l2tp;
    if (!l2?.control) continue;
    const key = `${l2.version}:${l2.tunnel}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(...pair(ctx, f, { uri: a.uri, tunnel: l2.tunnel, frame: f.number }));
  }
  return out;
}
