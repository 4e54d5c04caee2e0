// The sink dissectors write into. One dissector, three sinks (Wireshark's tree / NULL-tree / "interesting
// fields" modes): the full tree for views, only the wanted fields for `fields` and filters, nothing at all
// for the index pass. Dissectors never branch on the mode except through `wants()` to skip costly values.

import { fieldCount, fieldId } from './fields';
import type { FieldDef, FieldValue } from './fields';
import type { ExpertDef, Problem } from './expert';
import type { TreeNode } from './tree';
import type { Tvb } from './tvb';

/** A parent handle: a node, or null for the top level. In non-tree modes every handle is null. */
export type Parent = TreeNode | null;

export interface Builder {
  /** True when a full tree is being built (labels and text nodes are worth computing). */
  readonly tree: boolean;
  /** True when `field`'s value will be used (always in tree mode). */
  wants(field: FieldDef): boolean;
  /**
   * False when nothing this sink records can come from inside `tunnel`'s payload, so the tunnel's dissector
   * may leave that payload undecoded (see ARCHITECTURE.md, dissector conventions). Always true for the
   * tree and for the index pass (which records the tunnelled PPP protocol and inner reassembly state).
   */
  wantsPayloadOf(tunnel: 'l2tp'): boolean;
  /**
   * Adds a field item of `len` bytes at `off` in `tvb` under `parent`. `value` is already masked and
   * shifted for bit fields. `text` replaces the rendered label. Returns the node (null when no tree).
   */
  add(parent: Parent, tvb: Tvb, field: FieldDef, off: number, len: number, value?: FieldValue, text?: string): TreeNode | null;
  /** A generated field (Wireshark's PROTO_ITEM_SET_GENERATED): no bytes of its own. */
  generated(parent: Parent, field: FieldDef, value: FieldValue, text?: string): TreeNode | null;
  /** A text-only line (no field), e.g. an AVP subtree head. */
  text(parent: Parent, tvb: Tvb, off: number, len: number, text: string): TreeNode | null;
  /** Changes a node's length once it is known (clipped by nothing: callers pass captured lengths). */
  setLength(node: TreeNode | null, len: number): void;
  setText(node: TreeNode | null, text: string): void;
  /** Attaches a problem to `node` (or to the frame when null) covering `len` bytes at `off` in `tvb`. */
  problem(node: Parent, tvb: Tvb, expert: ExpertDef, off: number, len: number, message?: string): void;
  /** Problems found in this frame, in the order they were raised. */
  readonly problems: Problem[];
}

function mkProblem(tvb: Tvb, e: ExpertDef, off: number, len: number, message?: string): Problem {
  const start = Math.min(tvb.abs(Math.max(0, off)), tvb.end);
  const p: Problem = {
    abbrev: e.abbrev,
    severity: e.severity,
    group: e.group,
    message: message ?? e.summary,
    offset: start,
    length: Math.max(0, Math.min(len, tvb.end - start)),
  };
  if (tvb.source) p.source = tvb.source;
  return p;
}

/**
 * Protocols (abbreviation prefixes) whose fields only occur outside an L2TP tunnel's payload in this engine.
 * ip, ipv6, udp and data also occur inside it (tunnelled IP), so they are not on the list.
 */
const OUTSIDE_L2TP_PAYLOAD: ReadonlySet<string> = new Set([
  'frame', 'eth', 'vlan', 'ieee8021ad', 'sll', 'null', 'loop', 'raw', 'pppoes', 'pppoed', 'l2tp',
]);

/** True when a field named `abbrev` may be found inside an L2TP payload (unknown protocols: assume so). */
export function fieldMayBeInL2tpPayload(abbrev: string): boolean {
  // frame.protocols lists every layer, tunnelled ones included.
  if (abbrev === 'frame.protocols') return true;
  const dot = abbrev.indexOf('.');
  return !OUTSIDE_L2TP_PAYLOAD.has(dot < 0 ? abbrev : abbrev.slice(0, dot));
}

/** Builds the whole tree. */
export class TreeBuilder implements Builder {
  readonly tree = true;
  readonly roots: TreeNode[] = [];
  readonly problems: Problem[] = [];

  wants(): boolean {
    return true;
  }
  wantsPayloadOf(): boolean {
    return true;
  }

  private attach(parent: Parent, n: TreeNode): TreeNode {
    if (parent) (parent.children ??= []).push(n);
    else this.roots.push(n);
    return n;
  }

  add(parent: Parent, tvb: Tvb, field: FieldDef, off: number, len: number, value?: FieldValue, text?: string): TreeNode {
    // Items never extend past the captured bytes of their view: a lying length is clipped, and the
    // dissector reports the problem.
    const start = Math.min(tvb.abs(Math.max(0, off)), tvb.end);
    const n: TreeNode = { abbrev: field.abbrev, offset: start, length: Math.max(0, Math.min(len, tvb.end - start)) };
    if (value !== undefined) n.value = value;
    if (text !== undefined) n.text = text;
    if (tvb.source) n.source = tvb.source;
    return this.attach(parent, n);
  }

  generated(parent: Parent, field: FieldDef, value: FieldValue, text?: string): TreeNode {
    const n: TreeNode = { abbrev: field.abbrev, value, offset: parent?.offset ?? 0, length: 0, generated: true };
    if (parent?.source) n.source = parent.source;
    if (text !== undefined) n.text = text;
    return this.attach(parent, n);
  }

  text(parent: Parent, tvb: Tvb, off: number, len: number, text: string): TreeNode {
    const start = Math.min(tvb.abs(Math.max(0, off)), tvb.end);
    const n: TreeNode = { text, offset: start, length: Math.max(0, Math.min(len, tvb.end - start)) };
    if (tvb.source) n.source = tvb.source;
    return this.attach(parent, n);
  }

  setLength(node: TreeNode | null, len: number): void {
    if (node) node.length = Math.max(0, len);
  }

  setText(node: TreeNode | null, text: string): void {
    if (node) node.text = text;
  }

  problem(node: Parent, tvb: Tvb, e: ExpertDef, off: number, len: number, message?: string): void {
    const p = mkProblem(tvb, e, off, len, message);
    this.problems.push(p);
    if (node) (node.problems ??= []).push(p);
  }
}

/** One recorded occurrence of a wanted field, in tree order. */
export interface FieldHit {
  field: FieldDef;
  value: FieldValue | undefined;
  /** The bytes of the item (for bytes-typed fields without a value). */
  bytes?: Uint8Array;
  /** The label the dissector gave the item, if it computed one. */
  label?: string;
}

/** Records only the wanted fields (for `fields`, `-Y` and column extraction). */
export class FieldsBuilder implements Builder {
  readonly tree = false;
  readonly hits: FieldHit[] = [];
  readonly problems: Problem[] = [];

  /** Wanted abbreviations; fields made at run time (plugins) are matched by name on first sight. */
  private readonly wanted: ReadonlySet<string>;
  /** Decision per field id (0 undecided, 1 wanted, 2 not): an array index per item instead of a hash. */
  private decided = new Uint8Array(0);

  /** Computed once from the wanted set: whether any wanted field can live inside an L2TP payload. */
  private readonly l2tpPayload: boolean;

  constructor(wanted: Iterable<string>) {
    this.wanted = new Set(wanted);
    this.l2tpPayload = [...this.wanted].some(fieldMayBeInL2tpPayload);
  }

  wantsPayloadOf(): boolean {
    return this.l2tpPayload;
  }

  wants(field: FieldDef): boolean {
    const id = fieldId(field);
    if (id >= this.decided.length) {
      const grown = new Uint8Array(Math.max(fieldCount(), id + 1) + 64);
      grown.set(this.decided);
      this.decided = grown;
    }
    let d = this.decided[id] ?? 0;
    if (d === 0) this.decided[id] = d = this.wanted.has(field.abbrev) ? 1 : 2;
    return d === 1;
  }

  reset(): void {
    this.hits.length = 0;
    this.problems.length = 0;
  }

  add(_p: Parent, tvb: Tvb, field: FieldDef, off: number, len: number, value?: FieldValue, text?: string): null {
    if (this.wants(field)) {
      const hit: FieldHit = { field, value };
      if (value === undefined) hit.bytes = tvb.bytes(off, len);
      if (text !== undefined) hit.label = text;
      this.hits.push(hit);
    }
    return null;
  }

  generated(_p: Parent, field: FieldDef, value: FieldValue): null {
    if (this.wants(field)) this.hits.push({ field, value });
    return null;
  }

  text(): null {
    return null;
  }

  setLength(): void {}
  setText(): void {}

  problem(_n: Parent, tvb: Tvb, e: ExpertDef, off: number, len: number, message?: string): void {
    this.problems.push(mkProblem(tvb, e, off, len, message));
  }
}

/** Records nothing but problems: the index pass. */
export class NullBuilder implements Builder {
  readonly tree = false;
  readonly problems: Problem[] = [];
  wants(): boolean {
    return false;
  }
  wantsPayloadOf(): boolean {
    return true;
  }
  add(): null {
    return null;
  }
  generated(): null {
    return null;
  }
  text(): null {
    return null;
  }
  setLength(): void {}
  setText(): void {}
  problem(_n: Parent, tvb: Tvb, e: ExpertDef, off: number, len: number, message?: string): void {
    this.problems.push(mkProblem(tvb, e, off, len, message));
  }
}
