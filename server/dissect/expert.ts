// Expert info: malformations and protocol violations, declared like fields (Wireshark's ei_* rows).
// A problem in a tree carries the declaration's abbreviation, so tests and diagnostics match on it.

export type Severity = 'error' | 'warning' | 'note' | 'chat';
export type ExpertGroup = 'malformed' | 'protocol' | 'sequence' | 'undecoded' | 'reassemble' | 'checksum' | 'security' | 'comment';

export interface ExpertDef {
  readonly abbrev: string;
  readonly severity: Severity;
  readonly group: ExpertGroup;
  /** The default message; a problem may carry a more specific one. */
  readonly summary: string;
  readonly ref?: string;
}

/** A problem found while decoding, with the byte range it concerns (in data source `source`). */
export interface Problem {
  abbrev: string;
  severity: Severity;
  group: ExpertGroup;
  message: string;
  offset: number;
  length: number;
  source?: number;
}

const registry = new Map<string, ExpertDef>();

export function defineExperts<K extends string>(defs: Record<K, ExpertDef>): Record<K, ExpertDef> {
  for (const d of Object.values(defs) as ExpertDef[]) {
    const prev = registry.get(d.abbrev);
    if (prev && prev !== d) throw new Error(`expert ${d.abbrev} declared twice`);
    registry.set(d.abbrev, d);
  }
  return defs;
}

export function expertByAbbrev(abbrev: string): ExpertDef | undefined {
  return registry.get(abbrev);
}

export function allExperts(): ExpertDef[] {
  return [...registry.values()];
}
