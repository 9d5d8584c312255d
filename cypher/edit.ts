import { z } from 'zod';
import { int, kind, kinds, noRows, properties, read, relType, write } from '../server/common/declare.js';

// Labels and relationship types are never taken from input: where one varies ($kind, $type), the server has
// checked it against KINDS / REL_TYPES first (the zod enums here say the same).

/** A node as the editing queries return it: its kind (null when none is known), version and stored properties. */
const node = { kind: kind.nullable(), version: int, properties };
/** The ends of one relation, by node id, and its type. */
const relation = { source: z.string(), target: z.string(), type: relType };

/** Creates a node with the given id, kind, properties and version unless one has that id; says whether it did and returns the node. */
export const editNodeMerge = write(
  z.object({ id: z.string(), kind, props: properties, version: int, kinds }),
  z.object({ created: z.boolean(), ...node }),
);

/** Takes the node's write lock (held to the end of the transaction) before its version is read. */
export const editNodeLock = write(z.object({ id: z.string() }), z.object({ id: z.string() }));

/** One node with its kind, version (1 when never edited) and stored properties. */
export const editNodeRead = read(z.object({ id: z.string(), kinds }), z.object(node));

/** Sets (or, for null values, removes) the given properties, sets the new version and drops the lock mark. */
export const editNodeUpdate = write(z.object({ id: z.string(), set: properties, version: int, kinds }), z.object(node));

/** Every relation between the node and another entity, with both ends, its version and properties. */
export const editNodeRelations = read(
  z.object({ id: z.string() }),
  z.object({ type: z.string(), source: z.string(), target: z.string(), version: int, properties }),
);

/** Deletes the node and its relations. */
export const editNodeDelete = write(z.object({ id: z.string() }), noRows);

/** The kinds of a relation's two ends (null when missing) and whether $via names a network. */
export const editRelationEnds = read(
  z.object({ source: z.string().nullable(), target: z.string().nullable(), via: z.string().nullable(), kinds }),
  z.object({
    sourceKind: kind.nullable(),
    sourceExists: z.boolean(),
    targetKind: kind.nullable(),
    targetExists: z.boolean(),
    viaExists: z.boolean(),
  }),
);

/** Creates the relation of type $type from $source to $target with properties and version unless it exists; says whether it did. */
export const editRelationMerge = write(
  z.object({ ...relation, props: properties, version: int }),
  z.object({ created: z.boolean(), version: int, properties }),
);

/** Takes the relation's write lock (held to the end of the transaction) before its version is read. */
export const editRelationLock = write(z.object(relation), z.object({ locked: int }));

/** One relation by its ends and type, with its version (1 when never edited) and stored properties. */
export const editRelationRead = read(z.object(relation), z.object({ version: int, properties }));

/** Sets (or, for null values, removes) the relation's given properties, sets the new version and drops the lock mark. */
export const editRelationUpdate = write(
  z.object({ ...relation, set: properties, version: int }),
  z.object({ version: int, properties }),
);

/** Deletes one relation by its ends and type. */
export const editRelationDelete = write(z.object(relation), noRows);
