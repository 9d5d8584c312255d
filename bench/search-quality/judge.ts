import { createHash } from 'node:crypto';
import type { Kind } from '../../api/common.js';
import type { Booklet } from '../../seed/booklet.js';
import type { SyntheticGraph } from '../../seed/synthetic/generate.js';
import type { Grade } from './metrics.js';
import type { Judged, QualityUnit } from './questions.js';

// The judgments of bench/search-quality/questions.ts made concrete: each id and selector ("title:Jurist",
// "leads:syn-network-9") turned into the ids it names, read from the same data the runner loads (the
// booklet's files, the synthetic municipality as generated, the units), never from what Ringe answers.

interface Fact {
  kind: Kind;
  name: string;
  title?: string;
  theme?: string;
  networkKind?: string;
}

/** A person's tie to a network or unit, and the day it ended, if it has. */
interface Tie {
  person: string;
  to: string;
  until?: string;
}

export interface Facts {
  nodes: Map<string, Fact>;
  leads: Tie[];
  participates: Tie[];
  members: Tie[];
}

/** What the judgments read, from the booklet, the synthetic municipality and the units. */
export function factsOf(booklet: Booklet, graph: SyntheticGraph, units: readonly QualityUnit[]): Facts {
  const nodes = new Map<string, Fact>();
  const add = (id: string, fact: Fact) => {
    if (nodes.has(id)) throw new Error(`The id "${id}" is used twice in the judged data.`);
    nodes.set(id, fact);
  };
  const simple = (kind: Kind, list: { id: string; name: string }[]) => {
    for (const r of list) add(r.id, { kind, name: r.name });
  };
  simple('Department', booklet.departments);
  simple('Partner', booklet.partners);
  simple('Forum', booklet.forums);
  simple('Project', booklet.projects);
  simple('Training', booklet.trainings);
  for (const p of booklet.people) add(p.id, { kind: 'Person', name: p.name, title: p.title });
  const leads: Tie[] = [];
  for (const n of booklet.networks) {
    add(n.id, { kind: 'Network', name: n.name, networkKind: n.kind, ...(n.theme ? { theme: n.theme } : {}) });
    for (const o of n.outcomes) add(o.id, { kind: 'Outcome', name: o.name });
    // The booklet's leaders lead with no end: the booklet names them as the contacts of their networks.
    for (const person of n.leaders) leads.push({ person, to: n.id });
  }
  for (const n of graph.nodes) {
    const text = (key: string) => (typeof n.props[key] === 'string' ? { [key]: n.props[key] as string } : {});
    add(n.id, {
      kind: n.kind,
      name: String(n.props.name),
      ...text('title'),
      ...text('theme'),
      ...(n.kind === 'Network' ? { networkKind: String(n.props.kind) } : {}),
    });
  }
  const tie = (r: SyntheticGraph['relations'][number]): Tie => ({
    person: r.source,
    to: r.target,
    ...(r.props.until ? { until: r.props.until } : {}),
  });
  leads.push(...graph.relations.filter((r) => r.type === 'LEADS').map(tie));
  const participates = graph.relations.filter((r) => r.type === 'PARTICIPATES_IN').map(tie);
  const members: Tie[] = [];
  for (const u of units) {
    add(u.id, { kind: 'Unit', name: u.name });
    for (const person of u.members) {
      if (nodes.get(person)?.kind !== 'Person') throw new Error(`Unit ${u.id}: its member "${person}" is no person.`);
      members.push({ person, to: u.id });
    }
  }
  return { nodes, leads, participates, members };
}

/**
 * The ids a question's judgments name, each with its grade (the highest, when two name one id). Throws
 * when an id is not in the data or a selector names nothing: a stale judgment must fail, not count as a miss.
 * `day` (YYYY-MM-DD) decides what holds today: a tie holds while it has no end or its end has not come.
 */
export function judge(judged: Judged, facts: Facts, day: string): Map<string, Grade> {
  const grades = new Map<string, Grade>();
  const holds = (t: Tie) => t.until === undefined || t.until >= day;
  const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();
  const nodesWhere = (test: (f: Fact) => boolean) => [...facts.nodes].filter(([, f]) => test(f)).map(([id]) => id);
  const peopleOf = (ties: Tie[], to: string, test: (t: Tie) => boolean) => {
    if (!facts.nodes.has(to)) throw new Error(`No node has the id "${to}".`);
    return ties.filter((t) => t.to === to && test(t)).map((t) => t.person);
  };
  for (const [key, grade] of Object.entries(judged)) {
    const colon = key.indexOf(':');
    const [selector, value] = colon < 0 ? [null, key] : [key.slice(0, colon), key.slice(colon + 1)];
    let ids: string[];
    switch (selector) {
      case null:
        if (!facts.nodes.has(value)) throw new Error(`No node has the id "${value}".`);
        ids = [value];
        break;
      case 'title':
        ids = nodesWhere((f) => f.kind === 'Person' && same(f.title, value));
        break;
      case 'named':
        ids = nodesWhere((f) => same(f.name, value));
        break;
      case 'theme':
        ids = nodesWhere((f) => f.kind === 'Network' && same(f.theme, value));
        break;
      case 'kind':
        ids = nodesWhere((f) => f.kind === 'Network' && f.networkKind === value);
        break;
      case 'leads':
        ids = peopleOf(facts.leads, value, holds);
        break;
      case 'led':
        ids = peopleOf(facts.leads, value, (t) => !holds(t));
        break;
      case 'participates':
        ids = peopleOf(facts.participates, value, holds);
        break;
      case 'memberOf':
        ids = peopleOf(facts.members, value, holds);
        break;
      default:
        throw new Error(
          `"${key}" has no known selector (title, named, theme, kind, leads, led, participates, memberOf).`,
        );
    }
    if (ids.length === 0) throw new Error(`The judgment "${key}" names no node in the data.`);
    for (const id of ids) grades.set(id, Math.max(grades.get(id) ?? 0, grade) as Grade);
  }
  return grades;
}

/**
 * What the judgments read of a synthetic municipality, hashed: its nodes' ids, kinds, names, titles and
 * themes, and its LEADS, PARTICIPATES_IN and WORKS_IN with their ends. Equal for equal size and seed.
 */
export function fingerprint(graph: SyntheticGraph): string {
  const hash = createHash('sha256');
  for (const n of graph.nodes) {
    hash.update(JSON.stringify([n.id, n.kind, n.props.name, n.props.title, n.props.theme, n.props.kind]));
  }
  for (const r of graph.relations) {
    if (r.type === 'LEADS' || r.type === 'PARTICIPATES_IN' || r.type === 'WORKS_IN')
      hash.update(JSON.stringify([r.type, r.source, r.target, r.props.until]));
  }
  return hash.digest('hex').slice(0, 16);
}
