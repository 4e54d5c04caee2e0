// Shared CLI helpers: display filters (-Y) and capture problems on stderr.
import type { CaptureProblem } from '../dissect/capture/types';
import { compileFilter, formatFilterError, isFilterError } from '../dissect/filter/index';
import type { CompiledFilter } from '../dissect/filter/index';
import { Engine } from '../dissect/engine';
import { PROTOCOLS } from '../dissect/protocols/index';
import { loadPlugins } from '../io/plugins';
import type { ProtocolModule } from '../dissect/registry';
import type { CliArgs } from './args';

/**
 * The engine for a command: preferences from the arguments, plus plugins from `--plugins DIR` (vendor
 * dictionaries always; code plugins only with `--trust-plugins`, the user's explicit say-so). Plugin
 * problems go to stderr; they never stop the command.
 */
export function engineFor(a: CliArgs): Engine {
  const extra: ProtocolModule[] = [];
  for (const dir of a.options.get('--plugins') ?? []) {
    const r = loadPlugins(dir, { trusted: a.options.has('--trust-plugins') });
    for (const p of r.problems) process.stderr.write(`l2tp-lens: plugin ${p.file}: ${p.message}\n`);
    for (const f of r.skipped) process.stderr.write(`l2tp-lens: plugin ${f}: code plugin skipped (add --trust-plugins to run it)\n`);
    extra.push(...r.protocols);
  }
  return new Engine(a.prefs, [...PROTOCOLS, ...extra]);
}

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
