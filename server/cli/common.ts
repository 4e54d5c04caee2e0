// Shared CLI helpers: display filters (-Y) and capture problems on stderr.
import type { CaptureProblem } from '../dissect/capture/types';
import { compileFilter, formatFilterError, isFilterError } from '../dissect/filter/index';
import type { CompiledFilter } from '../dissect/filter/index';

/** Compiles -Y; undefined when none given, null (after printing why, as tshark does) when it does not compile. */
export function compileCliFilter(text: string | undefined): CompiledFilter | undefined | null {
  if (text === undefined) return undefined;
  const f = compileFilter(text);
  if (isFilterError(f)) {
    process.stderr.write(`l2tp-lens: invalid display filter:\n${formatFilterError(text, f)}\n`);
    return null;
  }
  return f;
}

/** Prints reader problems and returns the exit status (0, or 2 when the file could not be read to its end). */
export function reportCaptureProblems(file: string, problems: readonly CaptureProblem[]): number {
  let status = 0;
  for (const p of problems) {
    if (p.severity === 'note') continue;
    process.stderr.write(`l2tp-lens: ${file}: ${p.message}\n`);
    if (p.severity === 'error') status = 2;
  }
  return status;
}
