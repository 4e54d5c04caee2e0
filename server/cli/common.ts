// Shared CLI helpers: display filters and capture problems on stderr.
import type { CaptureProblem } from '../dissect/capture/types';
import type { FieldHit } from '../dissect/builder';
import type { TreeNode } from '../dissect/tree';

export interface CliFilter {
  fields: ReadonlySet<string>;
  matchHits(hits: readonly FieldHit[]): boolean;
  matchTree(layers: readonly TreeNode[]): boolean;
}

/** Compiles -Y; undefined when none given, null (after printing why) when it does not compile. */
export function compileCliFilter(text: string | undefined): CliFilter | undefined | null {
  if (text === undefined) return undefined;
  process.stderr.write('l2tp-lens: -Y is not available yet\n');
  return null;
}

/** Prints reader problems the way tshark does and returns the exit status (0, or 2 when the file was cut). */
export function reportCaptureProblems(file: string, problems: readonly CaptureProblem[]): number {
  let status = 0;
  for (const p of problems) {
    if (p.severity === 'note') continue;
    process.stderr.write(`l2tp-lens: ${file}: ${p.message}\n`);
    if (p.severity === 'error') status = 2;
  }
  return status;
}
