import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NETWORK_PHASES, phaseFromText } from '../api/common.js';
import { endpoints } from '../api/endpoints.js';
import { importNodeSchemas } from '../api/transfer.js';
import { readBooklet } from '../seed/booklet.js';
import { migratePhases } from '../server/common/db/phases.js';
import { getJson, startApp, uid, type RunningApp } from './helpers.js';
import { bindQueries } from '../server/common/queries.js';

// A network's phase comes from a fixed list (NETWORK_PHASES). The booklet, older data and older
// files spelled the same phase several ways; they are put on the list as they are read, and
// edits take nothing else (test/edit.test.ts).

describe('phases: one fixed list', () => {
  it('when a phase is spelled as the booklet and older data do then it is read as its phase, and other text as none', () => {
    expect(
      [
        'Opdagelses- og idéfasen',
        'opdagelses og idefase',
        'opdagelsesfasen',
        'Fokuseringsfasen',
        'intern fase',
        'Den eksterne fase',
        'forankring',
      ].map(phaseFromText),
    ).toEqual([
      'opdagelsesfasen',
      'opdagelsesfasen',
      'opdagelsesfasen',
      'fokuseringsfasen',
      'den interne fase',
      'den eksterne fase',
      'forankringsfasen',
    ]);
    expect(['idéfasen', 'afprøvning', 'fase 2', 'fokuseringsfasen og mere', ''].map(phaseFromText)).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('when the booklet is read then every phase is on the list, its three spellings of the first phase one', () => {
    const networks = readBooklet().networks;
    expect(networks.every((n) => n.phase === null || (NETWORK_PHASES as readonly string[]).includes(n.phase))).toBe(
      true,
    );
    const phaseOf = (id: string) => networks.find((n) => n.id === id)?.phase;
    expect(['fra-barn-til-voksen-handicappet', 'frivilligt-arbejde', 'digitaliseringsnetvaerk'].map(phaseOf)).toEqual([
      'opdagelsesfasen',
      'opdagelsesfasen',
      'opdagelsesfasen',
    ]);
  });

  it('when an older file is imported then a known spelling is read as its phase and other text is refused', () => {
    const network = { name: 'Netværk', kind: 'velfaerd', status: 'i gang' };
    expect(importNodeSchemas.Network.parse({ ...network, phase: 'Opdagelses og idefase' })).toEqual({
      ...network,
      phase: 'opdagelsesfasen',
    });
    expect(importNodeSchemas.Network.safeParse({ ...network, phase: 'afprøvning' }).success).toBe(false);
  });
});

describe('the phase migration at start', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  it('when networks hold free-text phases then known spellings go onto the list, other text into the remarks, each a new version in the history, and a second run changes nothing', async () => {
    const p = uid('phase');
    await app.db.write(
      `CREATE (:Entity:Network {id: $p + '-1', name: $p + ' 1', kind: 'velfaerd', status: 'i gang', phase: 'Opdagelses og idefase', remarks: 'Første afsnit.'}),
              (:Entity:Network {id: $p + '-2', name: $p + ' 2', kind: 'velfaerd', status: 'i gang', phase: 'Intern fase', version: 4}),
              (:Entity:Network {id: $p + '-3', name: $p + ' 3', kind: 'laering', status: 'i gang', phase: 'afprøvning', remarks: 'Første afsnit.'}),
              (:Entity:Network {id: $p + '-4', name: $p + ' 4', kind: 'laering', status: 'afventer', phase: 'idéfasen'}),
              (:Entity:Network {id: $p + '-5', name: $p + ' 5', kind: 'innovation', status: 'i gang', phase: 'fokuseringsfasen'})`,
      { p },
    );
    const mine = (list: { id: string }[]) => list.filter((m) => m.id.startsWith(`${p}-`));
    expect(mine(await migratePhases(bindQueries(app.db)))).toEqual([
      { id: `${p}-1`, was: 'Opdagelses og idefase', phase: 'opdagelsesfasen' },
      { id: `${p}-2`, was: 'Intern fase', phase: 'den interne fase' },
      { id: `${p}-3`, was: 'afprøvning', phase: null },
      { id: `${p}-4`, was: 'idéfasen', phase: null },
    ]);
    const stored = await app.db.read(
      `MATCH (n:Network) WHERE n.id STARTS WITH $p RETURN n.id AS id, n.phase AS phase, n.remarks AS remarks, n.version AS version ORDER BY id`,
      { p: `${p}-` },
    );
    expect(stored).toEqual([
      { id: `${p}-1`, phase: 'opdagelsesfasen', remarks: 'Første afsnit.', version: 2 },
      { id: `${p}-2`, phase: 'den interne fase', remarks: null, version: 5 },
      { id: `${p}-3`, phase: null, remarks: 'Første afsnit.\n\nFase før den faste liste: afprøvning', version: 2 },
      { id: `${p}-4`, phase: null, remarks: 'Fase før den faste liste: idéfasen', version: 2 },
      { id: `${p}-5`, phase: 'fokuseringsfasen', remarks: null, version: null },
    ]);
    const changes = await app.db.read(
      `MATCH (c:Change) WHERE c.targetId STARTS WITH $p RETURN c.targetId AS id, c.actorName AS actor, c.action AS action, c.before AS before, c.after AS after ORDER BY id`,
      { p: `${p}-` },
    );
    expect(
      changes.map((c) => [c.id, c.actor, c.action, JSON.parse(c.before as string), JSON.parse(c.after as string)]),
    ).toEqual([
      [
        `${p}-1`,
        'Ringe (faste faser)',
        'update',
        { kind: 'Network', version: 1, properties: { phase: 'Opdagelses og idefase' } },
        { kind: 'Network', version: 2, properties: { phase: 'opdagelsesfasen' } },
      ],
      [
        `${p}-2`,
        'Ringe (faste faser)',
        'update',
        { kind: 'Network', version: 4, properties: { phase: 'Intern fase' } },
        { kind: 'Network', version: 5, properties: { phase: 'den interne fase' } },
      ],
      [
        `${p}-3`,
        'Ringe (faste faser)',
        'update',
        { kind: 'Network', version: 1, properties: { phase: 'afprøvning', remarks: 'Første afsnit.' } },
        {
          kind: 'Network',
          version: 2,
          properties: { phase: null, remarks: 'Første afsnit.\n\nFase før den faste liste: afprøvning' },
        },
      ],
      [
        `${p}-4`,
        'Ringe (faste faser)',
        'update',
        { kind: 'Network', version: 1, properties: { phase: 'idéfasen', remarks: null } },
        { kind: 'Network', version: 2, properties: { phase: null, remarks: 'Fase før den faste liste: idéfasen' } },
      ],
    ]);
    expect(mine(await migratePhases(bindQueries(app.db)))).toEqual([]);

    // The network page shows the kept text as its last paragraph.
    const { body } = await getJson(app, `/api/networks/${p}-3/flower`, endpoints.flower);
    expect(body.network).toMatchObject({
      phase: null,
      remarks: ['Første afsnit.', 'Fase før den faste liste: afprøvning'],
    });
  });
});
