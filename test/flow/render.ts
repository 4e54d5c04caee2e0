// Test helpers for the diagram exporters: the real mermaid parser, an XML well-formedness check and a
// headless Chromium that renders SVG to PNG (skipped, with a message, where /usr/bin/chromium is absent).

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CHROMIUM = '/usr/bin/chromium';
export const OUT_DIR = join(import.meta.dirname, '..', '.out');

/** Throws with mermaid's message when `text` does not parse as a Mermaid diagram. */
export async function mermaidParse(text: string): Promise<string> {
  const mod = (await import('mermaid')) as unknown as { default: { parse(t: string): Promise<{ diagramType: string } | false> } };
  const r = await mod.default.parse(text);
  if (!r) throw new Error('mermaid.parse returned false');
  return r.diagramType;
}

/** A strict-enough XML 1.0 well-formedness check: balanced tags, quoted attributes, known entities only. */
export function xmlProblems(s: string): string[] {
  const errs: string[] = [];
  const stack: string[] = [];
  const re = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    if (m[0] === '<') { errs.push(`stray < at ${m.index}: ${s.slice(m.index, m.index + 40)}`); continue; }
    if (m[0].startsWith('&')) { errs.push(`bad entity at ${m.index}: ${s.slice(m.index, m.index + 20)}`); continue; }
    if (m[0].startsWith('<!--') || m[0].startsWith('<?')) continue;
    const [, close, name, , self] = m;
    if (close) {
      const open = stack.pop();
      if (open !== name) errs.push(`</${name}> closes <${open ?? 'nothing'}> at ${m.index}`);
    } else if (!self) stack.push(name ?? '');
  }
  if (stack.length) errs.push(`unclosed: ${stack.join(' ')}`);
  // eslint-disable-next-line no-control-regex -- looking for forbidden control characters
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(s)) errs.push('control character');
  return errs;
}

export interface Rendered {
  png: string;
  bytes: number;
  width: number;
  height: number;
  /** Distinct colours among sampled pixels (a blank image has one). */
  colours: number;
  parseError: string | null;
}

/** Renders an SVG document in headless Chromium; undefined when Chromium is not installed. */
export async function renderSvg(svg: string, name: string): Promise<Rendered | undefined> {
  if (!existsSync(CHROMIUM)) return undefined;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
    // DOMParser is the browser's own XML parser: a <parsererror> means the SVG is not well-formed XML.
    // Browser-side code goes in as text: this project's TypeScript has no DOM types.
    const parseError = (await page.evaluate(`(() => {
      const doc = new DOMParser().parseFromString(${JSON.stringify(svg)}, 'image/svg+xml');
      const err = doc.getElementsByTagName('parsererror')[0];
      return err ? (err.textContent || 'parsererror') : null;
    })()`)) as string | null;
    await page.setContent(`<!doctype html><html><body style="margin:0;background:#fff">${svg}</body></html>`);
    const box = await page.locator('svg').first().boundingBox();
    mkdirSync(OUT_DIR, { recursive: true });
    const png = join(OUT_DIR, `${name}.png`);
    const shot = await page.locator('svg').first().screenshot({ path: png });
    const colours = (await page.evaluate(`(async () => {
      const img = new Image();
      img.src = 'data:image/png;base64,${shot.toString('base64')}';
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width; c.height = img.height;
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      const d = g.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set();
      for (let i = 0; i < d.length; i += 4 * 97) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      return seen.size;
    })()`)) as number;
    writeFileSync(join(OUT_DIR, `${name}.svg`), svg);
    return { png, bytes: shot.length, width: Math.round(box?.width ?? 0), height: Math.round(box?.height ?? 0), colours, parseError };
  } finally {
    await browser.close();
  }
}
