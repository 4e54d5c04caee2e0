// The server's settings (section `l2tpLens`), their defaults, and reading them from whatever the client sent.

import type { L2tpSettings } from '../protocol';

export function defaultSettings(): L2tpSettings {
  return {
    markdownUntaggedBlocks: false,
    inlayHints: true,
    hoverHexRuns: true,
    outlineFieldLimit: 2000,
    captureTreeCache: 256,
    secrets: [],
    resolveMacNames: true,
    udpPorts: [1701],
    pluginFolders: [],
    pluginCode: false,
  };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Merges what a client sent (either the `l2tpLens` section itself, or an object holding it under
 * `l2tpLens`, flat or nested as in VS Code's dotted keys) over `base`. Unknown or ill-typed keys are ignored.
 */
export function readSettings(raw: unknown, base: L2tpSettings = defaultSettings()): L2tpSettings {
  if (!isRecord(raw)) return base;
  const src = isRecord(raw['l2tpLens']) ? raw['l2tpLens'] : raw;
  const s: L2tpSettings = { ...base };
  const md = isRecord(src['markdown']) ? src['markdown'] : undefined;
  const bool = (v: unknown, d: boolean): boolean => (typeof v === 'boolean' ? v : d);
  const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : d);
  s.markdownUntaggedBlocks = bool(src['markdownUntaggedBlocks'] ?? md?.['untaggedBlocks'], s.markdownUntaggedBlocks);
  const ih = src['inlayHints'];
  s.inlayHints = isRecord(ih) ? bool(ih['messageType'] ?? ih['enabled'], s.inlayHints) : bool(ih, s.inlayHints);
  const hv = isRecord(src['hover']) ? src['hover'] : undefined;
  s.hoverHexRuns = bool(src['hoverHexRuns'] ?? hv?.['hexRuns'], s.hoverHexRuns);
  const ol = isRecord(src['outline']) ? src['outline'] : undefined;
  s.outlineFieldLimit = num(src['outlineFieldLimit'] ?? ol?.['fieldLimit'], s.outlineFieldLimit);
  const cp = isRecord(src['capture']) ? src['capture'] : undefined;
  s.captureTreeCache = Math.max(1, num(src['captureTreeCache'] ?? cp?.['treeCache'], s.captureTreeCache));
  const sec = src['secrets'];
  if (Array.isArray(sec)) s.secrets = sec.filter((x): x is string => typeof x === 'string');
  const pl = isRecord(src['plugins']) ? src['plugins'] : undefined;
  if (Array.isArray(pl?.['folders'])) s.pluginFolders = pl['folders'].filter((x): x is string => typeof x === 'string');
  s.pluginCode = bool(pl?.['allowCode'], s.pluginCode);
  const nr = isRecord(src['nameResolution']) ? src['nameResolution'] : undefined;
  s.resolveMacNames = bool(src['nameResolution.mac'] ?? nr?.['mac'], s.resolveMacNames);
  const ports = src['udpPorts'];
  if (Array.isArray(ports)) s.udpPorts = ports.filter((x): x is number => typeof x === 'number' && x > 0 && x < 65536);
  return s;
}
