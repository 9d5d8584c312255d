import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { idSchema, KINDS, nodeRefSchema, NOT_BLANK, REL_TYPES } from '../api/common.js';
import { endpoints, type Endpoints } from '../api/endpoints.js';
import { openApiDocument } from '../server/common/openapi/document.js';

// Writes docs/api.md's reference from the OpenAPI document (server/common/openapi/document.ts,
// itself made from api/endpoints.ts), so the reference says what the server checks and answers.
// The file's head, above MARKER, is written by hand and kept as it is. test/api-docs.test.ts
// fails when docs/api.md is not what this would write now: run `npm run docs` after changing an
// endpoint or a schema.

export const API_DOC = fileURLToPath(new URL('../docs/api.md', import.meta.url));
export const MARKER =
  '<!-- Everything below this line is written by `npm run docs` (scripts/api-docs.ts) from the OpenAPI document; edit above it, or the endpoints and their notes. -->';

type Operation = keyof Endpoints;

/** Where an endpoint stands in the reference, and what its schemas cannot say. */
interface Note {
  group: Group;
  /** A request to try against a running Ringe (`npm start`). */
  example: string;
  /** What the answer means, beyond its shape. */
  about?: string;
}

const GROUPS = [
  'Explore',
  'Time and leadership',
  'Signing in and roles',
  'Editing and history',
  'Data: export, import and one person',
  'Synchronisation with the systems of record',
  'Surveys: what the networks created',
] as const;
type Group = (typeof GROUPS)[number];

// The origin header a state-changing request needs (it must come from Ringe's own origin), and a
// cookie jar from the development sign-in (see the head of docs/api.md).
const WRITE = "curl -b c.txt -H 'origin: http://localhost:3000' -H 'content-type: application/json'";

/** Every endpoint's place and example; tsc refuses a missing or unknown endpoint. */
const NOTES: Record<Operation, Note> = {
  search: {
    group: 'Explore',
    example: "curl 'localhost:3000/api/search?q=frivil'",
    about:
      'Hits come from the Danish full-text index, forgiving of inflection, prefixes, typos, ae/oe/aa and case. Search takes no `at`.',
  },
  searchMisses: {
    group: 'Explore',
    example: "curl -b c.txt 'localhost:3000/api/search/misses?weeks=12'",
    about:
      'A topic is counted here when who-to-contact found no one for it (never a search as you type): its words in lower case and the ISO week, nothing else (no user, address or time finer than the week), kept 52 weeks after the week; a topic that looks like a CPR number is never counted. This week and the `weeks` - 1 before it, most asked first, at most 1,000 rows. Readers get 403.',
  },

  node: {
    group: 'Explore',
    example: 'curl localhost:3000/api/nodes/mette-nielsen-duekilde',
    about:
      'The node, its relations by type, and for a person the contact card (title, department, email, phone, networks led and joined, trainings). Without `at` it lists ended relations too, so they can still be seen and corrected.',
  },
  rings: {
    group: 'Explore',
    example: "curl 'localhost:3000/api/nodes/sigrid-glarbo/rings?depth=2'",
    about:
      "Cytoscape elements with each node's `ring` (hops from the centre), counts and omissions per ring, and `truncated`. `limit` defaults to 150 nodes, about what a phone shows readably. A ring takes at most 150 neighbours (or `limit`) from one node, and fewer from each when it grows from many (about 600 read in all, read again from each in full when their shared neighbours leave the ring short of `limit`): past a hub such as a large department the ring is marked `approximate` and its omissions are estimated from the hub's degree; nodes reached other than through a hub come first.",
  },
  paths: {
    group: 'Explore',
    example: "curl 'localhost:3000/api/paths?from=sigrid-glarbo&to=mette-nielsen-duekilde'",
    about:
      'Up to `max` paths, shortest first: all the shortest ones, then those one step longer (first by ids), then detours around the shortest when there are still fewer; each with its nodes and relations, step by step.',
  },
  contacts: {
    group: 'Explore',
    example: "curl 'localhost:3000/api/contacts?topic=erhvervsservice&from=sigrid-glarbo'",
    about:
      'People ranked for a topic (leading a matching network > taking part > same department), with reasons and, with `from`, the path length and whom to ask.',
  },
  networks: {
    group: 'Explore',
    example: "curl 'localhost:3000/api/networks?kind=laering'",
    about:
      'Networks with leaders, departments and number of petals. `phase` is one of the fixed list (see [model.md](model.md)).',
  },
  flower: {
    group: 'Explore',
    example: 'curl localhost:3000/api/networks/forebyggelse-af-indlaeggelser/flower',
    about: 'The network, its leaders, partners, and petals by perspective (kommunen, borgerne, medarbejderne).',
  },
  departments: {
    group: 'Explore',
    example: 'curl localhost:3000/api/departments',
  },
  coordination: {
    group: 'Explore',
    example: 'curl localhost:3000/api/coordination',
    about:
      "For each pair of departments, the networks, trainings, KNOWS and people that tie them; each department's share of cross-department ties; departments with none. Worked out from the tie graph and kept per day and graph state (see [Ties between departments](#ties-between-departments)).",
  },
  graph: {
    group: 'Explore',
    example: "curl 'localhost:3000/api/graph?kinds=Person,Network&limit=200'",
    about: 'The graph or a filtered part as Cytoscape elements, at most `limit` nodes, with `truncated` and the total.',
  },
  ripple: {
    group: 'Time and leadership',
    example: 'curl localhost:3000/api/networks/forebyggelse-af-indlaeggelser/ripple',
    about:
      "People first reached at 1, 2 and 3 steps (the network's leaders and participants, then the people tied to them, then theirs), the departments and partners reached, and the new relations (KNOWS `via` the network) with how many cross departments.",
  },
  brokers: {
    group: 'Time and leadership',
    example: "curl 'localhost:3000/api/insights/brokers?limit=10'",
    about:
      'People by betweenness in the tie graph (who bridges), with degree and departments reached; per department its share of ties that leave it; departments with no cross ties; the five strongest and weakest department pairs. Exact up to 2,000 people, estimated from a sample of 500 above (`method`, `sampled`); kept per graph state and day (`cached`, `computedAt`).',
  },
  trends: {
    group: 'Time and leadership',
    example: 'curl localhost:3000/api/insights/trends',
    about:
      'New relations and new cross-department relations per quarter (by `since`), networks started and finished per year, what has no usable date, and the dated range.',
  },
  timeline: {
    group: 'Time and leadership',
    example: 'curl localhost:3000/api/insights/timeline',
    about:
      "The time slider's stops (the day before the first change, then each day a relation begins or ends or a network starts, and today; month ends past 240 stops) and how many relations and networks have dates at all, which the slider says beside it.",
  },
  report: {
    group: 'Time and leadership',
    example: "curl 'localhost:3000/api/report?since=2026-01-01'",
    about:
      "The booklet's current edition: every network in the booklet's order (kind, theme, leaders, status, phase, remarks, petals), the booklet's shared themes (its 2014 text, word for word), the network leaders' contact list, and with `since` what changed since that day. The client's Rapport view prints it (print to PDF gives one page per network).",
  },
  syncSources: {
    group: 'Synchronisation with the systems of record',
    example: 'curl -b c.txt localhost:3000/api/sync/sources',
    about:
      'Configured means its environment variables are set (see the README); `missing` names those it lacks. Each run counts what it planned or wrote; `refused` in the counts is the records refused one by one.',
  },
  syncPreview: {
    group: 'Synchronisation with the systems of record',
    example: `${WRITE} -X POST localhost:3000/api/sync/sources/hr/preview`,
    about:
      "The run with status `planned` and its plan: counts, the first rows of each kind and the refused records with their reasons. Recorded among the source's runs; nothing else is written.",
  },
  syncRun: {
    group: 'Synchronisation with the systems of record',
    example: `${WRITE} -X POST -d '{}' localhost:3000/api/sync/sources/hr/run`,
    about:
      'Status `applied`, `refused` (the plan would end more than `maxLeaverShare` of the people; send `{"force":true}` to apply it anyway) or `failed` (the source failed or answered half; nothing changed, `error` says why). One history change by "synkronisering: <source>".',
  },
  syncRuns: {
    group: 'Synchronisation with the systems of record',
    example: "curl -b c.txt 'localhost:3000/api/sync/sources/hr/runs?limit=5'",
    about: 'The newest 50 runs of each source are kept.',
  },
  syncHrMapping: {
    group: 'Synchronisation with the systems of record',
    example: 'curl -b c.txt localhost:3000/api/sync/sources/hr/mapping',
  },
  setSyncHrMapping: {
    group: 'Synchronisation with the systems of record',
    example: `${WRITE} -X PUT -d '{"id":"Medarbejdernr","name":"Navn","unit":"Enhed"}' localhost:3000/api/sync/sources/hr/mapping`,
    about: 'Each field names a column of the file (see `guessed`); the next run reads the file with it.',
  },
  networkRounds: {
    group: 'Surveys: what the networks created',
    example: 'curl localhost:3000/api/networks/frivilligt-arbejde/surveys',
    about:
      'Anyone who may read sees that rounds exist and when (not who is asked, nor any answer). `canManage`: the caller has the coordinator role, or is signed in as a Person who leads the network today. 404 for a network that does not exist.',
  },
  openRound: {
    group: 'Surveys: what the networks created',
    example: `${WRITE} -d '{"opensOn":"2026-12-07","closesOn":"2026-12-21"}' localhost:3000/api/networks/frivilligt-arbejde/surveys`,
    about:
      "Coordinators, or a leader of the network signed in as themselves (403 otherwise). Asks the people who lead or take part in the network on `opensOn`, leaving out those who have left; with `askNamed`, the people respondents name are asked too. Its status follows from the days in Albertslund's time: planned before `opensOn`, closed after `closesOn`. 400 with `reason` `noOneToAsk` when the network has no one to ask, `closesBeforeToday` when it would end before today.",
  },
  roundForMe: {
    group: 'Surveys: what the networks created',
    example: 'curl -b c.txt localhost:3000/api/surveys/survey-abc123',
    about:
      "Any signed-in user: `me` is the Person they are in Ringe (null when not linked to one), `asked` whether that Person may answer, `myAnswer` their own answer to change. `departments` are those of the network's people on `opensOn`, to rate. 404 for a round that does not exist.",
  },
  answerRound: {
    group: 'Surveys: what the networks created',
    example: `${WRITE} -X PUT -d '{"named":[],"ratings":[],"texts":[]}' localhost:3000/api/surveys/survey-abc123/answer`,
    about:
      "The signed-in user's own answer, as the Person they are in Ringe: only someone asked (403 otherwise, and for a user not linked to a Person), only while the round is open (400 `roundNotOpen`). One write transaction: a refusal stores nothing, and a second answer replaces the first. Each named person becomes a KNOWS from the respondent via the network (`source` survey, `round`, `since` today), recorded in the history with the respondent as actor, unless a KNOWS that way exists already (then it is not new); the survey KNOWS an earlier answer wrote that this one no longer names are removed. Refused with a `reason` beside the field: naming oneself (`namedSelf`), someone not in Ringe or who has left (`unknownPerson`), a department that does not exist (`unknownDepartment`), the same department twice (`ratedTwice`).",
  },
  roundAnswers: {
    group: 'Surveys: what the networks created',
    example: 'curl -b c.txt localhost:3000/api/surveys/survey-abc123/answers',
    about:
      "For the round's managers only (coordinators and the network's own leaders; 403 for anyone else). Respondents by name; the free texts apart, ordered by perspective and text, each with `by` only when its writer chose to show their name, and an id that does not name its writer.",
  },
  deleteRoundAnswers: {
    group: 'Surveys: what the networks created',
    example: `${WRITE} -X DELETE localhost:3000/api/surveys/survey-abc123/answers`,
    about:
      'Only once the round has closed (else 400, reason `roundNotClosed`); its results are worked out first when it has none kept, and read from them afterwards.',
  },
  closeRound: {
    group: 'Surveys: what the networks created',
    example: `${WRITE} -X POST localhost:3000/api/surveys/survey-abc123/close`,
    about:
      'Only an open round (400 with reason `roundNotStarted` or `closedAlready` otherwise). The whole results, unsuppressed, are kept on the round, so they outlive its raw answers.',
  },
  roundResults: {
    group: 'Surveys: what the networks created',
    example: 'curl localhost:3000/api/surveys/survey-abc123/results',
    about:
      'For anyone but its managers, a round with fewer than 5 respondents shows no survey figure (`tooFew`), and pairs of departments with fewer than 5 are left out. Worked out from the raw answers while they exist, else from the results kept at close; `rings` are the ripple (as `/api/networks/{id}/ripple`) on opensOn and on the end day, no later than today.',
  },
  acceptPetal: {
    group: 'Surveys: what the networks created',
    example: `${WRITE} -d '{"name":"Flere frivillige","perspective":"borgerne"}' localhost:3000/api/surveys/survey-abc123/texts/text-k2m9x0q7ab/accept`,
    about:
      "For the round's managers (403 otherwise). Writes an Outcome (`source` survey, `round`) and the network's CREATED to it, each recorded in the history with the manager as actor, and marks the text accepted. Accepting the same text again with the same words gives the same petal; with other words, 409 with the petal as it is. 404 for a text the round does not hold.",
  },
  roundInvitations: {
    group: 'Surveys: what the networks created',
    example: `${WRITE} -d '{"kind":"invite"}' localhost:3000/api/surveys/survey-abc123/invitations`,
    about:
      "One message per person to their work e-mail (Danish, with the English beneath: the network, the days, the answer page's link, who sees what), a few at a time, while the round is planned or open (400 `roundClosed` after). `sent` counts only messages the mail server took; `notReached` names those asked without a work e-mail, who have left, or whose message the server refused or failed. A mail server that cannot be used at all (sign-in refused, unreachable, sender refused) gives 503 `mail` naming the variable to look at, never its value, and nothing is sent. Without `SMTP_URL`: `notConfigured`, nothing sent, share the link instead. For coordinators and the network's own leaders (403 otherwise).",
  },
  roundShare: {
    group: 'Surveys: what the networks created',
    example: 'curl -b c.txt localhost:3000/api/surveys/survey-abc123/share',
    about:
      "The link is `<PUBLIC_URL, else the request's origin>/#/surveys/<roundId>`, the client's short form of the answer page; `qrSvg` is that link as a QR code (error correction M), an SVG document to show or print. For coordinators and the network's own leaders (403 otherwise).",
  },
  syncUnits: {
    group: 'Synchronisation with the systems of record',
    example: 'curl -b c.txt localhost:3000/api/sync/units',
  },
  setSyncUnitDepartment: {
    group: 'Synchronisation with the systems of record',
    example: `${WRITE} -X PUT -d '{"departmentId":"social-familie"}' localhost:3000/api/sync/units/boern-og-unge/department`,
    about: "404 when the unit or the department is not there. `null` removes the unit's own mapping.",
  },
  me: {
    group: 'Signing in and roles',
    example: 'curl localhost:3000/api/auth/me',
  },
  roleGrants: {
    group: 'Signing in and roles',
    example: 'curl -b c.txt localhost:3000/api/admin/roles',
    about: 'The admin-managed role list, merged with the groups claim at sign-in.',
  },
  setRoleGrant: {
    group: 'Signing in and roles',
    example: `${WRITE} -X PUT -d '{"roles":["coordinator"]}' localhost:3000/api/admin/roles/dev:reader`,
  },
  userLinks: {
    group: 'Signing in and roles',
    example: 'curl -b c.txt localhost:3000/api/user-links',
    about:
      'Who am I: a signed-in user is the Person an admin linked them to, else the Person the Entra ID sync keeps for the oid of a tid:oid subject, else the Person with their work e-mail (any case) who has not left. GET /api/auth/me answers that Person as `person`. This lists the links admins made.',
  },
  setUserLink: {
    group: 'Signing in and roles',
    example: `${WRITE} -X PUT -d '{"personId":"anders-bych"}' localhost:3000/api/user-links/dev:reader:anders@example.dk`,
    about: 'Fixes a wrong or missing link at once (nothing is kept per session); `{"personId": null}` removes it.',
  },
  createNode: {
    group: 'Editing and history',
    example: `${WRITE} -d '{"id":"nyt-netvaerk-1a2b","kind":"Network","properties":{"name":"Nyt netværk","kind":"laering","status":"i gang"}}' localhost:3000/api/nodes`,
    about: '201 with the node and `version: 1`; the same request again gives the same node.',
  },
  updateNode: {
    group: 'Editing and history',
    example: `${WRITE} -X PATCH -d '{"version":1,"properties":{"phase":"fokuseringsfasen"}}' localhost:3000/api/nodes/nyt-netvaerk-1a2b`,
    about: 'The node with its version one higher, or 409.',
  },
  deleteNode: {
    group: 'Editing and history',
    example: `${WRITE} -X DELETE 'localhost:3000/api/nodes/nyt-netvaerk-1a2b?version=2'`,
  },
  undo: {
    group: 'Editing and history',
    example: `${WRITE} -X POST localhost:3000/api/nodes/nyt-netvaerk-1a2b/undo`,
    about: 'After the deletion above, brings the node back.',
  },
  createRelation: {
    group: 'Editing and history',
    example: `${WRITE} -d '{"type":"LEADS","source":"carina-kofoed","target":"nyt-netvaerk-1a2b","properties":{"since":"2026-11-01"}}' localhost:3000/api/relations`,
    about: '201 with the relation; its `id` is `source|TYPE|target`.',
  },
  updateRelation: {
    group: 'Editing and history',
    example: `${WRITE} -X PATCH -d '{"version":1,"properties":{"until":"2026-12-31"}}' 'localhost:3000/api/relations/carina-kofoed%7CLEADS%7Cnyt-netvaerk-1a2b'`,
  },
  networksWithLeavers: {
    group: 'Editing and history',
    example: 'curl -b c.txt localhost:3000/api/networks/leavers',
    about:
      'Coordinators only. A person a source has ended (`leftOn`) keeps their LEADS and PARTICIPATES_IN: these are the networks where such a role is open (or ends on or after `leftOn`) and no one has been named to take it over (`handedTo`).',
  },
  networkLeavers: {
    group: 'Editing and history',
    example: 'curl -b c.txt localhost:3000/api/networks/forebyggelse-af-indlaeggelser/leavers',
    about:
      "Coordinators only. The network's flagged roles: who, which role, its dates, the day they stopped and the role's `version`.",
  },
  handover: {
    group: 'Editing and history',
    example: `${WRITE} -X POST -d '{"leaverId":"carina-kofoed","role":"LEADS","version":1,"successorId":"anders-bych"}' localhost:3000/api/networks/forebyggelse-af-indlaeggelser/handovers`,
    about:
      "Sets `handedTo` on the leaver's role, gives the successor the same role from today (`addSuccessorRole`, default true; one who holds it already keeps theirs) and, with `endRole`, ends the leaver's role the day before they stopped. One transaction, recorded in the history like any edit; 409 with the current role when `version` is stale.",
  },
  deleteRelation: {
    group: 'Editing and history',
    example: `${WRITE} -X DELETE 'localhost:3000/api/relations/carina-kofoed%7CLEADS%7Cnyt-netvaerk-1a2b?version=1'`,
  },
  nodeHistory: {
    group: 'Editing and history',
    example: 'curl localhost:3000/api/nodes/carina-kofoed/history',
    about:
      "Changes newest first: who, when, what, before and after, and `names`: the names of the nodes they concern by id (a deleted node's last recorded name).",
  },
  history: {
    group: 'Editing and history',
    example: "curl 'localhost:3000/api/history?limit=20'",
    about: "As a node's history, for every node; `before` pages back through it.",
  },
  exportJson: {
    group: 'Data: export, import and one person',
    example: 'curl -b c.txt localhost:3000/api/export/json > ringe.json',
    about: 'The whole graph; it imports back identically (`POST /api/import/json`).',
  },
  exportCsv: {
    group: 'Data: export, import and one person',
    example: 'curl -b c.txt localhost:3000/api/export/csv/Person > people.csv',
  },
  exportGraphml: {
    group: 'Data: export, import and one person',
    example: 'curl -b c.txt localhost:3000/api/export/graphml > ringe.graphml',
  },
  importJson: {
    group: 'Data: export, import and one person',
    example: `${WRITE} --data-binary @ringe.json 'localhost:3000/api/import/json?dryRun=true'`,
    about:
      "What would be created, changed and rejected (with reasons, each also as a code and values in `problem`, for a client's own language); without `dryRun`, written in batches, each all or nothing. An erased person is refused, with their relations, and their name is replaced in the file's other items.",
  },
  importCsv: {
    group: 'Data: export, import and one person',
    example:
      "curl -b c.txt -H 'origin: http://localhost:3000' -H 'content-type: text/csv' --data-binary @people.csv 'localhost:3000/api/import/csv?kind=Person&dryRun=true'",
    about:
      "As the JSON import, with line numbers. A Person CSV may have a `department` column (the department's id or name): the person then works there, written with the row; an unknown or ambiguous name rejects the row.",
  },
  personExport: {
    group: 'Data: export, import and one person',
    example: 'curl -b c.txt localhost:3000/api/people/carina-kofoed/export',
    about: 'Everything held about one person.',
  },
  erasePerson: {
    group: 'Data: export, import and one person',
    example: `${WRITE} -X DELETE 'localhost:3000/api/people/carina-kofoed?confirm=carina-kofoed'`,
    about:
      'Removes the person, replaces their name in other nodes\' and relations\' texts by "[slettet person]" (the answer lists where) and keeps the history with their data replaced by "[slettet]". An `(:Erasure)` remembers it, so an import or an older backup cannot bring them back.',
  },
};

// ---- Rendering JSON Schema as short TypeScript-like types ----

type Schema = { [key: string]: unknown };

const jsonPattern = (s: z.ZodType) => (z.toJSONSchema(s) as { pattern?: string }).pattern;

/** Shapes used all over the API, named once in the reference's legend instead of spelled out each time. */
const NAMED_ENUMS = new Map<string, string>([
  [JSON.stringify(KINDS), 'Kind'],
  [JSON.stringify(REL_TYPES), 'RelType'],
]);
const NAMED_PATTERNS = new Map<string, string>(
  [
    [jsonPattern(idSchema), 'an id'],
    [NOT_BLANK.source, 'not blank'],
    [jsonPattern(z.iso.date()), 'YYYY-MM-DD'],
    [jsonPattern(z.iso.datetime({ offset: true })), 'ISO date and time with offset'],
    [jsonPattern(z.email()), 'an email address'],
  ].filter((e): e is [string, string] => e[0] !== undefined),
);

/** Objects named the same way, by their exact JSON Schema. */
const shape = (s: z.ZodType) => {
  const { $schema: _, ...json } = z.toJSONSchema(s, { io: 'output', target: 'draft-2020-12' }) as Schema;
  return JSON.stringify(json);
};
const NAMED_OBJECTS = new Map<string, string>([[shape(nodeRefSchema), 'NodeRef']]);

const SAFE = Number.MAX_SAFE_INTEGER;

/** The checks of one schema beyond its type, in words: "1–200 characters, not blank, default 10". */
function rules(s: Schema): string[] {
  const out: string[] = [];
  const min = s.minLength as number | undefined;
  const max = s.maxLength as number | undefined;
  if (min !== undefined && max !== undefined) out.push(`${min}–${max} characters`);
  else if (max !== undefined) out.push(`at most ${max} characters`);
  else if (min !== undefined && min > 1) out.push(`at least ${min} characters`);
  else if (min === 1) out.push('not empty');
  const patterns = [s, ...((s.allOf as Schema[] | undefined) ?? [])]
    .map((p) => p.pattern as string | undefined)
    .filter((p): p is string => p !== undefined);
  for (const p of patterns) out.push(NAMED_PATTERNS.get(p) ?? `matches \`${p}\``);
  if (s.format && !patterns.length) out.push(String(s.format));
  const lo = s.minimum as number | undefined;
  const hi = s.maximum as number | undefined;
  const bounded = (n: number | undefined) => n !== undefined && Math.abs(n) < SAFE;
  if (bounded(lo) && bounded(hi)) out.push(`${lo}–${hi}`);
  else if (bounded(lo)) out.push(`at least ${lo}`);
  else if (bounded(hi)) out.push(`at most ${hi}`);
  if (s.minItems !== undefined && s.maxItems !== undefined) out.push(`${s.minItems}–${s.maxItems} items`);
  else if (s.minItems !== undefined) out.push(`at least ${s.minItems} item${s.minItems === 1 ? '' : 's'}`);
  else if (s.maxItems !== undefined) out.push(`at most ${s.maxItems} items`);
  if (s.type === 'array' && s.items) out.push(...rules(s.items as Schema).map((r) => `each ${r}`));
  const variants = ((s.anyOf ?? s.oneOf) as Schema[] | undefined)?.filter((v) => v.type !== 'null');
  if (variants?.length === 1) out.push(...rules(variants[0]!));
  if (s.default !== undefined) out.push(`default ${JSON.stringify(s.default)}`);
  return out;
}

const literal = (v: unknown) => JSON.stringify(v);
const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));

/** A schema as a TypeScript-like type; objects over several lines, indented by `indent`. */
function type(s: Schema, indent = ''): string {
  // JSON Schema's `false` (a tuple's items past its own) matches nothing.
  if (typeof s !== 'object' || s === null) return s === false ? 'never' : 'unknown';
  if (typeof s.$ref === 'string') return s.$ref.split('/').at(-1)!;
  const named = NAMED_OBJECTS.get(JSON.stringify(s));
  if (named) return named;
  if ('const' in s) return literal(s.const);
  if (Array.isArray(s.enum)) return NAMED_ENUMS.get(JSON.stringify(s.enum)) ?? s.enum.map(literal).join(' | ');
  const union = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (union) return union.map((v) => type(v, indent)).join(' | ');
  if (Array.isArray(s.type)) return s.type.map((t) => type({ ...s, type: t }, indent)).join(' | ');
  switch (s.type) {
    case 'object':
      return object(s, indent);
    case 'array': {
      // A tuple (a change's [before, after]).
      if (Array.isArray(s.prefixItems))
        return `[${(s.prefixItems as Schema[]).map((p) => type(p, indent)).join(', ')}]`;
      const item = type((s.items as Schema | undefined) ?? {}, indent);
      return / \| /.test(item) && !item.includes('\n') ? `(${item})[]` : `${item}[]`;
    }
    case 'string':
    case 'number':
    case 'integer':
    case 'boolean':
    case 'null':
      return s.type;
    default:
      return 'unknown';
  }
}

function object(s: Schema, indent: string): string {
  const inner = `${indent}  `;
  const properties = (s.properties as Record<string, Schema> | undefined) ?? {};
  const required = new Set((s.required as string[] | undefined) ?? []);
  const lines = Object.entries(properties).map(([name, p]) => {
    const said = rules(p);
    const comment = said.length ? ` // ${said.join(', ')}` : '';
    return `${inner}${key(name)}${required.has(name) ? '' : '?'}: ${type(p, inner)};${comment}`;
  });
  const rest = s.additionalProperties;
  if (rest !== undefined && rest !== false) {
    const names = s.propertyNames as Schema | undefined;
    const value = rest === true ? 'unknown' : type(rest as Schema, inner);
    // Keys from a fixed list need not all be there ({ [key in RelType]?: … }); any other key is a string.
    lines.push(
      names?.enum
        ? `${inner}[key in ${type(names, inner)}]?: ${value};`
        : `${inner}[key: ${type(names ?? { type: 'string' }, inner)}]: ${value};`,
    );
  }
  if (!lines.length) return '{}';
  return `{\n${lines.join('\n')}\n${indent}}`;
}

// ---- The reference ----

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (s: string) => `\`${s}\``;
/** GitHub's heading anchor. */
export const anchor = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

interface OpenApiOperation {
  operationId: Operation;
  summary: string;
  parameters: { name: string; in: string; required: boolean; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
}

function who(name: Operation): string {
  const e = endpoints[name] as { method: string; role?: string };
  if (e.role === 'public') return 'anyone, signed in or not';
  if (e.role) return `${e.role} (signed in, from Ringe's own origin)`;
  return 'reader: anyone, unless `READ_REQUIRES_SIGNIN=true`, which needs sign-in';
}

function section(method: string, path: string, op: OpenApiOperation): string[] {
  const note = NOTES[op.operationId];
  const out = [`### ${method.toUpperCase()} ${path}`, '', op.summary, ''];
  if (note.about) out.push(note.about, '');
  out.push(`- Operation: ${code(op.operationId)}`, `- Who: ${who(op.operationId)}`, '');
  out.push('```sh', note.example, '```', '');
  if (op.parameters.length) {
    out.push('| parameter | in | required | type | rules |', '| --- | --- | --- | --- | --- |');
    for (const p of op.parameters) {
      const said = rules(p.schema);
      if (p.schema.type === 'array') said.unshift('comma-separated');
      out.push(
        `| ${code(p.name)} | ${p.in} | ${p.required ? 'yes' : 'no'} | ${cell(code(type(p.schema)))} | ${cell(said.join(', '))} |`,
      );
    }
    out.push('');
  }
  for (const [media, { schema }] of Object.entries(op.requestBody?.content ?? {})) {
    const { $schema: _, ...body } = schema;
    const said = rules(body);
    out.push(`Body (${media}${said.length ? `; ${said.join(', ')}` : ''}):`, '', '```ts', type(body), '```', '');
  }
  out.push('| status | answer |', '| --- | --- |');
  const shapes: string[] = [];
  for (const [status, r] of Object.entries(op.responses)) {
    const [media, content] = Object.entries(r.content ?? {})[0] ?? [];
    const ref = typeof content?.schema.$ref === 'string';
    const what =
      status.startsWith('2') && content
        ? `${r.description}: ${media}${ref ? `, ${type(content.schema)}` : ', below'}`
        : content
          ? `${r.description} (${type(content.schema)})`
          : r.description;
    out.push(`| ${status} | ${cell(what)} |`);
    if (status.startsWith('2') && content && !ref) {
      const { $schema: _, ...answer } = content.schema;
      shapes.push(`Answer ${status} (${media}):`, '', '```ts', type(answer), '```', '');
    }
  }
  out.push('', ...shapes);
  return out;
}

/** The generated part of docs/api.md: the legend, then every endpoint by group. */
export function apiReference(): string {
  const doc = openApiDocument() as {
    paths: Record<string, Record<string, OpenApiOperation>>;
    components: { schemas: Record<string, Schema> };
  };
  const order = Object.keys(NOTES) as Operation[];
  const operations = Object.entries(doc.paths)
    .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ method, path, op })))
    .sort((a, b) => order.indexOf(a.op.operationId) - order.indexOf(b.op.operationId));
  const out: string[] = ['## Reference', ''];
  out.push(
    'A node that an answer refers to is a `NodeRef`:',
    '',
    '```ts',
    object(JSON.parse(shape(nodeRefSchema)), ''),
    '```',
    '',
  );
  out.push(
    '`Kind` is one of ' +
      KINDS.map((k) => code(literal(k))).join(', ') +
      '; `RelType` one of ' +
      REL_TYPES.map((t) => code(literal(t))).join(', ') +
      '; "an id" is 1–200 letters, digits and `_ . : -`; "not blank" holds a character other than white space. Every answer carries an `X-Request-Id` header.',
    '',
  );
  for (const [name, { $schema: _, ...schema }] of Object.entries(doc.components.schemas)) {
    out.push(`Every error answer is an \`${name}\`:`, '', '```ts', type(schema), '```', '');
  }
  for (const group of GROUPS) {
    const inGroup = operations.filter(({ op }) => NOTES[op.operationId].group === group);
    out.push(
      `- ${group}: ${inGroup.map(({ method, path }) => `[${method.toUpperCase()} ${path}](#${anchor(`${method} ${path}`)})`).join(', ')}`,
    );
  }
  out.push('');
  for (const group of GROUPS) {
    out.push(`## ${group}`, '');
    const inGroup = operations.filter(({ op }) => NOTES[op.operationId].group === group);
    for (const { method, path, op } of inGroup) out.push(...section(method, path, op));
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

/** docs/api.md as it should be: its hand-written head as it stands, the marker, the reference. */
export function apiDocs(current: string): string {
  const at = current.indexOf(MARKER);
  if (at < 0)
    throw new Error(`docs/api.md has lost its marker line; put it back under the hand-written head:\n${MARKER}`);
  return `${current.slice(0, at)}${MARKER}\n\n${apiReference()}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(API_DOC, apiDocs(readFileSync(API_DOC, 'utf8')));
  console.log(`Wrote ${API_DOC}`);
}
