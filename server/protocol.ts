// The language server's custom requests and notifications, shared with the VS Code client (types only,
// no imports: `extension/` may import this file). Described for other clients in docs/protocol.md.

/** Method names of every custom request and notification. */
export const L2tpMethods = {
  openCapture: 'l2tpLens/openCapture',
  closeCapture: 'l2tpLens/closeCapture',
  captureFrames: 'l2tpLens/captureFrames',
  frameDetail: 'l2tpLens/frameDetail',
  frameBytes: 'l2tpLens/frameBytes',
  explainField: 'l2tpLens/explainField',
  filterFrames: 'l2tpLens/filterFrames',
  captureProblems: 'l2tpLens/captureProblems',
  captureFlows: 'l2tpLens/captureFlows',
  documentFlows: 'l2tpLens/documentFlows',
  exportDiagram: 'l2tpLens/exportDiagram',
} as const;

/** Client-side commands the server's code lenses name (the client implements them). */
export const L2tpCommands = {
  /** Arguments: one FlowCommandArgs. Opens the sequence diagram of a tunnel. */
  showFlow: 'l2tpLens.showFlow',
  /** Arguments: one FlowCommandArgs. Copies the tunnel's diagram as Mermaid (via exportDiagram). */
  copyMermaid: 'l2tpLens.copyMermaid',
} as const;

/** Language id of hex-dump documents (file extensions and first-line pattern: see docs/protocol.md). */
export const HEXDUMP_LANGUAGE_ID = 'l2tp-hexdump';
/** File extensions the client should give HEXDUMP_LANGUAGE_ID (not `.hex`: that is Intel HEX). */
export const HEXDUMP_EXTENSIONS = ['.hexdump', '.l2tphex', '.pktdump'] as const;
/**
 * First-line pattern (VS Code `firstLine`) for hex dumps with another extension (.txt, .log): an
 * `l2tp-lens:` directive, an xxd / hexdump -C / od / tshark -x offset column, a tcpdump -x row, or a
 * tcpdump/tshark summary line followed by such rows.
 */
export const HEXDUMP_FIRST_LINE = '^(\\s*(#|//|<!--)\\s*l2tp-lens\\s*:|[0-9a-fA-F]{4,8}[:\\s]\\s*[0-9a-fA-F]{2}(\\s|[0-9a-fA-F]{2})|\\s+0x[0-9a-fA-F]{4}:\\s+[0-9a-fA-F]{4}\\s|(\\d{4}-\\d\\d-\\d\\d )?\\d\\d:\\d\\d:\\d\\d\\.\\d+ (IP6?|ARP|PPPoE) |\\s*\\d+\\s+\\d+\\.\\d+\\s+\\S+ → |[0-9a-fA-F]{32,}\\s*$)';
/** The fenced-block info string decoded in Markdown: ```l2tp */
export const MARKDOWN_FENCE_TAG = 'l2tp';

/** Settings under the `l2tpLens` section (initializationOptions.settings or workspace/configuration). */
export interface L2tpSettings {
  /** Decode untagged fenced blocks in Markdown that parse as a hex dump (default false). */
  markdownUntaggedBlocks: boolean;
  /** Inlay hint with the message name at the end of the line holding the Message Type AVP (default true). */
  inlayHints: boolean;
  /** Hover on a run of ≥ 8 hex bytes in text that is not a hex dump (log lines) (default true). */
  hoverHexRuns: boolean;
  /** Above this many frames the outline stops at protocol layers; above twice this, at frames (default 2000). */
  outlineFieldLimit: number;
  /** Decoded trees kept per open capture (default 256). */
  captureTreeCache: number;
  /** Shared secrets tried for hidden AVPs and challenge responses. */
  secrets: string[];
  /** Resolve MAC addresses to names from Wireshark's manuf and wka files, as tshark does (default true). */
  resolveMacNames: boolean;
  /** Plugin folders (`plugins.folders`): vendor AVP dictionaries (*.json) and code plugins (*.js). */
  pluginFolders: string[];
  /**
   * Whether code plugins may run (`plugins.allowCode`, computed by the client: true when the folders come
   * from user-level settings or the workspace is trusted). Dictionaries are data and always load.
   */
  pluginCode: boolean;
  /** UDP ports decoded as L2TP (default [1701]). */
  udpPorts: number[];
}

/** A byte range in a frame's data source (0 = the frame's captured bytes). */
export interface ByteRange {
  offset: number;
  length: number;
  source?: number;
}

/** One row of a capture's frame list (Wireshark's packet list columns). */
export interface FrameRow {
  /** 1-based frame number. */
  number: number;
  /** Seconds since the first frame, "S.NNNNNN". */
  time: string;
  source: string;
  destination: string;
  protocol: string;
  /** Bytes on the wire. */
  length: number;
  info: string;
  /** Worst expert severity of the frame, if it has problems (computed with the row). */
  severity?: 'error' | 'warning' | 'note' | 'chat';
}

/** A problem of a frame (the engine's expert info) or of the capture file itself. */
export interface ProblemInfo {
  abbrev: string;
  severity: 'error' | 'warning' | 'note' | 'chat';
  group: string;
  message: string;
  frame?: number;
  offset: number;
  length: number;
  source?: number;
}

/** A node of a frame's tree, as Wireshark's details pane shows it. */
export interface DetailNode {
  label: string;
  abbrev?: string;
  value?: string | number | boolean;
  offset: number;
  length: number;
  source?: number;
  generated?: boolean;
  /** Byte role used for colouring (see ByteRoleName). */
  role?: ByteRoleName;
  problems?: ProblemInfo[];
  children?: DetailNode[];
}

/** Roles bytes are coloured by (also the semantic token types of hex dumps, in this order). */
export type ByteRoleName =
  | 'flags' | 'length' | 'identifier' | 'sequence' | 'messageType' | 'avpHeader' | 'avpValue'
  | 'address' | 'checksum' | 'payload' | 'header';

/** l2tpLens/openCapture: indexes a capture file (pcap, pcapng, gzip'd, or hex-dump text) once. */
export interface OpenCaptureParams {
  path: string;
  /** Rows returned in `firstPage` (default 100). */
  pageSize?: number;
}
export interface OpenCaptureResult {
  captureId: string;
  path: string;
  format: 'pcap' | 'pcapng' | 'hexdump';
  frameCount: number;
  linkTypes: number[];
  /** Problems of the file itself (truncation, bad records). */
  problems: ProblemInfo[];
  firstPage: FrameRow[];
  /** Milliseconds the index pass took. */
  indexMs: number;
}

/** l2tpLens/closeCapture: forgets a capture and closes its file. */
export interface CloseCaptureParams {
  captureId: string;
}

/** l2tpLens/captureFrames: a page of the frame list. */
export interface CaptureFramesParams {
  captureId: string;
  /** 0-based index of the first row. */
  start: number;
  count: number;
}
export interface CaptureFramesResult {
  total: number;
  frames: FrameRow[];
}

/** l2tpLens/frameDetail: one frame's tree (decoded on demand, cached within a bound). */
export interface FrameDetailParams {
  captureId: string;
  /** 1-based frame number. */
  frame: number;
}
export interface FrameDetail {
  number: number;
  /** tshark's frame.protocols, e.g. "eth:ethertype:ip:udp:l2tp". */
  protocols: string;
  summary: { source: string; destination: string; protocol: string; info: string };
  sources: { name: string; length: number }[];
  tree: DetailNode[];
  problems: ProblemInfo[];
}

/** l2tpLens/frameBytes: the bytes of a frame's data source, with their roles. */
export interface FrameBytesParams {
  captureId: string;
  frame: number;
  /** Data source index (default 0: the frame). */
  source?: number;
}
export interface FrameBytesResult {
  /** Contiguous lowercase hex. */
  hex: string;
  length: number;
  /** Runs of bytes with one role, in order (bytes not covered have no role). */
  roles: { offset: number; length: number; role: ByteRoleName }[];
}

/** l2tpLens/explainField: the hover text of a node of a frame's tree, for the capture view's tree. */
export interface ExplainFieldParams {
  captureId: string;
  frame: number;
  /** Child indexes from the top level down to the node (as in FrameDetail.tree). */
  path: number[];
}
export interface ExplainFieldResult {
  /** Markdown, as a hover shows it. */
  markdown: string;
}

/** l2tpLens/filterFrames: frames matching a display filter, a page at a time. */
export interface FilterFramesParams {
  captureId: string;
  filter: string;
  start?: number;
  count?: number;
}
export type FilterFramesResult =
  | { ok: true; total: number; frames: FrameRow[] }
  | { ok: false; error: string };

/** l2tpLens/captureProblems: every frame's expert info plus the file's problems. */
export interface CaptureProblemsParams {
  captureId: string;
  start?: number;
  count?: number;
}
export interface CaptureProblemsResult {
  total: number;
  problems: ProblemInfo[];
}

/** l2tpLens/captureFlows: the flow model (tunnels, sessions, reliability, problems) of a capture. */
export interface CaptureFlowsParams {
  captureId: string;
}
/** l2tpLens/documentFlows: the flow model of an open hex-dump or Markdown document. */
export interface DocumentFlowsParams {
  uri: string;
}
export interface FlowsResult {
  /** Always true in this build (kept so older clients can tell). */
  available: boolean;
  /** The flow model's JSON, as server/flow/types.ts defines it (FlowModel); null for a document without frames. */
  model: unknown;
}

/** l2tpLens/exportDiagram: a tunnel's negotiation as a diagram text (Mermaid sequence diagram). */
export interface ExportDiagramParams {
  uri?: string;
  captureId?: string;
  /** Tunnel ID (either end's) or the flow model's tunnel id; all tunnels when absent. */
  tunnel?: number | string;
  format: 'mermaid';
}
export interface ExportDiagramResult {
  text: string;
}

/** Arguments of the code-lens commands. */
export interface FlowCommandArgs {
  uri: string;
  /** Tunnel ID (v2) or control connection ID (v3) as the frame's header shows it. */
  tunnel: number;
  /** 1-based number of the frame the lens sits above. */
  frame: number;
  /** The flow model's tunnel id (FlowTunnel.id), when the flow analysis ran. */
  flowTunnel?: string;
}
