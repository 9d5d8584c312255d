import { afterAll, describe, expect, it } from 'vitest';
import { applySchema } from '../server/common/db/schema.js';
import { testDb } from './helpers.js';
import { bindQueries } from '../server/common/queries.js';

const LABELS = [
  'Department',
  'Entity',
  'Forum',
  'Network',
  'Outcome',
  'Partner',
  'Person',
  'Project',
  'Training',
  'Unit',
];

describe('schema', () => {
  const db = testDb();
  afterAll(() => db.close());

  it('when applied then every label has a uniqueness constraint on id', async () => {
    const rows = await db.read(
      "SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties WHERE type = 'UNIQUENESS' RETURN labelsOrTypes[0] AS label, properties ORDER BY label",
    );
    expect(rows).toEqual(
      [
        ...LABELS.map((label) => ({ label, properties: ['id'] })),
        { label: 'Change', properties: ['id'] },
        { label: 'Erasure', properties: ['idHash'] },
        { label: 'Migration', properties: ['version'] },
        { label: 'PendingLogin', properties: ['idHash'] },
        { label: 'RoleGrant', properties: ['sub', 'role'] },
        { label: 'SearchMiss', properties: ['words', 'week'] },
        { label: 'Session', properties: ['tokenHash'] },
        { label: 'SurveyAnswer', properties: ['id'] },
        { label: 'SurveyRound', properties: ['id'] },
        { label: 'SyncLock', properties: ['name'] },
        { label: 'SyncRecord', properties: ['key'] },
        { label: 'SyncRun', properties: ['id'] },
        { label: 'SyncSource', properties: ['name'] },
        { label: 'UserLink', properties: ['sub'] },
      ].sort((a, b) => a.label.localeCompare(b.label)),
    );
  });

  it('when applied then the Danish full-text index covers names, titles, themes, remarks and the KLE subjects of units', async () => {
    const rows = await db.read(
      "SHOW FULLTEXT INDEXES YIELD name, state, labelsOrTypes, properties, options WHERE name = 'ringe_search' RETURN state, labelsOrTypes, properties, options.indexConfig.`fulltext.analyzer` AS analyzer",
    );
    expect(rows).toEqual([
      {
        state: 'ONLINE',
        labelsOrTypes: [
          'Person',
          'Network',
          'Department',
          'Partner',
          'Training',
          'Outcome',
          'Forum',
          'Project',
          'Unit',
        ],
        properties: ['name', 'title', 'theme', 'remarks', 'kleText'],
        analyzer: 'danish',
      },
    ]);
  });

  it('when applied a second time then nothing changes', async () => {
    const count = async () => (await db.read('SHOW CONSTRAINTS YIELD name RETURN count(*) AS c'))[0]!.c;
    const before = await count();
    await applySchema(bindQueries(db));
    expect(await count()).toBe(before);
  });

  it('when a second node gets an existing id then Neo4j refuses it', async () => {
    await expect(db.write("CREATE (:Department {id: 'oekonomi-stab', name: 'Kopi'})")).rejects.toThrow(
      /already exists/,
    );
  });
});
