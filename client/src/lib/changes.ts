import { parseRelationId, type Change } from '../../../api/edit.js';

// A recorded change as a person reads it: what it is about, and field by field what it was
// before and after. The sentences themselves are made from the locale files (ChangeItem.svelte).

/** What a change is about: a node, or a relation between two nodes (its id is source|TYPE|target). */
export type Subject = { kind: 'node'; id: string } | { kind: 'relation'; source: string; type: string; target: string };

export function subjectOf(c: Pick<Change, 'targetKind' | 'targetId'>): Subject {
  const relation = c.targetKind === 'Relation' ? parseRelationId(c.targetId) : null;
  return relation ? { kind: 'relation', ...relation } : { kind: 'node', id: c.targetId };
}

export interface FieldChange {
  name: string;
  /** null: the field had (or has) no value. */
  before: unknown;
  after: unknown;
  changed: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
/** A snapshot's head, not its fields: which node or relation it is and its version. */
const HEAD = new Set(['kind', 'type', 'source', 'target', 'version', 'properties', 'relations']);

/** A before or after as fields: a snapshot's properties (and a deleted node's relations), or the record's own keys. */
function fieldsOf(side: unknown): Record<string, unknown> {
  if (!isObject(side)) return {};
  const fields = isObject(side.properties)
    ? { ...side.properties }
    : Object.fromEntries(Object.entries(side).filter(([k]) => !HEAD.has(k)));
  if (Array.isArray(side.relations) && side.relations.length) fields.relations = side.relations;
  return fields;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Every field either side holds, name first, in the order the record has them; `changed` where they differ. */
export function fieldChanges(c: Pick<Change, 'before' | 'after'>): FieldChange[] {
  const before = fieldsOf(c.before);
  const after = fieldsOf(c.after);
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  names.sort(
    (a, b) => Number(b === 'name') - Number(a === 'name') || Number(a === 'relations') - Number(b === 'relations'),
  );
  return names.map((name) => ({
    name,
    before: before[name] ?? null,
    after: after[name] ?? null,
    changed: !same(before[name], after[name]),
  }));
}
