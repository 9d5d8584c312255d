import { randomUUID } from 'node:crypto';
import type { Principal } from '../../api/auth.js';
import { isSystemProperty, KINDS, REL_TYPES, withoutSystem } from '../../api/common.js';
import { parseRelationId, relationId, type Change } from '../../api/edit.js';
import { byCodeUnit } from '../../api/order.js';
import { ERASED, type EraseResponse, type PersonExport } from '../../api/transfer.js';
import { NotFoundError, ValidationError } from '../common/errors.js';
import { recordChange } from '../history/record.js';
import { personSurveyAnswer, redactAnswerTexts } from '../surveys/answers.js';
import type { ParamsOf, Queries, RowOf, WriteQueries } from '../common/queries.js';
import { erasureHash, redactValue, searchNeedles, textRedactor } from './redact.js';

// A person's data (GDPR): everything Ringe holds about one person, and erasure. Erasure removes
// the node and its relations and keeps the history, with the person's name, email, phone and
// title replaced by "[slettet]" and their id (a readable slug of the name) by a pseudonym. Their
// name in other nodes' and relations' texts becomes "[slettet person]" (their email "[slettet]"),
// in the graph and in its history. The erasure is remembered by a hash of the id only, so an
// import or a restore of older data does not bring the person back.

type Props = Record<string, unknown>;
type Redacted = EraseResponse['redacted'][number];

/** The data properties (not id, version or marks) whose text changes when redacted, with their new values. */
function redactProperties(props: Props, redact: (text: string) => string): { set: Props; fields: string[] } {
  const set: Props = {};
  for (const [k, v] of Object.entries(props)) {
    if (isSystemProperty(k)) continue;
    const next = redactValue(v, redact);
    if (JSON.stringify(next) !== JSON.stringify(v)) set[k] = next;
  }
  return { set, fields: Object.keys(set).sort() };
}

/** The person properties that are personal data. */
const NAME_KEYS = ['name'];
const EMAIL_KEYS = ['email'];
const OTHER_KEYS = ['phone', 'title'];
const PERSONAL_KEYS = new Set([...NAME_KEYS, ...EMAIL_KEYS, ...OTHER_KEYS]);

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Matches any of the values as a whole word (not inside a longer word), case-insensitive. */
function wordsPattern(values: Iterable<string>): RegExp | null {
  const list = [...new Set([...values].map((v) => v.trim()).filter((v) => v.length >= 2))]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp);
  return list.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${list.join('|')})(?![\\p{L}\\p{N}])`, 'giu') : null;
}

/** The person's values of the given keys in a properties object (or in a change's before/after). */
const isMap = (v: unknown): v is Props => !!v && typeof v === 'object' && !Array.isArray(v);

function valuesOf(value: unknown, keys: string[], into: Set<string>): void {
  if (!isMap(value)) return;
  for (const k of keys) {
    const v = value[k];
    if (typeof v === 'string' && v) into.add(v);
  }
  // A change may hold the properties one level down ({properties: {...}}).
  valuesOf(value.properties, keys, into);
}

interface Redactor {
  /** A before/after JSON text with the person's data replaced; `own` for changes of the person node itself. */
  json(text: unknown, scoped: boolean, own: boolean): string | null;
  actorName(name: unknown): string | null;
  actorSub(sub: unknown): string | null;
  targetId(target: unknown): string | null;
}

function redactor(
  id: string,
  pseudonym: string,
  names: Set<string>,
  emails: Set<string>,
  others: Set<string>,
): Redactor {
  const strong = textRedactor(names, emails);
  const weak = wordsPattern(others);
  const ids = (s: string) => {
    if (s === id) return pseudonym;
    const r = parseRelationId(s);
    if (!r || (r.source !== id && r.target !== id)) return s;
    const end = (x: string) => (x === id ? pseudonym : x);
    return relationId(end(r.source), r.type, end(r.target));
  };
  const text = (s: string, scoped: boolean) => {
    let out = strong(ids(s));
    if (scoped && weak) out = out.replace(weak, ERASED);
    return out;
  };
  const walk = (v: unknown, scoped: boolean, own: boolean): unknown => {
    if (typeof v === 'string') return text(v, scoped);
    if (Array.isArray(v)) return v.map((x) => walk(x, scoped, own));
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => [
          k,
          own && PERSONAL_KEYS.has(k) && x !== null && x !== undefined
            ? ERASED
            : walk(x, scoped, own && k === 'properties'),
        ]),
      );
    }
    return v;
  };
  return {
    json(raw, scoped, own) {
      if (typeof raw !== 'string') return null;
      try {
        return JSON.stringify(walk(JSON.parse(raw), scoped, own));
      } catch {
        return text(raw, scoped);
      }
    },
    actorName(name) {
      if (typeof name !== 'string') return null;
      const n = name.trim().toLowerCase();
      return [...names].some((x) => x.trim().toLowerCase() === n) ? ERASED : text(name, false);
    },
    actorSub(sub) {
      return typeof sub === 'string' ? text(sub, false) : null;
    },
    targetId(target) {
      return typeof target === 'string' ? ids(target) : null;
    },
  };
}

export function privacyService(queries: Queries) {
  const notFound = (id: string) => new NotFoundError(`There is no person with id "${id}".`);

  /**
   * Replaces the person's name and email in the texts of every other node and relation, each
   * locked before it is read (as editing does) and given a new version; answers what changed.
   */
  async function redactGraphTexts(
    t: WriteQueries,
    id: string,
    needles: string[],
    redact: (text: string) => string,
  ): Promise<Redacted[]> {
    const nodes: Redacted[] = [];
    const locked = (await t.privacyLockMentioningNodes({ id, needles, kinds: KINDS })).map((r) => r.id);
    if (locked.length) {
      const rows: ParamsOf<'privacyRedactNodes'>['rows'][number][] = [];
      for (const n of await t.privacyNodesByIds({ ids: locked, kinds: KINDS })) {
        const { set, fields } = redactProperties(n.properties, redact);
        // A node of no known kind is left as it is (the API shows it nowhere).
        if (!fields.length || !n.kind) continue;
        rows.push({ id: n.id, set });
        const name = { ...n.properties, ...set }.name;
        nodes.push({ kind: n.kind, id: n.id, name: typeof name === 'string' ? name : null, fields });
      }
      await t.privacyRedactNodes({ ids: locked, rows });
    }
    const relations: Redacted[] = [];
    const relationRows: ParamsOf<'privacyRedactRelations'>['rows'][number][] = [];
    for (const r of await t.privacyLockMentioningRelations({ id, needles, types: REL_TYPES })) {
      const { set, fields } = redactProperties(r.properties, redact);
      relationRows.push({ source: r.source, type: r.type, target: r.target, set });
      if (fields.length)
        relations.push({ kind: 'Relation', id: relationId(r.source, r.type, r.target), name: null, fields });
    }
    if (relationRows.length) await t.privacyRedactRelations({ rows: relationRows });
    const byId = (a: Redacted, b: Redacted) => byCodeUnit(a.id, b.id);
    return [...nodes.sort((a, b) => byCodeUnit(a.kind, b.kind) || byId(a, b)), ...relations.sort(byId)];
  }

  const toChange = (r: RowOf<'privacyChangesOfPerson'>): Change => ({
    id: r.id,
    at: r.at,
    actor: { sub: r.actorSub, name: r.actorName },
    action: r.action,
    targetKind: r.targetKind,
    targetId: r.targetId,
    before: parseJson(r.before),
    after: parseJson(r.after),
    undoOf: r.undoOf,
  });

  return {
    /** Everything Ringe holds about one person (GDPR access): node, relations, history. */
    async exportPerson(id: string): Promise<PersonExport> {
      const { person, relations, changes, answers } = await queries.readTx(async (t) => {
        const [person] = await t.privacyPerson({ id });
        if (!person) return { person: undefined, relations: [], changes: [], answers: [] };
        return {
          person,
          relations: await t.privacyRelations({ id, types: REL_TYPES, kinds: KINDS }),
          changes: await t.privacyChangesOfPerson({ id }),
          answers: await t.surveyAnswersOfPerson({ personId: id }),
        };
      });
      if (!person) throw notFound(id);
      const props = person.properties;
      const version = typeof props.version === 'number' && props.version >= 1 ? props.version : 1;
      return {
        format: 'ringe-person',
        exportedAt: new Date().toISOString(),
        person: {
          id,
          kind: 'Person',
          version,
          properties: withoutSystem(props),
        },
        relations: relations.flatMap(({ type, otherId: other, otherKind, otherName, direction, properties }) => {
          if (!otherKind) return [];
          const out = direction === 'out';
          return [
            {
              id: out ? relationId(id, type, other) : relationId(other, type, id),
              type,
              direction,
              other: { id: other, kind: otherKind, name: otherName ?? other },
              properties: withoutSystem(properties),
            },
          ];
        }),
        history: changes.map(toChange),
        surveyAnswers: answers.map(personSurveyAnswer),
      };
    },

    /**
     * Erases a person in one write transaction: the history that mentions them is rewritten
     * first, then the node and its relations are deleted, and an 'erase' change is recorded
     * that holds only the pseudonym and counts.
     */
    async erase(id: string, confirm: string, actor: Principal): Promise<EraseResponse> {
      if (confirm !== id) {
        throw new ValidationError(
          'The query parameter "confirm" must repeat the person\'s id: erasure cannot be undone.',
          { field: 'confirm' },
        );
      }
      return queries.writeTx(async (t) => {
        const [person] = await t.privacyPerson({ id });
        if (!person) throw notFound(id);
        const own = await t.privacyChangesOfPerson({ id });

        // The person's data now and in every earlier version the history holds.
        const names = new Set<string>();
        const emails = new Set<string>();
        const others = new Set<string>();
        const collect = (v: unknown) => {
          valuesOf(v, NAME_KEYS, names);
          valuesOf(v, EMAIL_KEYS, emails);
          valuesOf(v, OTHER_KEYS, others);
        };
        collect(person.properties);
        for (const c of own) {
          if (c.targetId !== id) continue;
          collect(parseJson(c.before));
          collect(parseJson(c.after));
        }
        const lower = (s: string) => s.trim().toLowerCase();
        const textNeedles = searchNeedles(names, emails);
        const needles = [
          // Each name's longest word and each email, also as JSON text escapes them; the redactor decides.
          ...textNeedles.flatMap((s) => [s, lower(JSON.stringify(s).slice(1, -1))]),
          // The id as a JSON string, or as an end of a relation id (a deleted node's snapshot keeps its relations' other ends).
          ...[`"${id}"`, `"${id}|`, `|${id}"`].map(lower),
        ];
        const mentioning = await t.privacyChangesMentioning({
          names: [...names].map(lower),
          needles: [...new Set(needles)],
        });

        const pseudonym = `slettet-${randomUUID().slice(0, 8)}`;
        const redact = redactor(id, pseudonym, names, emails, others);
        const scoped = new Set(own.map((c) => c.id));
        const candidates = new Map<string, RowOf<'privacyChangesOfPerson'>>();
        for (const c of [...own, ...mentioning]) candidates.set(c.id, c);
        const rows: ParamsOf<'privacyRedactChanges'>['rows'][number][] = [];
        for (const c of candidates.values()) {
          const inScope = scoped.has(c.id);
          const next = {
            id: c.id,
            before: redact.json(c.before, inScope, inScope && c.targetId === id),
            after: redact.json(c.after, inScope, inScope && c.targetId === id),
            actorName: redact.actorName(c.actorName),
            actorSub: redact.actorSub(c.actorSub),
            targetId: redact.targetId(c.targetId),
          };
          const same = (['before', 'after', 'actorName', 'actorSub', 'targetId'] as const).every(
            (k) => (next[k] ?? null) === (c[k] ?? null),
          );
          if (!same) rows.push(next);
        }
        if (rows.length) await t.privacyRedactChanges({ rows });
        const redacted = textNeedles.length
          ? await redactGraphTexts(t, id, textNeedles, textRedactor(names, emails))
          : [];
        // Others' survey texts naming them: the same redactor (needles also as the texts' JSON escapes them).
        await redactAnswerTexts(
          t,
          id,
          [...new Set(textNeedles.flatMap((s) => [s, lower(JSON.stringify(s).slice(1, -1))]))],
          textRedactor(names, emails),
        );
        // A network role handed to them names them by id (a slug of their name): the pseudonym instead.
        await t.networkHandoversPseudonymise({ id, pseudonym });
        // Their survey answers go; rounds no longer list them as asked; others' answers that named them name the pseudonym.
        await t.surveyErasePerson({ id, pseudonym });
        // An admin's link from a user to them (who am I) names them and their sign-in: it goes too.
        await t.userLinksErasePerson({ id });
        const [erased] = await t.privacyErasePerson({ id });
        const relationsRemoved = erased?.relations ?? 0;
        await t.privacyRecordErasures({ rows: [{ idHash: erasureHash(id), at: null }] });
        const change = await recordChange(t, actor, {
          action: 'erase',
          targetKind: 'Person',
          targetId: pseudonym,
          before: null,
          // What was redacted by id and field: the history never holds the name it replaced.
          after: {
            relationsRemoved,
            changesRedacted: rows.length,
            redacted: redacted.map(({ kind, id: at, fields }) => ({ kind, id: at, fields })),
          },
        });
        return { erased: true as const, pseudonym, relationsRemoved, changesRedacted: rows.length, redacted, change };
      });
    },
  };
}

export type PrivacyService = ReturnType<typeof privacyService>;
