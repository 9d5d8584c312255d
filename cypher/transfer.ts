import { z } from 'zod';
import {
  ids,
  int,
  kind,
  kinds,
  maybeString,
  properties,
  read,
  relType,
  relTypes,
  write,
} from '../server/common/declare.js';

// Labels and relationship types are never parameters: an import picks one of the fixed write queries per kind and type.

/** An import batch of nodes of one kind: each row holds all the node's properties, its id and version. */
const nodeRows = z.object({ rows: z.array(z.object({ id: z.string(), properties })).readonly() });
/** An import batch of relations of one type (ends checked by the import): all properties and version. */
const relationRows = z.object({
  rows: z.array(z.object({ source: z.string(), target: z.string(), properties })).readonly(),
});
const written = z.object({ written: int });
/** Relations named by their source, type and target. */
const keys = z.array(z.object({ source: z.string(), type: relType, target: z.string() })).readonly();

/** Every node of the graph (an :Entity with a known kind) with all its properties, for an export. */
export const transferExportNodes = read(z.object({ kinds }), z.object({ id: z.string(), kind, properties }));

/** Every relation of the model's types between two nodes of the graph, for an export. */
export const transferExportRelations = read(
  z.object({ types: relTypes }),
  z.object({ source: z.string(), type: relType, target: z.string(), properties }),
);

/** The nodes of one kind with all their properties, by id, for a CSV export. */
export const transferExportKind = read(z.object({ kinds, kind }), z.object({ id: z.string(), properties }));

/** The current kind and properties of the nodes with these ids, which an import compares against. */
export const transferNodesByIds = read(
  z.object({ ids, kinds }),
  z.object({ id: z.string(), kind: kind.nullable(), properties }),
);

/** The current properties of these relations, each named by its source, type and target. */
export const transferRelationsByKeys = read(
  z.object({ keys }),
  z.object({ source: z.string(), type: relType, target: z.string(), properties }),
);

/** Creates or replaces people from an import batch: each row holds all the node's properties, its id and version. */
export const transferWriteNodePerson = write(nodeRows, written);

/** Creates or replaces networks from an import batch: each row holds all the node's properties, its id and version. */
export const transferWriteNodeNetwork = write(nodeRows, written);

/** Creates or replaces departments from an import batch: each row holds all the node's properties, its id and version. */
export const transferWriteNodeDepartment = write(nodeRows, written);

/** Creates or replaces partners from an import batch: each row holds all the node's properties, its id and version. */
export const transferWriteNodePartner = write(nodeRows, written);

/** Creates or replaces trainings from an import batch: each row holds all the node's properties, its id and version. */
export const transferWriteNodeTraining = write(nodeRows, written);

/** Creates or replaces outcomes from an import batch: each row holds all the node's properties, its id and version. */
export const transferWriteNodeOutcome = write(nodeRows, written);

/** Creates or replaces forums from an import batch: each row holds all the node's properties, its id and version. */
export const transferWriteNodeForum = write(nodeRows, written);

/** Creates or replaces projects from an import batch: each row holds all the node's properties, its id and version. */
export const transferWriteNodeProject = write(nodeRows, written);

/** Creates or replaces units from an import batch: each row holds all the node's properties, its id and version. */
export const transferWriteNodeUnit = write(nodeRows, written);

/** Creates or replaces WORKS_IN relations from an import batch (ends checked by the import): all properties and version. */
export const transferWriteRelWORKS_IN = write(relationRows, written);

/** Creates or replaces LEADS relations from an import batch (ends checked by the import): all properties and version. */
export const transferWriteRelLEADS = write(relationRows, written);

/** Creates or replaces PARTICIPATES_IN relations from an import batch (ends checked by the import): all properties and version. */
export const transferWriteRelPARTICIPATES_IN = write(relationRows, written);

/** Creates or replaces COLLABORATES_WITH relations from an import batch (ends checked by the import): all properties and version. */
export const transferWriteRelCOLLABORATES_WITH = write(relationRows, written);

/** Creates or replaces OFFERED_BY relations from an import batch (ends checked by the import): all properties and version. */
export const transferWriteRelOFFERED_BY = write(relationRows, written);

/** Creates or replaces COMPLETED relations from an import batch (ends checked by the import): all properties and version. */
export const transferWriteRelCOMPLETED = write(relationRows, written);

/** Creates or replaces CREATED relations from an import batch (ends checked by the import): all properties and version. */
export const transferWriteRelCREATED = write(relationRows, written);

/** Creates or replaces REPORTED_TO relations from an import batch (ends checked by the import): all properties and version. */
export const transferWriteRelREPORTED_TO = write(relationRows, written);

/** Creates or replaces INITIATED relations from an import batch (ends checked by the import): all properties and version. */
export const transferWriteRelINITIATED = write(relationRows, written);

/** Creates or replaces CONTINUED_AS relations from an import batch (ends checked by the import): all properties and version. */
export const transferWriteRelCONTINUED_AS = write(relationRows, written);

/** Creates or replaces SPAWNED relations from an import batch (ends checked by the import): all properties and version. */
export const transferWriteRelSPAWNED = write(relationRows, written);

/** Creates or replaces KNOWS relations from an import batch (ends checked by the import): all properties and version. */
export const transferWriteRelKNOWS = write(relationRows, written);

/** Creates or replaces MEMBER_OF relations from an import batch (ends checked by the import): all properties and version. */
export const transferWriteRelMEMBER_OF = write(relationRows, written);

/** Creates or replaces PART_OF relations from an import batch (ends checked by the import): all properties and version. */
export const transferWriteRelPART_OF = write(relationRows, written);

/** Creates or replaces ROLLS_UP_TO relations from an import batch (ends checked by the import): all properties and version. */
export const transferWriteRelROLLS_UP_TO = write(relationRows, written);

/** Creates or replaces REPORTS_TO relations from an import batch (ends checked by the import): all properties and version. */
export const transferWriteRelREPORTS_TO = write(relationRows, written);

/** Takes the write locks of these nodes before an import reads them (held to the transaction's end), so no edit in between is lost. */
export const transferLockNodes = write(z.object({ ids }), z.object({ locked: int }));

/** Drops the lock marks an import set on these nodes (the locks themselves end with the transaction). */
export const transferUnlockNodes = write(z.object({ ids }), z.object({ unlocked: int }));

/** Takes the write locks of these relations before an import reads them, each named by its source, type and target. */
export const transferLockRelations = write(z.object({ keys }), z.object({ locked: int }));

/** Drops the lock marks an import set on these relations. */
export const transferUnlockRelations = write(z.object({ keys }), z.object({ unlocked: int }));

/** The departments a Person CSV's department column names: by id, or by name in any letter case. */
export const transferDepartmentsByKey = read(
  z.object({ keys: ids, lowered: ids }),
  z.object({ id: z.string(), name: maybeString }),
);
