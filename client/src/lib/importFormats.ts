import type { Kind } from '../../../api/common.js';
import {
  GRAPH_FORMAT,
  GRAPH_FORMAT_VERSION,
  nodeColumns,
  PERSON_DEPARTMENT_COLUMN,
  RELATION_COLUMNS,
} from '../../../api/transfer.js';
import { toCsv } from './csv.js';

// The import formats as the Data page documents them: each file's columns, and templates whose
// example rows are valid as they stand (the browser test imports the Person template as a dry run).

/** The columns of a CSV of one kind: id, the kind's properties, and a person's department. */
export function csvColumns(kind: Kind): string[] {
  return ['id', ...nodeColumns(kind), ...(kind === 'Person' ? [PERSON_DEPARTMENT_COLUMN] : [])];
}

/** One example row per kind, by column; columns not named stay empty. */
const EXAMPLES: Record<Kind, Record<string, string>> = {
  Person: {
    id: 'lise-testesen',
    name: 'Lise Testesen',
    title: 'Konsulent',
    email: 'lise.testesen@albertslund.dk',
    phone: '43 68 68 68',
    department: 'social-familie',
  },
  Network: {
    id: 'eksempel-netvaerk',
    name: 'Eksempelnetværket',
    kind: 'laering',
    status: 'i gang',
    theme: 'Læring på tværs',
    startedAt: '2024-01-15',
  },
  Department: { id: 'eksempel-afdeling', name: 'Eksempelafdelingen' },
  Partner: { id: 'eksempel-partner', name: 'Eksempelpartneren', type: 'organisation' },
  Training: { id: 'eksempel-uddannelse', name: 'Eksempeluddannelsen' },
  Outcome: { id: 'eksempel-resultat', name: 'Kortere sagsbehandling', perspective: 'borgerne' },
  Forum: { id: 'eksempel-forum', name: 'Eksempelforum' },
  Project: { id: 'eksempel-projekt', name: 'Eksempelprojektet', kind: 'projekt' },
  Unit: { id: 'eksempel-enhed', name: 'Eksempelenheden' },
};

/** A CSV template of one kind: the header and one example row, as Danish Excel opens it. */
export function nodeTemplate(kind: Kind): string {
  const columns = csvColumns(kind);
  return toCsv([columns, columns.map((c) => EXAMPLES[kind][c] ?? '')]);
}

const RELATION_EXAMPLES: Record<string, string>[] = [
  { type: 'WORKS_IN', source: 'lise-testesen', target: 'social-familie', since: '2024-01-01' },
  { type: 'KNOWS', source: 'lise-testesen', target: 'eksempel-kollega', via: 'eksempel-netvaerk' },
];

export function relationTemplate(): string {
  return toCsv([[...RELATION_COLUMNS], ...RELATION_EXAMPLES.map((r) => RELATION_COLUMNS.map((c) => r[c] ?? ''))]);
}

/** A graph file as the JSON import takes it (the export's format). */
export function graphTemplate(): string {
  const graph = {
    format: GRAPH_FORMAT,
    version: GRAPH_FORMAT_VERSION,
    nodes: [
      {
        id: 'lise-testesen',
        kind: 'Person',
        properties: { name: 'Lise Testesen', title: 'Konsulent', email: 'lise.testesen@albertslund.dk' },
      },
      { id: 'eksempel-afdeling', kind: 'Department', properties: { name: 'Eksempelafdelingen' } },
    ],
    relations: [
      { type: 'WORKS_IN', source: 'lise-testesen', target: 'eksempel-afdeling', properties: { since: '2024-01-01' } },
    ],
  };
  return `${JSON.stringify(graph, null, 2)}\n`;
}

/** The first lines of a template, to show as its example on the page (without Excel's BOM). */
export const exampleOf = (template: string): string =>
  template
    .replace(/^\uFEFF/, '')
    .replace(/\r\n/g, '\n')
    .trimEnd();
