// Public API of the display-filter language: compileFilter (errors with offsets), matchHits, matchTree.

import { fieldByAbbrev } from '../fields';
import type { FieldHit } from '../builder';
import { walk } from '../tree';
import type { DataSource, TreeNode } from '../tree';
import { CompileError, Compiler, run } from './evaluate';
import type { FilterValue, Test } from './evaluate';
import { parseFilter } from './parser';

export type { FilterValue } from './evaluate';

export interface CompiledFilter {
  readonly text: string;
  /** The abbreviations the filter reads: record these (FieldsBuilder's wanted set) to evaluate it. */
  readonly fields: ReadonlySet<string>;
  /** True when the frame whose occurrences `get` returns (in tree order) passes. Never throws. */
  matches(get: (abbrev: string) => readonly FilterValue[]): boolean;
}

export interface FilterError {
  readonly error: string;
  /** Offset in the filter text (UTF-16 units) where the problem is. */
  readonly offset: number;
}

export function isFilterError(r: CompiledFilter | FilterError): r is FilterError {
  return 'error' in r;
}

/** Compiles a display filter (Wireshark 4.0 syntax). An empty filter matches every frame. Never throws. */
export function compileFilter(text: string): CompiledFilter | FilterError {
  try {
    const ast = parseFilter(text);
    if (ast !== null && 'error' in ast) return { error: ast.error, offset: ast.offset };
    const c = new Compiler();
    const test: Test = ast === null ? () => true : c.compile(ast);
    const fields: ReadonlySet<string> = c.fields;
    return { text, fields, matches: (get) => run(test, get) };
  } catch (e) {
    if (e instanceof CompileError) return { error: e.error, offset: e.offset };
    if (e instanceof RangeError) return { error: 'The filter is nested too deeply.', offset: 0 };
    return { error: `Internal filter error: ${e instanceof Error ? e.message : String(e)}`, offset: 0 };
  }
}

/** Matches over a FieldsBuilder's hits (its wanted set must include `f.fields`). */
export function matchHits(f: CompiledFilter, hits: readonly FieldHit[]): boolean {
  const by = new Map<string, FieldHit[]>();
  for (const h of hits) {
    const a = h.field.abbrev;
    if (!f.fields.has(a)) continue;
    const list = by.get(a);
    if (list) list.push(h);
    else by.set(a, [h]);
  }
  return f.matches((a) => by.get(a) ?? []);
}

/**
 * Matches over a full tree. `sources` (the frame's data sources) supply the bytes of protocol and bytes
 * fields — needed for comparisons, `contains`, slices and len() on them, not for presence tests.
 */
export function matchTree(f: CompiledFilter, layers: readonly TreeNode[], sources?: readonly Pick<DataSource, 'bytes'>[]): boolean {
  const by = new Map<string, FilterValue[]>();
  if (f.fields.size > 0) {
    walk(layers, (n) => {
      const a = n.abbrev;
      if (a === undefined || !f.fields.has(a)) return;
      const field = fieldByAbbrev(a);
      if (!field) return;
      const src = n.value === undefined ? sources?.[n.source ?? 0] : undefined;
      const v: FilterValue = src ? { field, value: undefined, bytes: src.bytes.subarray(n.offset, n.offset + n.length) } : { field, value: n.value };
      const list = by.get(a);
      if (list) list.push(v);
      else by.set(a, [v]);
    });
  }
  return f.matches((a) => by.get(a) ?? []);
}

/** A two-line rendering of an error for terminals: the message, then the filter with a caret under the offset. */
export function formatFilterError(text: string, e: FilterError): string {
  const at = Math.max(0, Math.min(e.offset, text.length));
  return `${e.error}\n  ${text}\n  ${' '.repeat(at)}^`;
}
