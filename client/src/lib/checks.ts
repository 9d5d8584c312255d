import { CPR_MESSAGE } from '../../../api/edit.js';
import type { Say } from './sentences.js';

// The checks of the api/ schemas speak English to developers ("must be at most 200 characters");
// a person gets them in the page's language. Each known message has a locale key, by what it says;
// anything else is "not valid", never the English message.

const CHECKS: [RegExp, string, (m: RegExpMatchArray) => Record<string, string>][] = [
  [/^must not be empty$/, 'edit.required', () => ({})],
  [/^must be at most (\d+) characters$/, 'check.tooLong', (m) => ({ max: m[1]! })],
  [/^must be at most (\d+)$/, 'check.atMost', (m) => ({ max: m[1]! })],
  [/^must be at least (\d+)$/, 'check.atLeast', (m) => ({ min: m[1]! })],
  [/^must be a whole number$/, 'check.wholeNumber', () => ({})],
  [/^must be a date as YYYY-MM-DD/, 'check.date', () => ({})],
  [/^must be a date that exists$/, 'check.dateExists', () => ({})],
  [/^must be a work email address$/, 'check.email', () => ({})],
  [/^must be a phone number/, 'check.phone', () => ({})],
  [/^must be one of/, 'check.oneOf', () => ({})],
  [/^must not be before since$/, 'check.untilBeforeSince', () => ({})],
  [/^may hold only letters, digits and/, 'check.idChars', () => ({})],
  [/^must be true or false$/, 'check.boolean', () => ({})],
  [/^must be valid Unicode text/, 'check.unicode', () => ({})],
];

/** A schema's check message as a sentence in the page's language. */
export function checkText(say: Say, message: string): string {
  if (message.includes(CPR_MESSAGE)) return say('edit.cpr') ?? message;
  for (const [pattern, key, vars] of CHECKS) {
    const m = message.match(pattern);
    if (m) return say(key, vars(m)) ?? message;
  }
  return say('edit.invalid') ?? message;
}
