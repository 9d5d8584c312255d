import { z } from 'zod';
import { PERSPECTIVES } from '../../api/common.js';
import { type PersonSurveyAnswer, type RcRating, rcRatingSchema } from '../../api/surveys.js';
import type { AnswerRow } from '../../cypher/surveys.js';
import type { RowOf, WriteQueries } from '../common/queries.js';
import { newRoundId } from './rounds.js';

// An answer's ratings and texts are stored as JSON text (the contract's model: a SurveyAnswer is no
// :Entity, its parts are read and written whole). Read back through these schemas, so a stored
// answer that is not what Ringe writes fails loudly rather than showing half.

/** One stored free text: its id (newTextId), and the petal it was accepted as (an Outcome id). */
export const storedTextSchema = z.object({
  id: z.string(),
  perspective: z.enum(PERSPECTIVES),
  text: z.string(),
  showName: z.boolean(),
  acceptedAs: z.string().nullable(),
});
export type StoredText = z.output<typeof storedTextSchema>;

/** An answer's ratings, from its stored JSON text. */
export const ratingsOf = (row: Pick<AnswerRow, 'ratings'>): RcRating[] =>
  z.array(rcRatingSchema).parse(JSON.parse(row.ratings));

/** An answer's texts, from its stored JSON text. */
export const textsOf = (row: Pick<AnswerRow, 'texts'>): StoredText[] =>
  z.array(storedTextSchema).parse(JSON.parse(row.texts));

/** An answer's id: one per round and person. */
export const answerId = (roundId: string, personId: string) => `${roundId}|${personId}`;

/**
 * A new text's id: `text-` and 10 random characters. Not made of the answer's id (round and person):
 * managers see texts apart from who wrote them, so a text's id must not name its writer.
 */
export const newTextId = (): string => `text-${newRoundId().slice('survey-'.length)}`;

/** One of a person's answers as their data export holds it: everything they gave, nothing of others'. */
export function personSurveyAnswer(row: RowOf<'surveyAnswersOfPerson'>): PersonSurveyAnswer {
  return {
    round: {
      id: row.roundId,
      network: { id: row.networkId, kind: 'Network', name: row.networkName },
      opensOn: row.opensOn,
      closesOn: row.closesOn,
    },
    at: row.at,
    departmentIds: row.departmentIds,
    named: row.named,
    ratings: ratingsOf(row),
    texts: textsOf(row).map(({ perspective, text, showName, acceptedAs }) => ({
      perspective,
      text,
      showName,
      acceptedAs,
    })),
  };
}

/**
 * Erasure: rewrites the free texts of other people's answers that name the erased person with the
 * privacy feature's redactor (server/privacy/redact.ts), as it rewrites the graph's other texts. A
 * manager reads these texts, and an accepted one became a petal: the name must not stay in them.
 * `needles` are lower-case strings one of which such a text's JSON holds; answers how many changed.
 */
export async function redactAnswerTexts(
  t: WriteQueries,
  personId: string,
  needles: readonly string[],
  redact: (text: string) => string,
): Promise<number> {
  if (!needles.length) return 0;
  let changed = 0;
  for (const row of await t.surveyAnswersMentioning({ id: personId, needles: [...needles] })) {
    const texts = textsOf(row);
    const next = texts.map((x) => ({ ...x, text: redact(x.text) }));
    if (next.every((x, i) => x.text === texts[i]!.text)) continue;
    await t.surveyAnswerSetTexts({ id: row.id, texts: JSON.stringify(next) });
    changed++;
  }
  return changed;
}
