// The VS Code client: starts the bundled language server (dist/server.js) over node IPC for hex-dump and
// Markdown documents and passes the `l2tpLens` settings through. It never decodes anything itself.

import * as vscode from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { HEXDUMP_LANGUAGE_ID, L2tpCommands, L2tpMethods } from '../server/protocol';
import type { ExportDiagramParams, ExportDiagramResult, FlowCommandArgs } from '../server/protocol';

const SECTION = 'l2tpLens';
let client: LanguageClient | undefined;

/**
 * The `l2tpLens` section as the server should see it, with `plugins.allowCode` decided here, where the
 * settings' origin is known: code plugins run only when the folders come from user-level settings or the
 * workspace is trusted (a cloned repository must not run code by naming a folder in .vscode/settings.json).
 */
function sectionForServer(): Record<string, unknown> {
  const c = vscode.workspace.getConfiguration(SECTION);
  const folders = c.inspect<string[]>('plugins.folders');
  const fromWorkspace = (folders?.workspaceValue?.length ?? 0) > 0 || (folders?.workspaceFolderValue?.length ?? 0) > 0;
  const plain = JSON.parse(JSON.stringify(c)) as Record<string, unknown>;
  return { ...plain, plugins: { folders: c.get<string[]>('plugins.folders', []), allowCode: !fromWorkspace || vscode.workspace.isTrusted } };
}

function createClient(ctx: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = ctx.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const schemes = ['file', 'untitled', 'vscode-notebook-cell'];
  const clientOptions: LanguageClientOptions = {
    documentSelector: schemes.flatMap((scheme) => [
      { scheme, language: HEXDUMP_LANGUAGE_ID },
      { scheme, language: 'markdown' },
    ]),
    // The server reads the section from initializationOptions at start and pulls it again on every change.
    initializationOptions: { settings: sectionForServer() },
    synchronize: { configurationSection: SECTION },
    middleware: {
      workspace: {
        // The server pulls the section on every change: answer with the trust decision included.
        configuration: async (params, token, next) => {
          const r = await next(params, token);
          if (!Array.isArray(r)) return r;
          return r.map((v: unknown, i) => (params.items[i]?.section === SECTION ? sectionForServer() : v));
        },
      },
    },
    outputChannel: output,
  };
  return new LanguageClient('l2tpLens', 'L2TP Lens', serverOptions, clientOptions);
}

/** The Mermaid text of a tunnel's negotiation, from the server (l2tpLens/exportDiagram). */
async function mermaidOf(args: FlowCommandArgs | undefined): Promise<string | undefined> {
  if (!client || !args) return undefined;
  const params: ExportDiagramParams = { uri: args.uri, tunnel: args.tunnel, format: 'mermaid' };
  try {
    const r = await client.sendRequest<ExportDiagramResult>(L2tpMethods.exportDiagram, params);
    return r.text;
  } catch (e) {
    void vscode.window.showWarningMessage(`L2TP Lens: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

export async function activate(ctx: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('L2TP Lens', { log: true });
  ctx.subscriptions.push(output);
  client = createClient(ctx, output);

  ctx.subscriptions.push(
    vscode.commands.registerCommand('l2tpLens.restartServer', async () => {
      await client?.restart();
    }),
    // The code lenses above a tunnel's first frame name these two commands.
    vscode.commands.registerCommand(L2tpCommands.copyMermaid, async (args?: FlowCommandArgs) => {
      const text = await mermaidOf(args);
      if (text === undefined) return;
      await vscode.env.clipboard.writeText(text);
      void vscode.window.setStatusBarMessage('L2TP Lens: sequence diagram copied as Mermaid', 3000);
    }),
    // Until the diagram view exists, the flow opens as a Markdown document holding the Mermaid diagram.
    vscode.commands.registerCommand(L2tpCommands.showFlow, async (args?: FlowCommandArgs) => {
      const text = await mermaidOf(args);
      if (text === undefined) return;
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: '```mermaid\n' + text.replace(/\n?$/, '\n') + '```\n' });
      await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop();
}
