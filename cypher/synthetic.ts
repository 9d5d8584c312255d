import { z } from 'zod';
import { ids, int, properties, read, write } from '../server/common/declare.js';

// The synthetic municipality's bulk load (seed/synthetic/load.ts), one query per kind and per relation type.

/** A batch of flat rows as the generator makes them (seed/synthetic/generate.ts): each query stores the columns it names. */
const rows = z.object({ rows: z.array(properties).readonly() });
const written = z.object({ written: int });
/** Each node a batch made: its id and its element id (the relation queries find their ends by it). */
const created = z.object({ created: z.array(z.tuple([z.string(), z.string()])) });
const synthetic = { prefix: z.string(), source: z.string() };

/** How many synthetic nodes the database holds (id starting with $prefix and source = $source). */
export const syntheticCount = read(z.object(synthetic), z.object({ nodes: int }));

/** Deletes up to $limit synthetic nodes with all their relations; the loader repeats it until none are left. */
export const syntheticDeleteBatch = write(z.object({ ...synthetic, limit: int }), z.object({ deleted: int }));

/** Deletes up to $limit synthetic survey rounds and answers; the loader repeats it until none are left. */
export const syntheticDeleteSurveysBatch = write(z.object({ ...synthetic, limit: int }), z.object({ deleted: int }));

/** Creates a batch of synthetic people from rows of id and properties; answers each node's id and element id. */
export const syntheticNodesPerson = write(rows, created);

/** Creates a batch of synthetic networks from rows of id and properties; answers each node's id and element id. */
export const syntheticNodesNetwork = write(rows, created);

/** Creates a batch of synthetic departments from rows of id and properties; answers each node's id and element id. */
export const syntheticNodesDepartment = write(rows, created);

/** Creates a batch of synthetic external partners from rows of id and properties; answers each node's id and element id. */
export const syntheticNodesPartner = write(rows, created);

/** Creates a batch of synthetic trainings from rows of id and properties; answers each node's id and element id. */
export const syntheticNodesTraining = write(rows, created);

/** Creates a batch of synthetic outcomes (petals of a network's flower) from rows of id and properties; answers each node's id and element id. */
export const syntheticNodesOutcome = write(rows, created);

/** Creates a batch of synthetic forums from rows of id and properties; answers each node's id and element id. */
export const syntheticNodesForum = write(rows, created);

/** Creates a batch of synthetic projects from rows of id and properties; answers each node's id and element id. */
export const syntheticNodesProject = write(rows, created);

/** Creates a batch of synthetic WORKS_IN relations between nodes found by element id, with their dates (and via, wording) where given. */
export const syntheticRelWORKS_IN = write(rows, written);

/** Creates a batch of synthetic LEADS relations between nodes found by element id, with their dates (and via, wording) where given. */
export const syntheticRelLEADS = write(rows, written);

/** Creates a batch of synthetic PARTICIPATES_IN relations between nodes found by element id, with their dates (and via, wording) where given. */
export const syntheticRelPARTICIPATES_IN = write(rows, written);

/** Creates a batch of synthetic COLLABORATES_WITH relations between nodes found by element id, with their dates (and via, wording) where given. */
export const syntheticRelCOLLABORATES_WITH = write(rows, written);

/** Creates a batch of synthetic OFFERED_BY relations between nodes found by element id, with their dates (and via, wording) where given. */
export const syntheticRelOFFERED_BY = write(rows, written);

/** Creates a batch of synthetic COMPLETED relations between nodes found by element id, with their dates (and via, wording) where given. */
export const syntheticRelCOMPLETED = write(rows, written);

/** Creates a batch of synthetic CREATED relations between nodes found by element id, with their dates (and via, wording) where given. */
export const syntheticRelCREATED = write(rows, written);

/** Creates a batch of synthetic REPORTED_TO relations between nodes found by element id, with their dates (and via, wording) where given. */
export const syntheticRelREPORTED_TO = write(rows, written);

/** Creates a batch of synthetic INITIATED relations between nodes found by element id, with their dates (and via, wording) where given. */
export const syntheticRelINITIATED = write(rows, written);

/** Creates a batch of synthetic CONTINUED_AS relations between nodes found by element id, with their dates (and via, wording) where given. */
export const syntheticRelCONTINUED_AS = write(rows, written);

/** Creates a batch of synthetic SPAWNED relations between nodes found by element id, with their dates (and via, wording) where given. */
export const syntheticRelSPAWNED = write(rows, written);

/** Creates a batch of synthetic KNOWS relations between nodes found by element id, with their dates (and via, wording) where given. */
export const syntheticRelKNOWS = write(rows, written);

/** Creates a batch of synthetic survey rounds from rows of id and properties. */
export const syntheticRounds = write(rows, written);

/** Creates a batch of synthetic survey answers from rows of id and properties. */
export const syntheticAnswers = write(rows, written);

/** The element ids of the Entity nodes with the given ids (the ends of synthetic relations the load did not make itself). */
export const syntheticElementIds = read(z.object({ ids }), z.object({ id: z.string(), elementId: z.string() }));

/** Sets the empty lists of imported survey rounds and answers, which the bulk import's CSV cannot hold. */
export const syntheticEmptyLists = write(
  z.object({ rows: z.array(z.object({ id: z.string(), empty: properties })).readonly() }),
  written,
);
