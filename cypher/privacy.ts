import { z } from 'zod';
import {
  ids,
  int,
  kind,
  kinds,
  maybeString,
  none,
  properties,
  read,
  relType,
  relTypes,
  temporal,
  write,
} from '../server/common/declare.js';
import { change } from './shapes.js';

/** One person's node with all its properties, for the person's own export and for erasure. */
export const privacyPerson = read(z.object({ id: z.string() }), z.object({ properties }));

/** A person's relations of the model's types, both directions, with the other end's id, kind and name. */
export const privacyRelations = read(
  z.object({ id: z.string(), types: relTypes, kinds }),
  z.object({
    type: relType,
    direction: z.enum(['out', 'in']),
    otherId: z.string(),
    otherKind: kind.nullable(),
    otherName: maybeString,
    properties,
  }),
);

/** Every recorded change to a person or to one of their relations, oldest first. */
export const privacyChangesOfPerson = read(z.object({ id: z.string() }), change);

/** Changes made by the person (actor name) or whose before/after text holds one of the given lower-case strings. */
export const privacyChangesMentioning = read(z.object({ names: ids, needles: ids }), change);

/** Rewrites changes with a person's data replaced (erasure): before, after, actor and target. */
export const privacyRedactChanges = write(
  z.object({
    rows: z
      .array(
        z.object({
          id: z.string(),
          before: maybeString,
          after: maybeString,
          actorName: maybeString,
          actorSub: maybeString,
          targetId: maybeString,
        }),
      )
      .readonly(),
  }),
  z.object({ redacted: int }),
);

/** Deletes a person and all their relations (erasure); answers how many relations went with them. */
export const privacyErasePerson = write(z.object({ id: z.string() }), z.object({ relations: int }));

/** Takes the write locks of the other nodes with a string property holding one of the lower-case needles, and answers their ids. */
export const privacyLockMentioningNodes = write(
  z.object({ id: z.string(), kinds, needles: ids }),
  z.object({ id: z.string() }),
);

/** The kind and properties of these nodes, read after their locks are taken. */
export const privacyNodesByIds = read(
  z.object({ ids, kinds }),
  z.object({ id: z.string(), kind: kind.nullable(), properties }),
);

/** Sets the redacted texts of these nodes with a new version, and drops the lock marks of all the locked ones. */
export const privacyRedactNodes = write(
  z.object({ ids, rows: z.array(z.object({ id: z.string(), set: properties })).readonly() }),
  z.object({ redacted: int }),
);

/** Takes the write locks of the relations between other nodes with a string property holding one of the needles. */
export const privacyLockMentioningRelations = write(
  z.object({ id: z.string(), types: relTypes, needles: ids }),
  z.object({ source: z.string(), type: relType, target: z.string(), properties }),
);

/** Sets the redacted texts of these relations (each named by its ends and type) with a new version, and drops the lock marks. */
export const privacyRedactRelations = write(
  z.object({
    rows: z.array(z.object({ source: z.string(), type: relType, target: z.string(), set: properties })).readonly(),
  }),
  z.object({ redacted: int }),
);

/** Remembers erasures by the hash of the person's id and when (null: now); an erasure already known keeps its first date. */
export const privacyRecordErasures = write(
  z.object({ rows: z.array(z.object({ idHash: z.string(), at: temporal.nullable() })).readonly() }),
  z.object({ recorded: int }),
);

/** The erasures among these id hashes, with their dates (an import refuses to bring those people back). */
export const privacyErasuresOf = read(z.object({ hashes: ids }), z.object({ idHash: z.string(), at: temporal }));

/** Every erasure Ringe remembers, for a backup. */
export const privacyErasuresAll = read(none, z.object({ idHash: z.string(), at: temporal }));
