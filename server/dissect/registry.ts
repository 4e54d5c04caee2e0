// Dissector tables (Wireshark's register_dissector_table / dissector_add_uint): a protocol hands its
// payload to whatever registered for a key ('ethertype' 0x0800, 'ip.proto' 17, 'udp.port' 1701,
// 'ppp.protocol' 0xc021, 'wtap_encap' 1 …) without knowing who that is.

import type { Builder } from './builder';
import type { PacketInfo } from './packet';
import type { Tvb } from './tvb';
import { MAX_DEPTH, wsExperts } from './common';

/**
 * Decodes `tvb` (its payload starts at offset 0) and adds its top-level layer(s) to the builder.
 * Returns how many bytes of `tvb` the protocol says it occupies (e.g. IPv4's Total Length), when that is
 * less than the whole view, so the caller can show the rest as trailer/padding; void means "all of it".
 */
export type Dissector = (tvb: Tvb, pinfo: PacketInfo, t: Builder) => number | void;

export interface DissectorEntry {
  /** Short name, as tshark's frame.protocols and decode-as use ('l2tp', 'ppp', 'eth'). */
  readonly name: string;
  readonly dissect: Dissector;
}

/** A heuristic dissector: returns false (having added nothing) when the bytes are not its protocol. */
export type Heuristic = (tvb: Tvb, pinfo: PacketInfo, t: Builder) => boolean;

/**
 * One dissector table. Keys below 2^16 (ethertypes, ports, IP and PPP protocol numbers: every hot lookup)
 * index a flat array; anything else goes to a map.
 */
class DissectorTable {
  private readonly small: (DissectorEntry | undefined)[] = [];
  private readonly large = new Map<number, DissectorEntry>();
  get(key: number): DissectorEntry | undefined {
    // Bounds first: an element read past an array's end takes V8's slow path (a prototype-chain lookup).
    if (key >= 0 && key < 0x10000) return key < this.small.length ? this.small[key] : undefined;
    return this.large.get(key);
  }
  set(key: number, e: DissectorEntry): void {
    if (Number.isInteger(key) && key >= 0 && key < 0x10000) {
      while (this.small.length <= key) this.small.push(undefined);
      this.small[key] = e;
    } else this.large.set(key, e);
  }
}

export class Registry {
  private readonly byName = new Map<string, DissectorEntry>();
  // Tables and names, in short lists: every frame looks tables and a few names up several times with the
  // same literal strings, and === over a short list (a pointer check for V8's interned literals) beats
  // hashing them (measured: Map lookups were ~7 % of the index pass).
  private readonly tableNames: string[] = [];
  private readonly tableList: DissectorTable[] = [];
  private readonly recentNames: string[] = [];
  private readonly recentEntries: DissectorEntry[] = [];
  private readonly heuristics = new Map<string, Heuristic[]>();

  /** Declares a dissector by name (for decode-as and hex-dump layer directives). */
  register(entry: DissectorEntry): DissectorEntry {
    this.byName.set(entry.name, entry);
    this.recentNames.length = 0; // a later registration under a name replaces the earlier one
    this.recentEntries.length = 0;
    return entry;
  }

  /** Adds `entry` to `table` under `key` (later registrations win, as in Wireshark). */
  add(table: string, key: number, entry: DissectorEntry): void {
    this.register(entry);
    let t = this.table(table);
    if (!t) {
      this.tableNames.push(table);
      this.tableList.push((t = new DissectorTable()));
    }
    t.set(key, entry);
  }

  addHeuristic(table: string, h: Heuristic): void {
    const list = this.heuristics.get(table) ?? [];
    list.push(h);
    this.heuristics.set(table, list);
  }

  private table(name: string): DissectorTable | undefined {
    const names = this.tableNames;
    for (let i = 0; i < names.length; i++) if (names[i] === name) return this.tableList[i];
    return undefined;
  }

  lookup(table: string, key: number): DissectorEntry | undefined {
    return this.table(table)?.get(key);
  }

  byNameOf(name: string): DissectorEntry | undefined {
    const names = this.recentNames;
    for (let i = 0; i < names.length; i++) if (names[i] === name) return this.recentEntries[i];
    const e = this.byName.get(name);
    if (e && names.length < 8) {
      names.push(name);
      this.recentEntries.push(e);
    }
    return e;
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }

  /**
   * Calls the dissector for `key` in `table` (decode-as rules first). Returns the bytes it claims
   * (see Dissector), or -1 when no dissector is registered (the caller then shows data).
   */
  call(table: string, key: number, tvb: Tvb, pinfo: PacketInfo, t: Builder): number {
    const rules = pinfo.prefs.decodeAs;
    const e = rules.size !== 0 ? rules.get(table)?.get(key) : undefined;
    const entry = e !== undefined ? this.byName.get(e) : this.table(table)?.get(key);
    if (!entry) return -1;
    return this.run(entry, tvb, pinfo, t);
  }

  /** Runs a dissector with the nesting guard; returns the bytes it claims. */
  run(entry: DissectorEntry, tvb: Tvb, pinfo: PacketInfo, t: Builder): number {
    if (pinfo.depth >= MAX_DEPTH) {
      t.problem(null, tvb, wsExperts.recursion, 0, tvb.length);
      return tvb.length;
    }
    pinfo.depth++;
    try {
      const n = entry.dissect(tvb, pinfo, t);
      return typeof n === 'number' ? n : tvb.length;
    } finally {
      pinfo.depth--;
    }
  }

  /** Tries each heuristic of `table` in registration order. */
  tryHeuristics(table: string, tvb: Tvb, pinfo: PacketInfo, t: Builder): boolean {
    const list = this.heuristics.get(table);
    if (list) for (let i = 0; i < list.length; i++) if (list[i]!(tvb, pinfo, t)) return true;
    return false;
  }
}

/** What a protocol module exports: its registrations (fields and experts are declared at module load). */
export interface ProtocolModule {
  readonly name: string;
  register(reg: Registry): void;
}
