import da from '../locales/da.json';
import en from '../locales/en.json';
import { router } from './router.svelte';

export type MessageKey = keyof typeof da;
const messages: Record<'da' | 'en', Record<MessageKey, string>> = { da, en };

/** The text for a key in the current language, with {name} placeholders filled in. */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  const text = messages[router.state.lang][key] ?? messages.da[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}

/** The text of a key in the current language, or null when the locale files have none (a value outside a fixed list). */
export function say(key: string, vars: Record<string, string | number> = {}): string | null {
  const text = t(key as MessageKey, vars);
  return text === key ? null : text;
}

/** Numbers and names sorted the way the current language does it. */
export function locale(): string {
  return router.state.lang === 'da' ? 'da-DK' : 'en-GB';
}
