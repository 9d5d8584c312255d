import neo4j from 'neo4j-driver';
import type { z } from 'zod';
import type { Principal } from '../../api/auth.js';
import {
  idSchema,
  isSystemProperty,
  KINDS,
  REL_TYPES,
  relTypeSchema,
  type Kind,
  type RelType,
} from '../../api/common.js';
import { cprRefusal } from '../../api/cpr.js';
import { RELATION_RULES, relationId, relationPropertiesSchema } from '../../api/edit.js';
import { byCodeUnit } from '../../api/order.js';
import {
  BOOLEAN_PROPERTIES,
  canonicalJson,
  DATE_PROPERTIES,
  GRAPH_FORMAT,
  GRAPH_FORMAT_VERSION,
  importNodeItem,
  importNodeSchemas,
  importRelationItem,
  JSON_IMPORT_BATCH,
  nodeColumns,
  PERSON_DEPARTMENT_COLUMN,
  RELATION_COLUMNS,
  RELATION_PROVENANCE_KEYS,
  relationProvenanceSchema,
  type CsvImportResponse,
  type CsvKind,
  type GraphExport,
  type ImportBatch,
  type JsonImportResponse,
} from '../../api/transfer.js';
import { nodeDays, relationDays } from '../common/days.js';
import { HttpError, ValidationError } from '../common/errors.js';
import { issueMessage, issueSentence, valueSentence } from '../common/issues.js';
import { recordChange, type ChangeInput } from '../history/record.js';
import { erasureHash, redactValue, textRedactor } from '../privacy/redact.js';
import type { ParamsOf, Queries, ReadQueries, WriteQueries } from '../common/queries.js';
import { CsvError, formatCsv, parseCsv, unneutralizeFormula, type Separator } from './csv.js';
import { problem, zodProblem, type Problem } from './problems.js';
import { formatGraphml } from './graphml.js';

type Props = Record<string, unknown>;
type Section = 'nodes' | 'relations';
/** Told after each batch how many of the items (rows of the file) are done, of how many. */
export type Progress = (done: number, total: number) => void;
/** What a message calls a property: a CSV column, a property of a JSON item, or a field of the item itself. */
type Noun = 'column' | 'property' | 'field';

interface Ref {
  section: Section;
  position: number;
  line: number | null;
  id: string | null;
}
interface NodeInput extends Ref {
  section: 'nodes';
  id: string;
  kind: Kind;
  /** replace: the item holds all the node's properties (JSON); patch: only these, null removes (CSV). */
  mode: 'replace' | 'patch';
  properties: Props;
  noun: Noun;
}
interface RelationInput extends Ref {
  section: 'relations';
  id: string;
  type: RelType;
  source: string;
  target: string;
  mode: 'replace' | 'patch';
  properties: Props;
  noun: Noun;
  /** Made from a node's row (a Person CSV's department): it stands or falls with that node. */
  companion?: boolean;
}
type Input = NodeInput | RelationInput;
interface Rejection extends Ref {
  reason: string;
  /** The reason as a code and values, for the client to say in the user's language. */
  problem: Problem;
}
interface FieldChange {
  name: string;
  before: unknown;
  after: unknown;
}
type Plan =
  | { action: 'reject'; reason: string; problem: Problem }
  /** A row's department relation whose person was rejected: the row's one rejection says why. */
  | { action: 'skip' }
  | { action: 'unchanged' }
  | { action: 'create' | 'change'; before: Props | null; after: Props; version: number; fields: FieldChange[] };

interface NodeState {
  kind: Kind | null;
  properties: Props;
}
interface State {
  nodes: Map<string, NodeState>;
  relations: Map<string, Props>;
}

const RELATION_KEYS = new Set(['since', 'until', 'via', 'wording', ...RELATION_PROVENANCE_KEYS]);

/** Properties as graph data: system properties dropped, keys sorted. */
function dataProperties(props: Readonly<Props> | null | undefined): Props {
  const p = props ?? {};
  return Object.fromEntries(
    Object.keys(p)
      .filter((k) => !isSystemProperty(k) && p[k] !== null && p[k] !== undefined)
      .sort(byCodeUnit)
      .map((k) => [k, p[k]]),
  );
}

/** An imported item's properties without id, version and marks (the import sets those itself); null means absent. */
const withoutSystem = (p: Props): Props =>
  Object.fromEntries(Object.entries(p).filter(([k, v]) => !isSystemProperty(k) && v !== null));

const versionOf = (props: Props | undefined) => {
  const v = props?.version;
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 ? v : 1;
};

/**
 * One zod issue as one sentence, naming the column, property or field (an empty cell is missing).
 * A value stored before (a CSV row changes only its columns) may be CPR-like: the guard's own sentence.
 */
export function reasonOf(error: z.ZodError, noun: Noun, input: unknown): string {
  return issueSentence(error, input, { noun, whole: noun === 'column' ? 'row' : 'item', nullIsMissing: true }).sentence;
}

/** Where a value sits, as a CPR refusal names it: a CSV's column, or a field of an item. */
const placeOf = (noun: Noun) => (noun === 'column' ? 'column' : 'field');

/** Compares what is stored with what the import would store: unchanged, or created/changed with the changed fields. */
function diff(current: Props | null, after: Props, version: number): Plan {
  if (current && canonicalJson(current) === canonicalJson(after)) return { action: 'unchanged' };
  const keys = [...new Set([...Object.keys(current ?? {}), ...Object.keys(after)])].sort(byCodeUnit);
  const fields = keys
    .filter((k) => canonicalJson(current?.[k] ?? null) !== canonicalJson(after[k] ?? null))
    .map((k) => ({ name: k, before: current?.[k] ?? null, after: after[k] ?? null }));
  return current
    ? { action: 'change', before: current, after, version: version + 1, fields }
    : { action: 'create', before: null, after, version: 1, fields };
}

/** The properties a patch leads to: the stored ones it may set, with the patch applied (null removes). */
function applyPatch(current: Props, known: Set<string>, patch: Props): { candidate: Props; kept: Props } {
  const candidate: Props = {};
  const kept: Props = {};
  for (const [k, v] of Object.entries(current)) (known.has(k) ? candidate : kept)[k] = v;
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || v === undefined) delete candidate[k];
    else candidate[k] = v;
  }
  return { candidate, kept };
}

const defined = (p: Props) => dataProperties(p);

function planNode(input: NodeInput, existing: NodeState | undefined): Plan {
  if (existing && existing.kind !== input.kind) {
    return {
      action: 'reject',
      reason: `The id "${input.id}" already belongs to ${existing.kind ? `a ${existing.kind}` : 'a node of no kind Ringe knows'}, not a ${input.kind}.`,
      problem: problem('kindTaken', { id: input.id, kind: existing.kind ?? '', wanted: input.kind }),
    };
  }
  const schema = importNodeSchemas[input.kind];
  const current = existing ? dataProperties(existing.properties) : null;
  const { candidate, kept } =
    input.mode === 'replace'
      ? { candidate: input.properties, kept: {} }
      : applyPatch(current ?? {}, new Set(Object.keys(schema.shape)), input.properties);
  const parsed = schema.safeParse(candidate);
  if (!parsed.success)
    return {
      action: 'reject',
      reason: reasonOf(parsed.error, input.noun, candidate),
      problem: zodProblem(parsed.error, candidate, placeOf(input.noun)),
    };
  return diff(current, defined({ ...kept, ...(parsed.data as Props) }), versionOf(existing?.properties));
}

function planRelation(
  input: RelationInput,
  kindOf: (id: string) => Kind | null | undefined,
  existing: Props | undefined,
): Plan {
  const reject = (reason: string, why: Problem): Plan => ({ action: 'reject', reason, problem: why });
  if (input.source === input.target) return reject('A relation cannot join a node to itself.', problem('selfLoop'));
  const rule = RELATION_RULES[input.type];
  for (const [end, allowed, word] of [
    [input.source, rule.from, 'start at'],
    [input.target, rule.to, 'end at'],
  ] as const) {
    const kind = kindOf(end);
    if (kind === undefined) return reject(`There is no node with id "${end}".`, problem('noNode', { id: end }));
    if (kind === null)
      return reject(`The node "${end}" is of no kind Ringe knows.`, problem('unknownKind', { id: end }));
    if (!allowed.includes(kind)) {
      const values = {
        type: input.type,
        end: word === 'start at' ? 'start' : 'end',
        allowed: allowed.join(','),
        id: end,
        kind,
      };
      return reject(
        `A ${input.type} relation must ${word} a ${allowed.join(' or ')}, but "${end}" is a ${kind}.`,
        problem('wrongEnd', values),
      );
    }
  }
  const current = existing ? dataProperties(existing) : null;
  const { candidate, kept } =
    input.mode === 'replace'
      ? { candidate: input.properties, kept: {} }
      : applyPatch(current ?? {}, RELATION_KEYS, input.properties);
  const provenance: Props = {};
  const rest: Props = {};
  for (const [k, v] of Object.entries(candidate))
    ((RELATION_PROVENANCE_KEYS as readonly string[]).includes(k) ? provenance : rest)[k] = v;
  const parsed = relationPropertiesSchema.safeParse(rest);
  if (!parsed.success)
    return reject(reasonOf(parsed.error, input.noun, rest), zodProblem(parsed.error, rest, placeOf(input.noun)));
  const parsedProvenance = relationProvenanceSchema.safeParse(provenance);
  if (!parsedProvenance.success)
    return reject(
      reasonOf(parsedProvenance.error, input.noun, provenance),
      zodProblem(parsedProvenance.error, provenance, placeOf(input.noun)),
    );
  if (parsed.data.via !== undefined && input.type !== 'KNOWS') {
    return reject(
      `The ${input.noun} "via" belongs only on KNOWS relations.`,
      problem('onlyOn', { field: 'via', type: 'KNOWS' }),
    );
  }
  if (parsed.data.wording !== undefined && input.type !== 'COMPLETED') {
    return reject(
      `The ${input.noun} "wording" belongs only on COMPLETED relations.`,
      problem('onlyOn', { field: 'wording', type: 'COMPLETED' }),
    );
  }
  return diff(current, defined({ ...kept, ...parsed.data, ...parsedProvenance.data }), versionOf(existing));
}

/** A failed batch in one sentence; never the Cypher or the database's own words. */
function batchError(err: unknown): string {
  if (err instanceof HttpError) return err.message;
  const code = (err as { code?: string })?.code ?? '';
  if (code.includes('ConstraintValidationFailed') || code.includes('Schema.Constraint')) {
    return 'The database refused the batch because an id in it is already taken outside the graph (a uniqueness rule), so nothing of the batch was written.';
  }
  if (isUnavailable(err)) return 'The database stopped answering, so nothing of the batch was written.';
  return 'The database refused the batch, so nothing of it was written.';
}

function isUnavailable(err: unknown): boolean {
  const code = (err as { code?: string })?.code ?? '';
  return (
    code === neo4j.error.SERVICE_UNAVAILABLE ||
    code === neo4j.error.SESSION_EXPIRED ||
    code.startsWith('Neo.TransientError')
  );
}

/** The rows of a CSV cell map: trimmed, Excel's formula guard dropped, booleans and Danish dates read. */
function cellValue(column: string, raw: string): { value: unknown } | { error: string; problem: Problem } {
  const cell = unneutralizeFormula(raw.trim()).trim();
  if (cell === '') return { value: null };
  if (BOOLEAN_PROPERTIES.has(column)) {
    const v = cell.toLowerCase();
    if (['true', 'sand', 'ja', '1'].includes(v)) return { value: true };
    if (['false', 'falsk', 'nej', '0'].includes(v)) return { value: false };
    return { error: `The column "${column}" must be true or false.`, problem: problem('boolean', { field: column }) };
  }
  if (DATE_PROPERTIES.has(column)) {
    const dk = /^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$/.exec(cell);
    if (dk) return { value: `${dk[3]}-${dk[2]!.padStart(2, '0')}-${dk[1]!.padStart(2, '0')}` };
  }
  return { value: cell };
}

export interface CsvImportOptions {
  kind: CsvKind;
  dryRun: boolean;
  from?: number | undefined;
  to?: number | undefined;
  batchSize: number;
}

export function transferService(queries: Queries) {
  /** The write query of each kind and type: labels and relationship types are never parameters. */
  const writeNode: Record<Kind, (t: WriteQueries) => WriteQueries['transferWriteNodePerson']> = {
    Person: (t) => t.transferWriteNodePerson,
    Network: (t) => t.transferWriteNodeNetwork,
    Department: (t) => t.transferWriteNodeDepartment,
    Partner: (t) => t.transferWriteNodePartner,
    Training: (t) => t.transferWriteNodeTraining,
    Outcome: (t) => t.transferWriteNodeOutcome,
    Forum: (t) => t.transferWriteNodeForum,
    Project: (t) => t.transferWriteNodeProject,
    Unit: (t) => t.transferWriteNodeUnit,
  };
  const writeRelation: Record<RelType, (t: WriteQueries) => WriteQueries['transferWriteRelWORKS_IN']> = {
    WORKS_IN: (t) => t.transferWriteRelWORKS_IN,
    LEADS: (t) => t.transferWriteRelLEADS,
    PARTICIPATES_IN: (t) => t.transferWriteRelPARTICIPATES_IN,
    COLLABORATES_WITH: (t) => t.transferWriteRelCOLLABORATES_WITH,
    OFFERED_BY: (t) => t.transferWriteRelOFFERED_BY,
    COMPLETED: (t) => t.transferWriteRelCOMPLETED,
    CREATED: (t) => t.transferWriteRelCREATED,
    REPORTED_TO: (t) => t.transferWriteRelREPORTED_TO,
    INITIATED: (t) => t.transferWriteRelINITIATED,
    CONTINUED_AS: (t) => t.transferWriteRelCONTINUED_AS,
    SPAWNED: (t) => t.transferWriteRelSPAWNED,
    KNOWS: (t) => t.transferWriteRelKNOWS,
    MEMBER_OF: (t) => t.transferWriteRelMEMBER_OF,
    PART_OF: (t) => t.transferWriteRelPART_OF,
    ROLLS_UP_TO: (t) => t.transferWriteRelROLLS_UP_TO,
    REPORTS_TO: (t) => t.transferWriteRelREPORTS_TO,
  };

  async function exportGraph(): Promise<GraphExport> {
    // One read transaction: both lists come from the same moment.
    // The whole graph: bounded by QUERY_TIMEOUT_MS, not by an ordinary read's READ_TIMEOUT_MS.
    return queries.readTx((t) => exportGraphIn(t), { long: true });
  }

  /** The graph export inside a read transaction the caller holds (a backup reads the history in the same one). */
  async function exportGraphIn(t: ReadQueries): Promise<GraphExport> {
    const nodeRows = await t.transferExportNodes({ kinds: KINDS });
    const relationRows = await t.transferExportRelations({ types: REL_TYPES });
    const nodes = nodeRows
      .map((r) => ({ id: r.id, kind: r.kind, properties: dataProperties(r.properties) }))
      .sort((a, b) => byCodeUnit(a.kind, b.kind) || byCodeUnit(a.id, b.id));
    const ids = new Set(nodes.map((n) => n.id));
    const relations = relationRows
      .filter((r) => ids.has(r.source) && ids.has(r.target))
      .map((r) => ({ type: r.type, source: r.source, target: r.target, properties: dataProperties(r.properties) }))
      .sort((a, b) => byCodeUnit(a.source, b.source) || byCodeUnit(a.type, b.type) || byCodeUnit(a.target, b.target));
    return { format: GRAPH_FORMAT, version: GRAPH_FORMAT_VERSION, nodes, relations };
  }

  /** What each department cell names: the department with that id, else those with that name in any letter case. */
  async function departmentsFor(cells: string[]): Promise<Map<string, string[]>> {
    const keys = [...new Set(cells.filter((c) => c !== ''))];
    const found = new Map<string, string[]>();
    if (!keys.length) return found;
    const rows = await queries.transferDepartmentsByKey({ keys, lowered: keys.map((k) => k.toLowerCase()) });
    for (const key of keys) {
      const byId = rows.filter((r) => r.id === key);
      const byName = rows.filter((r) => r.name?.toLowerCase() === key.toLowerCase());
      found.set(
        key,
        (byId.length ? byId : byName).map((r) => r.id),
      );
    }
    return found;
  }

  async function readState(
    t: ReadQueries,
    nodeIds: Iterable<string>,
    relations: { source: string; type: RelType; target: string }[],
  ): Promise<State> {
    const ids = [...new Set(nodeIds)];
    const state: State = { nodes: new Map(), relations: new Map() };
    if (ids.length) {
      for (const r of await t.transferNodesByIds({ ids, kinds: KINDS })) {
        state.nodes.set(r.id, { kind: r.kind, properties: r.properties });
      }
    }
    if (relations.length) {
      const keys = relations.map(({ source, type, target }) => ({ source, type, target }));
      for (const r of await t.transferRelationsByKeys({ keys })) {
        state.relations.set(relationId(r.source, r.type, r.target), r.properties);
      }
    }
    return state;
  }

  /** Everything an import needs to know from the database about these inputs. */
  const stateFor = (t: ReadQueries, inputs: Input[]) =>
    readState(
      t,
      inputs.flatMap((i) => (i.section === 'nodes' ? [i.id] : [i.source, i.target])),
      inputs.filter((i): i is RelationInput => i.section === 'relations'),
    );

  const planOne = (input: Input, state: State, kindOf: (id: string) => Kind | null | undefined): Plan =>
    input.section === 'nodes'
      ? planNode(input, state.nodes.get(input.id))
      : planRelation(input, kindOf, state.relations.get(input.id));

  /**
   * Plans inputs in order against the state read: a relation may end at a node planned before it
   * (a dry run writes nothing; a batch writes its nodes first), and a row's companion relation is
   * skipped when its node was rejected.
   */
  function planner(state: State) {
    const planned = new Map<string, Kind>();
    const refused = new Set<string>();
    const kindOf = (id: string) => planned.get(id) ?? (state.nodes.has(id) ? state.nodes.get(id)!.kind : undefined);
    const planFor = (input: Input): Plan => {
      if (input.section === 'relations' && input.companion && refused.has(input.source)) return { action: 'skip' };
      const plan = planOne(input, state, kindOf);
      if (input.section === 'nodes') {
        if (plan.action === 'reject') refused.add(input.id);
        else planned.set(input.id, input.kind);
      }
      return plan;
    };
    return { kindOf, planFor };
  }

  interface Outcome {
    created: Ref[];
    changed: (Ref & { fields: FieldChange[] })[];
    unchanged: number;
    rejected: Rejection[];
  }
  const emptyOutcome = (): Outcome => ({ created: [], changed: [], unchanged: 0, rejected: [] });
  const refOf = (i: Input): Ref => ({ section: i.section, position: i.position, line: i.line, id: i.id });
  function note(out: Outcome, input: Input, plan: Plan): void {
    if (plan.action === 'skip') return;
    if (plan.action === 'reject') out.rejected.push({ ...refOf(input), reason: plan.reason, problem: plan.problem });
    else if (plan.action === 'unchanged') out.unchanged++;
    else if (plan.action === 'create') out.created.push(refOf(input));
    else out.changed.push({ ...refOf(input), fields: plan.fields });
  }

  /** Writes one batch in its own transaction: planned again against what is stored now, written, recorded. */
  async function writeBatch(inputs: Input[], actor: Principal, recordHistory: boolean): Promise<Outcome> {
    return queries.writeTx(async (t) => {
      // Lock what the batch may change before reading it (as editing does), so an edit committed
      // in between is read and compared, never overwritten unseen.
      const nodeIds = inputs.filter((i) => i.section === 'nodes').map((i) => i.id);
      const relationKeys = inputs
        .filter((i): i is RelationInput => i.section === 'relations')
        .map(({ source, type, target }) => ({ source, type, target }));
      if (nodeIds.length) await t.transferLockNodes({ ids: nodeIds });
      if (relationKeys.length) await t.transferLockRelations({ keys: relationKeys });
      const state = await stateFor(t, inputs);
      // Nodes are written before relations, so a relation may end at a node of the same batch.
      const { planFor } = planner(state);
      const out = emptyOutcome();
      const nodeRows = new Map<Kind, ParamsOf<'transferWriteNodePerson'>['rows'][number][]>();
      const relationRows = new Map<RelType, ParamsOf<'transferWriteRelWORKS_IN'>['rows'][number][]>();
      const changes: { input: Input; plan: Extract<Plan, { after: Props }> }[] = [];
      for (const input of inputs) {
        const plan = planFor(input);
        note(out, input, plan);
        if (plan.action !== 'create' && plan.action !== 'change') continue;
        changes.push({ input, plan });
        if (input.section === 'nodes') {
          const rows = nodeRows.get(input.kind) ?? [];
          rows.push({
            id: input.id,
            properties: { ...plan.after, ...nodeDays(input.kind, plan.after), id: input.id, version: plan.version },
          });
          nodeRows.set(input.kind, rows);
        } else {
          const rows = relationRows.get(input.type) ?? [];
          rows.push({
            source: input.source,
            target: input.target,
            properties: { ...plan.after, ...relationDays(plan.after), version: plan.version },
          });
          relationRows.set(input.type, rows);
        }
      }
      await writeAll(t, nodeRows, writeNode);
      await writeAll(t, relationRows, writeRelation);
      if (nodeIds.length) await t.transferUnlockNodes({ ids: nodeIds });
      if (relationKeys.length) await t.transferUnlockRelations({ keys: relationKeys });
      // One record per change, sent together: the driver pipelines them on the transaction.
      if (recordHistory)
        await Promise.all(changes.map(({ input, plan }) => recordChange(t, actor, historyEntry(input, plan))));
      return out;
    });
  }

  /**
   * The history record of one imported item, in editing's shapes: a node as {kind, version,
   * properties}, a relation as {type, source, target, version, properties}; a change keeps only
   * the properties that changed (null where there was or is none).
   */
  function historyEntry(input: Input, plan: Extract<Plan, { after: Props }>): ChangeInput {
    const before: Props = {};
    const after: Props = {};
    for (const f of plan.fields) {
      before[f.name] = f.before;
      after[f.name] = f.after;
    }
    const created = plan.action === 'create';
    const head =
      input.section === 'nodes'
        ? { kind: input.kind }
        : { type: input.type, source: input.source, target: input.target };
    return {
      action: 'import',
      targetKind: input.section === 'nodes' ? input.kind : 'Relation',
      targetId: input.id,
      before: created ? null : { ...head, version: plan.version - 1, properties: before },
      after: { ...head, version: plan.version, properties: created ? plan.after : after },
    };
  }

  async function writeAll<K extends string, R>(
    t: WriteQueries,
    rowsBy: Map<K, R[]>,
    queryOf: Record<K, (t: WriteQueries) => (params: { rows: readonly R[] }) => Promise<{ written: number }[]>>,
  ): Promise<void> {
    for (const [key, rows] of rowsBy) {
      const [result] = await queryOf[key](t)({ rows });
      if ((result?.written ?? 0) !== rows.length) {
        throw new HttpError(
          409,
          'conflict',
          'Some of the batch changed while it was written, so nothing of it was written; try again.',
        );
      }
    }
  }

  interface SectionInputs {
    section: Section;
    /** Positions first..last take part (CSV: the from/to range). */
    first: number;
    last: number;
    inputs: Input[];
    rejected: Rejection[];
  }
  interface RunResult {
    outcome: Outcome;
    batches: ImportBatch[];
    failed: number;
  }

  /**
   * Runs an import: a dry run plans everything in one read transaction; a real run writes batch
   * after batch, each in its own write transaction (a failed batch leaves nothing of itself).
   */
  async function runImport(
    sections: SectionInputs[],
    batchSize: number,
    dryRun: boolean,
    actor: Principal,
    recordHistory = true,
    progress?: Progress,
  ): Promise<RunResult> {
    const outcome = emptyOutcome();
    const total = sections.reduce((n, s) => n + Math.max(0, s.last - s.first + 1), 0);
    let done = 0;
    const batches: ImportBatch[] = [];
    let failed = 0;
    let stopped = false;

    const plans = new Map<Input, Plan>();
    if (dryRun) {
      const all = sections.flatMap((s) => s.inputs);
      await queries.readTx(
        async (t) => {
          const state = await stateFor(t, all);
          // A dry run writes no nodes, so relations may end at nodes the same file would create.
          const { planFor } = planner(state);
          for (const input of all) plans.set(input, planFor(input));
        },
        { long: true },
      );
    }

    for (const s of sections) {
      // One at a time: a file's rejected items may be more than a call may take as arguments.
      for (const r of s.rejected) outcome.rejected.push(r);
      // Each batch's items are taken in position order from where the batch before ended: a filter of the whole
      // section for every batch grew with its square (by estimate some 7 minutes of filtering in a restore of 5.6 million items).
      const inOrder = [...s.inputs].sort((a, b) => a.position - b.position);
      const rejectedAt = s.rejected.map((r) => r.position).sort((a, b) => a - b);
      let nextInput = 0;
      let nextRejected = 0;
      for (let from = s.first; from <= s.last; from += batchSize) {
        const to = Math.min(from + batchSize - 1, s.last);
        const firstInput = nextInput;
        while (nextInput < inOrder.length && inOrder[nextInput]!.position <= to) nextInput++;
        const inputs = inOrder.slice(firstInput, nextInput);
        const firstRejected = nextRejected;
        while (nextRejected < rejectedAt.length && rejectedAt[nextRejected]! <= to) nextRejected++;
        const preRejected = nextRejected - firstRejected;
        done += to - from + 1;
        const batch: ImportBatch = {
          number: batches.length + 1,
          section: s.section,
          from,
          to,
          status: dryRun ? 'planned' : 'written',
          created: 0,
          changed: 0,
          unchanged: 0,
          rejected: preRejected,
          error: null,
        };
        batches.push(batch);
        let result: Outcome;
        if (dryRun) {
          result = emptyOutcome();
          for (const input of inputs) note(result, input, plans.get(input)!);
        } else if (stopped) {
          batch.status = 'failed';
          batch.error = 'Not tried: the database stopped answering during an earlier batch.';
          failed += inputs.length;
          continue;
        } else {
          try {
            result = inputs.length ? await writeBatch(inputs, actor, recordHistory) : emptyOutcome();
          } catch (err) {
            batch.status = 'failed';
            batch.error = batchError(err);
            failed += inputs.length;
            stopped = isUnavailable(err);
            continue;
          }
        }
        batch.created = result.created.length;
        batch.changed = result.changed.length;
        batch.unchanged = result.unchanged;
        batch.rejected += result.rejected.length;
        outcome.created.push(...result.created);
        outcome.changed.push(...result.changed);
        outcome.unchanged += result.unchanged;
        outcome.rejected.push(...result.rejected);
        progress?.(done, total);
      }
    }
    const order = (a: Ref, b: Ref) => byCodeUnit(a.section, b.section) || a.position - b.position;
    outcome.rejected.sort(order);
    return { outcome, batches, failed };
  }

  function answer(run: RunResult, dryRun: boolean) {
    const { outcome, batches, failed } = run;
    return {
      dryRun,
      complete: batches.every((b) => b.status !== 'failed'),
      counts: {
        created: outcome.created.length,
        changed: outcome.changed.length,
        unchanged: outcome.unchanged,
        rejected: outcome.rejected.length,
        failed,
      },
      created: outcome.created,
      changed: outcome.changed,
      rejected: outcome.rejected,
      batches,
    };
  }

  /** Later items with an id already seen are rejected; the first one counts. */
  function rejectDuplicates(
    inputs: Input[],
    rejected: Rejection[],
    where: (i: Input) => string,
    why: (first: Input) => Problem,
  ): Input[] {
    const seen = new Map<string, Input>();
    return inputs.filter((i) => {
      const first = seen.get(i.id);
      if (!first) {
        seen.set(i.id, i);
        return true;
      }
      rejected.push({
        ...refOf(i),
        reason: `The ${i.section === 'nodes' ? 'id' : 'relation'} "${i.id}" is already ${where(first)}.`,
        problem: why(first),
      });
      return false;
    });
  }

  /**
   * People a file would bring back after they were erased: their items and relations are rejected,
   * and their names and emails (as the file gives them) are replaced in the file's other items.
   */
  async function refuseErased(nodes: SectionInputs, relations: SectionInputs): Promise<void> {
    const byHash = new Map(
      nodes.inputs.filter((i) => i.section === 'nodes' && i.kind === 'Person').map((i) => [erasureHash(i.id), i.id]),
    );
    if (!byHash.size) return;
    const rows = await queries.privacyErasuresOf({ hashes: [...byHash.keys()] });
    if (!rows.length) return;
    const erasedOn = new Map(rows.map((r) => [byHash.get(r.idHash)!, r.at.slice(0, 10)]));
    const names: string[] = [];
    const emails: string[] = [];
    nodes.inputs = nodes.inputs.filter((i) => {
      const day = erasedOn.get(i.id);
      if (day === undefined || i.section !== 'nodes' || i.kind !== 'Person') return true;
      if (typeof i.properties.name === 'string') names.push(i.properties.name);
      if (typeof i.properties.email === 'string') emails.push(i.properties.email);
      nodes.rejected.push({
        ...refOf(i),
        reason: `This person was erased on ${day}; an erased person is not imported again.`,
        problem: problem('erased', { day }),
      });
      return false;
    });
    relations.inputs = relations.inputs.filter((i) => {
      const day = i.section === 'relations' ? (erasedOn.get(i.source) ?? erasedOn.get(i.target)) : undefined;
      if (day === undefined) return true;
      relations.rejected.push({
        ...refOf(i),
        reason: `The relation ends at a person who was erased on ${day}.`,
        problem: problem('erasedEnd', { day }),
      });
      return false;
    });
    const redact = textRedactor(names, emails);
    for (const i of [...nodes.inputs, ...relations.inputs]) {
      i.properties = Object.fromEntries(Object.entries(i.properties).map(([k, v]) => [k, redactValue(v, redact)]));
    }
  }

  return {
    exportGraph,
    exportGraphIn,

    async exportGraphml(): Promise<string> {
      return formatGraphml(await exportGraph());
    },

    async exportCsv(kind: CsvKind): Promise<string> {
      if (kind === 'relations') {
        const graph = await exportGraph();
        return formatCsv(
          RELATION_COLUMNS,
          graph.relations.map((r) => [
            r.type,
            r.source,
            r.target,
            ...RELATION_COLUMNS.slice(3).map((c) => r.properties[c]),
          ]),
        );
      }
      const columns = ['id', ...nodeColumns(kind)];
      const rows = await queries.transferExportKind({ kind, kinds: KINDS }, { long: true });
      return formatCsv(
        columns,
        rows.map((r) => columns.map((c) => (c === 'id' ? r.id : r.properties[c]))),
      );
    },

    /**
     * `erased: 'keep'` imports erased people too (a restore does, and erases them again after);
     * `recordHistory: false` writes no history (a restore writes the backup's own); `progress` is told of each batch.
     */
    async importJson(
      body: { nodes: unknown[]; relations: unknown[] },
      { dryRun }: { dryRun: boolean },
      actor: Principal,
      {
        erased = 'refuse',
        recordHistory = true,
        progress,
      }: { erased?: 'refuse' | 'keep'; recordHistory?: boolean; progress?: Progress | undefined } = {},
    ): Promise<JsonImportResponse> {
      const nodes: SectionInputs = { section: 'nodes', first: 1, last: body.nodes.length, inputs: [], rejected: [] };
      const relations: SectionInputs = {
        section: 'relations',
        first: 1,
        last: body.relations.length,
        inputs: [],
        rejected: [],
      };
      const idOf = (raw: unknown) => {
        const id = (raw as { id?: unknown })?.id;
        return typeof id === 'string' ? id : null;
      };
      // A CPR-like value anywhere in an item is the reason it is rejected (its id is not repeated when the value is there).
      body.nodes.forEach((raw, i) => {
        const ref = { section: 'nodes' as const, position: i + 1, line: null };
        const cpr = cprRefusal(raw);
        const r = importNodeItem.safeParse(raw);
        if (cpr)
          nodes.rejected.push({
            ...ref,
            id: cpr.details.field === 'id' ? null : idOf(raw),
            reason: cpr.message,
            problem: problem('cpr', { field: cpr.details.field, place: 'field' }),
          });
        else if (!r.success)
          nodes.rejected.push({
            ...ref,
            id: idOf(raw),
            reason: reasonOf(r.error, 'field', raw),
            problem: zodProblem(r.error, raw),
          });
        else
          nodes.inputs.push({
            ...ref,
            id: r.data.id,
            kind: r.data.kind,
            mode: 'replace',
            properties: withoutSystem(r.data.properties),
            noun: 'property',
          });
      });
      body.relations.forEach((raw, i) => {
        const ref = { section: 'relations' as const, position: i + 1, line: null };
        const o = (raw ?? {}) as Record<string, unknown>;
        const id =
          typeof o.source === 'string' && typeof o.type === 'string' && typeof o.target === 'string'
            ? relationId(o.source, o.type, o.target)
            : null;
        const cpr = cprRefusal(raw);
        const r = importRelationItem.safeParse(raw);
        if (cpr) {
          relations.rejected.push({
            ...ref,
            id: ['source', 'target'].includes(cpr.details.field) ? null : id,
            reason: cpr.message,
            problem: problem('cpr', { field: cpr.details.field, place: 'field' }),
          });
        } else if (!r.success) {
          relations.rejected.push({
            ...ref,
            id,
            reason: reasonOf(r.error, 'field', raw),
            problem: zodProblem(r.error, raw),
          });
        } else {
          const { type, source, target, properties } = r.data;
          relations.inputs.push({
            ...ref,
            id: relationId(source, type, target),
            type,
            source,
            target,
            mode: 'replace',
            properties: withoutSystem(properties),
            noun: 'property',
          });
        }
      });
      const where = (i: Input) => `in the file (${i.section === 'nodes' ? 'node' : 'relation'} ${i.position})`;
      const why = (first: Input) => problem('duplicateItem', { id: first.id, position: first.position });
      nodes.inputs = rejectDuplicates(nodes.inputs, nodes.rejected, where, why);
      relations.inputs = rejectDuplicates(relations.inputs, relations.rejected, where, why);
      if (erased === 'refuse') await refuseErased(nodes, relations);
      const run = await runImport([nodes, relations], JSON_IMPORT_BATCH, dryRun, actor, recordHistory, progress);
      return { ...answer(run, dryRun), nodes: body.nodes.length, relations: body.relations.length };
    },

    async importCsv(text: string, opts: CsvImportOptions, actor: Principal): Promise<CsvImportResponse> {
      let parsed: { separator: Separator; records: { line: number; cells: string[] }[] };
      try {
        parsed = parseCsv(text);
      } catch (err) {
        if (err instanceof CsvError)
          throw new ValidationError(err.message, {
            line: err.line,
            problem: problem('unclosedQuote', { line: err.line }),
          });
        throw err;
      }
      const blank = (cells: string[]) => cells.every((c) => c.trim() === '');
      const records = parsed.records.filter((r) => !blank(r.cells));
      const header = records.shift();
      if (!header)
        throw new ValidationError('The file is empty; it needs a header row naming the columns.', {
          problem: problem('emptyFile'),
        });

      const isRelations = opts.kind === 'relations';
      const isPeople = opts.kind === 'Person';
      const allowed: string[] = isRelations
        ? [...RELATION_COLUMNS]
        : ['id', ...nodeColumns(opts.kind as Kind), ...(isPeople ? [PERSON_DEPARTMENT_COLUMN] : [])];
      const required = isRelations ? ['type', 'source', 'target'] : ['id'];
      const columns = header.cells.map((raw) => {
        const name = raw.trim();
        const known = allowed.find((a) => a.toLowerCase() === name.toLowerCase());
        if (!known) {
          throw new ValidationError(
            `The column "${name}" on line ${header.line} is not one Ringe knows for ${isRelations ? 'relations' : opts.kind}; use ${allowed.join(', ')}.`,
            {
              line: header.line,
              column: name,
              problem: problem('unknownColumn', {
                column: name,
                line: header.line,
                kind: opts.kind,
                allowed: allowed.join(', '),
              }),
            },
          );
        }
        return known;
      });
      for (const c of new Set(columns.filter((c, i) => columns.indexOf(c) !== i))) {
        throw new ValidationError(`The column "${c}" appears twice in the header.`, {
          line: header.line,
          column: c,
          problem: problem('repeatedColumn', { column: c }),
        });
      }
      for (const c of required) {
        if (!columns.includes(c)) {
          throw new ValidationError(`The header needs a column "${c}".`, {
            line: header.line,
            column: c,
            problem: problem('missingColumn', { column: c }),
          });
        }
      }

      const section: Section = isRelations ? 'relations' : 'nodes';
      const inputs: Input[] = [];
      const rejected: Rejection[] = [];
      const cellOf = (rec: { cells: string[] }, c: string) =>
        columns.includes(c) ? (rec.cells[columns.indexOf(c)] ?? '') : '';
      const departments = isPeople
        ? await departmentsFor(records.map((r) => cellOf(r, PERSON_DEPARTMENT_COLUMN).trim()))
        : new Map<string, string[]>();
      /** The department each person row names (an id), joined as WORKS_IN once duplicates are out. */
      const departmentOf = new Map<Input, string>();
      // biome-ignore lint/suspicious/useIterableCallbackReturn: each row's checks end with `return reject(…)`; the value is unused
      records.forEach((rec, i) => {
        const position = i + 1;
        const ref = { section, position, line: rec.line };
        const cell = (c: string) => cellOf(rec, c);
        const reject = (reason: string, id: string | null, why: Problem) =>
          rejected.push({ ...ref, id, reason, problem: why });
        if (rec.cells.length > columns.length && !blank(rec.cells.slice(columns.length))) {
          return reject(
            `The line has ${rec.cells.length} values but the header names ${columns.length} columns.`,
            null,
            problem('tooManyValues', { values: rec.cells.length, columns: columns.length }),
          );
        }
        // A CPR-like cell rejects its row before any cell is read (its id is not repeated when the value is an id).
        for (const c of columns) {
          const cpr = cprRefusal(cell(c), c, 'column');
          if (cpr)
            return reject(
              cpr.message,
              ['id', 'source', 'target'].includes(c) || isRelations ? null : cell('id').trim() || null,
              problem('cpr', { field: cpr.details.field, place: 'column' }),
            );
        }
        const properties: Props = {};
        const ids: Record<string, string> = {};
        for (const c of columns) {
          if (c === 'id' || (isRelations && (c === 'source' || c === 'target' || c === 'type'))) {
            const raw = cell(c).trim();
            if (c === 'type') {
              const t = relTypeSchema.safeParse(raw.toUpperCase());
              if (!t.success) {
                return raw
                  ? reject(
                      `The column "type" must be one of ${REL_TYPES.join(', ')}.`,
                      null,
                      problem('oneOf', { field: 'type', options: REL_TYPES.join(', ') }),
                    )
                  : reject('The column "type" is required.', null, problem('required', { field: 'type' }));
              }
              ids[c] = t.data;
            } else {
              const id = idSchema.safeParse(raw);
              if (!id.success) {
                return raw
                  ? reject(
                      valueSentence('column', c, id.error.issues[0]!),
                      raw,
                      problem('invalid', { field: c, message: issueMessage(id.error.issues[0]!, c) }),
                    )
                  : reject(`The column "${c}" is required.`, null, problem('required', { field: c }));
              }
              ids[c] = id.data;
            }
            continue;
          }
          if (c === PERSON_DEPARTMENT_COLUMN) continue;
          const v = cellValue(c, cell(c));
          if ('error' in v) return reject(v.error, ids.id ?? null, v.problem);
          properties[c] = v.value;
        }
        const department = isPeople ? cell(PERSON_DEPARTMENT_COLUMN).trim() : '';
        const found = department ? (departments.get(department) ?? []) : [];
        if (department && found.length !== 1) {
          return found.length
            ? reject(
                `The department "${department}" names ${found.length} departments; use its id.`,
                ids.id ?? null,
                problem('ambiguousDepartment', { department }),
              )
            : reject(
                `There is no department with the id or name "${department}".`,
                ids.id ?? null,
                problem('unknownDepartment', { department }),
              );
        }
        if (isRelations) {
          const type = ids.type as RelType;
          inputs.push({
            ...ref,
            section: 'relations',
            id: relationId(ids.source!, type, ids.target!),
            type,
            source: ids.source!,
            target: ids.target!,
            mode: 'patch',
            properties,
            noun: 'column',
          });
        } else {
          const input: NodeInput = {
            ...ref,
            section: 'nodes',
            id: ids.id!,
            kind: opts.kind as Kind,
            mode: 'patch',
            properties,
            noun: 'column',
          };
          inputs.push(input);
          if (found[0]) departmentOf.set(input, found[0]);
        }
      });
      const unique = rejectDuplicates(
        inputs,
        rejected,
        (first) => `on line ${first.line}`,
        (first) => problem('duplicateLine', { id: first.id, line: first.line ?? first.position }),
      );
      // Each person's department right after the person (same row, same batch): nodes are written first.
      const withDepartments = unique.flatMap((input): Input[] => {
        const target = departmentOf.get(input);
        if (!target) return [input];
        const type = 'WORKS_IN' as const;
        const works: RelationInput = {
          section: 'relations',
          position: input.position,
          line: input.line,
          id: relationId(input.id, type, target),
          type,
          source: input.id,
          target,
          mode: 'patch',
          properties: {},
          noun: 'column',
          companion: true,
        };
        return [input, works];
      });

      const rows = records.length;
      const from = opts.from ?? 1;
      const to = Math.min(opts.to ?? rows, rows);
      if (rows > 0 && from > rows) {
        throw new ValidationError(
          `The query parameter "from" must be at most ${rows}, the number of rows in the file.`,
          {
            field: 'from',
            problem: problem('fromTooLarge', { rows }),
          },
        );
      }
      const inRange = <T extends Ref>(x: T) => x.position >= from && x.position <= to;
      const run = await runImport(
        [
          {
            section,
            first: from,
            last: to,
            inputs: withDepartments.filter(inRange),
            rejected: rejected.filter(inRange),
          },
        ],
        opts.batchSize,
        opts.dryRun,
        actor,
      );
      return {
        ...answer(run, opts.dryRun),
        kind: opts.kind,
        separator: parsed.separator,
        rows,
        from,
        to,
        batchSize: opts.batchSize,
      };
    },
  };
}

export type TransferService = ReturnType<typeof transferService>;
