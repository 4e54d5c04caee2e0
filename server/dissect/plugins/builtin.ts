// The vendor dictionaries shipped with the engine (Wireshark's vendor AVP decoders, as data).
import { registerVendorDictionary } from './vendorDict';
import type { VendorDictionary } from './vendorDict';
import cisco from './vendors/cisco.json';
import ericsson from './vendors/ericsson.json';
import broadband from './vendors/broadband-forum.json';
import cablelabs from './vendors/cablelabs.json';

let done = false;

/** Registers the built-in dictionaries once (idempotent). */
export function registerBuiltinVendorDictionaries(): void {
  if (done) return;
  done = true;
  for (const d of [cisco, ericsson, broadband, cablelabs] as unknown as VendorDictionary[]) {
    registerVendorDictionary({ ...d, source: d.source ?? 'builtin' });
  }
}
