// Loading user plugins from a folder (Node side).
//   *.json  vendor AVP dictionaries (see server/dissect/plugins/vendorDict.ts): always loaded, they are data.
//   *.js    code plugins (CommonJS), only when the caller says the folder is trusted. A code plugin exports
//           any of: `vendorDictionaries: VendorDictionary[]`, `protocols: ProtocolModule[]` (pass them to
//           `new Engine(prefs, [...PROTOCOLS, ...result.protocols])`), `register(api)` called with
//           { registerVendorDictionary, registerField, defineExperts }.
// Nothing here throws for a bad plugin: each failure becomes a PluginProblem and the rest still load.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { registerVendorDictionary } from '../dissect/plugins/vendorDict';
import type { CompiledDictionary, VendorDictionary } from '../dissect/plugins/vendorDict';
import { registerField } from '../dissect/fields';
import { defineExperts } from '../dissect/expert';
import type { ProtocolModule } from '../dissect/registry';

export interface PluginProblem {
  file: string;
  message: string;
}

export interface PluginLoadResult {
  dictionaries: CompiledDictionary[];
  protocols: ProtocolModule[];
  /** Files looked at and loaded. */
  loaded: string[];
  /** Code plugins skipped because the folder is not trusted. */
  skipped: string[];
  problems: PluginProblem[];
}

export interface PluginLoadOptions {
  /** Run *.js code plugins (only for folders the user trusts). Default false. */
  trusted?: boolean;
}

/** The API a code plugin's register() receives. */
export const pluginApi = { registerVendorDictionary, registerField, defineExperts };

function asDictionaries(x: unknown): VendorDictionary[] {
  if (Array.isArray(x)) return x as VendorDictionary[];
  if (x && typeof x === 'object' && Array.isArray((x as { dictionaries?: unknown }).dictionaries)) return (x as { dictionaries: VendorDictionary[] }).dictionaries;
  return [x as VendorDictionary];
}

/** Loads one JSON dictionary file (a dictionary, an array of them, or { dictionaries: [...] }). */
export function loadDictionaryFile(file: string): CompiledDictionary[] {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  return asDictionaries(parsed).map((d) => registerVendorDictionary({ ...d, source: file }));
}

/** Loads every plugin in `dir` (not recursive), in name order. */
export function loadPlugins(dir: string, opts: PluginLoadOptions = {}): PluginLoadResult {
  const out: PluginLoadResult = { dictionaries: [], protocols: [], loaded: [], skipped: [], problems: [] };
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (e) {
    out.problems.push({ file: dir, message: `cannot read plugin folder: ${e instanceof Error ? e.message : String(e)}` });
    return out;
  }
  for (const name of names) {
    const file = resolve(join(dir, name));
    try {
      if (!statSync(file).isFile()) continue;
    } catch {
      continue;
    }
    if (name.endsWith('.json')) {
      try {
        out.dictionaries.push(...loadDictionaryFile(file));
        out.loaded.push(file);
      } catch (e) {
        out.problems.push({ file, message: e instanceof Error ? e.message : String(e) });
      }
    } else if (name.endsWith('.js') || name.endsWith('.cjs')) {
      if (!opts.trusted) {
        out.skipped.push(file);
        continue;
      }
      try {
        const mod = createRequire(file)(file) as {
          vendorDictionaries?: VendorDictionary[];
          protocols?: ProtocolModule[];
          register?: (api: typeof pluginApi) => void;
          default?: unknown;
        };
        const m = (mod.default && typeof mod.default === 'object' ? mod.default : mod) as typeof mod;
        for (const d of m.vendorDictionaries ?? []) out.dictionaries.push(registerVendorDictionary({ ...d, source: d.source ?? file }));
        for (const p of m.protocols ?? []) {
          if (p && typeof p.name === 'string' && typeof p.register === 'function') out.protocols.push(p);
          else out.problems.push({ file, message: 'a protocols entry is not a ProtocolModule ({ name, register })' });
        }
        if (typeof m.register === 'function') m.register(pluginApi);
        out.loaded.push(file);
      } catch (e) {
        out.problems.push({ file, message: e instanceof Error ? e.message : String(e) });
      }
    }
  }
  return out;
}
