import type { Page } from 'playwright-core';
import { today } from '../../api/common.js';
import { type RunningApp, send } from '../helpers.js';
import { answerAs, answerOf, openRound, type SurveyNetwork, signInAs, surveyNetwork } from '../helpers/surveys.js';

// The client's views, and how to wait until one has loaded what it shows: shared by the browser
// tests that walk every view (roles.test.ts, languages.test.ts).

/**
 * Data some views need that the booklet has not (and must not get: it holds the booklet's facts as
 * written): a survey network of its own with a closed round (results to show) and an open one.
 */
export interface Made {
  survey: SurveyNetwork;
  openRound: string;
  closedRound: string;
}

/** A view, with the heading it must show; a view on data the walk makes names it from `Made`. */
export interface View {
  name: string;
  url: string | ((made: Made) => string);
  h1: string | ((made: Made) => string);
}

/** Each view of App.svelte, and the node view on each kind of node the booklet has, with the heading it must show. */
export const VIEWS: View[] = [
  { name: 'search', url: '/', h1: 'Hvem skal du have fat i?' },
  { name: 'contacts for a topic', url: '/?topic=erhvervsservice', h1: 'Hvem skal du have fat i?' },
  { name: 'a person', url: '/?view=node&id=carina-kofoed', h1: 'Carina Kofoed' },
  { name: 'a partner', url: '/?view=node&id=ucc', h1: 'UCC' },
  {
    name: 'an outcome (petal)',
    url: '/?view=node&id=udviklingshaemmet-graviditet-manglende-sprog-samskabelse',
    h1: 'Samskabelse',
  },
  { name: 'a training', url: '/?view=node&id=netvaerkslederuddannelsen', h1: 'netværkslederuddannelsen' },
  { name: 'the networks', url: '/?view=networks', h1: 'Netværk' },
  {
    name: 'a network',
    url: '/?view=network&id=udviklingshaemmet-graviditet-manglende-sprog',
    h1: 'Udviklingshæmmet, graviditet, manglende sprog - familiesituation',
  },
  { name: 'the departments', url: '/?view=departments', h1: 'Afdelinger' },
  { name: 'a department', url: '/?view=department&id=social-familie', h1: 'Social & Familie' },
  { name: 'the overview', url: '/?view=overview', h1: 'Overblik' },
  {
    name: 'the report with changes',
    url: '/?view=report&since=2000-01-01',
    h1: 'Netværksstrukturen i Albertslund Kommune',
  },
  { name: 'new', url: '/?view=new', h1: 'Opret ny' },
  { name: 'data', url: '/?view=data', h1: 'Data: hent og indlæs' },
  { name: 'the data sources', url: '/?view=sources', h1: 'Datakilder' },
  { name: 'a person in English', url: '/?view=node&id=carina-kofoed&lang=en', h1: 'Carina Kofoed' },
  // Each role meets the answer page in its own state: signed out the sign-in button, signed in
  // without being a person in Ringe the notice; all with the same heading.
  { name: 'a survey round to answer', url: (m) => `/?view=survey&id=${m.openRound}`, h1: 'Hvad har netværket skabt?' },
  {
    name: 'a network with survey rounds',
    url: (m) => `/?view=network&id=${m.survey.network.id}`,
    h1: (m) => m.survey.network.name,
  },
];

/** A view's address and heading on the data made for the walk. */
export function shown(view: View, made: Made): { name: string; url: string; h1: string } {
  return {
    name: view.name,
    url: typeof view.url === 'string' ? view.url : view.url(made),
    h1: typeof view.h1 === 'string' ? view.h1 : view.h1(made),
  };
}

/**
 * Makes the data of `Made` through the API, as the survey tests do: a network, its departments and
 * people imported by an admin; a round a coordinator opens, five answer and the coordinator closes
 * (results for every role), then an open round with two answers; and a topic asked that finds no one.
 * Nothing of the booklet is touched.
 */
export async function makeViewData(app: RunningApp): Promise<Made> {
  const [admin, coordinator] = [await signInAs(app, 'admin'), await signInAs(app, 'coordinator')];
  const survey = await surveyNetwork(app, admin, 7);
  const closesOn = new Date(Date.parse(`${today()}T00:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10);
  const closed = await openRound(app, coordinator, survey.network.id, { opensOn: today(), closesOn });
  for (let i = 0; i < 5; i++)
    await answerAs(app, closed.id, survey.people[i]!, answerOf(survey, i, `Læring ${i} ${survey.word}`));
  const close = await send(app, 'POST', `/api/surveys/${encodeURIComponent(closed.id)}/close`, { cookie: coordinator });
  if (close.status !== 200)
    throw new Error(`closing the round answered ${close.status}: ${JSON.stringify(close.body)}`);
  const open = await openRound(app, coordinator, survey.network.id, { opensOn: today(), closesOn });
  for (const i of [5, 6])
    await answerAs(app, open.id, survey.people[i]!, answerOf(survey, i, `Mere læring ${i} ${survey.word}`));
  // A topic that finds no one, so coordinators and admins see one on the search page ("Det søgte folk efter").
  const miss = await send(app, 'GET', `/api/contacts?topic=${encodeURIComponent('Zyqvux wyzqje')}`);
  if (miss.status !== 200 || miss.body.contacts.length)
    throw new Error(`the topic that finds no one answered ${miss.status}: ${JSON.stringify(miss.body)}`);
  return { survey, openRound: open.id, closedRound: closed.id };
}

/** A page that knows how many of its requests are under way. */
export function tracked(page: Page): () => number {
  let open = 0;
  page.on('request', () => open++);
  page.on('requestfinished', () => open--);
  page.on('requestfailed', () => open--);
  return () => open;
}

/**
 * Waits until the page has loaded what it shows: no request under way for a moment (the client
 * fetches in steps: session, data, then the graph's code and rings) and no "Henter …" left.
 * Playwright's networkidle fires once per load, so it would not wait for what opening a fold loads.
 */
export async function settle(page: Page, inFlight: () => number) {
  const QUIET_MS = 250;
  let quietSince = Date.now();
  while (Date.now() - quietSince < QUIET_MS) {
    if (inFlight() > 0) quietSince = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await page.waitForFunction(
    () =>
      ![...document.querySelectorAll('main [role="status"]')].some((el) => /Henter|Loading/.test(el.textContent ?? '')),
  );
}
