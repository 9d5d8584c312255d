import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KINDS, REL_TYPES, today } from '../api/common.js';
import { endpoints } from '../api/endpoints.js';
import type { Contact } from '../api/explore.js';
import { reasonText } from '../client/src/lib/sentences.js';
import { bindQueries } from '../server/common/queries.js';
import { getJson, startApp, storeDaysOf, uid, type RunningApp } from './helpers.js';
import { sayIn } from './locale.js';

const contacts = (app: RunningApp, params: Record<string, string>) =>
  getJson(app, `/api/contacts?${new URLSearchParams(params)}`, endpoints.contacts);

const erhverv = { id: 'arbejdsmarked-erhverv-ydelser', kind: 'Department', name: 'Arbejdsmarked, Erhverv & Ydelser' };
const erhvervsservice = { id: 'udvikling-af-erhvervsservice', kind: 'Network', name: 'Udvikling af erhvervsservice' };

/** A contact's reasons as the client says them in Danish. */
const danish = (c: Contact) => c.reasons.map((r) => reasonText(sayIn('da'), r, c.person));

/** A word no other data holds, so the full-text index matches only what a test builds. */
const topicWord = () => uid('emne').replace('-', '');

describe('GET /api/contacts', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  /**
   * A network about a new topic: its leader and a colleague in one department, a participant
   * and her department colleague in another, and an asker who knows only the participant.
   */
  async function topicNetwork() {
    const word = topicWord();
    const ids = {
      dep: uid('dep'),
      otherDep: uid('dep'),
      net: uid('net'),
      leader: uid('p'),
      participant: uid('p'),
      colleague: uid('p'),
      outsider: uid('p'),
      asker: uid('p'),
    };
    await app.db.write(
      `CREATE (d:Entity:Department {id: $dep, name: 'Testafdelingen'}),
              (e:Entity:Department {id: $otherDep, name: 'Andenafdelingen'}),
              (n:Entity:Network {id: $net, name: 'Netværk om ' + $word}),
              (l:Entity:Person {id: $leader, name: 'Lea Leder', title: 'Konsulent', email: 'lea@example.dk', phone: '43 68 00 00'}),
              (p:Entity:Person {id: $participant, name: 'Per Deltager', title: 'Pædagog', email: 'per@example.dk'}),
              (c:Entity:Person {id: $colleague, name: 'Kim Kollega', title: 'Sagsbehandler'}),
              (o:Entity:Person {id: $outsider, name: 'Ole Udenfor', title: 'Pedel'}),
              (a:Entity:Person {id: $asker, name: 'Asger Spørger', title: 'Elev'}),
              (l)-[:WORKS_IN]->(d), (c)-[:WORKS_IN]->(d), (p)-[:WORKS_IN]->(e), (o)-[:WORKS_IN]->(e),
              (l)-[:LEADS]->(n), (p)-[:PARTICIPATES_IN]->(n), (a)-[:KNOWS]->(p)`,
      { ...ids, word },
    );
    await app.db.write('CALL db.awaitIndexes(30)');
    const network = { id: ids.net, kind: 'Network', name: `Netværk om ${word}` };
    const dep = { id: ids.dep, kind: 'Department', name: 'Testafdelingen' };
    const otherDep = { id: ids.otherDep, kind: 'Department', name: 'Andenafdelingen' };
    const people = {
      leader: {
        id: ids.leader,
        name: 'Lea Leder',
        title: 'Konsulent',
        email: 'lea@example.dk',
        phone: '43 68 00 00',
        department: dep,
      },
      participant: {
        id: ids.participant,
        name: 'Per Deltager',
        title: 'Pædagog',
        email: 'per@example.dk',
        phone: null,
        department: otherDep,
      },
      colleague: {
        id: ids.colleague,
        name: 'Kim Kollega',
        title: 'Sagsbehandler',
        email: null,
        phone: null,
        department: dep,
      },
    };
    return { word, ids, network, people };
  }

  it('when the topic is "erhvervsservice" then Mette Nielsen Duekilde, who leads the network, comes first', async () => {
    const { status, body } = await contacts(app, { topic: 'erhvervsservice' });
    expect(status).toBe(200);
    expect(body.matches[0]).toEqual(erhvervsservice);
    expect(body.contacts[0]).toEqual({
      person: {
        id: 'mette-nielsen-duekilde',
        name: 'Mette Nielsen Duekilde',
        title: 'Integrationskonsulent',
        email: 'mette.nielsen.duekilde@albertslund.dk',
        phone: null,
        department: erhverv,
      },
      score: expect.any(Number),
      reasons: [{ kind: 'leads', node: erhvervsservice, leader: null, matched: erhvervsservice.id }],
      marks: ['erhvervsservice'],
      path: null,
    });
    expect([body.suggestions, body.nearestDepartment]).toEqual([[], null]);
    expect(danish(body.contacts[0])).toEqual(['Leder netværket "Udvikling af erhvervsservice".']);
    // her department colleague is found too, lower, for a weaker reason
    const remming = body.contacts.find((c: { person: { id: string } }) => c.person.id === 'pernille-remming');
    expect(remming.reasons).toEqual([
      {
        kind: 'department',
        node: erhvervsservice,
        leader: { id: 'mette-nielsen-duekilde', kind: 'Person', name: 'Mette Nielsen Duekilde' },
        matched: erhvervsservice.id,
      },
    ]);
    expect(danish(remming)).toEqual([
      'Arbejder i samme afdeling som Mette Nielsen Duekilde, der leder netværket "Udvikling af erhvervsservice".',
    ]);
    expect(remming.score).toBeCloseTo(body.contacts[0].score / 3, 2);
  });

  it("when a topic matches a network then its leader, a participant and the leader's colleague come in that order, each with the reason", async () => {
    const { word, network, people } = await topicNetwork();
    const { status, body } = await contacts(app, { topic: word });
    expect(status).toBe(200);
    expect(body.matches).toEqual([network]);
    const scores = body.contacts.map((c: { score: number }) => c.score);
    expect(body.contacts).toEqual([
      {
        person: people.leader,
        score: scores[0],
        reasons: [{ kind: 'leads', node: network, leader: null, matched: network.id }],
        marks: [word],
        path: null,
      },
      {
        person: people.participant,
        score: scores[1],
        reasons: [{ kind: 'participates', node: network, leader: null, matched: network.id }],
        marks: [word],
        path: null,
      },
      {
        person: people.colleague,
        score: scores[2],
        reasons: [
          {
            kind: 'department',
            node: network,
            leader: { id: people.leader.id, kind: 'Person', name: 'Lea Leder' },
            matched: network.id,
          },
        ],
        marks: [word],
        path: null,
      },
    ]);
    expect(body.contacts.map(danish)).toEqual([
      [`Leder netværket "${network.name}".`],
      [`Deltager i netværket "${network.name}".`],
      [`Arbejder i samme afdeling som Lea Leder, der leder netværket "${network.name}".`],
    ]);
    // leads 3 : participates 2 : department 1, times the same match score
    expect(scores[0] / scores[2]).toBeCloseTo(3, 2);
    expect(scores[1] / scores[2]).toBeCloseTo(2, 2);
  });

  it("when only a petal of a network matches then the network's leader is still the one to ask", async () => {
    const word = topicWord();
    const [net, petal, leader] = [uid('net'), uid('petal'), uid('p')];
    await app.db.write(
      `CREATE (n:Entity:Network {id: $net, name: 'Blomsternetværket'}),
              (o:Entity:Outcome {id: $petal, name: 'Ny viden om ' + $word, perspective: 'kommunen'}),
              (l:Entity:Person {id: $leader, name: 'Rosa Blad', title: 'Gartner'}),
              (n)-[:CREATED]->(o), (l)-[:LEADS]->(n)`,
      { net, petal, leader, word },
    );
    await app.db.write('CALL db.awaitIndexes(30)');
    const { body } = await contacts(app, { topic: word });
    expect(body.matches).toEqual([{ id: petal, kind: 'Outcome', name: `Ny viden om ${word}` }]);
    expect(body.contacts.map((c: { person: { id: string }; reasons: unknown }) => [c.person.id, c.reasons])).toEqual([
      [
        leader,
        [
          {
            kind: 'leads',
            node: { id: net, kind: 'Network', name: 'Blomsternetværket' },
            leader: null,
            matched: petal,
          },
        ],
      ],
    ]);
  });

  it("when a person's title or a department matches then they are contacts for that", async () => {
    const word = topicWord();
    const [dep, titled, member] = [uid('dep'), uid('p'), uid('p')];
    await app.db.write(
      `CREATE (d:Entity:Department {id: $dep, name: 'Afdeling for ' + $word}),
              (t:Entity:Person {id: $titled, name: 'Tove Titel', title: 'Koordinator for ' + $word}),
              (m:Entity:Person {id: $member, name: 'Mads Medlem'}), (m)-[:WORKS_IN]->(d)`,
      { dep, titled, member, word },
    );
    await app.db.write('CALL db.awaitIndexes(30)');
    const { body } = await contacts(app, { topic: word });
    const depRef = { id: dep, kind: 'Department', name: `Afdeling for ${word}` };
    expect(body.contacts.map((c: { person: { id: string }; reasons: unknown }) => [c.person.id, c.reasons])).toEqual([
      [
        titled,
        [
          {
            kind: 'title',
            node: { id: titled, kind: 'Person', name: 'Tove Titel' },
            leader: null,
            matched: titled,
          },
        ],
      ],
      [member, [{ kind: 'department', node: depRef, leader: null, matched: dep }]],
    ]);
    expect(body.contacts.map(danish)).toEqual([
      [`Titlen "Koordinator for ${word}" eller navnet passer til emnet.`],
      [`Arbejder i Afdeling for ${word}.`],
    ]);
  });

  it('when "from" is a person then each contact has the path length and whom to ask, and the asker is left out', async () => {
    const { word, ids, people } = await topicNetwork();
    const { body } = await contacts(app, { topic: word, from: ids.asker });
    const participant = { id: ids.participant, kind: 'Person', name: 'Per Deltager' };
    expect(body.contacts.map((c: { person: { id: string }; path: unknown }) => [c.person.id, c.path])).toEqual([
      // asker knows participant, who joins the network the leader leads, whose department the colleague shares
      [people.leader.id, { length: 3, via: participant, through: null, direct: true }],
      [people.participant.id, { length: 1, via: null, through: null, direct: false }],
      [people.colleague.id, { length: 5, via: participant, through: null, direct: true }],
    ]);
    const fromLeader = await contacts(app, { topic: word, from: ids.leader });
    expect(fromLeader.body.contacts.map((c: { person: { id: string } }) => c.person.id)).toEqual([
      people.participant.id,
      people.colleague.id,
    ]);
  });

  it('when a department has more people than asked for then its people with reasons of their own or a second matching department come first, then the rest by name and id', async () => {
    const word = topicWord();
    const base = uid('p');
    const ids = {
      dep: uid('dep'),
      matchingDep: uid('dep'),
      net: uid('net'),
      leader: `${base}-leader`,
      both: `${base}-both`,
      former: `${base}-former`,
      aase1: `${base}-aase1`,
      aase2: `${base}-aase2`,
      bent: `${base}-bent`,
      carl: `${base}-carl`,
    };
    await app.db.write(
      `CREATE (d:Entity:Department {id: $dep, name: 'Driften'}),
              (m:Entity:Department {id: $matchingDep, name: 'Afdeling ' + $word}),
              (n:Entity:Network {id: $net, name: 'Netværk ' + $word}),
              (l:Entity:Person {id: $leader, name: 'Lea Leder'}), (l)-[:WORKS_IN]->(d), (l)-[:LEADS]->(n),
              (z:Entity:Person {id: $both, name: 'Zelma To'}), (z)-[:WORKS_IN]->(d), (z)-[:WORKS_IN]->(m),
              (f:Entity:Person {id: $former, name: 'Aa Tidligere'}), (f)-[:WORKS_IN]->(d),
              (f)-[:WORKS_IN {since: '2010', until: '2020-01-01'}]->(m),
              (a1:Entity:Person {id: $aase1, name: 'Aase Andersen'}), (a1)-[:WORKS_IN]->(d),
              (a2:Entity:Person {id: $aase2, name: 'Aase Andersen'}), (a2)-[:WORKS_IN]->(d),
              (b:Entity:Person {id: $bent, name: 'Bent Berg'}), (b)-[:WORKS_IN]->(d),
              (c:Entity:Person {id: $carl, name: 'Carl Cort'}), (c)-[:WORKS_IN]->(d)`,
      { ...ids, word },
    );
    await storeDaysOf(app.db, [base]);
    await app.db.write('CALL db.awaitIndexes(30)');
    // the leader leads (3), Zelma has both departments' reasons (1 + 1), the former member only today's department (1)
    const { body } = await contacts(app, { topic: word, limit: '6' });
    expect(body.contacts.map((c: { person: { id: string } }) => c.person.id)).toEqual([
      ids.leader,
      ids.both,
      ids.former,
      ids.aase1,
      ids.aase2,
      ids.bent,
    ]);
    const zelma = body.contacts[1] as { reasons: { kind: string; node: { id: string } }[] };
    expect(zelma.reasons.map((r) => [r.kind, r.node.id]).sort()).toEqual([
      ['department', ids.matchingDep],
      ['department', ids.net],
    ]);
    // on a day when the former member still worked in the matching department, she has both reasons too
    const back = await contacts(app, { topic: word, limit: '3', at: '2015-06-01' });
    expect(back.body.contacts.map((c: { person: { id: string } }) => c.person.id)).toEqual([
      ids.leader,
      ids.former,
      ids.both,
    ]);
  });

  it('when contacts are two and four steps away then each way names the first person on the first shortest path by ids, and relations that ended are not walked', async () => {
    const word = topicWord();
    const base = uid('p');
    const ids = {
      asker: `${base}-asker`,
      two: `${base}-two`,
      four: `${base}-four`,
      m0: `${base}-m0`,
      m1: `${base}-m1`,
      k1: `${base}-k1`,
      k2: `${base}-k2`,
      k3: `${base}-k3`,
    };
    await app.db.write(
      `CREATE (a:Entity:Person {id: $asker, name: 'Asta Spørger'}),
              (two:Entity:Person {id: $two, name: 'Tim To', title: 'Rådgiver om ' + $word}),
              (four:Entity:Person {id: $four, name: 'Fie Fire', title: 'Konsulent om ' + $word}),
              (m0:Entity:Person {id: $m0, name: 'Zacharias Mellem'}), (m1:Entity:Person {id: $m1, name: 'Anders Mellem'}),
              (k1:Entity:Person {id: $k1, name: 'Kaj Et'}), (k2:Entity:Person {id: $k2, name: 'Kaj To'}),
              (k3:Entity:Person {id: $k3, name: 'Kaj Tre'}),
              (a)-[:KNOWS]->(m1), (m1)-[:KNOWS]->(two), (a)-[:KNOWS]->(m0), (m0)-[:KNOWS]->(two),
              (a)-[:KNOWS]->(k1), (k1)-[:KNOWS]->(k2), (k2)-[:KNOWS]->(k3), (k3)-[:KNOWS]->(four),
              (a)-[:KNOWS {since: '2015', until: '2020-01-01'}]->(four)`,
      { ...ids, word },
    );
    await storeDaysOf(app.db, [base]);
    await app.db.write('CALL db.awaitIndexes(30)');
    const { body } = await contacts(app, { topic: word, from: ids.asker });
    const ways = Object.fromEntries(
      body.contacts.map((c: { person: { id: string }; path: unknown }) => [c.person.id, c.path]),
    );
    expect(ways).toEqual({
      [ids.two]: {
        length: 2,
        via: { id: ids.m0, kind: 'Person', name: 'Zacharias Mellem' },
        through: null,
        direct: true,
      },
      [ids.four]: { length: 4, via: { id: ids.k1, kind: 'Person', name: 'Kaj Et' }, through: null, direct: true },
    });
    // while the ended relation held, the fourth was one step away
    const then = await contacts(app, { topic: word, from: ids.asker, at: '2018-01-01' });
    expect(then.body.contacts.find((c: { person: { id: string } }) => c.person.id === ids.four).path).toEqual({
      length: 1,
      via: null,
      through: null,
      direct: false,
    });
  });

  /** Each contact's path, by the contact's id. */
  const pathsOf = (body: { contacts: Contact[] }) =>
    Object.fromEntries(body.contacts.map((c) => [c.person.id, c.path]));

  it('when the asker and the via took the same training then through is that training', async () => {
    const word = topicWord();
    const ids = { asker: uid('p'), via: uid('p'), contact: uid('p'), training: uid('tr') };
    // asker – training – via – contact: three steps, found by contactWays
    await app.db.write(
      `CREATE (a:Entity:Person {id: $asker, name: 'Asta Spørger'}),
              (v:Entity:Person {id: $via, name: 'Anna Bojsen'}),
              (c:Entity:Person {id: $contact, name: 'Carl Kontakt', title: 'Rådgiver om ' + $word}),
              (t:Entity:Training {id: $training, name: 'Netværkslederuddannelsen'}),
              (a)-[:COMPLETED]->(t), (v)-[:COMPLETED {wording: 'har gennemgået'}]->(t), (v)-[:KNOWS]->(c)`,
      { ...ids, word },
    );
    await app.db.write('CALL db.awaitIndexes(30)');
    const { body } = await contacts(app, { topic: word, from: ids.asker });
    expect(pathsOf(body)).toEqual({
      [ids.contact]: {
        length: 3,
        via: { id: ids.via, kind: 'Person', name: 'Anna Bojsen' },
        through: { id: ids.training, kind: 'Training', name: 'Netværkslederuddannelsen' },
        direct: false,
      },
    });
  });

  it('when the asker and the via are in the same network then through is that network', async () => {
    const word = topicWord();
    const ids = { asker: uid('p'), via: uid('p'), between: uid('p'), contact: uid('p'), net: uid('net') };
    // asker – network – via – someone – contact: four steps, found by contactWaysFour
    await app.db.write(
      `CREATE (a:Entity:Person {id: $asker, name: 'Asta Spørger'}),
              (v:Entity:Person {id: $via, name: 'Vera Leder'}),
              (k:Entity:Person {id: $between, name: 'Kaj Mellem'}),
              (c:Entity:Person {id: $contact, name: 'Carl Kontakt', title: 'Rådgiver om ' + $word}),
              (n:Entity:Network {id: $net, name: 'Læringsnetværket for ledere'}),
              (a)-[:PARTICIPATES_IN]->(n), (v)-[:LEADS]->(n), (v)-[:KNOWS]->(k), (k)-[:KNOWS]->(c)`,
      { ...ids, word },
    );
    await app.db.write('CALL db.awaitIndexes(30)');
    const { body } = await contacts(app, { topic: word, from: ids.asker });
    expect(pathsOf(body)).toEqual({
      [ids.contact]: {
        length: 4,
        via: { id: ids.via, kind: 'Person', name: 'Vera Leder' },
        through: { id: ids.net, kind: 'Network', name: 'Læringsnetværket for ledere' },
        direct: false,
      },
    });
  });

  it('when the asker and the via work in the same department then through is that department, and a colleague who is the contact has no via', async () => {
    const word = topicWord();
    const ids = {
      asker: uid('p'),
      via: uid('p'),
      k1: uid('p'),
      k2: uid('p'),
      far: uid('p'),
      colleague: uid('p'),
      dep: uid('dep'),
    };
    // asker – department – via – k1 – k2 – far: five steps, found by contactPaths; asker – department – colleague: two
    await app.db.write(
      `CREATE (a:Entity:Person {id: $asker, name: 'Asta Spørger'}),
              (v:Entity:Person {id: $via, name: 'Vagn Kollega'}),
              (k1:Entity:Person {id: $k1, name: 'Kaj Et'}), (k2:Entity:Person {id: $k2, name: 'Kaj To'}),
              (f:Entity:Person {id: $far, name: 'Frida Fjern', title: 'Rådgiver om ' + $word}),
              (o:Entity:Person {id: $colleague, name: 'Ole Nær', title: 'Konsulent om ' + $word}),
              (d:Entity:Department {id: $dep, name: 'Vej og Park'}),
              (a)-[:WORKS_IN]->(d), (v)-[:WORKS_IN]->(d), (o)-[:WORKS_IN]->(d),
              (v)-[:KNOWS]->(k1), (k1)-[:KNOWS]->(k2), (k2)-[:KNOWS]->(f)`,
      { ...ids, word },
    );
    await app.db.write('CALL db.awaitIndexes(30)');
    const { body } = await contacts(app, { topic: word, from: ids.asker });
    expect(pathsOf(body)).toEqual({
      [ids.far]: {
        length: 5,
        via: { id: ids.via, kind: 'Person', name: 'Vagn Kollega' },
        through: { id: ids.dep, kind: 'Department', name: 'Vej og Park' },
        direct: false,
      },
      [ids.colleague]: { length: 2, via: null, through: null, direct: false },
    });
  });

  it('when the asker knows the via then through is null', async () => {
    const word = topicWord();
    const ids = { asker: uid('p'), via: uid('p'), contact: uid('p'), dep: uid('dep') };
    // asker – via – department – contact (the KNOWS pointing at the asker: either way counts)
    await app.db.write(
      `CREATE (a:Entity:Person {id: $asker, name: 'Asta Spørger'}),
              (v:Entity:Person {id: $via, name: 'Vera Ven'}),
              (c:Entity:Person {id: $contact, name: 'Carl Kontakt', title: 'Rådgiver om ' + $word}),
              (d:Entity:Department {id: $dep, name: 'Borgerservice'}),
              (v)-[:KNOWS]->(a), (v)-[:WORKS_IN]->(d), (c)-[:WORKS_IN]->(d)`,
      { ...ids, word },
    );
    await app.db.write('CALL db.awaitIndexes(30)');
    const { body } = await contacts(app, { topic: word, from: ids.asker });
    expect(pathsOf(body)).toEqual({
      [ids.contact]: { length: 3, via: { id: ids.via, kind: 'Person', name: 'Vera Ven' }, through: null, direct: true },
    });
  });

  it('when the asker and the via share no node (asker – unit – department – via) then through is null', async () => {
    const word = topicWord();
    const ids = { asker: uid('p'), via: uid('p'), contact: uid('p'), unit: uid('unit'), dep: uid('dep') };
    await app.db.write(
      `CREATE (a:Entity:Person {id: $asker, name: 'Asta Spørger'}),
              (v:Entity:Person {id: $via, name: 'Vera Anden'}),
              (c:Entity:Person {id: $contact, name: 'Carl Kontakt', title: 'Rådgiver om ' + $word}),
              (u:Entity:Unit {id: $unit, name: 'Team Nord'}), (d:Entity:Department {id: $dep, name: 'Borgerservice'}),
              (a)-[:MEMBER_OF]->(u), (u)-[:ROLLS_UP_TO]->(d), (v)-[:WORKS_IN]->(d), (v)-[:KNOWS]->(c)`,
      { ...ids, word },
    );
    await app.db.write('CALL db.awaitIndexes(30)');
    const { body } = await contacts(app, { topic: word, from: ids.asker });
    expect(pathsOf(body)).toEqual({
      [ids.contact]: {
        length: 4,
        via: { id: ids.via, kind: 'Person', name: 'Vera Anden' },
        through: null,
        direct: false,
      },
    });
  });

  it('when the three way queries are asked about the same contacts then each gives the same length, via and through, by the first shortest path by ids', async () => {
    const base = uid('w');
    // ids sort as their suffixes do, so which of two equally short ways comes first is known
    const id = (suffix: string) => `${base}-${suffix}`;
    await app.db.write(
      `CREATE (a:Entity:Person {id: $base + '-a', name: 'Asta'}),
              (c1:Entity:Person {id: $base + '-c1', name: 'C1'}), (c2:Entity:Person {id: $base + '-c2', name: 'C2'}),
              (c3:Entity:Person {id: $base + '-c3', name: 'C3'}), (c4:Entity:Person {id: $base + '-c4', name: 'C4'}),
              (c5:Entity:Person {id: $base + '-c5', name: 'C5'}),
              (v1:Entity:Person {id: $base + '-v1', name: 'V1'}), (v2:Entity:Person {id: $base + '-v2', name: 'V2'}),
              (v3:Entity:Person {id: $base + '-v3', name: 'V3'}), (v4:Entity:Person {id: $base + '-v4', name: 'V4'}),
              (k:Entity:Person {id: $base + '-k', name: 'K'}),
              (d:Entity:Department {id: $base + '-n1-dep', name: 'Afdelingen'}),
              (t:Entity:Training {id: $base + '-n2-training', name: 'Uddannelsen'}),
              (n:Entity:Network {id: $base + '-n3-net', name: 'Netværket'}),
              (u:Entity:Unit {id: $base + '-n4-unit', name: 'Enheden'}),
              (d2:Entity:Department {id: $base + '-n5-dep', name: 'Anden afdeling'}),
              (a)-[:KNOWS]->(c1),
              (a)-[:COMPLETED]->(t), (c2)-[:COMPLETED]->(t),
              (a)-[:WORKS_IN]->(d), (v1)-[:WORKS_IN]->(d), (v1)-[:KNOWS]->(c3),
              (v2)-[:COMPLETED]->(t), (v2)-[:KNOWS]->(c3),
              (a)-[:PARTICIPATES_IN]->(n), (v3)-[:LEADS]->(n), (v3)-[:KNOWS]->(k), (k)-[:KNOWS]->(c4),
              (a)-[:MEMBER_OF]->(u), (u)-[:ROLLS_UP_TO]->(d2), (v4)-[:WORKS_IN]->(d2), (v4)-[:KNOWS]->(c5)`,
      { base },
    );
    const person = (suffix: string, name: string) => ({ id: id(suffix), kind: 'Person', name });
    const expected = [
      { id: id('c1'), length: 1, via: null, through: null, direct: false },
      { id: id('c2'), length: 2, via: null, through: null, direct: false },
      // a – department – V1 – C3 comes before a – training – V2 – C3 by ids
      {
        id: id('c3'),
        length: 3,
        via: person('v1', 'V1'),
        through: { id: id('n1-dep'), kind: 'Department', name: 'Afdelingen' },
        direct: false,
      },
      {
        id: id('c4'),
        length: 4,
        via: person('v3', 'V3'),
        through: { id: id('n3-net'), kind: 'Network', name: 'Netværket' },
        direct: false,
      },
      { id: id('c5'), length: 4, via: person('v4', 'V4'), through: null, direct: false },
    ];
    const q = bindQueries(app.db);
    const params = { from: id('a'), types: REL_TYPES, kinds: KINDS, at: today() };
    const all = expected.map((e) => e.id);
    const byId = (rows: { id: string }[]) => [...rows].sort((x, y) => x.id.localeCompare(y.id));
    const near = await q.contactWays({ ...params, ids: all });
    const four = await q.contactWaysFour({ ...params, ids: all.filter((i) => !near.some((r) => r.id === i)) });
    expect(byId([...near, ...four])).toEqual(expected);
    expect(byId(await q.contactPaths({ ...params, ids: all }))).toEqual(expected);
  });

  it('when there is no way from "from" to a contact then its path is null', async () => {
    const { word, people } = await topicNetwork();
    const loner = uid('p');
    await app.db.write("CREATE (:Entity:Person {id: $loner, name: 'Ensom'})", { loner });
    const { body } = await contacts(app, { topic: word, from: loner, limit: '1' });
    expect(body.contacts.map((c: { person: { id: string }; path: unknown }) => [c.person.id, c.path])).toEqual([
      [people.leader.id, null],
    ]);
  });

  it('when "from" does not exist then 404, and when it is not a person then 400 names "from"', async () => {
    expect(await contacts(app, { topic: 'erhvervsservice', from: 'no-such-person' })).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'There is no node with id "no-such-person".' } },
    });
    expect(await contacts(app, { topic: 'erhvervsservice', from: 'udvikling-af-erhvervsservice' })).toEqual({
      status: 400,
      body: {
        error: {
          code: 'validation',
          message: 'The query parameter "from" must be a person; "udvikling-af-erhvervsservice" is a Network.',
          details: { field: 'from' },
        },
      },
    });
    expect(await contacts(app, { topic: 'erhvervsservice', from: 'a b' })).toMatchObject({
      status: 400,
      body: { error: { details: { field: 'from' } } },
    });
  });

  it('when the topic is only punctuation then nothing matches and that is not an error', async () => {
    expect(await contacts(app, { topic: '!!! ?? "' })).toEqual({
      status: 200,
      body: { topic: '!!! ?? "', matches: [], contacts: [], suggestions: [], nearestDepartment: null },
    });
  });

  it('when topic or limit is bad then 400 names it', async () => {
    expect(await contacts(app, { topic: ' ' })).toMatchObject({
      status: 400,
      body: { error: { details: { field: 'topic' } } },
    });
    expect(await contacts(app, { topic: 'x', limit: '51' })).toEqual({
      status: 400,
      body: {
        error: {
          code: 'validation',
          message: 'The query parameter "limit" must be at most 50.',
          details: { field: 'limit' },
        },
      },
    });
  });

  it.each(['a:b (c OR "d', 'title:*', '\\', '[1 TO 5]', 'NOT *', '+-&&||!(){}[]^"~*?:\\/'])(
    'when the topic holds Lucene syntax (%s) then it answers 200',
    async (topic) => {
      const { status, body } = await contacts(app, { topic });
      expect(status).toBe(200);
      expect(body.topic).toBe(topic);
    },
  );
});
