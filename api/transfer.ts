import { z } from 'zod';
import {
  boundedInt,
  idSchema,
  KINDS,
  kindSchema,
  nodeRefSchema,
  phaseFromText,
  relTypeSchema,
  type Kind,
} from './common.js';
import { changeSchema, nodePropertySchemas, safeText } from './edit.js';
import { nodeParams } from './explore.js';
import { ep } from './endpoint.js';
import { personSurveyAnswerSchema } from './surveys.js';

// Import, export and a person's data (GDPR). Shared by server (validation, OpenAPI) and client.
//
// Exports (coordinator): the whole graph as JSON (the import format), one kind as CSV for
// Danish Excel, the whole graph as GraphML for Gephi and yEd.
//
// Imports (admin):
// - JSON: a file in the export format. Each node and relation in the file is merged by its id
//   (a relation's id is source|TYPE|target): created when new, otherwise set to exactly the
//   properties in the file (a property missing from the file is removed), version + 1 when
//   anything changed, untouched when nothing did. Items that fail validation are rejected with a
//   reason and never written; the rest is written in batches of JSON_IMPORT_BATCH (nodes first,
//   then relations), each batch its own write transaction with its history, all or nothing.
// - CSV: one kind (or `relations`) per file, `;` or `,` separated, header row naming the
//   columns. Only the columns in the header are set; an empty cell removes an optional property.
//   A Person CSV may have a `department` column (the department's id or name): the person then
//   works there (a WORKS_IN relation is added, with the row; other departments stay).
//   Rows are numbered 1.. (blank lines skipped), lines are the file's lines (header = line 1).
//
// Progress: every import answers per batch (`batches`, with row ranges and what each wrote).
// A client that wants a progress bar does
//   1. POST ?dryRun=true           -> the plan: `rows`, `batches` [{from, to}], created/changed/rejected
//   2. for each planned batch: POST ?dryRun=false&from=<from>&to=<to> with the same file
//                                  -> that range only; progress = to / rows
// and a script may simply POST ?dryRun=false once and read `batches` (the server then runs all
// batches in turn). Rows are always numbered over the whole file, so lines and rows stay the same
// between the dry run and the batch requests.

export const GRAPH_FORMAT = 'ringe-graph';
export const GRAPH_FORMAT_VERSION = 1;
/** Items per write transaction of a JSON import. */
export const JSON_IMPORT_BATCH = 500;
/** Most rows per write transaction of a CSV import. */
export const CSV_IMPORT_BATCH = 200;
/** Bodies larger than this are refused with 413 (the rest of the API takes 100 kB). */
export const IMPORT_BODY_LIMIT = '20mb';

// ---------------------------------------------------------------------------------------------
// Properties an import accepts: the editing schemas plus the booklet's provenance notes.

/** A partial ISO date: the booklet gives some dates as a month ("2014-10"). */
const partialIsoDate = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'must be a date as YYYY-MM-DD (or YYYY-MM, or YYYY)')
  .refine((s) => s.length < 10 || z.iso.date().safeParse(s).success, { message: 'must be a date that exists' });

/** Where a record comes from (seed records carry these; see docs/model.md). */
const provenance = {
  source: safeText(2000).optional(),
  inferred: z.boolean({ error: 'must be true or false' }).optional(),
};

/**
 * Per kind: nodePropertySchemas (editing's own schemas, CPR refusal included), extended with the
 * provenance notes; networks also take the booklet's month dates, statusInferred/phaseInferred and bookletOrder.
 */
export const importNodeSchemas = Object.fromEntries(
  KINDS.map((kind) => [
    kind,
    kind === 'Network'
      ? nodePropertySchemas.Network.extend({
          ...provenance,
          statusInferred: z.boolean({ error: 'must be true or false' }).optional(),
          phaseInferred: z.boolean({ error: 'must be true or false' }).optional(),
          // A file from before the fixed list of phases: a known spelling is read as its phase.
          phase: z.preprocess(
            (v) => (typeof v === 'string' ? (phaseFromText(v) ?? v) : v),
            nodePropertySchemas.Network.shape.phase,
          ),
          startedAt: partialIsoDate.optional(),
          endedAt: partialIsoDate.optional(),
          /** The network's place in the booklet (1 = its first page), for the report's order. */
          bookletOrder: z.coerce
            .number({ error: 'must be a whole number' })
            .int('must be a whole number')
            .min(1, 'must be at least 1')
            .optional(),
        })
      : kind === 'Outcome'
        ? // A petal accepted from a survey's text names its round (issue 20).
          nodePropertySchemas.Outcome.extend({ ...provenance, round: idSchema.optional() })
        : nodePropertySchemas[kind].extend(provenance),
  ]),
) as unknown as Record<Kind, z.ZodObject>;

/**
 * Relation properties besides relationPropertiesSchema (which is refined, so they are checked apart): provenance,
 * who took over a leaver's network role (handedTo, set by a coordinator's handover: api/handovers.ts), and the
 * survey round a KNOWS came from (source, round), which the editor does not take but an export must bring back.
 */
export const relationProvenanceSchema = z.strictObject({
  inferred: provenance.inferred,
  handedTo: idSchema.optional(),
  /** Where a relation came from when not typed in: `survey` for a KNOWS a survey answer wrote (issue 20), with its `round`. */
  source: safeText(200).optional(),
  round: idSchema.optional(),
});
export const RELATION_PROVENANCE_KEYS = ['inferred', 'handedTo', 'source', 'round'] as const;

/** The properties a node of this kind may hold, in column order. */
export const nodeColumns = (kind: Kind): string[] => Object.keys(importNodeSchemas[kind].shape);
/** The columns of a relations CSV. */
export const RELATION_COLUMNS = ['type', 'source', 'target', 'since', 'until', 'via', 'wording', 'inferred'] as const;
/** Boolean columns (CSV cells true/false; Danish Excel's SAND/FALSK and ja/nej are read too). */
export const BOOLEAN_PROPERTIES = new Set(['inferred', 'statusInferred', 'phaseInferred']);
/** Date columns (Danish Excel's dd-mm-yyyy is read as yyyy-mm-dd). */
export const DATE_PROPERTIES = new Set(['since', 'until', 'startedAt', 'endedAt']);

// ---------------------------------------------------------------------------------------------
// The graph file (export and JSON import)

const propertyMap = z.record(z.string(), z.unknown());
export const exportedNodeSchema = z.strictObject({ id: z.string(), kind: kindSchema, properties: propertyMap });
export const exportedRelationSchema = z.strictObject({
  type: relTypeSchema,
  source: z.string(),
  target: z.string(),
  properties: propertyMap,
});
/** Sorted canonically: nodes by kind then id, relations by source, type, target; property keys sorted. */
export const graphExportSchema = z.strictObject({
  format: z.literal(GRAPH_FORMAT),
  version: z.literal(GRAPH_FORMAT_VERSION),
  nodes: z.array(exportedNodeSchema),
  relations: z.array(exportedRelationSchema),
});
export type GraphExport = z.infer<typeof graphExportSchema>;
export type ExportedNode = z.infer<typeof exportedNodeSchema>;
export type ExportedRelation = z.infer<typeof exportedRelationSchema>;

/** The import body: the envelope is checked here, each item by the server (a bad item is rejected, not the file). */
export const graphImportBody = z.strictObject({
  format: z.literal(GRAPH_FORMAT, { error: `must be "${GRAPH_FORMAT}" (a file from GET /api/export/json)` }),
  version: z.literal(GRAPH_FORMAT_VERSION, { error: `must be ${GRAPH_FORMAT_VERSION}` }),
  nodes: z.array(z.unknown()).max(100_000, 'must hold at most 100000 nodes').default([]),
  relations: z.array(z.unknown()).max(200_000, 'must hold at most 200000 relations').default([]),
});
/** One node of an imported file. */
export const importNodeItem = z.strictObject({ id: idSchema, kind: kindSchema, properties: propertyMap });
/** One relation of an imported file. */
export const importRelationItem = z.strictObject({
  type: relTypeSchema,
  source: idSchema,
  target: idSchema,
  properties: propertyMap.default({}),
});

/** JSON with object keys sorted at every level: the same graph always gives the same text (and SHA-256). */
export function canonicalJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(sort(value));
}

// ---------------------------------------------------------------------------------------------
// Import answers (JSON and CSV alike)

const flag = z
  .enum(['true', 'false'], { error: 'must be true or false' })
  .transform((v) => v === 'true')
  .default(false);
const rowNumber = z.coerce
  .number({ error: 'must be a whole number' })
  .int('must be a whole number')
  .min(1, 'must be at least 1');

export const csvKindSchema = z.enum([...KINDS, 'relations'], {
  error: `must be one of ${[...KINDS, 'relations'].join(', ')}`,
});
export type CsvKind = z.infer<typeof csvKindSchema>;
export const csvExportParams = z.strictObject({ kind: csvKindSchema });

export const jsonImportQuery = z.strictObject({
  /** true: answer what would happen, write nothing. */
  dryRun: flag,
});
export const csvImportQuery = z
  .strictObject({
    kind: csvKindSchema,
    dryRun: flag,
    /** First row to import (1 = the row under the header); default the first. */
    from: rowNumber.optional(),
    /** Last row to import; default the last. */
    to: rowNumber.optional(),
    /** Rows per write transaction, at most CSV_IMPORT_BATCH. */
    batchSize: boundedInt(1, CSV_IMPORT_BATCH, CSV_IMPORT_BATCH),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.to >= q.from, {
    message: 'must not be before from',
    path: ['to'],
  });

const itemRef = {
  section: z.enum(['nodes', 'relations']),
  /** 1-based: the row of a CSV file (under the header), or the position in the file's nodes or relations. */
  position: z.number().int(),
  /** CSV only: the line the row starts on, the header being line 1. */
  line: z.number().int().nullable(),
  /** The node's id, or the relation's source|TYPE|target; null when the row has none. */
  id: z.string().nullable(),
};
export const fieldChangeSchema = z.strictObject({ name: z.string(), before: z.unknown(), after: z.unknown() });
export const importBatchSchema = z.strictObject({
  number: z.number().int(),
  section: z.enum(['nodes', 'relations']),
  /** The batch's first and last position (CSV: rows). */
  from: z.number().int(),
  to: z.number().int(),
  /** planned: a dry run; written: committed; failed: rolled back, nothing of it was written. */
  status: z.enum(['planned', 'written', 'failed']),
  created: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  /** Why a failed batch failed, in one sentence. */
  error: z.string().nullable(),
});
const importCounts = z.strictObject({
  created: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  /** Items in batches that failed. */
  failed: z.number().int(),
});
/**
 * Why an item or a whole file was refused, as a code and the values its sentence needs, so a
 * client can say it in the user's language (`reason`, and a 400's `message`, say it in English).
 * Codes: a value of a column or property (required, invalid, oneOf, tooLong, email, date, phone,
 * boolean, number, unknownField, row, cpr: a CPR-like value, `place` a field or a column); an item
 * (kindTaken, selfLoop, noNode, unknownKind, wrongEnd, onlyOn, tooManyValues, duplicateLine,
 * duplicateItem, unknownDepartment, ambiguousDepartment, erased: a person erased on `day`,
 * erasedEnd: a relation to one); a file (unclosedQuote, emptyFile, unknownColumn, repeatedColumn,
 * missingColumn, fromTooLarge).
 */
export const IMPORT_PROBLEMS = [
  'required',
  'invalid',
  'oneOf',
  'tooLong',
  'email',
  'date',
  'phone',
  'boolean',
  'number',
  'unknownField',
  'row',
  'cpr',
  'kindTaken',
  'selfLoop',
  'noNode',
  'unknownKind',
  'wrongEnd',
  'onlyOn',
  'tooManyValues',
  'duplicateLine',
  'duplicateItem',
  'unknownDepartment',
  'ambiguousDepartment',
  'erased',
  'erasedEnd',
  'unclosedQuote',
  'emptyFile',
  'unknownColumn',
  'repeatedColumn',
  'missingColumn',
  'fromTooLarge',
] as const;
export const importProblemSchema = z.strictObject({
  code: z.enum(IMPORT_PROBLEMS),
  values: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type ImportProblem = z.infer<typeof importProblemSchema>;
/** A Person CSV's optional column: the department's id or name; the row's person then works there (WORKS_IN). */
export const PERSON_DEPARTMENT_COLUMN = 'department';

const importResult = {
  dryRun: z.boolean(),
  /** Every batch in range was written (or, in a dry run, planned). */
  complete: z.boolean(),
  counts: importCounts,
  created: z.array(z.strictObject({ ...itemRef })),
  changed: z.array(z.strictObject({ ...itemRef, fields: z.array(fieldChangeSchema) })),
  /** Every refusal has its problem; `reason` says it in English. */
  rejected: z.array(z.strictObject({ ...itemRef, reason: z.string(), problem: importProblemSchema })),
  batches: z.array(importBatchSchema),
};
export const jsonImportResponse = z.strictObject({
  ...importResult,
  /** How many nodes and relations the file holds. */
  nodes: z.number().int(),
  relations: z.number().int(),
});
export const csvImportResponse = z.strictObject({
  ...importResult,
  kind: csvKindSchema,
  separator: z.enum([';', ',']),
  /** Data rows in the file (blank lines not counted). */
  rows: z.number().int(),
  /** The range this answer covers. */
  from: z.number().int(),
  to: z.number().int(),
  batchSize: z.number().int(),
});
export type ImportBatch = z.infer<typeof importBatchSchema>;
export type JsonImportResponse = z.infer<typeof jsonImportResponse>;
export type CsvImportResponse = z.infer<typeof csvImportResponse>;

// ---------------------------------------------------------------------------------------------
// A person's data (GDPR)

export const personExportResponse = z.strictObject({
  format: z.literal('ringe-person'),
  exportedAt: z.string(),
  person: z.strictObject({
    id: z.string(),
    kind: z.literal('Person'),
    version: z.number().int(),
    properties: propertyMap,
  }),
  relations: z.array(
    z.strictObject({
      id: z.string(),
      type: relTypeSchema,
      direction: z.enum(['out', 'in']),
      other: nodeRefSchema,
      properties: propertyMap,
    }),
  ),
  /** Every recorded change to the person or to one of their relations, oldest first. */
  history: z.array(changeSchema),
  /** Their own survey answers (issue 20): what they rated, whom they named, what they wrote; oldest first. */
  surveyAnswers: z.array(personSurveyAnswerSchema),
});
export type PersonExport = z.infer<typeof personExportResponse>;

export const eraseQuery = z.strictObject({
  /** Must repeat the person's id: erasure cannot be undone. */
  confirm: idSchema,
});
export const eraseResponse = z.strictObject({
  erased: z.literal(true),
  /**
   * Ids are readable slugs of names, so the history that stays keeps this pseudonym in place of
   * the person's id (in its targets, relation ids and before/after).
   */
  pseudonym: z.string(),
  relationsRemoved: z.number().int(),
  changesRedacted: z.number().int(),
  /**
   * The other nodes and relations whose texts named the person (full name or work email, in any
   * case and spacing): those fields now read ERASED_PERSON (ERASED for an email), version + 1.
   * Nodes first (by kind and id), then relations (by id); `name` is a node's name, null for a relation.
   */
  redacted: z.array(
    z.strictObject({
      kind: z.union([kindSchema, z.literal('Relation')]),
      id: z.string(),
      name: z.string().nullable(),
      fields: z.array(z.string()),
    }),
  ),
  /** The id of the recorded 'erase' change (it holds no personal data). */
  change: z.string(),
});
export type EraseResponse = z.infer<typeof eraseResponse>;

/** Replaces the person's personal data in the history that stays. */
export const ERASED = '[slettet]';
/** Replaces an erased person's name in other nodes' and relations' texts, and in the history's. */
export const ERASED_PERSON = '[slettet person]';

// ---------------------------------------------------------------------------------------------

export const transferEndpoints = {
  exportJson: ep({
    method: 'get',
    path: '/api/export/json',
    summary: 'The whole graph as a JSON file (the import format), sorted canonically so equal graphs give equal files.',
    role: 'coordinator',
    response: graphExportSchema,
  }),
  exportCsv: ep({
    method: 'get',
    path: '/api/export/csv/{kind}',
    summary: 'One kind (or the relations) as a CSV file for Danish Excel: semicolons, UTF-8 with BOM (text/csv).',
    role: 'coordinator',
    params: csvExportParams,
    responseType: 'text/csv',
    response: z.string(),
  }),
  exportGraphml: ep({
    method: 'get',
    path: '/api/export/graphml',
    summary: 'The whole graph as GraphML for Gephi and yEd (application/graphml+xml).',
    role: 'coordinator',
    responseType: 'application/graphml+xml',
    response: z.string(),
  }),
  importJson: ep({
    method: 'post',
    path: '/api/import/json',
    summary:
      'Merges a graph file by id in batches of 500 (up to 20 MB); invalid items are rejected with a reason; dryRun writes nothing.',
    role: 'admin',
    query: jsonImportQuery,
    body: graphImportBody,
    cprPerItem: true,
    response: jsonImportResponse,
  }),
  importCsv: ep({
    method: 'post',
    path: '/api/import/csv',
    summary:
      'Imports a CSV file (text/csv) of one kind or of relations in batches of at most 200 rows; dryRun answers what would happen.',
    role: 'admin',
    query: csvImportQuery,
    requestType: 'text/csv',
    body: z
      .string({ error: 'must be CSV text sent as text/csv' })
      .min(1, 'must not be empty: a CSV file starts with its header row'),
    cprPerItem: true,
    response: csvImportResponse,
  }),
  personExport: ep({
    method: 'get',
    path: '/api/people/{id}/export',
    summary:
      'Everything Ringe holds about one person: the node, their relations and the history of both (GDPR access).',
    role: 'admin',
    params: nodeParams,
    response: personExportResponse,
  }),
  erasePerson: ep({
    method: 'delete',
    path: '/api/people/{id}',
    summary:
      'Erases a person (GDPR): the node and its relations go, their name in other nodes\' texts becomes "[slettet person]", the history stays with their data replaced.',
    role: 'admin',
    params: nodeParams,
    query: eraseQuery,
    response: eraseResponse,
  }),
} as const;
