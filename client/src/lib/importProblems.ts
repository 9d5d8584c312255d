import type { ImportProblem } from '../../../api/transfer.js';
import { checkText } from './checks';
import { say, t } from './i18n.svelte';

// An import's refusal in the page's language: the server answers a code and values
// (api/transfer.ts, IMPORT_PROBLEMS) beside its English sentence, which stays the fallback.

const kindName = (kind: string) =>
  kind === 'relations' ? t('data.relations') : kind ? (say(`kind.${kind}`) ?? kind) : t('import.noKind');
const relName = (type: string) => `${type} (${say(`rel.${type}`) ?? type})`;

/** What an import refused, in the page's language; `fallback` (the server's sentence) for a problem this client does not know. */
export function problemText(problem: ImportProblem | null | undefined, fallback: string): string {
  if (!problem) return fallback;
  const values: Record<string, string | number> = { ...problem.values };
  for (const k of ['kind', 'wanted'] as const) if (k in values) values[k] = kindName(String(values[k]));
  if ('type' in values) values.type = relName(String(values.type));
  // A schema's check message is English: said in the page's language instead.
  if ('message' in values) values.message = checkText(say, String(values.message));
  if (problem.code === 'wrongEnd')
    values.allowed = String(values.allowed).split(',').map(kindName).join(t('import.or'));
  const key =
    problem.code === 'wrongEnd' && values.end === 'start'
      ? 'import.problem.wrongStart'
      : problem.code === 'cpr' && values.place === 'column'
        ? 'import.problem.cprColumn'
        : `import.problem.${problem.code}`;
  return say(key, values) ?? fallback;
}
