// The decoding engine's entry: one frame in, a tree (or field hits, or nothing but state) out.
// Never throws: a dissector bug becomes a problem on the frame.

import type { FrameMeta } from './capture/types';
import { FieldsBuilder, NullBuilder, TreeBuilder } from './builder';
import type { Builder } from './builder';
import { CaptureState, PacketInfo } from './packet';
import type { TimeRef } from './packet';
import { defaultPreferences } from './prefs';
import type { Preferences } from './prefs';
import { Registry } from './registry';
import type { ProtocolModule } from './registry';
import { PROTOCOLS } from './protocols/index';
import { dissectFrame, ei as frameEi } from './protocols/frame';
import { hf as dataHf } from './protocols/data';
import type { DecodedFrame } from './tree';
import { Tvb } from './tvb';
import { addColumnFields, COLUMN_FIELDS } from './columns';
import { etherName } from './names';

export interface DissectOptions {
  /** Record cross-frame state as frames go (the index pass, or a single streaming pass). */
  firstPass: boolean;
  /** Compute the Protocol/Info columns. */
  columns?: boolean;
  timeRef?: TimeRef;
}

const INDEX_OPTS: DissectOptions = { firstPass: true, columns: false };
const INDEX_OPTS_COLUMNS: DissectOptions = { firstPass: true, columns: true };

export class Engine {
  readonly registry = new Registry();
  readonly prefs: Preferences;
  /** The index pass's sink (its problems are not kept: cleared per frame). */
  private readonly nb = new NullBuilder();

  constructor(prefs?: Partial<Preferences>, modules: readonly ProtocolModule[] = PROTOCOLS) {
    this.prefs = { ...defaultPreferences(), ...prefs };
    for (const m of modules) m.register(this.registry);
  }

  /** Runs the dissectors over one frame into `t`. */
  dissect(meta: FrameMeta, bytes: Uint8Array, state: CaptureState, t: Builder, opts: DissectOptions): PacketInfo {
    // A sink recording a column field (_ws.col.*) needs the columns, which the tree never shows.
    const columnFields = !t.tree && t.wantsSome(COLUMN_FIELDS);
    const pinfo = new PacketInfo(meta, bytes, this.registry, this.prefs, state, opts.firstPass, (opts.columns ?? false) || columnFields);
    pinfo.timeRef = opts.timeRef;
    const tvb = Tvb.of(bytes, Math.max(meta.originalLength, bytes.length));
    try {
      dissectFrame(tvb, pinfo, t);
      if (pinfo.columns) nameLinkAddresses(pinfo);
      if (columnFields) addColumnFields(t, pinfo);
    } catch (e) {
      t.problem(null, tvb, frameEi.dissector_bug, 0, 0, `Internal decoder error: ${e instanceof Error ? e.message : String(e)}`);
    }
    return pinfo;
  }

  /** The full tree of one frame. Uncovered trailing bytes become a data layer, so layers tile the frame. */
  decode(meta: FrameMeta, bytes: Uint8Array, state: CaptureState, opts: DissectOptions = { firstPass: false, columns: true }): DecodedFrame {
    const t = new TreeBuilder();
    const pinfo = this.dissect(meta, bytes, state, t, opts);
    let end = 0;
    for (const n of t.roots) if (!n.source && n.abbrev !== 'frame') end = Math.max(end, n.offset + n.length);
    if (end < bytes.length && end > 0) {
      const tail = Tvb.of(bytes);
      const top = t.add(null, tail, dataHf.data, end, bytes.length - end, undefined, `Trailer (${bytes.length - end} bytes not claimed by any layer)`);
      t.add(top, tail, dataHf.data_data, end, bytes.length - end);
    }
    // Problems raised with no node go on the frame node, so every problem is reachable from the tree.
    const frameNode = t.roots[0];
    if (frameNode) {
      for (const p of t.problems) {
        if (!containsProblem(t.roots, p)) (frameNode.problems ??= []).push(p);
      }
    }
    return {
      number: meta.number,
      layers: t.roots,
      sources: pinfo.sources,
      protocols: pinfo.protocols,
      summary: { src: pinfo.src, dst: pinfo.dst, protocol: pinfo.protocol, info: pinfo.info },
    };
  }

  /** Only the wanted fields (for `fields` and filters). Reuse one FieldsBuilder across frames. */
  fields(meta: FrameMeta, bytes: Uint8Array, state: CaptureState, fb: FieldsBuilder, opts: DissectOptions): PacketInfo {
    fb.reset();
    return this.dissect(meta, bytes, state, fb, opts);
  }

  /** The index pass: state and the L2TP facts, nothing else. */
  index(meta: FrameMeta, bytes: Uint8Array, state: CaptureState, columns = false): PacketInfo {
    const nb = this.nb;
    if (nb.problems.length !== 0) nb.problems.length = 0;
    nb.pppPayload = state.randomAccess;
    return this.dissect(meta, bytes, state, nb, columns ? INDEX_OPTS_COLUMNS : INDEX_OPTS);
  }
}

/** The Source / Destination columns name an Ethernet address still in them, as Wireshark's list does. */
function nameLinkAddresses(pinfo: PacketInfo): void {
  if (pinfo.linkSrc !== '' && pinfo.src === pinfo.linkSrc) pinfo.src = etherName(pinfo.src);
  if (pinfo.linkDst !== '' && pinfo.dst === pinfo.linkDst) pinfo.dst = etherName(pinfo.dst);
}

function containsProblem(nodes: DecodedFrame['layers'], p: object): boolean {
  for (const n of nodes) {
    if (n.problems?.includes(p as never)) return true;
    if (n.children && containsProblem(n.children, p)) return true;
  }
  return false;
}

export { CaptureState };
