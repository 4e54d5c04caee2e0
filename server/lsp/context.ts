// Server-wide state: settings, the translator chosen by the client's locale, and the one decoding engine
// (rebuilt when settings that change decoding change).

import { Engine } from '../dissect/engine';
import { L10n, langOf } from '../l10n/index';
import type { L2tpSettings } from '../protocol';
import { defaultSettings } from './settings';
import { loadPlugins } from '../io/plugins';
import { PROTOCOLS } from '../dissect/protocols/index';
import type { ProtocolModule } from '../dissect/registry';
import { logError } from './log';
import { useWiresharkNames } from '../io/wiresharkNames';

export class ServerContext {
  settings: L2tpSettings = defaultSettings();
  l10n = new L10n('en');
  engine: Engine;
  /** Bumped whenever the engine is rebuilt: decode caches keyed on it drop their trees. */
  engineGeneration = 0;

  constructor() {
    useWiresharkNames(this.settings.resolveMacNames);
    this.engine = this.makeEngine();
  }

  setLocale(locale: string | undefined | null): void {
    this.l10n = new L10n(langOf(locale));
  }

  /** Applies new settings; returns true when decoding changed (documents must be re-analysed). */
  setSettings(s: L2tpSettings): boolean {
    const old = this.settings;
    this.settings = s;
    const key = (x: L2tpSettings): string => JSON.stringify([x.secrets, x.udpPorts, x.pluginFolders, x.pluginCode, x.resolveMacNames]);
    const decodingChanged = key(old) !== key(s);
    if (decodingChanged) {
      // Process-wide, as in Wireshark; labels built while decoding name addresses, so trees are made anew.
      useWiresharkNames(s.resolveMacNames);
      this.engine = this.makeEngine();
      this.engineGeneration++;
    }
    return decodingChanged || old.markdownUntaggedBlocks !== s.markdownUntaggedBlocks;
  }

  private makeEngine(): Engine {
    const extra: ProtocolModule[] = [];
    for (const dir of this.settings.pluginFolders) {
      const r = loadPlugins(dir, { trusted: this.settings.pluginCode });
      for (const p of r.problems) logError('plugins', new Error(`${p.file}: ${p.message}`));
      extra.push(...r.protocols);
    }
    return new Engine({ secrets: [...this.settings.secrets], l2tpUdpPorts: [...this.settings.udpPorts] }, [...PROTOCOLS, ...extra]);
  }
}
