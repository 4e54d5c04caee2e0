// Server-wide state: settings, the translator chosen by the client's locale, and the one decoding engine
// (rebuilt when settings that change decoding change).

import { Engine } from '../dissect/engine';
import { L10n, langOf } from '../l10n/index';
import type { L2tpSettings } from '../protocol';
import { defaultSettings } from './settings';

export class ServerContext {
  settings: L2tpSettings = defaultSettings();
  l10n = new L10n('en');
  engine: Engine;
  /** Bumped whenever the engine is rebuilt: decode caches keyed on it drop their trees. */
  engineGeneration = 0;

  constructor() {
    this.engine = this.makeEngine();
  }

  setLocale(locale: string | undefined | null): void {
    this.l10n = new L10n(langOf(locale));
  }

  /** Applies new settings; returns true when decoding changed (documents must be re-analysed). */
  setSettings(s: L2tpSettings): boolean {
    const old = this.settings;
    this.settings = s;
    const decodingChanged = JSON.stringify(old.secrets) !== JSON.stringify(s.secrets) || JSON.stringify(old.udpPorts) !== JSON.stringify(s.udpPorts);
    if (decodingChanged) {
      this.engine = this.makeEngine();
      this.engineGeneration++;
    }
    return decodingChanged || old.markdownUntaggedBlocks !== s.markdownUntaggedBlocks;
  }

  private makeEngine(): Engine {
    return new Engine({ secrets: [...this.settings.secrets], l2tpUdpPorts: [...this.settings.udpPorts] });
  }
}
