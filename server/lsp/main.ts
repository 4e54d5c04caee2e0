// The language server's entry: wires the LSP connection (stdio or node IPC, from argv) to the features.
// Every handler is guarded: an exception is logged to stderr and answered with an empty result.

import { setFlagsFromString } from 'node:v8';
import { createConnection, ProposedFeatures, ResponseError, TextDocumentSyncKind } from 'vscode-languageserver/node';
import type { Connection, InitializeParams, InitializeResult } from 'vscode-languageserver/node';
import { L2tpMethods } from '../protocol';
import type {
  CaptureFlowsParams, CaptureFramesParams, CaptureProblemsParams, CloseCaptureParams, DocumentFlowsParams, ExplainFieldParams,
  ExportDiagramParams, FilterFramesParams, FlowsResult, FrameBytesParams, FrameDetailParams, OpenCaptureParams,
} from '../protocol';
import { CaptureRequests } from './capture/requests';
import { ServerContext } from './context';
import { DocumentStore } from './documents';
import { codeLenses } from './features/codeLens';
import { diagnostics } from './features/diagnostics';
import { foldingRanges } from './features/folding';
import { hover } from './features/hover';
import { inlayHints } from './features/inlayHints';
import { definition, references } from './features/navigation';
import { LEGEND, semanticTokens } from './features/semanticTokens';
import { documentSymbols } from './features/symbols';
import { workspaceSymbols } from './features/workspaceSymbols';
import { guarded, logError } from './log';
import { readSettings } from './settings';
import { captureFlows, documentFlows, exportDiagram } from './flowRequests';

setFlagsFromString('--semi-space-growth-factor=1');
const connection: Connection = createConnection(ProposedFeatures.all);
const ctx = new ServerContext();
const store = new DocumentStore(ctx);
const captures = new CaptureRequests(ctx);
let pullConfiguration = false;

process.on('uncaughtException', (e) => logError('uncaught exception', e));
process.on('unhandledRejection', (e) => logError('unhandled rejection', e));

connection.onInitialize((params: InitializeParams): InitializeResult => {
  ctx.setLocale(params.locale);
  const init: unknown = params.initializationOptions;
  if (init && typeof init === 'object' && 'settings' in init) ctx.setSettings(readSettings((init as { settings: unknown }).settings));
  pullConfiguration = params.capabilities.workspace?.configuration === true;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      documentSymbolProvider: { label: 'L2TP Lens' },
      foldingRangeProvider: true,
      codeLensProvider: { resolveProvider: false },
      inlayHintProvider: { resolveProvider: false },
      definitionProvider: true,
      referencesProvider: true,
      workspaceSymbolProvider: true,
      semanticTokensProvider: { legend: LEGEND, full: true, range: true },
    },
    serverInfo: { name: 'l2tp-lens', version: '0.1.0' },
  };
});

async function refreshSettings(pushed?: unknown): Promise<void> {
  try {
    let raw: unknown = pushed;
    if (pullConfiguration) raw = (await connection.workspace.getConfiguration('l2tpLens')) as unknown;
    if (raw === undefined || raw === null) return;
    if (ctx.setSettings(readSettings(raw, ctx.settings))) store.invalidateAll();
    for (const d of store.docs.all()) publish(d.uri);
    connection.languages.inlayHint.refresh().catch(() => undefined);
    // A client that does not support the refresh request rejects it; nothing to do then.
    void Promise.resolve(connection.languages.semanticTokens.refresh()).catch(() => undefined);
  } catch (e) {
    logError('settings', e);
  }
}

connection.onInitialized(() => {
  if (pullConfiguration) void refreshSettings();
});
connection.onDidChangeConfiguration((p) => void refreshSettings(p.settings));

// Diagnostics: published at once on open, shortly after the last edit otherwise.
const timers = new Map<string, NodeJS.Timeout>();
function publish(uri: string): void {
  const a = store.analysis(uri);
  if (!a) return;
  const diags = diagnostics(ctx, a, store.flow(uri));
  void connection.sendDiagnostics({ uri, version: a.version, diagnostics: diags });
}
const safePublish = guarded('diagnostics', undefined, publish);
function schedule(uri: string, delay: number): void {
  const t = timers.get(uri);
  if (t) clearTimeout(t);
  timers.set(uri, setTimeout(() => { timers.delete(uri); safePublish(uri); }, delay));
}
store.docs.onDidOpen((e) => safePublish(e.document.uri));
store.docs.onDidChangeContent((e) => schedule(e.document.uri, 200));
store.docs.onDidClose((e) => {
  const t = timers.get(e.document.uri);
  if (t) clearTimeout(t);
  timers.delete(e.document.uri);
  store.forget(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onHover(guarded('hover', null, (p) => {
  const a = store.analysis(p.textDocument.uri);
  return a ? hover(ctx, a, p.position, store.flow(p.textDocument.uri)) : null;
}));
connection.onDocumentSymbol(guarded('documentSymbol', [], (p) => {
  const a = store.analysis(p.textDocument.uri);
  return a ? documentSymbols(ctx, a) : [];
}));
connection.onFoldingRanges(guarded('foldingRange', [], (p) => {
  const a = store.analysis(p.textDocument.uri);
  return a ? foldingRanges(a, a.frames.length <= ctx.settings.outlineFieldLimit) : [];
}));
connection.onCodeLens(guarded('codeLens', [], (p) => {
  const a = store.analysis(p.textDocument.uri);
  return a ? codeLenses(ctx, a, store.flow(p.textDocument.uri)) : [];
}));
connection.languages.inlayHint.on(guarded('inlayHint', [], (p) => {
  const a = ctx.settings.inlayHints ? store.analysis(p.textDocument.uri) : undefined;
  return a ? inlayHints(a, p.range) : [];
}));
connection.onDefinition(guarded('definition', [], (p) => {
  const a = store.analysis(p.textDocument.uri);
  return a ? definition(a, p.position) : [];
}));
connection.onReferences(guarded('references', [], (p) => {
  const a = store.analysis(p.textDocument.uri);
  return a ? references(a, p.position, p.context.includeDeclaration) : [];
}));
connection.onWorkspaceSymbol(guarded('workspaceSymbol', [], (p) => workspaceSymbols(ctx, store.all(), p.query)));
connection.languages.semanticTokens.on(guarded('semanticTokens', { data: [] }, (p) => {
  const a = store.analysis(p.textDocument.uri);
  return a ? semanticTokens(a) : { data: [] };
}));
connection.languages.semanticTokens.onRange(guarded('semanticTokens/range', { data: [] }, (p) => {
  const a = store.analysis(p.textDocument.uri);
  return a ? semanticTokens(a, p.range.start.line, p.range.end.line) : { data: [] };
}));

/** Custom requests: ResponseErrors pass through; anything else is logged and becomes an internal error. */
function custom<P, R>(method: string, fn: (p: P) => R): void {
  connection.onRequest(method, (p: P): unknown => {
    try {
      return fn(p) as unknown;
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      logError(method, e);
      throw new ResponseError(-32603, e instanceof Error ? e.message : String(e));
    }
  });
}
custom<OpenCaptureParams, unknown>(L2tpMethods.openCapture, (p) => captures.open(p));
custom<CloseCaptureParams, null>(L2tpMethods.closeCapture, (p) => captures.close(p));
custom<CaptureFramesParams, unknown>(L2tpMethods.captureFrames, (p) => captures.frames(p));
custom<FrameDetailParams, unknown>(L2tpMethods.frameDetail, (p) => captures.detail(p));
custom<FrameBytesParams, unknown>(L2tpMethods.frameBytes, (p) => captures.bytes(p));
custom<ExplainFieldParams, unknown>(L2tpMethods.explainField, (p) => captures.explain(p));
custom<FilterFramesParams, unknown>(L2tpMethods.filterFrames, (p) => captures.filter(p));
custom<CaptureProblemsParams, unknown>(L2tpMethods.captureProblems, (p) => captures.problems(p));
custom<CaptureFlowsParams, FlowsResult>(L2tpMethods.captureFlows, (p) => captureFlows(ctx, captures, p));
custom<DocumentFlowsParams, FlowsResult>(L2tpMethods.documentFlows, (p) => documentFlows(ctx, store, p));
custom<ExportDiagramParams, unknown>(L2tpMethods.exportDiagram, (p) => exportDiagram(ctx, store, captures, p));

connection.onShutdown(() => captures.closeAll());
store.docs.listen(connection);
connection.listen();
