// The sink dissectors write into. One dissector, three sinks (Wireshark's tree / NULL-tree / "interesting
// fields" modes): the full tree for views, only the wanted fields for `fields` and filters, nothing at all
// for the index pass. Dissectors never branch on the mode except through `wants()` to skip costly values.

import { fieldId, roomForField } from './fields';
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
   * True when the label of the item of protocol `proto` will be shown, so the dissector should compose it
   * (and set it with setText on the item add returned): always in the tree; in `fields` when that item is
   * recorded and tshark prints it by its label (FieldDef.fieldsRepr 'label'); never in the index pass.
   */
  labels(proto: FieldDef): boolean;
  /**
   * False when no field of protocol `proto` (abbreviations `proto.abbrev` and `proto.abbrev.*`) is recorded,
   * so a dissector may skip whole runs of plain `add` calls for that protocol. Problems and values later
   * steps need must still be computed. Always true for the tree, always false for the index pass.
   */
  wantsAny(proto: FieldDef): boolean;
  /** True when any of `fields` is recorded (decided once per array: pass a module-level constant). */
  wantsSome(fields: readonly FieldDef[]): boolean;
  /**
   * False when nothing this sink records can come from inside `tunnel`'s payload, so the tunnel's dissector
   * may leave that payload undecoded (see ARCHITECTURE.md, dissector conventions). Always true for the
   * tree. For the index pass: true for 'l2tp' (it records the tunnelled PPP protocol), and for 'ppp' (what PPP
   * carries: inner reassembly and conversation state) unless no tree will follow (CaptureState.randomAccess).
   */
  wantsPayloadOf(tunnel: 'l2tp' | 'ppp'): boolean;
  /**
   * Adds a field item of `len` bytes at `off` in `tvb` under `parent`. `value` is already masked and
   * shifted for bit fields. `text` replaces the rendered label. Returns the node (null when no tree).
   */
  add(parent: Parent, tvb: Tvb, field: FieldDef, off: number, len: number, value?: FieldValue, text?: string): TreeNode | null;
  /** A generated field (Wireshark's PROTO_ITEM_SET_GENERATED): no bytes of its own. */
  generated(parent: Parent, field: FieldDef, value: FieldValue, text?: string): TreeNode | null;
  /** A text-only line (no field), e.g. an AVP subtree head. */
  text(parent: Parent, tvb: Tvb, off: number, len: number, text: string): TreeNode | null;
  /** A generated text-only line (shown in brackets, no bytes of its own), e.g. the head of a generated subtree. */
  generatedText(parent: Parent, text: string): TreeNode | null;
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
  labels(): boolean {
    return true;
  }
  wantsAny(): boolean {
    return true;
  }
  wantsSome(): boolean {
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
    return this.attach(parent, node(field.abbrev, text, value, start, Math.max(0, Math.min(len, tvb.end - start)), tvb.source, undefined));
  }

  generated(parent: Parent, field: FieldDef, value: FieldValue, text?: string): TreeNode {
    return this.attach(parent, node(field.abbrev, text, value, parent?.offset ?? 0, 0, parent?.source ?? 0, true));
  }

  text(parent: Parent, tvb: Tvb, off: number, len: number, text: string): TreeNode {
    const start = Math.min(tvb.abs(Math.max(0, off)), tvb.end);
    return this.attach(parent, node(undefined, text, undefined, start, Math.max(0, Math.min(len, tvb.end - start)), tvb.source, undefined));
  }

  generatedText(parent: Parent, text: string): TreeNode {
    return this.attach(parent, node(undefined, text, undefined, parent?.offset ?? 0, 0, parent?.source ?? 0, true));
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

/**
 * Every node with the same properties in the same order (absent ones undefined, which JSON leaves out):
 * one hidden class for all nodes, so whatever walks trees reads them without megamorphic lookups.
 */
function node(abbrev: string | undefined, text: string | undefined, value: FieldValue | undefined, offset: number, length: number, source: number, generated: true | undefined): TreeNode {
  return { abbrev, text, value, offset, length, source: source === 0 ? undefined : source, generated, children: undefined, problems: undefined };
}

/** One recorded occurrence of a wanted field, in tree order. */
export interface FieldHit {
  field: FieldDef;
  /** The field's dense id (fieldId), carried so readers index by it without touching the declaration. */
  id: number;
  value: FieldValue | undefined;
  /** The bytes of the item (for bytes-typed fields without a value). */
  bytes?: Uint8Array;
  /** The label the dissector gave the item, if it computed one. */
  label?: string;
}

/** Records only the wanted fields (for `fields`, `-Y` and column extraction). */
export class FieldsBuilder implements Builder {
  readonly tree = false;
  readonly problems: Problem[] = [];

  /** Wanted abbreviations; fields made at run time (plugins) are matched by name on first sight. */
  private readonly wanted: ReadonlySet<string>;
  /** Protocols (abbreviation prefixes before the first dot) of the wanted fields, for wantsAny. */
  private readonly protos: ReadonlySet<string>;
  /**
   * Decision per field id (0 undecided, 1 wanted, 2 not, 3 wanted and printed by its label: see labels()): an
   * array index per item instead of a hash, and no look at the declaration (whose shapes are many).
   */
  private decided: Uint8Array = new Uint8Array(0);
  /** The same for wantsAny, per protocol field id. */
  private decidedAny: Uint8Array = new Uint8Array(0);

  /** Computed once from the wanted set: whether any wanted field can live inside an L2TP payload. */
  private readonly l2tpPayload: boolean;

  /**
   * This frame's hits are list[0 .. count): reset() only zeroes the count, and the hit objects themselves
   * are reused from frame to frame (a frame's hits are read before the next frame is dissected), so
   * recording a field allocates nothing. `hits` views the first `count`. Every hit has the same five
   * properties, so the code reading them stays monomorphic.
   */
  private readonly list: FieldHit[] = [];
  private readonly view: FieldHit[] = [];
  private count = 0;

  constructor(wanted: Iterable<string>) {
    this.wanted = new Set(wanted);
    this.l2tpPayload = [...this.wanted].some(fieldMayBeInL2tpPayload);
    const protos = new Set<string>();
    for (const a of this.wanted) {
      const dot = a.indexOf('.');
      protos.add(dot < 0 ? a : a.slice(0, dot));
    }
    this.protos = protos;
  }

  /** The wanted fields recorded for this frame, in tree order. */
  get hits(): FieldHit[] {
    const v = this.view;
    const n = this.count;
    if (v.length !== n) {
      v.length = 0;
      for (let i = 0; i < n; i++) v.push(this.list[i]!);
    }
    // Same length as the last frame's: the pooled objects at those positions are this frame's.
    return v;
  }

  wantsPayloadOf(): boolean {
    return this.l2tpPayload;
  }

  wants(field: FieldDef): boolean {
    const id = field.id ?? -1;
    const d = this.decided[id];
    if (d !== undefined && d !== 0) return (d & 1) === 1;
    return this.decide(field, id) !== 2;
  }

  /**
   * Settles `field`'s entry in `decided` (see there) and returns it. add() and generated() write the lookup
   * before it out: a shared helper method there measured 5 % slower on the 46-field fields run.
   */
  private decide(field: FieldDef, id: number): number {
    const yes = this.wanted.has(field.abbrev);
    const d = !yes ? 2 : field.fieldsRepr === 'label' ? 3 : 1;
    if (id < 0) return d;
    this.decided = roomForField(this.decided, id);
    this.decided[id] = d;
    return d;
  }

  labels(proto: FieldDef): boolean {
    const id = proto.id ?? -1;
    const d = this.decided[id];
    return (d !== undefined && d !== 0 ? d : this.decide(proto, id)) === 3;
  }

  wantsAny(proto: FieldDef): boolean {
    const id = fieldId(proto);
    const d = this.decidedAny[id];
    if (d !== undefined && d !== 0) return d === 1;
    const yes = this.protos.has(proto.abbrev);
    if (id >= 0) {
      this.decidedAny = roomForField(this.decidedAny, id);
      this.decidedAny[id] = yes ? 1 : 2;
    }
    return yes;
  }

  /** wantsSome's decisions, by the identity of the array passed. */
  private readonly groups = new Map<readonly FieldDef[], boolean>();

  wantsSome(fields: readonly FieldDef[]): boolean {
    let yes = this.groups.get(fields);
    if (yes === undefined) {
      yes = fields.some((f) => this.wants(f));
      this.groups.set(fields, yes);
    }
    return yes;
  }

  reset(): void {
    this.count = 0;
    if (this.problems.length !== 0) this.problems.length = 0;
    if (this.labelled.length !== 0) this.labelled.length = 0;
  }

  /**
   * Handles given out for the recorded protocol items printed by their label (see labels()), each with its
   * hit's index, so that setText reaches the hit: such a layer's label is often finished after its item.
   */
  private readonly labelled: { node: TreeNode; hit: number }[] = [];

  private push(field: FieldDef, id: number, value: FieldValue | undefined, bytes: Uint8Array | undefined, label: string | undefined): void {
    const i = this.count++;
    const h = this.list[i];
    if (h === undefined) {
      this.list.push({ field, id, value, bytes, label });
      return;
    }
    h.field = field;
    h.id = id;
    h.value = value;
    h.bytes = bytes;
    h.label = label;
  }

  add(_p: Parent, tvb: Tvb, field: FieldDef, off: number, len: number, value?: FieldValue, text?: string): TreeNode | null {
    // The declaration's id is read once: declarations have many shapes, so each read of one is a slow lookup.
    const id = field.id ?? -1;
    let d = this.decided[id];
    if (d === undefined || d === 0) d = this.decide(field, id);
    if ((d & 1) === 0) return null;
    this.push(field, id, value, value === undefined ? tvb.bytes(off, len) : undefined, text);
    return d === 3 ? this.handle(field, text) : null;
  }

  /** A handle on the hit just recorded, for setText (see `labelled`). */
  private handle(field: FieldDef, text: string | undefined): TreeNode {
    const h = node(field.abbrev, text, undefined, 0, 0, 0, undefined);
    this.labelled.push({ node: h, hit: this.count - 1 });
    return h;
  }

  generated(_p: Parent, field: FieldDef, value: FieldValue): null {
    const id = field.id ?? -1;
    let d = this.decided[id];
    if (d === undefined || d === 0) d = this.decide(field, id);
    if ((d & 1) === 1) this.push(field, id, value, undefined, undefined);
    return null;
  }

  text(): null {
    return null;
  }
  generatedText(): null {
    return null;
  }

  setLength(): void {}

  setText(n: TreeNode | null, text: string): void {
    if (n === null) return;
    for (const l of this.labelled) if (l.node === n) (this.list[l.hit] as FieldHit).label = text;
  }

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
  labels(): boolean {
    return false;
  }
  wantsAny(): boolean {
    return false;
  }
  wantsSome(): boolean {
    return false;
  }
  /** False when no tree will follow this pass: then nothing inside PPP's payload matters (Engine.index sets it). */
  pppPayload = true;
  wantsPayloadOf(tunnel: 'l2tp' | 'ppp'): boolean {
    return tunnel === 'l2tp' || this.pppPayload;
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
  generatedText(): null {
    return null;
  }
  setLength(): void {}
  setText(): void {}
  problem(_n: Parent, tvb: Tvb, e: ExpertDef, off: number, len: number, message?: string): void {
    this.problems.push(mkProblem(tvb, e, off, len, message));
  }
}
