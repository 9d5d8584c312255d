import type { ImportProblem } from '../../../api/transfer.js';
import { t, type MessageKey } from './i18n.svelte';

// An import's refusal in the page's language: the server answers a code and values
// (api/transfer.ts, IMPORT_PROBLEMS) beside its English sentence, which stays the fallback.

/** The text of a key, or null when the locale files have none. */
function text(key: string, vars: Record<string, string | number> = {}): string | null {
  const s = t(key as MessageKey, vars);
  return s === key ? null : s;
}

const kindName = (kind: string) =>
  kind === 'relations' ? t('data.relations') : kind ? (text(`kind.${kind}`) ?? kind) : t('import.noKind');
const relName = (type: string) => `${type} (${text(`rel.${type}`) ?? type})`;

/** What an import refused, in the page's language; `fallback` (the server's sentence) for a problem this client does not know. */
export function problemText(problem: ImportProblem | null | undefined, fallback: string): string {
  if (!problem) return fallback;
  const values: Record<string, string | number> = { ...problem.values };
  for (const k of ['kind', 'wanted'] as const) if (k in values) values[k] = kindName(String(values[k]));
  if ('type' in values) values.type = relName(String(values.type));
  if (problem.code === 'wrongEnd')
    values.allowed = String(values.allowed).split(',').map(kindName).join(t('import.or'));
  const key =
    problem.code === 'wrongEnd' && values.end === 'start'
      ? 'import.problem.wrongStart'
      : `import.problem.${problem.code}`;
  return text(key, values) ?? fallback;
}
