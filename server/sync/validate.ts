import { createHash } from 'node:crypto';
import { z } from 'zod';
import { findCpr, looksLikeCpr } from '../../api/cpr.js';
import { REFUSAL_REASONS, type Refusal } from '../../api/sync.js';
import { KLE_ASPECTS, type KleAspect, type Snapshot, type SnapshotPerson, type SnapshotUnit } from './source.js';

// The engine's checks of every record a source gives, and the normal form the plan compares: pure,
// no database. A bad record is refused with its reason and the rest goes on.

/** A unit as the engine compares it: trimmed, its parent known (else a root), KLE sorted. */
export interface NormalUnit {
  sourceId: string;
  name: string;
  parentId: string | null;
  /** Undefined when the source has no KLE (then KLE already on the unit stays). */
  kle?: { number: string; aspect: KleAspect; title: string }[];
}

/** A person as the engine compares it: a field left undefined is not delivered; null is delivered empty. */
export interface NormalPerson {
  sourceId: string;
  name: string;
  title?: string | null;
  email?: string | null;
  phone?: string | null;
  /** The known units' sourceIds, sorted, each once. */
  unitIds: string[];
  managerId?: string | null;
  active: boolean;
}

/** The person fields a source may or may not deliver (name it always delivers). */
export const OPTIONAL_FIELDS = ['title', 'email', 'phone', 'managerId'] as const;

export interface Checked {
  units: NormalUnit[];
  people: NormalPerson[];
  refusals: Refusal[];
  /** sourceIds of refused people: they are not missing, so a complete snapshot does not end them. */
  heldPeople: Set<string>;
  /** sourceIds of refused units: likewise not gone. */
  heldUnits: Set<string>;
}

const email = z.email().max(200);
const REASONS = new Set<string>(REFUSAL_REASONS);

const text = (v: unknown): string | null => {
  if (typeof v !== 'string') return v === null || v === undefined ? null : String(v);
  const t = v.trim();
  return t === '' ? null : t;
};
/** A delivered optional field in normal form: undefined stays undefined (not delivered). */
const optional = (v: unknown): string | null | undefined => (v === undefined ? undefined : text(v));

/**
 * Whether a text looks like a CPR number (api/cpr.ts). The guard reads every text in its normal
 * form, which costs; printable ASCII text with fewer than ten digits cannot hold a CPR number (its
 * normal form is itself, with no other digits and no invisible characters), so it is passed at once.
 */
const mayHoldCpr = (s: string) => !/^[\x20-\x7e]*$/.test(s) || (s.match(/\d/g)?.length ?? 0) >= 10;
const cprLike = (s: string) => mayHoldCpr(s) && looksLikeCpr(s);

/**
 * A directory's own ids (AD's objectGUID, OpenLDAP's entryUUID, Entra's object id, OS2mo's uuid) are
 * UUIDs: 32 random hex digits, about one in a thousand of which holds ten digits that read as a CPR
 * number. They are machine-made, never a person's number, so the guard skips a record's id fields when
 * they have that shape; any other id (an HR file's employee number) is read like every other text.
 */
const UUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;
const ID_FIELDS = new Set(['sourceId', 'parentId', 'managerId', 'unitIds']);
const notUuid = (v: unknown) => !(typeof v === 'string' && UUID.test(v.trim()));
function withoutUuidIds(record: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    if (!ID_FIELDS.has(k)) out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter(notUuid);
    else if (notUuid(v)) out[k] = v;
  }
  return out;
}

/** The path of a CPR-like value in a record, as findCpr gives it; findCpr only for a record that may hold one. */
function cprIn(whole: object): string | null {
  const record = withoutUuidIds(whole);
  const suspect = (v: unknown): boolean => {
    if (typeof v === 'string') return mayHoldCpr(v);
    if (Array.isArray(v)) return v.some(suspect);
    if (v && typeof v === 'object') return Object.entries(v).some(([k, x]) => mayHoldCpr(k) || suspect(x));
    return false;
  };
  return suspect(record) ? findCpr(record) : null;
}

/** How a refusal names a record: its sourceId, unless that is missing, too long or itself CPR-like. */
function recordName(sourceId: unknown, what: 'person' | 'enhed', index: number): string {
  return typeof sourceId === 'string' && sourceId.trim() && sourceId.length <= 200 && !cprLike(sourceId)
    ? sourceId.trim()
    : `${what} nr. ${index + 1}`;
}

/** The top-level field of a path such as "unitIds.2" (a key itself CPR-like is not named). */
const fieldOf = (path: string) => {
  const top = path.split('.')[0] ?? '';
  return cprLike(top) ? undefined : top || undefined;
};

const refusal = (record: string, reason: Refusal['reason'], field?: string): Refusal =>
  field === undefined ? { record, reason } : { record, reason, field };

/**
 * Checks every record of a snapshot: no CPR-like value anywhere ('cpr'), a work e-mail that is one
 * ('email'), an id and a name, each id once ('duplicate', every copy refused: which one is right
 * cannot be known); a person in a unit the snapshot (or, for a delta, the graph) lacks is taken
 * without that unit ('unknownUnit'). `knownUnits` are the unit sourceIds the graph holds already.
 */
export function check(snapshot: Snapshot, knownUnits: ReadonlySet<string>): Checked {
  const refusals: Refusal[] = [];
  const heldPeople = new Set<string>();
  const heldUnits = new Set<string>();
  for (const r of snapshot.refused ?? []) {
    const record = cprLike(String(r.record)) ? 'ukendt post' : String(r.record).slice(0, 200);
    const reason = (REASONS.has(r.reason) ? r.reason : 'unreadable') as Refusal['reason'];
    refusals.push(refusal(record, reason, r.field && !cprLike(r.field) ? r.field : undefined));
    // A record the source still names is refused, not gone: a complete snapshot does not end it.
    if (typeof r.sourceId === 'string' && r.sourceId.trim()) {
      heldPeople.add(r.sourceId.trim());
      heldUnits.add(r.sourceId.trim());
    }
  }

  const counts = (ids: unknown[]) => {
    const seen = new Map<string, number>();
    for (const id of ids) if (typeof id === 'string') seen.set(id.trim(), (seen.get(id.trim()) ?? 0) + 1);
    return seen;
  };

  // Units first: people are checked against the units taken.
  const unitCounts = counts(snapshot.units.map((u) => u.sourceId));
  const units: NormalUnit[] = [];
  for (const [i, u] of snapshot.units.entries() as IterableIterator<[number, SnapshotUnit]>) {
    const record = recordName(u.sourceId, 'enhed', i);
    const sourceId = text(u.sourceId);
    if (sourceId === null) {
      refusals.push(refusal(record, 'missingId', 'sourceId'));
      continue;
    }
    const cpr = cprIn(u);
    if (cpr !== null) {
      heldUnits.add(sourceId);
      refusals.push(refusal(record, 'cpr', fieldOf(cpr)));
      continue;
    }
    if ((unitCounts.get(sourceId) ?? 0) > 1) {
      heldUnits.add(sourceId);
      refusals.push(refusal(record, 'duplicate', 'sourceId'));
      continue;
    }
    const name = text(u.name);
    if (name === null) {
      heldUnits.add(sourceId);
      refusals.push(refusal(record, 'missingName', 'name'));
      continue;
    }
    const unit: NormalUnit = { sourceId, name, parentId: text(u.parentId) };
    if (u.kle !== undefined) {
      const seen = new Set<string>();
      unit.kle = (u.kle ?? [])
        .filter((k) => typeof k?.number === 'string' && k.number.trim() && KLE_ASPECTS.includes(k.aspect))
        .map((k) => ({ number: k.number.trim(), aspect: k.aspect, title: text(k.title) ?? '' }))
        .filter((k) => !seen.has(`${k.number}|${k.aspect}`) && seen.add(`${k.number}|${k.aspect}`))
        .sort(
          (a, b) =>
            a.number.localeCompare(b.number, 'en', { numeric: true }) ||
            KLE_ASPECTS.indexOf(a.aspect) - KLE_ASPECTS.indexOf(b.aspect),
        );
    }
    units.push(unit);
  }
  const unitIds = new Set(units.map((u) => u.sourceId));
  // A unit refused this time (held) is still the graph's: its people and sub-units stay in it.
  const known = (id: string) => unitIds.has(id) || ((!snapshot.complete || heldUnits.has(id)) && knownUnits.has(id));
  for (const [i, u] of units.entries()) {
    if (u.parentId === null || known(u.parentId)) continue;
    if (!heldUnits.has(u.parentId))
      refusals.push(refusal(recordName(u.sourceId, 'enhed', i), 'unknownUnit', 'parentId'));
    // A parent held back by a refusal, or unknown: the unit is taken as a root until it is known.
    u.parentId = null;
  }
  for (const u of units) if (u.parentId === u.sourceId) u.parentId = null;

  const personCounts = counts(snapshot.people.map((p) => p.sourceId));
  const people: NormalPerson[] = [];
  for (const [i, p] of snapshot.people.entries() as IterableIterator<[number, SnapshotPerson]>) {
    const record = recordName(p.sourceId, 'person', i);
    const sourceId = text(p.sourceId);
    if (sourceId === null) {
      refusals.push(refusal(record, 'missingId', 'sourceId'));
      continue;
    }
    const cpr = cprIn(p);
    if (cpr !== null) {
      heldPeople.add(sourceId);
      refusals.push(refusal(record, 'cpr', fieldOf(cpr)));
      continue;
    }
    if ((personCounts.get(sourceId) ?? 0) > 1) {
      heldPeople.add(sourceId);
      refusals.push(refusal(record, 'duplicate', 'sourceId'));
      continue;
    }
    const name = text(p.name);
    if (name === null) {
      heldPeople.add(sourceId);
      refusals.push(refusal(record, 'missingName', 'name'));
      continue;
    }
    const mail = optional(p.email);
    if (mail && !email.safeParse(mail).success) {
      heldPeople.add(sourceId);
      refusals.push(refusal(record, 'email', 'email'));
      continue;
    }
    const given = [...new Set((p.unitIds ?? []).map(text).filter((u): u is string => u !== null))];
    const taken = given.filter(known).sort();
    if (taken.length < given.length) refusals.push(refusal(record, 'unknownUnit', 'unitIds'));
    const person: NormalPerson = { sourceId, name, unitIds: taken, active: p.active !== false };
    for (const field of OPTIONAL_FIELDS) {
      const v = optional(p[field]);
      if (v !== undefined) person[field] = v;
    }
    people.push(person);
  }
  return { units, people, refusals, heldPeople, heldUnits };
}

const NOT_DELIVERED = { notDelivered: true };
const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('base64url');

/**
 * The hash of a person's normal form: the same record gives the same hash, so "unchanged" costs one
 * comparison. A manager the run cannot link (refused, or not in the graph) is hashed as unlinked, so
 * the hash differs once the manager is there and that run links them.
 */
export function personHash(p: NormalPerson, managerLinked = true): string {
  const value = (f: (typeof OPTIONAL_FIELDS)[number]) =>
    p[f] === undefined
      ? NOT_DELIVERED
      : f === 'managerId' && p[f] !== null && !managerLinked
        ? { unlinked: p[f] }
        : p[f];
  return hashOf([p.name, ...OPTIONAL_FIELDS.map(value), p.unitIds, p.active]);
}

/** The hash of a unit's normal form, KLE titles as the plan resolved them. */
export function unitHash(u: NormalUnit): string {
  return hashOf([u.name, u.parentId, u.kle === undefined ? NOT_DELIVERED : u.kle]);
}

/** A readable id made of a name, as the edit form makes one (client/src/lib/fields.ts), without its suffix. */
export function slug(name: string, fallback = 'enhed'): string {
  return (
    name
      .toLowerCase()
      .replace(/æ/g, 'ae')
      .replace(/ø/g, 'oe')
      .replace(/å/g, 'aa')
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || fallback
  );
}

/** The id of a new person: a readable slug of the name and a short hash of the source's key (the same on every run). */
export function personId(name: string, key: string): string {
  return `${slug(name, 'person')}-${createHash('sha256').update(key).digest('hex').slice(0, 10)}`;
}
