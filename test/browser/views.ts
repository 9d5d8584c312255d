import type { Page } from 'playwright-core';

// The client's views, and how to wait until one has loaded what it shows: shared by the browser
// tests that walk every view (roles.test.ts, languages.test.ts).

/** Each view of App.svelte, and the node view on each kind of node the booklet has, with the heading it must show. */
export const VIEWS: { name: string; url: string; h1: string }[] = [
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
];

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
