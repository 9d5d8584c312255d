import { describe, expect, it } from 'vitest';
import { KINDS } from '../../api/common.js';
import { graphImportBody, importNodeItem, importNodeSchemas, importRelationItem } from '../../api/transfer.js';
import { fieldChanges, subjectOf } from '../../client/src/lib/changes.js';
import { csvColumns, graphTemplate, nodeTemplate } from '../../client/src/lib/importFormats.js';
import { parseCsv } from '../../server/transfer/csv.js';

describe('a recorded change, field by field', () => {
  it('when a relation was changed then its subject is the two ends and only the changed properties are listed', () => {
    const change = {
      targetKind: 'Relation',
      targetId: 'lise|KNOWS|patricia',
      before: { type: 'KNOWS', source: 'lise', target: 'patricia', version: 1, properties: { since: null } },
      after: { type: 'KNOWS', source: 'lise', target: 'patricia', version: 2, properties: { since: '2020-01-01' } },
    };
    expect(subjectOf(change)).toEqual({ kind: 'relation', source: 'lise', type: 'KNOWS', target: 'patricia' });
    expect(fieldChanges(change)).toEqual([{ name: 'since', before: null, after: '2020-01-01', changed: true }]);
  });

  it('when a node was deleted then every property and its relations are removed, the name first and the relations last', () => {
    const change = {
      targetKind: 'Person',
      targetId: 'lise',
      before: {
        kind: 'Person',
        version: 3,
        properties: { title: 'Konsulent', name: 'Lise' },
        relations: [{ type: 'WORKS_IN', direction: 'out', other: 'social-familie', version: 1, properties: {} }],
      },
      after: null,
    };
    expect(subjectOf(change)).toEqual({ kind: 'node', id: 'lise' });
    expect(fieldChanges(change)).toEqual([
      { name: 'name', before: 'Lise', after: null, changed: true },
      { name: 'title', before: 'Konsulent', after: null, changed: true },
      { name: 'relations', before: change.before.relations, after: null, changed: true },
    ]);
  });

  it('when a record has no snapshot (an erasure) then its own keys are the fields', () => {
    expect(fieldChanges({ before: null, after: { relationsRemoved: 2, changesRedacted: 5 } })).toEqual([
      { name: 'relationsRemoved', before: null, after: 2, changed: true },
      { name: 'changesRedacted', before: null, after: 5, changed: true },
    ]);
  });
});

describe('the import templates', () => {
  it("when each kind's CSV template is read as the import reads it then its example row is valid for that kind", () => {
    for (const kind of KINDS) {
      const [header, row, ...rest] = parseCsv(nodeTemplate(kind)).records;
      expect(rest).toEqual([]);
      expect(header!.cells).toEqual(csvColumns(kind));
      const values = Object.fromEntries(
        header!.cells
          .map((c, i) => [c, row!.cells[i]])
          .filter(([c, v]) => v !== '' && c !== 'id' && c !== 'department'),
      );
      const parsed = importNodeSchemas[kind].safeParse(values);
      expect(parsed.success, `${kind}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it('when the JSON template is read as the import reads it then its envelope and every item are valid', () => {
    const graph = graphImportBody.parse(JSON.parse(graphTemplate()));
    for (const n of graph.nodes) expect(importNodeItem.safeParse(n).success).toBe(true);
    for (const r of graph.relations) expect(importRelationItem.safeParse(r).success).toBe(true);
  });
});
