// Where Wireshark's name files live, and reading them for the engine's MAC name resolution
// (dissect/names.ts): $WIRESHARK_DATA_DIR as Wireshark honours it, else the installed Wireshark's folder.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configureNameResolution } from '../dissect/names';

const DATA_DIRS = [
  '/usr/share/wireshark',
  '/usr/local/share/wireshark',
  '/opt/homebrew/share/wireshark',
  '/Applications/Wireshark.app/Contents/Resources/share/wireshark',
  'C:\\Program Files\\Wireshark',
];

/** The folder holding Wireshark's manuf and wka files, or undefined when none is found. */
export function wiresharkDataDir(): string | undefined {
  const env = process.env['WIRESHARK_DATA_DIR'];
  if (env) return env;
  return DATA_DIRS.find((d) => existsSync(join(d, 'manuf')));
}

/** The bytes of manuf then wka (the order Wireshark reads them in); a missing file contributes nothing. */
export function readWiresharkNameFiles(dir = wiresharkDataDir()): Uint8Array[] {
  if (dir === undefined) return [];
  const texts: Uint8Array[] = [];
  for (const name of ['manuf', 'wka']) {
    try {
      texts.push(readFileSync(join(dir, name)));
    } catch {
      // as in Wireshark: no file, no names from it
    }
  }
  return texts;
}

/** Turns MAC name resolution on (from Wireshark's files, read when first needed) or off. */
export function useWiresharkNames(on: boolean): void {
  configureNameResolution({ mac: on, load: () => readWiresharkNameFiles() });
}
