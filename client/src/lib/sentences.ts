import type { NodeRef } from '../../../api/common.js';
import type { Contact, KleSubject, PathStep, SearchHit } from '../../../api/explore.js';

// The sentences and labels made of the server's facts: a path's steps, why a contact is suggested,
// what a search hit says under its name. The server answers values only (api/explore.ts); every
// word comes from the locale files through `say` (i18n.svelte.ts's, in the page's language), so
// these stay plain functions a unit test can call in either language.

/** The text of a locale key with its {placeholders} filled in, or null when the locale files have none. */
export type Say = (key: string, vars?: Record<string, string | number>) => string | null;

/** A value of a fixed list (status, perspective, partner type, ...) in the page's language; the value itself when unknown. */
export const listed = (say: Say, prefix: string, value: string): string => say(`${prefix}.${value}`) ?? value;

/** How a node is named inside a sentence: networks, projects and petals by a word and quotes, others by name. */
export function named(say: Say, node: NodeRef & { projectKind?: string | null }): string {
  const word = node.kind === 'Project' && node.projectKind === 'netværk' ? 'Network' : node.kind;
  return say(`step.named.${word}`, { name: node.name }) ?? node.name;
}

/** A sentence starts with a capital ("netværket …", "the network …", a lower-case name). */
const capital = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** One step of a path as a sentence stating the relation in its true direction, e.g. `Sigrid Glarbo leder netværket "Bo i Albertslund".` */
export function stepText(say: Say, { from, relation, to }: PathStep): string {
  const [start, end] = relation.direction === 'out' ? [from, to] : [to, from];
  const vars = { a: named(say, start), b: named(say, end) };
  const wording = relation.wording?.trim();
  const text =
    relation.type === 'COMPLETED' && wording
      ? say('step.COMPLETED.worded', { ...vars, wording })
      : relation.type === 'KNOWS' && relation.via
        ? say('step.KNOWS.via', { ...vars, via: named(say, relation.via) })
        : say(`step.${relation.type}`, vars);
  return capital(text ?? `${vars.a} ${relation.type} ${vars.b}`);
}

/** A KLE subject as the municipality writes it: its number and title ("27.24 Børn og unge med handicap"). */
export const kleSubjectText = (s: KleSubject): string => `${s.number} ${s.title}`.trim();

/** Why a contact is suggested, as one sentence. */
export function reasonText(say: Say, r: Contact['reasons'][number], person: Contact['person']): string {
  const node = named(say, r.node);
  if (r.kind === 'kle' && r.kle) {
    const text = say(`contacts.reason.kle.${r.kle.aspect}`, { unit: node, subject: kleSubjectText(r.kle) });
    return text ? capital(text) : node;
  }
  const text =
    r.kind === 'department'
      ? r.node.kind === 'Department'
        ? say('contacts.reason.worksIn', { node: r.node.name })
        : r.leader
          ? say('contacts.reason.colleague', { leader: r.leader.name, node })
          : say('contacts.reason.colleagueOfLeader', { node })
      : r.kind === 'title'
        ? person.title
          ? say('contacts.reason.title', { title: person.title })
          : say('contacts.reason.name')
        : say(`contacts.reason.${r.kind}`, { node });
  return text ?? node;
}

/** What a kind of node the asker and a contact's first person share makes them: taken together, in it together, working there. */
const SHARED: Partial<Record<NodeRef['kind'], string>> = {
  Training: 'Training',
  Network: 'Network',
  Project: 'Network',
  Forum: 'Network',
  Department: 'Department',
  Unit: 'Department',
};

/**
 * Whom to ask for an introduction, and what the asker and they share: "Spørg Anna Bojsen – I har begge
 * taget netværkslederuddannelsen" (through a training), "… I er begge med i …" (a network), "… I arbejder
 * begge i …" (a department or unit), "… I kender hinanden" (tied directly), else only "Spørg …". Null without a via.
 */
export function introText(
  say: Say,
  path: Pick<NonNullable<Contact['path']>, 'via' | 'through' | 'direct'>,
): string | null {
  if (!path.via) return null;
  const name = path.via.name;
  if (!path.through) return say(path.direct ? 'contacts.intro.knows' : 'contacts.intro.ask', { name });
  const through = named(say, path.through);
  return say(`contacts.intro.${SHARED[path.through.kind] ?? 'other'}`, { name, through });
}

/** What a search hit says under its name: a person's title and department, a network's kind and status, an outcome's perspective, a partner's type. */
export function hitDetails(say: Say, hit: SearchHit): string | null {
  const parts = [
    hit.title,
    hit.department,
    hit.networkKind && listed(say, 'network.kind', hit.networkKind),
    hit.status && listed(say, 'status', hit.status),
    hit.perspective && listed(say, 'perspective.for', hit.perspective),
    hit.partnerType && listed(say, 'partnerType', hit.partnerType),
  ].filter((p): p is string => !!p);
  return parts.length ? parts.join(', ') : null;
}
