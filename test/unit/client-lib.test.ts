import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../client/src/lib/csv.js';
import { filterElements, mergeElements } from '../../client/src/lib/elements.js';
import { stepOf } from '../../client/src/lib/time.js';
import { ROOT } from '../../server/common/folders.js';

const n = (id: string, kind: any, department: string | null, ring?: number, status?: string) => ({
  data: { id, label: id, kind, department, ...(status ? { status } : {}), ...(ring === undefined ? {} : { ring }) },
});
const e = (source: string, target: string) => ({
  data: { id: `${source}|LEADS|${target}`, source, target, type: 'LEADS' as const, crossDepartment: false },
});

describe('locale files', () => {
  it('when Danish and English are compared then they have the same keys and no empty text', () => {
    const read = (l: string) =>
      JSON.parse(readFileSync(join(ROOT, 'client/src/locales', `${l}.json`), 'utf8')) as Record<string, string>;
    const da = read('da');
    const en = read('en');
    expect(Object.keys(en).sort()).toEqual(Object.keys(da).sort());
    expect(Object.entries({ ...da, ...en }).filter(([, v]) => !v.trim())).toEqual([]);
  });
});

describe('graph elements', () => {
  it('when an expansion is merged then known nodes keep their ring and new ones are placed one ring further', () => {
    const base = { nodes: [n('a', 'Person', 'd1', 0), n('b', 'Network', null, 1)], edges: [e('a', 'b')] };
    const more = { nodes: [n('b', 'Network', null, 0), n('c', 'Person', 'd2', 1)], edges: [e('c', 'b')] };
    expect(mergeElements(base, more, 1)).toEqual({
      nodes: [n('a', 'Person', 'd1', 0), n('b', 'Network', null, 1), n('c', 'Person', 'd2', 2)],
      edges: [e('a', 'b'), e('c', 'b')],
    });
  });

  it('when filters are set then other kinds, departments and statuses go, the centre stays, and loose edges go', () => {
    const el = {
      nodes: [
        n('me', 'Person', 'd1', 0),
        n('net1', 'Network', null, 1, 'i gang'),
        n('net2', 'Network', null, 1, 'afsluttet'),
        n('p2', 'Person', 'd2', 2),
      ],
      edges: [e('me', 'net1'), e('me', 'net2'), e('p2', 'net1')],
    };
    expect(filterElements(el, { kinds: ['Network'], departments: [], status: ['i gang'] }, ['me'])).toEqual({
      nodes: [n('me', 'Person', 'd1', 0), n('net1', 'Network', null, 1, 'i gang')],
      edges: [e('me', 'net1')],
    });
    expect(
      filterElements(el, { kinds: [], departments: ['d1'], status: [] }, ['me']).nodes.map((x) => x.data.id),
    ).toEqual(['me', 'net1', 'net2']);
  });
});

describe('toCsv', () => {
  it('when fields hold separators, quotes or æøå then the file still opens right in a Danish spreadsheet', () => {
    expect(
      toCsv([
        ['Navn', 'Titel'],
        ['Stine Schou Petersen', 'Koordinator; "hjerneskade"'],
        ['Åse', null],
      ]),
    ).toBe('\uFEFFNavn;Titel\r\nStine Schou Petersen;"Koordinator; ""hjerneskade"""\r\nÅse;\r\n');
  });
});

describe('time slider steps', () => {
  it('when the stops are month ends then a day stands on the first step on or after it, and today on the last', () => {
    const steps = ['2015-11-30', '2015-12-31', '2016-01-10'];
    expect([
      stepOf(steps, '2015-12-01'),
      stepOf(steps, '2015-11-30'),
      stepOf(steps, null),
      stepOf(steps, '2020-01-01'),
    ]).toEqual([1, 0, 2, 2]);
  });

  it('when the stops are the days the graph changes then a day stands on the last change on or before it', () => {
    const steps = ['2014-12-31', '2015-01-01', '2015-03-01', '2026-11-27'];
    expect([
      stepOf(steps, '2015-02-10', 'change'),
      stepOf(steps, '2015-03-01', 'change'),
      stepOf(steps, '2010-01-01', 'change'),
      stepOf(steps, '2030-01-01', 'change'),
      stepOf(steps, null, 'change'),
    ]).toEqual([1, 2, 0, 3, 3]);
  });
});
