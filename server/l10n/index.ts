// Picks the message catalogue from the client's locale (initialize's `locale`) and formats messages.

import { en } from './en';
import type { Catalogue, MessageKey } from './en';
import { zhBlurbs, zhCN, zhExperts } from './zhCN';

export type { MessageKey } from './en';
export type Lang = 'en' | 'zh-cn';

/** 'zh', 'zh-cn', 'zh-CN', 'zh-Hans', 'zh-SG' → Simplified Chinese; anything else → English. */
export function langOf(locale: string | undefined | null): Lang {
  const l = (locale ?? '').toLowerCase();
  if (l === 'zh' || l.startsWith('zh-cn') || l.startsWith('zh-hans') || l.startsWith('zh-sg')) return 'zh-cn';
  return 'en';
}

const catalogues: Record<Lang, Catalogue> = { en, 'zh-cn': zhCN };

/** A translator for one language: t('key', arg0, arg1 …) with {0}-style placeholders. */
export class L10n {
  private readonly cat: Catalogue;
  constructor(readonly lang: Lang = 'en') {
    this.cat = catalogues[lang];
  }

  t(key: MessageKey, ...args: (string | number)[]): string {
    const s = this.cat[key] ?? en[key];
    return s.replace(/\{(\d+)\}/g, (m, i: string) => {
      const a = args[Number(i)];
      return a === undefined ? m : String(a);
    });
  }

  /** The field's explanation in this language (falls back to the English blurb). */
  blurb(abbrev: string, english: string | undefined): string | undefined {
    if (this.lang === 'zh-cn') return zhBlurbs[abbrev] ?? english;
    return english;
  }

  /** A problem's message: in Chinese the translated summary, followed by the engine's specific text. */
  problem(abbrev: string, message: string): string {
    if (this.lang !== 'zh-cn') return message;
    const zh = zhExperts[abbrev];
    return zh ? `${zh}（${message}）` : message;
  }
}
