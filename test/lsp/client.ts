// Test helper: starts the bundled server (dist/server.js) as a separate process and speaks LSP to it over
// JSON-RPC on stdio, as an editor would. Builds the bundle once per test process if it is missing or stale.

import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const root = join(import.meta.dirname, '..', '..');
export const fixtures = join(root, 'test', 'fixtures');
/** The bundle under test (L2TP_LSP_SERVER points elsewhere, e.g. at a private build, for development). */
export const serverJs = process.env.L2TP_LSP_SERVER ?? join(root, 'dist', 'server.js');

let built = false;
/** Builds dist/server.js for a test file run on its own; under test/run.mjs (L2TP_LSP_NO_BUILD=1) the
 *  bundle was built once before any file started, and no file may rewrite it while others run it. */
export function ensureBuilt(): void {
  if (built) return;
  built = true;
  if ((process.env.L2TP_LSP_NO_BUILD === '1' || process.env.L2TP_LSP_SERVER) && existsSync(serverJs)) return;
  const r = spawnSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0 || !existsSync(serverJs) || statSync(serverJs).size === 0) throw new Error('could not build dist/server.js');
}

export interface Lsp {
  conn: MessageConnection;
  proc: ChildProcess;
  init: InitializeResult;
  stderr: () => string;
  /** Opens a document; returns its uri. */
  open(uri: string, languageId: string, text: string): Promise<string>;
  change(uri: string, version: number, text: string): Promise<void>;
  /** The next diagnostics published for `uri` (waits up to 10 s). */
  diagnostics(uri: string): Promise<Diagnostic[]>;
  request<R>(method: string, params: unknown): Promise<R>;
  close(): Promise<void>;
}

export async function startServer(opts: { locale?: string; settings?: unknown } = {}): Promise<Lsp> {
  ensureBuilt();
  const proc = spawn(process.execPath, [serverJs, '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => { err += d.toString(); });
  if (!proc.stdout || !proc.stdin) throw new Error('no stdio');
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const published = new Map<string, PublishDiagnosticsParams[]>();
  const waiters = new Map<string, ((d: Diagnostic[]) => void)[]>();
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    const w = waiters.get(p.uri)?.shift();
    if (w) w(p.diagnostics);
    else published.set(p.uri, [...(published.get(p.uri) ?? []), p]);
  });
  conn.onRequest('workspace/configuration', () => [opts.settings ?? null]);
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/inlayHint/refresh', () => null);
  conn.onRequest('workspace/semanticTokens/refresh', () => null);
  conn.listen();
  // A server that dies leaves requests pending with nothing left to wake the test; fail them instead,
  // with what the server printed.
  const exited = new Promise<never>((_resolve, reject) => {
    proc.on('exit', (code, signal) => reject(new Error(`server exited (${code ?? signal}); stderr:\n${err}`)));
  });
  exited.catch(() => { /* observed through the races below */ });
  let closing = false;
  const guard = <T>(p: Promise<T>): Promise<T> => (closing ? p : Promise.race([p, exited]));
  const init = await guard(conn.sendRequest<InitializeResult>('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    locale: opts.locale ?? 'en',
    capabilities: {
      textDocument: { hover: { contentFormat: ['markdown'] }, documentSymbol: { hierarchicalDocumentSymbolSupport: true }, publishDiagnostics: { relatedInformation: true } },
      workspace: { configuration: false },
    },
    initializationOptions: opts.settings !== undefined ? { settings: opts.settings } : undefined,
  }));
  await conn.sendNotification('initialized', {});
  const lsp: Lsp = {
    conn, proc, init,
    stderr: () => err,
    async open(uri, languageId, text) {
      await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
      return uri;
    },
    async change(uri, version, text) {
      await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    },
    diagnostics(uri) {
      const have = published.get(uri);
      const first = have?.shift();
      if (first) return Promise.resolve(first.diagnostics);
      return guard(new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no diagnostics for ${uri}`)), 10_000);
        waiters.set(uri, [...(waiters.get(uri) ?? []), (d) => { clearTimeout(t); resolve(d); }]);
      }));
    },
    request: <R>(method: string, params: unknown) => guard(conn.sendRequest<R>(method, params)),
    async close() {
      closing = true;
      try {
        await conn.sendRequest('shutdown');
        await conn.sendNotification('exit');
      } catch { /* already gone */ }
      conn.dispose();
      proc.kill();
    },
  };
  return lsp;
}

export function fixture(rel: string): string {
  return readFileSync(join(fixtures, rel), 'utf8');
}

export function uriOf(name: string): string {
  return pathToFileURL(join(root, 'test', '.out', name)).href;
}

/** Semantic tokens decoded to absolute positions with their type names. */
export function decodeTokens(data: readonly number[], legend: readonly string[]): { line: number; start: number; end: number; type: string }[] {
  const out: { line: number; start: number; end: number; type: string }[] = [];
  let line = 0;
  let start = 0;
  for (let i = 0; i + 4 < data.length + 1; i += 5) {
    const dl = data[i] ?? 0;
    line += dl;
    start = dl === 0 ? start + (data[i + 1] ?? 0) : (data[i + 1] ?? 0);
    out.push({ line, start, end: start + (data[i + 2] ?? 0), type: legend[data[i + 3] ?? 0] ?? '?' });
  }
  return out;
}

export function hoverText(h: unknown): string {
  if (!h || typeof h !== 'object' || !('contents' in h)) return '';
  const c = (h as { contents: unknown }).contents;
  if (typeof c === 'string') return c;
  if (c && typeof c === 'object' && 'value' in c) return String((c as { value: unknown }).value);
  return '';
}
