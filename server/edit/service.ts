import { z } from 'zod';
import type { Principal } from '../../api/auth.js';
import { isSystemProperty, KINDS, kindSchema, relTypeSchema, type Kind, type RelType } from '../../api/common.js';
import { cprRefusal } from '../../api/cpr.js';
import {
  type createNodeBody,
  type createRelationBody,
  nodePropertySchemas,
  parseRelationId,
  RELATION_RULES,
  relationId,
  type relationPropertiesSchema,
  type Change,
  type EditedNode,
  type EditedRelation,
} from '../../api/edit.js';
import { UnauthenticatedError } from '../auth/middleware.js';
import { nodeDays, relationDays } from '../common/days.js';
import { ConflictError, NotFoundError, ValidationError } from '../common/errors.js';
import { valueSentence } from '../common/issues.js';
import { toChange } from '../history/service.js';
import { recordChange as record } from '../history/record.js';
import type { Queries, WriteQueries } from '../common/queries.js';

// Editing the graph. Every change runs in one write transaction together with its history
// record. Optimistic locking that holds under concurrency: the node or relation is first
// written to (`_lock = true`, which takes its write lock until the transaction ends), and only
// then is its version read and compared. A transaction that waited for the lock therefore sees
// the version the previous writer committed, never the one from before it. Every path that
// took the lock either removes the mark in the same transaction or throws (rollback).

/** A node to create, as the API takes it (createNodeBody). */
export type NewNode = z.output<typeof createNodeBody>;
/** A relation to create, as the API takes it (createRelationBody): from `source` to `target`, in its direction. */
export type NewRelation = z.output<typeof createRelationBody>;
export type RelationProperties = z.output<typeof relationPropertiesSchema>;

/** A relation seen from one of its ends, as a node's delete keeps it for undo. */
const relationSnapshot = z.object({
  type: z.string(),
  direction: z.enum(['out', 'in']),
  other: z.string(),
  version: z.number(),
  properties: z.record(z.string(), z.unknown()),
});
/** What a node looked like, as history keeps it (before/after of a change); undo reads it back through this. */
const nodeSnapshot = z.object({
  kind: kindSchema,
  version: z.number(),
  properties: z.record(z.string(), z.unknown()),
  relations: z.array(relationSnapshot).optional(),
});
type NodeSnapshot = z.output<typeof nodeSnapshot>;
type RelationSnapshot = z.output<typeof relationSnapshot>;

/** The relation properties a coordinator edits; the booklet's `source` and `inferred` stay as they are. */
const RELATION_KEYS = ['since', 'until', 'via', 'wording'] as const;

/** The signed-in user of an endpoint that requires a role (route() has checked it already). */
export function signedIn(user: Principal | null): Principal {
  if (!user) throw new UnauthenticatedError();
  return user;
}

/**
 * Refuses CPR-like text in any string of what is written, also where the schema has no safeText
 * (ids, phone, email, via): Ringe holds no citizens' data. route() has refused such a request
 * body already; this holds for callers that are not HTTP requests.
 */
export function refuseCprLike(value: unknown, field: string): void {
  const refusal = cprRefusal(value, field);
  if (refusal) throw new ValidationError(refusal.message, refusal.details);
}

/** Whether a kind read from the database is one of those listed. */
const isOneOf = (list: readonly Kind[], kind: Kind | null): boolean => list.some((k) => k === kind);

function visible(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).filter(([k]) => !isSystemProperty(k)));
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  return (a ?? null) === (b ?? null);
}

function sameProperties(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => same(a[k], b[k]));
}

const notFound = (id: string) => new NotFoundError(`There is no node with id "${id}".`);
const noRelation = (id: string) => new NotFoundError(`There is no relation "${id}".`);
const an = (kind: string) => (/^[AEIOU]/.test(kind) ? `an ${kind}` : `a ${kind}`);

/** "A LEADS relation goes from a Person to a Network." */
export function ruleSentence(type: RelType): string {
  const rule = RELATION_RULES[type];
  return `A ${type} relation goes from ${rule.from.map(an).join(' or ')} to ${rule.to.map(an).join(' or ')}.`;
}

/** A relation id's parts (parseRelationId); 400 naming the path parameter when it is not one. */
function relationOf(id: string): { source: string; type: RelType; target: string } {
  const parts = parseRelationId(id);
  if (!parts) {
    throw new ValidationError('The path parameter "id" must be a relation id: source|TYPE|target.', { field: 'id' });
  }
  return parts;
}

/**
 * Checks a PATCH's properties against the node's kind: only the given keys, null removes an
 * optional one, a required one cannot be removed. Returns the parsed values (null = remove).
 */
export function checkNodeChanges(kind: Kind, props: Record<string, unknown>): Record<string, unknown> {
  const shape = nodePropertySchemas[kind].shape as Record<string, z.ZodType>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    const field = `properties.${key}`;
    const schema = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (!schema) throw new ValidationError(`Unknown field "${field}".`, { field });
    if (value === null) {
      if (!schema.safeParse(undefined).success) {
        throw new ValidationError(`The field "${field}" is required, so it cannot be removed.`, { field });
      }
      out[key] = null;
      continue;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new ValidationError(valueSentence('field', field, parsed.error.issues[0]!), { field });
    out[key] = parsed.data;
  }
  return out;
}

/** via belongs to KNOWS and wording to COMPLETED (api/edit.ts). */
function checkRelationKeys(type: RelType, props: RelationProperties): void {
  if (props.via !== undefined && type !== 'KNOWS') {
    throw new ValidationError('The field "properties.via" is only for KNOWS relations.', { field: 'properties.via' });
  }
  if (props.wording !== undefined && type !== 'COMPLETED') {
    throw new ValidationError('The field "properties.wording" is only for COMPLETED relations.', {
      field: 'properties.wording',
    });
  }
}

export function editService(queries: Queries) {
  const toNode = (
    id: string,
    row: { kind: Kind | null; version: number; properties: Record<string, unknown> },
  ): EditedNode => {
    // An :Entity of no known kind is not something the API edits.
    if (!row.kind) throw notFound(id);
    return { id, kind: row.kind, version: row.version, properties: visible(row.properties) };
  };
  const snapshot = (node: EditedNode, relations?: RelationSnapshot[]): NodeSnapshot => ({
    kind: node.kind,
    version: node.version,
    properties: node.properties,
    ...(relations ? { relations } : {}),
  });

  /** The node after its lock is taken, or 404. Must run inside a write transaction. */
  async function lockNode(t: WriteQueries, id: string): Promise<EditedNode> {
    const node = await tryLockNode(t, id);
    if (!node) throw notFound(id);
    return node;
  }
  async function tryLockNode(t: WriteQueries, id: string): Promise<EditedNode | null> {
    const locked = await t.editNodeLock({ id });
    if (!locked.length) return null;
    const [row] = await t.editNodeRead({ id, kinds: KINDS });
    // An :Entity of no known kind is not something the API edits.
    if (!row?.kind) throw notFound(id);
    return toNode(id, row);
  }

  function checkVersion(current: EditedNode | EditedRelation, version: number, what: string): void {
    if (current.version !== version) {
      throw new ConflictError(
        `${what} was changed by someone else since you opened it: you edited version ${version}, the current version is ${current.version}.`,
        { current },
      );
    }
  }

  /** Writes the given values (null removes) with a new version, and the node's days; also drops the lock mark. */
  async function writeNode(
    t: WriteQueries,
    current: EditedNode,
    set: Record<string, unknown>,
    version: number,
  ): Promise<EditedNode> {
    const days = nodeDays(current.kind, { ...current.properties, ...set });
    const [row] = await t.editNodeUpdate({ id: current.id, set: { ...set, ...days }, version, kinds: KINDS });
    return toNode(current.id, row!);
  }

  async function relationsOf(t: WriteQueries, id: string): Promise<RelationSnapshot[]> {
    const rows = await t.editNodeRelations({ id });
    return rows.map((r) => ({
      type: r.type,
      direction: r.source === id ? 'out' : 'in',
      other: r.source === id ? r.target : r.source,
      version: r.version,
      properties: visible(r.properties),
    }));
  }

  /** The given keys' values before and after, leaving out those that stay the same. */
  function diff(current: Record<string, unknown>, changes: Record<string, unknown>) {
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(changes)) {
      if (same(current[k], v)) continue;
      before[k] = current[k] ?? null;
      after[k] = v ?? null;
    }
    return { before, after, changed: Object.keys(after).length > 0 };
  }

  const toRelation = (
    source: string,
    type: RelType,
    target: string,
    row: { version: number; properties: Record<string, unknown> },
  ): EditedRelation => ({
    id: relationId(source, type, target),
    type,
    source,
    target,
    version: row.version,
    properties: visible(row.properties),
  });
  const relationSnapshot = (r: EditedRelation, properties = r.properties) => ({
    type: r.type,
    source: r.source,
    target: r.target,
    version: r.version,
    properties,
  });

  async function lockRelation(t: WriteQueries, id: string): Promise<EditedRelation> {
    const { source, type, target } = relationOf(id);
    const [locked] = await t.editRelationLock({ source, type, target });
    if (!locked?.locked) throw noRelation(id);
    const [row] = await t.editRelationRead({ source, type, target });
    return toRelation(source, type, target, row!);
  }

  async function viaExists(t: WriteQueries, via: string): Promise<boolean> {
    const [ends] = await t.editRelationEnds({ source: null, target: null, via, kinds: KINDS });
    return ends?.viaExists ?? false;
  }
  const badVia = () =>
    new ValidationError('The field "properties.via" must be the id of an existing network.', {
      field: 'properties.via',
    });

  async function readChange(t: WriteQueries, id: string): Promise<Change> {
    const [row] = await t.historyChange({ id });
    return toChange(row!);
  }

  return {
    async createNode(user: Principal, body: NewNode): Promise<{ node: EditedNode }> {
      refuseCprLike(body, '');
      return queries.writeTx(async (t) => {
        const [row] = await t.editNodeMerge({
          id: body.id,
          kind: body.kind,
          props: { ...body.properties, ...nodeDays(body.kind, body.properties) },
          version: 1,
          kinds: KINDS,
        });
        const node = toNode(body.id, row!);
        if (row!.created === true) {
          await record(t, user, {
            action: 'create',
            targetKind: node.kind,
            targetId: node.id,
            before: null,
            after: snapshot(node),
          });
          return { node };
        }
        // A retried request finds what it made the first time.
        if (node.kind === body.kind && sameProperties(node.properties, body.properties)) return { node };
        throw new ConflictError(`A node with id "${body.id}" already exists with other content.`, { current: node });
      });
    },

    async updateNode(
      user: Principal,
      id: string,
      body: { version: number; properties: Record<string, unknown> },
    ): Promise<{ node: EditedNode }> {
      refuseCprLike(body.properties, 'properties');
      if (!Object.keys(body.properties).length) {
        throw new ValidationError('The field "properties" must name at least one property to change.', {
          field: 'properties',
        });
      }
      return queries.writeTx(async (t) => {
        const current = await lockNode(t, id);
        const changes = checkNodeChanges(current.kind, body.properties);
        checkVersion(current, body.version, `"${String(current.properties.name ?? id)}"`);
        const { before, after, changed } = diff(current.properties, changes);
        // Nothing new: no new version and no history, but the lock mark must go.
        if (!changed) return { node: await writeNode(t, current, {}, current.version) };
        const node = await writeNode(t, current, after, current.version + 1);
        await record(t, user, {
          action: 'update',
          targetKind: node.kind,
          targetId: id,
          before: { kind: current.kind, version: current.version, properties: before },
          after: { kind: node.kind, version: node.version, properties: after },
        });
        return { node };
      });
    },

    async deleteNode(user: Principal, id: string, version: number): Promise<void> {
      await queries.writeTx(async (t) => {
        const current = await lockNode(t, id);
        checkVersion(current, version, `"${String(current.properties.name ?? id)}"`);
        const relations = await relationsOf(t, id);
        await t.editNodeDelete({ id });
        await record(t, user, {
          action: 'delete',
          targetKind: current.kind,
          targetId: id,
          before: snapshot(current, relations),
          after: null,
        });
      });
    },

    async createRelation(user: Principal, body: NewRelation): Promise<{ relation: EditedRelation }> {
      refuseCprLike(body, '');
      const { type, source, target, properties } = body;
      checkRelationKeys(type, properties);
      if (source === target)
        throw new ValidationError('The field "target" must be another node than the source.', { field: 'target' });
      const props = Object.fromEntries(Object.entries(properties).filter(([, v]) => v !== undefined));
      return queries.writeTx(async (t) => {
        const [ends] = await t.editRelationEnds({ source, target, via: properties.via ?? null, kinds: KINDS });
        if (!ends?.sourceExists) throw notFound(source);
        if (!ends.targetExists) throw notFound(target);
        const rule = RELATION_RULES[type];
        if (!isOneOf(rule.from, ends.sourceKind)) throw new ValidationError(ruleSentence(type), { field: 'source' });
        if (!isOneOf(rule.to, ends.targetKind)) throw new ValidationError(ruleSentence(type), { field: 'target' });
        if (properties.via !== undefined && ends.viaExists !== true) throw badVia();

        const [row] = await t.editRelationMerge({
          source,
          target,
          type,
          props: { ...props, ...relationDays(props) },
          version: 1,
        });
        // Both ends were there a moment ago; one was deleted in between.
        if (!row) throw new NotFoundError(`"${source}" or "${target}" was deleted a moment ago.`);
        const relation = toRelation(source, type, target, row);
        if (row.created === true) {
          await record(t, user, {
            action: 'create',
            targetKind: 'Relation',
            targetId: relation.id,
            before: null,
            after: relationSnapshot(relation),
          });
          return { relation };
        }
        if (sameProperties(relation.properties, props)) return { relation };
        throw new ConflictError(`The relation "${relation.id}" already exists with other properties.`, {
          current: relation,
        });
      });
    },

    /** The relation's editable properties become the given ones (a missing key is removed). */
    async updateRelation(
      user: Principal,
      id: string,
      body: { version: number; properties: RelationProperties },
    ): Promise<{ relation: EditedRelation }> {
      const { type } = relationOf(id);
      refuseCprLike(body.properties, 'properties');
      checkRelationKeys(type, body.properties);
      const changes = Object.fromEntries(RELATION_KEYS.map((k) => [k, body.properties[k] ?? null]));
      return queries.writeTx(async (t) => {
        const current = await lockRelation(t, id);
        checkVersion(current, body.version, `The relation "${id}"`);
        const { before, after, changed } = diff(current.properties, changes);
        if (typeof after.via === 'string' && !(await viaExists(t, after.via))) throw badVia();
        const version = changed ? current.version + 1 : current.version;
        const [row] = await t.editRelationUpdate({
          source: current.source,
          type,
          target: current.target,
          set: changed ? { ...after, ...relationDays({ ...current.properties, ...after }) } : {},
          version,
        });
        const relation = toRelation(current.source, type, current.target, row!);
        if (changed) {
          await record(t, user, {
            action: 'update',
            targetKind: 'Relation',
            targetId: id,
            before: relationSnapshot(current, before),
            after: relationSnapshot(relation, after),
          });
        }
        return { relation };
      });
    },

    async deleteRelation(user: Principal, id: string, version: number): Promise<void> {
      await queries.writeTx(async (t) => {
        const current = await lockRelation(t, id);
        checkVersion(current, version, `The relation "${id}"`);
        await t.editRelationDelete({ source: current.source, type: current.type, target: current.target });
        await record(t, user, {
          action: 'delete',
          targetKind: 'Relation',
          targetId: id,
          before: relationSnapshot(current),
          after: null,
        });
      });
    },

    /** Undoes the node's most recent own change that is not undone yet; recorded as an 'undo'. */
    async undo(user: Principal, id: string): Promise<{ change: Change }> {
      return queries.writeTx(async (t) => {
        // Lock first (when the node exists), so two undos cannot pick the same change.
        const current = await tryLockNode(t, id);
        const [candidate] = await t.historyUndoCandidate({ id });
        if (!candidate) {
          const [known] = await t.historyNodeKnown({ id });
          if (!current && known?.known !== true) throw notFound(id);
          throw new ConflictError(`There is nothing left to undo for "${id}".`);
        }
        const undone = toChange(candidate);
        const gone = () => new ConflictError(`"${id}" no longer exists, so its last change cannot be undone.`);
        let changeId: string;

        if (undone.action === 'update') {
          if (!current) throw gone();
          const was = nodeSnapshot.parse(undone.before);
          const { before, after } = diff(current.properties, was.properties);
          const node = await writeNode(t, current, after, current.version + 1);
          changeId = await record(t, user, {
            action: 'undo',
            targetKind: node.kind,
            targetId: id,
            before: { kind: current.kind, version: current.version, properties: before },
            after: { kind: node.kind, version: node.version, properties: after },
            undoOf: undone.id,
          });
        } else if (undone.action === 'create') {
          if (!current) throw gone();
          const relations = await relationsOf(t, id);
          await t.editNodeDelete({ id });
          changeId = await record(t, user, {
            action: 'undo',
            targetKind: current.kind,
            targetId: id,
            before: snapshot(current, relations),
            after: null,
            undoOf: undone.id,
          });
        } else if (undone.action === 'delete') {
          const exists = () =>
            new ConflictError(`A node with id "${id}" exists again, so its deletion cannot be undone.`);
          if (current) throw exists();
          const was = nodeSnapshot.parse(undone.before);
          const kind = was.kind;
          const [row] = await t.editNodeMerge({
            id,
            kind,
            props: { ...was.properties, ...nodeDays(kind, was.properties) },
            version: was.version + 1,
            kinds: KINDS,
          });
          if (row!.created !== true) throw exists();
          const node = toNode(id, row!);
          // Its relations come back where the other end still exists.
          const restored: RelationSnapshot[] = [];
          for (const r of was.relations ?? []) {
            const type = relTypeSchema.safeParse(r.type);
            // Only the model's relation types are written back (types never come from free input).
            if (!type.success) continue;
            const [source, target] = r.direction === 'out' ? [id, r.other] : [r.other, id];
            const [rel] = await t.editRelationMerge({
              source,
              target,
              type: type.data,
              props: { ...r.properties, ...relationDays(r.properties) },
              version: r.version + 1,
            });
            if (rel) restored.push({ ...r, version: rel.version, properties: visible(rel.properties) });
          }
          changeId = await record(t, user, {
            action: 'undo',
            targetKind: node.kind,
            targetId: id,
            before: null,
            after: snapshot(node, restored),
            undoOf: undone.id,
          });
        } else {
          throw new ConflictError(`The last change to "${id}" was an ${undone.action}, which cannot be undone.`);
        }
        return { change: await readChange(t, changeId) };
      });
    },
  };
}

export type EditService = ReturnType<typeof editService>;
