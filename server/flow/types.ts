// The flow model's JSON contract: tunnels, sessions, ladder rows and problems. The CLI's `--format json`,
// the language server and the sequence-diagram webview all read exactly these types (plain data only).

import type { Severity } from '../dissect/expert';

/** A tunnel's two ends: `a` sent the SCCRQ (or, when the setup is not in the capture, the first message seen). */
export type Side = 'a' | 'b';

/** RFC 2661 §7.2 control-connection states (RFC 3931 §7.3 uses the same names). */
export type TunnelState = 'idle' | 'wait-ctl-reply' | 'wait-ctl-conn' | 'established';

/** RFC 2661 §7.4 session states, incoming and outgoing calls, both sides. */
export type SessionState = 'idle' | 'wait-reply' | 'wait-connect' | 'wait-cs-answer' | 'established';

export type Role = 'LAC' | 'LNS' | 'LCCE' | 'peer';

/** A labelled value shown on a row. `kind` tells redaction what the value is (absent: harmless). */
export interface KeyValue {
  key: string;
  value: string;
  kind?: 'secret' | 'host' | 'name' | 'number' | 'address';
}

export interface FlowEndpoint {
  addr: string;
  /** UDP port; -1 for L2TPv3 directly over IP. */
  port: number;
  role: Role;
  /** Whether this end started the control connection (sent SCCRQ). */
  initiator: boolean;
  hostName?: string;
  vendorName?: string;
  /** The ID this end assigned to the tunnel (v2 Assigned Tunnel ID, v3 Assigned Control Connection ID). */
  tunnelId?: number;
  /** The Receive Window Size it advertised (RFC 2661 §4.4.3; 4 when absent). */
  rws: number;
  /** Final state of the control connection from this end's point of view. */
  state: TunnelState;
}

export interface StateChange {
  frame: number;
  time: number;
  /** Whose state changed ('both' for the tunnel or session as a whole). */
  side: Side | 'both';
  from: string;
  to: string;
  why: string;
}

/** Result Code AVP of a StopCCN or CDN, with the names the engine's field declarations give. */
export interface ResultInfo {
  code: number;
  name?: string;
  error?: number;
  errorName?: string;
  message?: string;
}

export interface Q931Info {
  cause: number;
  name?: string;
  msg?: number;
  advisory?: string;
}

/** PPP Disconnect Cause Code AVP (RFC 3145). */
export interface PppCauseInfo {
  code: number;
  name?: string;
  protocol?: number;
  direction?: number;
  message?: string;
}

export type OutcomeKind = 'established' | 'closed' | 'failed' | 'incomplete';

export interface Outcome {
  kind: OutcomeKind;
  /** One line an engineer reads first: "closed by LAC (frame 22): StopCCN result 1 General request …". */
  text: string;
  frame?: number;
  by?: Side;
  /** The message that ended it (StopCCN, CDN), or what ended it otherwise ("tunnel closed", "capture ended"). */
  cause?: string;
  result?: ResultInfo;
  q931?: Q931Info;
  pppCause?: PppCauseInfo;
}

export interface RowMarks {
  /** This is a resend of an Ns already sent: the first transmission's frame, the try number (2 = first resend). */
  retransmit?: { of: number; attempt: number; sincePrev: number; sinceFirst: number };
  /** Resent although the peer had already acknowledged it. */
  duplicate?: boolean;
  /** Frames (first transmissions) of the peer's messages this message acknowledges through its Nr. */
  acks?: number[];
  /** The peer's frame that acknowledged this message, and the time since this (last) transmission. */
  ackedBy?: number;
  ackDelay?: number;
  /** Never acknowledged by the end of the capture. */
  unacked?: boolean;
  /** Ns jumped past the next expected value: messages missing from the capture or lost. */
  gap?: { expected: number; got: number };
  /** Sent with more messages outstanding than the peer's Receive Window Size allows. */
  outOfWindow?: boolean;
  /** Nr lower than an Nr this end sent before. */
  nrBackwards?: boolean;
}

/** One control message (or ZLB) on the ladder. */
export interface CtlRow {
  kind: 'ctl';
  frame: number;
  time: number;
  from: Side;
  /** Message type; -1 for a ZLB acknowledgement. */
  msgType: number;
  /** Short name (SCCRQ, ICRP, ZLB …). */
  name: string;
  /** The engine's name for the message type. */
  longName?: string;
  ns: number;
  nr: number;
  /** Header Tunnel ID (v3: Control Connection ID) and Session ID, as sent. */
  tunnelId: number;
  sessionId: number;
  /** The session this message belongs to (a FlowSession id). */
  session?: string;
  avps: KeyValue[];
  marks: RowMarks;
  /** Abbreviations of the problems raised on this frame. */
  problems: string[];
}

/** Data messages between two shown rows, summarised as counts. */
export interface DataRow {
  kind: 'data';
  firstFrame: number;
  lastFrame: number;
  firstTime: number;
  lastTime: number;
  ab: number;
  ba: number;
  bySession: { session: string; ab: number; ba: number }[];
}

/** One PPP control packet (LCP, PAP, CHAP, IPCP, IPv6CP, CCP …) inside a session's data channel. */
export interface PppRow {
  kind: 'ppp';
  frame: number;
  time: number;
  from: Side;
  session: string;
  /** Protocol short name: LCP, PAP, CHAP, IPCP … */
  protocol: string;
  code: number;
  name: string;
  detail: KeyValue[];
}

export type FlowRow = CtlRow | DataRow | PppRow;

export interface FlowProblem {
  /** Stable abbreviation: l2tp.flow.* for flow checks, the engine's own for problems found while decoding. */
  abbrev: string;
  severity: Severity;
  frame: number;
  /** One sentence naming the RFC section. */
  text: string;
  ref?: string;
  tunnel?: string;
  session?: string;
  source: 'flow' | 'engine';
}

export interface PppSummary {
  /** PPP control packets seen. */
  packets: number;
  /** `state` is the final state; `opened` whether it was opened at some point (a terminated link was up). */
  lcp: { state: PppPhaseState; opened: boolean; agreed: { a: KeyValue[]; b: KeyValue[] } };
  auth?: { protocol: string; peer?: string; result: 'success' | 'failure' | 'pending'; frame?: number; message?: string };
  /** Addresses each end obtained (from the Configure-Ack of its request). */
  ipcp?: { state: PppPhaseState; opened: boolean; addresses: { a?: string; b?: string }; dns: string[] };
  ipv6cp?: { state: PppPhaseState; opened: boolean; interfaceIds: { a?: string; b?: string } };
  /** Other network control protocols seen (CCP …) and their states. */
  other: { protocol: string; state: PppPhaseState; opened: boolean }[];
  terminated?: { frame: number; by: Side };
  /** One line: "LCP opened · PAP success (markw) · IPCP 172.16.10.2 / 172.16.10.1". */
  text: string;
}

export type PppPhaseState = 'none' | 'negotiating' | 'opened' | 'rejected' | 'terminated';

export interface FlowSession {
  id: string;
  tunnel: string;
  call: 'incoming' | 'outgoing' | 'unknown';
  /** The end that sent ICRQ / OCRQ. */
  initiator?: Side;
  /** The Session ID each end assigned (v2 Assigned Session ID, v3 Local Session ID). */
  ids: { a?: number; b?: number };
  setupSeen: boolean;
  state: SessionState;
  sides: { a: SessionState; b: SessionState };
  firstFrame: number;
  lastFrame: number;
  start: number;
  end: number;
  timeline: StateChange[];
  outcome: Outcome;
  data: { ab: number; ba: number };
  calling?: string;
  called?: string;
  serial?: number;
  ppp?: PppSummary;
}

export interface DirectionStats {
  /** Control messages that consume an Ns (first transmissions). */
  messages: number;
  zlb: number;
  retransmissions: number;
  duplicates: number;
  gaps: number;
  unacked: number;
  /** Acknowledgement delays (seconds) measured from each message's last transmission. */
  ackDelayMax?: number;
  ackDelayMean?: number;
}

export interface FlowTunnel {
  id: string;
  version: number;
  transport: 'udp' | 'ip';
  a: FlowEndpoint;
  b: FlowEndpoint;
  /** False when the capture starts after the tunnel came up (no SCCRQ seen). */
  setupSeen: boolean;
  state: TunnelState;
  timeline: StateChange[];
  outcome: Outcome;
  firstFrame: number;
  lastFrame: number;
  start: number;
  end: number;
  sessions: FlowSession[];
  rows: FlowRow[];
  reliability: { a: DirectionStats; b: DirectionStats };
  /** Tunnel authentication (Challenge / Challenge Response) as the engine judged it, per responding end. */
  challenge?: { a?: ChallengeVerdict; b?: ChallengeVerdict };
  problems: FlowProblem[];
}

export type ChallengeVerdict = 'verified' | 'failed' | 'unchecked';

export interface CaptureFacts {
  file?: string;
  format?: string;
  frames: number;
  l2tpFrames: number;
  controlFrames: number;
  dataFrames: number;
  /** ISO time of the first frame. */
  start?: string;
  duration: number;
}

export interface FlowModel {
  format: 'l2tp-lens.flow';
  version: 1;
  capture: CaptureFacts;
  tunnels: FlowTunnel[];
  /** Problems not tied to a tunnel. */
  problems: FlowProblem[];
  /** What redaction masked ('secrets', 'hosts', 'numbers', 'addresses'); empty when unredacted. */
  redacted: string[];
}
