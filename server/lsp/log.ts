// Logging to stderr (stdout is the LSP channel) and the guard that keeps a handler's exception from
// reaching (and killing) the server.

export function logError(where: string, e: unknown): void {
  const msg = e instanceof Error ? (e.stack ?? e.message) : String(e);
  process.stderr.write(`[l2tp-lens] ${where}: ${msg}\n`);
}

/** Runs `fn`; on an exception logs it and returns `fallback`. */
export function guard<T>(where: string, fallback: T, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    logError(where, e);
    return fallback;
  }
}

/** Wraps a request handler so an exception is logged and answered with `fallback`. */
export function guarded<P extends unknown[], T>(where: string, fallback: T, fn: (...args: P) => T): (...args: P) => T {
  return (...args: P) => guard(where, fallback, () => fn(...args));
}
