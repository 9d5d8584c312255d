import type { Kind, RelType } from '../../api/common.js';

// One Danish sentence per relationship, stating it as a fact in its true direction (not in the
// order a path walks it), so a person reading a path sees who knows whom and how.

export interface SentenceNode {
  id: string;
  kind: Kind;
  name: string;
  /** A Project's own kind ('projekt' | 'netværk'), to call it the right word. */
  projectKind?: string | null | undefined;
}

export interface SentenceRelation {
  type: RelType;
  start: SentenceNode;
  end: SentenceNode;
  /** COMPLETED: the booklet's own verb ("har gennemgået", "deltog i", ...). */
  wording?: unknown;
  /** KNOWS: the node (a network) the acquaintance came from, when known. */
  via?: SentenceNode | null | undefined;
}

/** How a node is named inside a sentence: networks, projects and petals by a word and quotes. */
export function named(node: SentenceNode): string {
  switch (node.kind) {
    case 'Network':
      return `netværket "${node.name}"`;
    case 'Project':
      return node.projectKind === 'netværk' ? `netværket "${node.name}"` : `projektet "${node.name}"`;
    case 'Outcome':
      return `"${node.name}"`;
    default:
      return node.name;
  }
}

const TEMPLATES: Record<RelType, (a: string, b: string, r: SentenceRelation) => string> = {
  WORKS_IN: (a, b) => `${a} arbejder i ${b}`,
  LEADS: (a, b) => `${a} leder ${b}`,
  PARTICIPATES_IN: (a, b) => `${a} deltager i ${b}`,
  COLLABORATES_WITH: (a, b) => `${a} samarbejder med ${b}`,
  OFFERED_BY: (a, b) => `${a} udbydes af ${b}`,
  COMPLETED: (a, b, r) =>
    `${a} ${typeof r.wording === 'string' && r.wording.trim() ? r.wording.trim() : 'har gennemført'} ${b}`,
  CREATED: (a, b) => `${a} har skabt ${b}`,
  REPORTED_TO: (a, b) => `${a} har afrapporteret til ${b}`,
  INITIATED: (a, b) => `${a} har igangsat ${b}`,
  CONTINUED_AS: (a, b) => `${a} er videreført som ${b}`,
  SPAWNED: (a, b) => `${a} har affødt ${b}`,
  KNOWS: (a, b, r) => `${a} kender ${b}${r.via ? ` (fra ${named(r.via)})` : ''}`,
};

/** The sentence for one relationship, e.g. `Sigrid Glarbo leder netværket "Bo i Albertslund".` */
export function sentence(r: SentenceRelation): string {
  const text = TEMPLATES[r.type](named(r.start), named(r.end), r);
  // "netværket ..." and lower-case names like "netværkslederuddannelsen" may open a sentence
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
