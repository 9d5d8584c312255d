import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Say } from '../client/src/lib/sentences.js';
import { ROOT } from '../server/common/folders.js';

// The client's locale files for tests: the texts of each language, and `say` in one of them, filling
// {placeholders} as the client's t() does (client/src/lib/i18n.svelte.ts), to render the server's facts.

export type Lang = 'da' | 'en';

export const LOCALES: Record<Lang, Record<string, string>> = {
  da: JSON.parse(readFileSync(join(ROOT, 'client/src/locales/da.json'), 'utf8')),
  en: JSON.parse(readFileSync(join(ROOT, 'client/src/locales/en.json'), 'utf8')),
};

export function sayIn(lang: Lang): Say {
  return (key, vars = {}) => {
    const text = LOCALES[lang][key];
    return text === undefined ? null : text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
  };
}
