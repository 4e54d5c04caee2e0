// workspace/symbol: tunnels and sessions of every open document, located at the AVP that assigned each ID.

import { SymbolKind } from 'vscode-languageserver';
import type { SymbolInformation } from 'vscode-languageserver';
import type { DocAnalysis } from '../analysis';
import type { ServerContext } from '../context';
import { byteRangeHull } from '../positions';
import { ID_FIELDS } from '../roles';
import { fieldNodes } from '../treeQuery';

export function workspaceSymbols(ctx: ServerContext, docs: readonly DocAnalysis[], query: string): SymbolInformation[] {
  const q = query.trim().toLowerCase();
  const out: SymbolInformation[] = [];
  const tunnelFields = new Set(ID_FIELDS.tunnel.assigns);
  const sessionFields = new Set(ID_FIELDS.session.assigns);
  for (const a of docs) {
    const container = decodeURIComponent(a.uri.slice(a.uri.lastIndexOf('/') + 1));
    for (const f of a.frames) {
      if (!f.l2tp?.control) continue;
      const tree = a.tree(f.index);
      if (!tree) continue;
      for (const n of fieldNodes(tree.layers)) {
        if (n.source || !n.abbrev || typeof n.value !== 'number') continue;
        let name: string | undefined;
        if (tunnelFields.has(n.abbrev)) name = ctx.l10n.t('ws.tunnel', n.value);
        else if (sessionFields.has(n.abbrev)) name = ctx.l10n.t('ws.session', n.value, f.l2tp.tunnel);
        if (!name || (q && !name.toLowerCase().includes(q) && !String(n.value).includes(q))) continue;
        const range = byteRangeHull(f, n.offset, n.length);
        if (!range) continue;
        out.push({ name, kind: tunnelFields.has(n.abbrev) ? SymbolKind.Namespace : SymbolKind.Object, location: { uri: a.uri, range }, containerName: `${container} #${f.number}` });
      }
    }
  }
  return out;
}
