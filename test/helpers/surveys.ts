import { expect } from 'vitest';
import type { NodeRef } from '../../api/common.js';
import type { AnswerBody, Round } from '../../api/surveys.js';
import { type RunningApp, send, signIn, uid } from '../helpers.js';

// Survey data for the tests of the survey pages and of who sees what (issue 20): a network of
// its own, two departments of its own and people with work e-mails, made through the import as
// an admin would; rounds opened and answered through the API, each answer by its participant
// signed in with their e-mail (the development sign-in's `email`).

export interface SurveyPerson extends NodeRef {
  email: string;
  department: string;
}

export interface SurveyNetwork {
  /** A word no other test's data holds, in every name here. */
  word: string;
  network: NodeRef;
  departments: [NodeRef, NodeRef];
  /** The first leads the network, the rest take part; they alternate between the two departments. */
  people: SurveyPerson[];
}

/** The development sign-in (test/helpers.ts signIn), under the name the survey tests call it by. */
export { signIn as signInAs };

/** A network with `size` people (one leader), two departments, imported as the admin. */
export async function surveyNetwork(app: RunningApp, admin: string, size: number): Promise<SurveyNetwork> {
  const word = uid('maal').replace('-', '');
  const network: NodeRef = { id: uid('net'), kind: 'Network', name: `Netværk ${word}` };
  const departments: [NodeRef, NodeRef] = [
    { id: uid('dep'), kind: 'Department', name: `Afdeling Nord ${word}` },
    { id: uid('dep'), kind: 'Department', name: `Afdeling Syd ${word}` },
  ];
  const people: SurveyPerson[] = Array.from({ length: size }, (_, i) => {
    const id = uid('p');
    return {
      id,
      kind: 'Person',
      name: `${['Anna', 'Bo', 'Cecilie', 'Dan', 'Emma', 'Frej', 'Gitte', 'Hans'][i % 8]} ${word}${i >= 8 ? i : ''}`,
      email: `${id}@example.dk`,
      department: departments[i % 2]!.id,
    };
  });
  const res = await send(app, 'POST', '/api/import/json', {
    cookie: admin,
    body: {
      format: 'ringe-graph',
      version: 1,
      nodes: [
        {
          id: network.id,
          kind: 'Network',
          properties: { name: network.name, kind: 'velfaerd', status: 'i gang' },
        },
        ...departments.map((d) => ({ id: d.id, kind: 'Department', properties: { name: d.name } })),
        ...people.map((p) => ({ id: p.id, kind: 'Person', properties: { name: p.name, email: p.email } })),
      ],
      relations: people.flatMap((p, i) => [
        { type: 'WORKS_IN', source: p.id, target: p.department, properties: { since: '2020-01-01' } },
        {
          type: i === 0 ? 'LEADS' : 'PARTICIPATES_IN',
          source: p.id,
          target: network.id,
          properties: { since: '2020-01-01' },
        },
      ]),
    },
  });
  expect(res.status).toBe(200);
  expect(res.body.rejected).toEqual([]);
  return { word, network, departments, people };
}

/** Opens a round through the API (today through a fortnight on, unless told). */
export async function openRound(
  app: RunningApp,
  cookie: string,
  networkId: string,
  body: { opensOn: string; closesOn: string; askNamed?: boolean },
): Promise<Round> {
  const res = await send<Round>(app, 'POST', `/api/networks/${encodeURIComponent(networkId)}/surveys`, {
    cookie,
    body,
  });
  expect(res.status).toBe(201);
  return res.body;
}

/** What a participant answers: names the next person, rates the other department, writes one text. */
export function answerOf(n: SurveyNetwork, i: number, text?: string): AnswerBody {
  const me = n.people[i]!;
  const next = n.people[(i + 1) % n.people.length]!;
  const other = n.departments.find((d) => d.id !== me.department)!;
  return {
    named: [next.id],
    ratings: [
      {
        departmentId: other.id,
        scores: {
          frequent: 4,
          timely: 3,
          accurate: 4,
          problemSolving: 3,
          sharedGoals: 5,
          sharedKnowledge: 4,
          mutualRespect: 5,
        },
      },
    ],
    texts: text ? [{ perspective: 'borgerne', text, showName: false }] : [],
  };
}

/** Answers a round as the participant, signed in with their e-mail. */
export async function answerAs(app: RunningApp, roundId: string, person: SurveyPerson, body: AnswerBody) {
  const cookie = await signIn(app, 'reader', person.email);
  const res = await send(app, 'PUT', `/api/surveys/${encodeURIComponent(roundId)}/answer`, { cookie, body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}
