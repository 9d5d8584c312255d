import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { NETWORK_PHASES, phaseFromText } from '../api/common.js';
import { bookletThemesSchema, type BookletThemes } from '../api/report.js';
import { nodeDays, relationDays } from '../server/common/days.js';
import { BOOKLET_DIR } from '../server/common/folders.js';
import { issueMessage } from '../server/common/issues.js';
import type { Queries } from '../server/common/queries.js';

// The booklet's facts as data files (seed/booklet/*.json), checked before anything is written:
// a typo in an id must fail the seed, not silently drop a relation.

const id = z.string().regex(/^[a-z0-9-]+$/, 'ids are lowercase ascii slugs');
const sourced = { id, name: z.string().min(1), source: z.string().min(1), inferred: z.boolean().optional() };

const department = z.strictObject({ ...sourced });
const forum = z.strictObject({ ...sourced });
const project = z.strictObject({ ...sourced, kind: z.enum(['projekt', 'netværk']) });
const partner = z.strictObject({
  ...sourced,
  type: z.enum(['uddannelse', 'organisation', 'interesseorganisation', 'virksomhed', 'borgergruppe', 'andet']),
});
const training = z.strictObject({ ...sourced, offeredBy: id });
const person = z.strictObject({
  ...sourced,
  title: z.string().min(1),
  email: z.email(),
  phone: z.string().optional(),
  department: id,
  trainings: z.array(z.strictObject({ training: id, wording: z.string().min(1), inferred: z.boolean().optional() })),
});
const outcome = z.strictObject({
  ...sourced,
  perspective: z.enum(['kommunen', 'borgerne', 'medarbejderne']),
});
const network = z.strictObject({
  ...sourced,
  kind: z.enum(['velfaerd', 'innovation', 'laering']),
  theme: z.string().min(1).nullable(),
  status: z.enum(['afsluttet', 'i gang', 'afventer', 'under omdefinering']),
  statusInferred: z.boolean().optional(),
  // The booklet's own wording, put on the fixed list of phases as it is read.
  phase: z
    .string()
    .min(1)
    .nullable()
    .transform((text, ctx) => {
      if (text === null) return null;
      const phase = phaseFromText(text);
      if (!phase)
        ctx.addIssue({ code: 'custom', message: `"${text}" is none of the phases ${NETWORK_PHASES.join(', ')}` });
      return phase;
    }),
  phaseInferred: z.boolean().optional(),
  remarks: z.array(z.string().min(1)),
  leaders: z.array(id).min(1),
  partners: z.array(id),
  reportedTo: z.array(id),
  initiatedBy: z.array(id),
  continuedAs: z.array(id),
  spawned: z.array(id),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
  outcomes: z.array(outcome),
});

export const bookletSchema = z.object({
  departments: z.array(department),
  partners: z.array(partner),
  forums: z.array(forum),
  projects: z.array(project),
  trainings: z.array(training),
  people: z.array(person),
  networks: z.array(network),
});
export type Booklet = z.infer<typeof bookletSchema>;

export function readBooklet(dir: string = BOOKLET_DIR): Booklet {
  const files = Object.keys(bookletSchema.shape) as (keyof Booklet)[];
  const raw = Object.fromEntries(files.map((f) => [f, JSON.parse(readFileSync(join(dir, `${f}.json`), 'utf8'))]));
  const parsed = bookletSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(
      `seed/booklet/${String(issue.path[0])}.json: ${issue.path.slice(1).join('.')} ${issueMessage(issue)}.`,
    );
  }
  checkReferences(parsed.data);
  return parsed.data;
}

function checkReferences(b: Booklet): void {
  const ids = new Map<string, string>();
  const add = (kind: string, recId: string) => {
    if (ids.has(recId)) throw new Error(`Seed id "${recId}" is used twice (${ids.get(recId)} and ${kind}).`);
    ids.set(recId, kind);
  };
  for (const [kind, records] of Object.entries(b)) for (const r of records) add(kind, r.id);
  for (const n of b.networks) for (const o of n.outcomes) add('outcomes', o.id);
  const expect = (recId: string, kind: string, from: string) => {
    if (ids.get(recId) !== kind) throw new Error(`Seed record "${from}" refers to unknown ${kind} "${recId}".`);
  };
  for (const t of b.trainings) expect(t.offeredBy, 'partners', t.id);
  for (const p of b.people) {
    expect(p.department, 'departments', p.id);
    for (const t of p.trainings) expect(t.training, 'trainings', p.id);
  }
  for (const n of b.networks) {
    for (const x of n.leaders) expect(x, 'people', n.id);
    for (const x of n.partners) expect(x, 'partners', n.id);
    for (const x of [...n.reportedTo, ...n.initiatedBy]) expect(x, 'forums', n.id);
    for (const x of [...n.continuedAs, ...n.spawned]) expect(x, 'projects', n.id);
  }
}

/**
 * The shared themes of the booklet's "”Ringene i vandet”" chapter (seed/booklet/themes.json): the
 * 2014 text word for word. Not graph data, so never written to Neo4j; the report reads it from here.
 */
export function readBookletThemes(dir: string = BOOKLET_DIR): BookletThemes {
  const parsed = bookletThemesSchema.safeParse(JSON.parse(readFileSync(join(dir, 'themes.json'), 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`seed/booklet/themes.json: ${issue.path.join('.')} ${issueMessage(issue)}.`);
  }
  return parsed.data;
}

/** Scalar properties of a record as stored on its node (relations are written separately). */
function props<T extends Record<string, unknown>>(record: T, omit: (keyof T)[] = []): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).filter(
      ([k, v]) => !omit.includes(k as keyof T) && k !== 'id' && v !== null && v !== undefined,
    ),
  );
}

/** Writes the booklet with MERGE in one transaction: running it again changes nothing. */
export async function seedBooklet(queries: Queries, booklet: Booklet = readBooklet()): Promise<void> {
  const simple = (records: { id: string }[]) => records.map((r) => ({ id: r.id, props: props(r) }));
  await queries.writeTx(async (t) => {
    await t.seedDepartments({ rows: simple(booklet.departments) });
    await t.seedPartners({ rows: simple(booklet.partners) });
    await t.seedForums({ rows: simple(booklet.forums) });
    await t.seedProjects({ rows: simple(booklet.projects) });
    await t.seedTrainings({
      rows: booklet.trainings.map((t) => ({ id: t.id, offeredBy: t.offeredBy, props: props(t, ['offeredBy']) })),
    });
    await t.seedPeople({
      rows: booklet.people.map((p) => ({
        id: p.id,
        department: p.department,
        props: props(p, ['department', 'trainings']),
        trainings: p.trainings.map((t) => {
          const completed = props(t, ['training']);
          return { training: t.training, props: { ...completed, ...relationDays(completed) } };
        }),
      })),
    });
    await t.seedNetworks({
      rows: booklet.networks.map((n, i) => ({
        id: n.id,
        // networks.json lists the networks in the booklet's page order; the report prints them so.
        bookletOrder: i + 1,
        // Paragraphs kept apart by a blank line: one string is what the full-text index reads.
        props: {
          ...nodeDays('Network', n),
          ...props(n, [
            'leaders',
            'partners',
            'reportedTo',
            'initiatedBy',
            'continuedAs',
            'spawned',
            'outcomes',
            'remarks',
          ]),
          remarks: n.remarks.join('\n\n'),
        },
        leaders: n.leaders,
        partners: n.partners,
        reportedTo: n.reportedTo,
        initiatedBy: n.initiatedBy,
        continuedAs: n.continuedAs,
        spawned: n.spawned,
        outcomes: n.outcomes.map((o) => ({ id: o.id, props: props(o) })),
      })),
    });
  });
}

/** Loads the booklet only when the database holds no nodes at all. Returns whether it did. */
export async function seedIfEmpty(queries: Queries): Promise<boolean> {
  const [row] = await queries.countNodes();
  if ((row?.nodes ?? 0) > 0) return false;
  await seedBooklet(queries);
  return true;
}
