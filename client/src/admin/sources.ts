import type { Refusal, RunError, RunSummary } from '../../../api/sync.js';
import { PLAN_KINDS } from '../../../api/sync.js';
import { locale, say, t } from '../lib/i18n.svelte';

// Words for the "Datakilder" page's facts: shares, times, who started a run, refusals, changes.

/** 0.125 as "12,5 %" (Danish) or "12.5%" (English). */
export const percent = (share: number): string =>
  share.toLocaleString(locale(), { style: 'percent', maximumFractionDigits: 1 });

export const when = (iso: string): string =>
  new Date(iso).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' });

/** Who started a run: the schedule and the command line in words, a person by their name. */
export const startedBy = (who: string): string => say(`sources.by.${who}`) ?? who;

export const refusalText = (r: Refusal): string => {
  const reason = t(`sources.refusal.${r.reason}`);
  return r.field
    ? t('sources.refusalField', { record: r.record, field: fieldName(r.field), reason })
    : t('sources.refusalLine', { record: r.record, reason });
};

/**
 * Why a run failed, in one sentence of the user's language, then "Intet er ændret." when the run
 * stopped before writing (it has no plan); the technical detail is shown apart (failureDetail).
 */
export const failureText = (error: RunError, beforeWriting: boolean): string =>
  [t(`sources.error.${error.code}`), beforeWriting ? t('sources.error.nothingChanged') : ''].filter(Boolean).join(' ');

export const failureDetail = (error: RunError): string => t('sources.error.detail', { detail: error.detail });

/** A field's name in words (the raw name when the locale files have none). */
export const fieldName = (name: string): string => say(`field.${name}`) ?? name;

/** A changed value as text ("–" for none). */
export const valueText = (v: unknown): string =>
  v === null || v === undefined || v === '' ? '–' : typeof v === 'string' ? v : JSON.stringify(v);

/** A run's changes in short ("Nye: 3, Flyttet: 1"), or "ingen". */
export function countsText(run: RunSummary): string {
  if (!run.counts) return '–';
  const counts = run.counts;
  const parts = PLAN_KINDS.filter((k) => counts[k] > 0).map((k) =>
    t('sources.count', { kind: t(`sources.kind.${k}`), count: counts[k] }),
  );
  return parts.length ? parts.join(', ') : t('sources.noChanges');
}
