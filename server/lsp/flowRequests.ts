// The flow requests (documentFlows, captureFlows, exportDiagram): the flow model's JSON as server/flow makes
// it, and a tunnel's ladder as a Mermaid sequence diagram from server/flow's exporter.

import { ResponseError } from 'vscode-languageserver';
import type { CaptureFlowsParams, DocumentFlowsParams, ExportDiagramParams, ExportDiagramResult, FlowsResult } from '../protocol';
import type { FlowTunnel } from '../flow/types';
import type { CaptureRequests } from './capture/requests';
import type { ServerContext } from './context';
import type { DocumentStore } from './documents';
import { mermaidOf } from './flowBridge';
import type { FlowIndex } from './flowBridge';

const INVALID_PARAMS = -32602;

export function documentFlows(ctx: ServerContext, store: DocumentStore, p: DocumentFlowsParams): FlowsResult {
  if (!store.analysis(p.uri)) throw new ResponseError(INVALID_PARAMS, ctx.l10n.t('capture.noDocument', p.uri));
  const f = store.flow(p.uri);
  return f ? { available: true, model: f.model } : { available: true, model: null };
}

export function captureFlows(_ctx: ServerContext, captures: CaptureRequests, p: CaptureFlowsParams): FlowsResult {
  return { available: true, model: captures.session(p.captureId).flow().model };
}

export function exportDiagram(ctx: ServerContext, store: DocumentStore, captures: CaptureRequests, p: ExportDiagramParams): ExportDiagramResult {
  let flow: FlowIndex | undefined;
  if (p.captureId !== undefined) flow = captures.session(p.captureId).flow();
  else if (p.uri !== undefined) {
    if (!store.analysis(p.uri)) throw new ResponseError(INVALID_PARAMS, ctx.l10n.t('capture.noDocument', p.uri));
    flow = store.flow(p.uri);
  }
  if (!flow) throw new ResponseError(INVALID_PARAMS, ctx.l10n.t('capture.noDocument', p.uri ?? ''));
  const want = p.tunnel;
  const pick = want === undefined ? undefined
    : (t: FlowTunnel): boolean => t.id === String(want) || t.a.tunnelId === want || t.b.tunnelId === want;
  return { text: mermaidOf(flow.model, pick) };
}
