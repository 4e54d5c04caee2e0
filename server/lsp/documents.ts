// Open text documents and their analyses: which kind each is (hex dump, Markdown, other text), analysed
// lazily at most once per version, with a per-document decode cache kept across versions.

import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { looksLikeHexDump } from '../dissect/capture/hexdump';
import { HEXDUMP_LANGUAGE_ID } from '../protocol';
import { analyse, TreeCache } from './analysis';
import type { DocAnalysis, DocKind } from './analysis';
import type { ServerContext } from './context';
import { documentFlow } from './flowBridge';
import type { FlowIndex } from './flowBridge';
import { guard } from './log';

export class DocumentStore {
  readonly docs = new TextDocuments(TextDocument);
  private readonly analyses = new Map<string, DocAnalysis>();
  private readonly caches = new Map<string, TreeCache>();
  private readonly flows = new Map<string, { version: number; flow: FlowIndex | undefined }>();
  private readonly kinds = new Map<string, DocKind>();

  constructor(private readonly ctx: ServerContext) {}

  /** Hex-dump language id → hex dump; markdown → fenced blocks; other text → a dump if it looks like one. */
  kindOf(doc: TextDocument): DocKind {
    if (doc.languageId === HEXDUMP_LANGUAGE_ID) return 'hexdump';
    if (doc.languageId === 'markdown') return 'markdown';
    let k = this.kinds.get(doc.uri);
    if (!k) {
      k = looksLikeHexDump(doc.getText()) ? 'hexdump' : 'text';
      this.kinds.set(doc.uri, k);
    }
    return k;
  }

  /** The analysis of the document's current version (computed now if stale). */
  analysis(uri: string): DocAnalysis | undefined {
    const doc = this.docs.get(uri);
    if (!doc) return undefined;
    const have = this.analyses.get(uri);
    if (have && have.version === doc.version) return have;
    let cache = this.caches.get(uri);
    if (!cache) this.caches.set(uri, (cache = new TreeCache()));
    const a = analyse({
      uri, version: doc.version, kind: this.kindOf(doc), text: doc.getText(),
      untaggedBlocks: this.ctx.settings.markdownUntaggedBlocks, engine: this.ctx.engine, engineGeneration: this.ctx.engineGeneration, cache,
    });
    this.analyses.set(uri, a);
    return a;
  }

  /** The flow model of the document's current version (undefined when the flow analysis is unavailable). */
  flow(uri: string): FlowIndex | undefined {
    const a = this.analysis(uri);
    if (!a) return undefined;
    const have = this.flows.get(uri);
    if (have && have.version === a.version) return have.flow;
    const flow = guard('flow analysis', undefined, () => documentFlow(a, this.ctx.engine));
    this.flows.set(uri, { version: a.version, flow });
    return flow;
  }

  forget(uri: string): void {
    this.analyses.delete(uri);
    this.caches.delete(uri);
    this.flows.delete(uri);
    this.kinds.delete(uri);
  }

  /** Drops every analysis (settings changed); caches keep what the engine generation still allows. */
  invalidateAll(): void {
    this.analyses.clear();
    this.flows.clear();
  }

  all(): DocAnalysis[] {
    const out: DocAnalysis[] = [];
    for (const d of this.docs.all()) {
      const a = this.analysis(d.uri);
      if (a) out.push(a);
    }
    return out;
  }
}
