import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../api/endpoints.js';
import { getJson, startApp, storeDaysOf, uid, type RunningApp } from './helpers.js';

describe('GET /api/nodes/:id', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  it('when the node is a network leader then the answer is her contact card', async () => {
    const { status, body } = await getJson(app, '/api/nodes/mette-nielsen-duekilde', endpoints.node);
    expect(status).toBe(200);
    expect(body.card).toEqual({
      name: 'Mette Nielsen Duekilde',
      title: 'Integrationskonsulent',
      department: { id: 'arbejdsmarked-erhverv-ydelser', kind: 'Department', name: 'Arbejdsmarked, Erhverv & Ydelser' },
      email: 'mette.nielsen.duekilde@albertslund.dk',
      phone: null,
      leads: [{ id: 'udvikling-af-erhvervsservice', kind: 'Network', name: 'Udvikling af erhvervsservice' }],
      participatesIn: [],
      trainings: [
        { id: 'innovatoeruddannelsen', kind: 'Training', name: "KL's innovatøruddannelse" },
        { id: 'netvaerkslederuddannelsen', kind: 'Training', name: 'netværkslederuddannelsen' },
      ],
      // the booklet knows no units, managers or leavers
      units: [],
      manager: null,
      leftOn: null,
      handedOver: [],
    });
    expect(body.unit).toBeNull();
    expect(body.node).toMatchObject({ id: 'mette-nielsen-duekilde', kind: 'Person', name: 'Mette Nielsen Duekilde' });
    expect(body.truncated).toBe(false);
  });

  it('when the node is a network then its relations are grouped by type with direction', async () => {
    const { body } = await getJson(app, '/api/nodes/arbejds-miljoearbejdet', endpoints.node);
    expect(body.card).toBeNull();
    expect(Object.keys(body.relations).sort()).toEqual(['CREATED', 'INITIATED', 'LEADS']);
    expect(body.relations.LEADS).toEqual([
      {
        direction: 'in',
        node: { id: 'carina-kofoed', kind: 'Person', name: 'Carina Kofoed' },
        version: 1,
        properties: {},
      },
    ]);
    expect(body.relations.INITIATED).toEqual([
      { direction: 'in', node: { id: 'kommunemed', kind: 'Forum', name: 'KommuneMED' }, version: 1, properties: {} },
    ]);
    expect(body.node.properties.phase).toBe('fokuseringsfasen');
  });

  it('when a relation has a date then it comes back as an ISO string', async () => {
    const a = uid('p');
    const b = uid('p');
    await app.db.write(
      `CREATE (x:Entity:Person {id: $a, name: 'A'}), (y:Entity:Person {id: $b, name: 'B'}),
              (x)-[:KNOWS {since: date('2014-03-01'), strength: 3}]->(y)`,
      { a, b },
    );
    // Its days are stored beside it, and not shown.
    await storeDaysOf(app.db, [a]);
    const { body } = await getJson(app, `/api/nodes/${a}`, endpoints.node);
    expect(body.relations).toEqual({
      KNOWS: [
        {
          direction: 'out',
          node: { id: b, kind: 'Person', name: 'B' },
          version: 1,
          properties: { since: '2014-03-01', strength: 3 },
        },
      ],
    });
  });

  it('when the id does not exist then 404 says which id', async () => {
    expect(await getJson(app, '/api/nodes/no-such-node')).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'There is no node with id "no-such-node".' } },
    });
  });

  it('when the id has characters no id has then 400', async () => {
    const { status, body } = await getJson(app, `/api/nodes/${encodeURIComponent('a b<script>')}`);
    expect(status).toBe(400);
    expect(body.error.details).toEqual({ field: 'id' });
  });
});
