import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeDaysOf, uid } from '../helpers.js';
import { type BrowserRun, startBrowser, axeViolations } from './browser.js';
import { settle, tracked } from './views.js';

// Who am I (issue 20) as a person meets it: signed in with the work e-mail of a Person, "how do I
// reach them" and who-to-contact start from them without picking oneself; signed in as no one in
// the graph, they are told so; an admin links such a user on the data page.

/** Polls until the value matches: a busy two-core machine (Neo4j, Chromium, other test files) can take a while over one step. */
const soon = <T>(value: () => T | Promise<T>) => expect.poll(value, { timeout: 30_000 });

const NOTICE =
  'Du er logget ind, men Ringe kender dig ikke som person. Bed en administrator om at knytte din bruger til dig.';

describe('who am I, in a real browser', () => {
  let run: BrowserRun;
  beforeAll(async () => {
    run = await startBrowser();
  });
  afterAll(() => run?.close());

  /** Mie (with a work e-mail) and Tom, a specialist in a word no other data holds, in one new department; and Ole elsewhere. */
  async function world() {
    const word = uid('emne').replace('-', '');
    const ids = { dep: uid('dep'), mie: uid('p'), tom: uid('p'), ole: uid('p') };
    const email = `${ids.mie}@albertslund.test`;
    await run.app.db.write(
      `CREATE (d:Entity:Department {id: $dep, name: 'Afdeling ' + $word}),
              (mie:Entity:Person {id: $mie, name: 'Mie ' + $word, email: $email}),
              (tom:Entity:Person {id: $tom, name: 'Tom ' + $word, title: 'Specialist i ' + $word}),
              (:Entity:Person {id: $ole, name: 'Ole ' + $word}),
              (mie)-[:WORKS_IN {since: '2020-01-01'}]->(d),
              (tom)-[:WORKS_IN {since: '2020-01-01'}]->(d)`,
      { ...ids, word, email: email.toUpperCase() },
    );
    await storeDaysOf(run.app.db, Object.values(ids));
    return { word, ids, email };
  }

  /** A page signed in through the development sign-in as a reader with this work e-mail, watched for errors. */
  async function signedIn(email: string, role = 'reader') {
    const page = await run.page();
    page.setDefaultTimeout(30_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      // The browser run's app has no admin-managed role list, so the data page's list of roles answers 503 (roles.test.ts covers it with one).
      if (m.type() === 'error' && !m.location().url.endsWith('/api/admin/roles'))
        errors.push(`console error: ${m.text()} (${m.location().url})`);
    });
    const res = await page.request.post('/api/auth/dev/sign-in', {
      data: { role, email },
      headers: { origin: run.app.url },
    });
    expect(res.status()).toBe(200);
    return { page, errors, inFlight: tracked(page) };
  }

  it('when Mie signs in with her e-mail then the way to Tom and who-to-contact start from her, and "Start fra mig" brings her back after another start', async () => {
    const { word, ids, email } = await world();
    const { page, errors, inFlight } = await signedIn(email.toLowerCase());
    await page.goto(`/?view=node&id=${ids.tom}`);
    // This browser once started from Ole.
    await page.evaluate(
      (ole) => localStorage.setItem('ringe.me', JSON.stringify({ id: ole.id, kind: 'Person', name: ole.name })),
      { id: ids.ole, name: `Ole ${word}` },
    );
    await page.reload();
    const reach = page.getByTestId('reach');
    await soon(() => reach.locator('p').first().textContent()).toMatch(`Vejene starter hos Ole ${word}`);
    await reach.getByRole('button', { name: 'Start fra mig' }).click();
    await soon(() => reach.locator('p').first().textContent()).toMatch(`Du er: Mie ${word}`);
    await soon(() => reach.locator('.path').count()).toBeGreaterThan(0);
    const steps = await reach.locator('.path').first().locator('li').allTextContents();
    expect(steps[0]).toMatch(new RegExp(`^Mie ${word} .*Afdeling ${word}`));
    expect(steps.at(-1)).toMatch(new RegExp(`^Tom ${word} `));
    expect(await page.getByTestId('me-unknown').count()).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem('ringe.me'))).toBeNull();
    await settle(page, inFlight);
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`/?topic=${word}`);
    const tom = page.getByTestId('contacts').locator('li.contact', { hasText: `Tom ${word}` });
    await soon(() => tom.locator('.path').textContent()).toMatch(/2 skridt fra dig/);
    await settle(page, inFlight);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, 150_000);

  it('when someone not in the graph signs in then they are told so, and once an admin links them on the data page they start from themselves', async () => {
    const { word, ids } = await world();
    const stranger = `${uid('ukendt')}@albertslund.test`;
    const { page, errors, inFlight } = await signedIn(stranger);
    await page.goto(`/?view=node&id=${ids.tom}`);
    await soon(() => page.getByTestId('reach').getByTestId('me-unknown').textContent()).toBe(NOTICE);
    await settle(page, inFlight);
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`/?topic=${word}`);
    await soon(() => page.getByTestId('contacts').getByTestId('me-unknown').textContent()).toBe(NOTICE);

    const admin = await signedIn(`${uid('admin')}@albertslund.test`, 'admin');
    await admin.page.goto('/?view=data');
    const links = admin.page.getByTestId('user-links');
    await links.getByLabel('Brugerens id hos udbyderen (sub)').fill(`dev:reader:${stranger}`);
    await links.getByRole('combobox', { name: 'Søg efter personen' }).fill(`Ole ${word}`);
    await links
      .getByRole('option', { name: new RegExp(`Ole ${word}`) })
      .first()
      .click();
    // The live region is in the page, empty, before the answer comes, so a screen reader reads the answer out.
    expect(await links.getByTestId('link-message').textContent()).toBe('');
    await links.getByRole('button', { name: 'Knyt brugeren til personen' }).click();
    await soon(() => links.getByTestId('link-message').textContent()).toBe(
      `dev:reader:${stranger} er nu knyttet til Ole ${word}.`,
    );
    await soon(() => links.locator('li', { hasText: `dev:reader:${stranger}` }).textContent()).toMatch(`Ole ${word}`);
    await settle(admin.page, admin.inFlight);
    expect(await axeViolations(admin.page)).toEqual([]);

    await page.goto(`/?view=node&id=${ids.tom}`);
    await soon(() => page.getByTestId('reach').locator('p').first().textContent()).toMatch(`Du er: Ole ${word}`);
    expect(await page.getByTestId('me-unknown').count()).toBe(0);
    expect([...errors, ...admin.errors]).toEqual([]);
  }, 150_000);

  it('when the list of links cannot be fetched then the admin is told so, and "Prøv igen" brings the list', async () => {
    const { ids } = await world();
    const sub = `dev:reader:${uid('linket')}@albertslund.test`;
    const admin = await signedIn(`${uid('admin')}@albertslund.test`, 'admin');
    const linked = await admin.page.request.put(`/api/user-links/${encodeURIComponent(sub)}`, {
      data: { personId: ids.ole },
      headers: { origin: run.app.url },
    });
    expect(linked.status()).toBe(200);
    // The connection drops for this one request, as on a bad network; the server is not touched.
    const drop = (route: { abort(): Promise<void> }) => route.abort();
    await admin.page.route('**/api/user-links', drop);
    await admin.page.goto('/?view=data');
    const links = admin.page.getByTestId('user-links');
    await soon(() => links.getByRole('alert').textContent()).toMatch(
      'Serveren svarer ikke. Tjek din forbindelse, og prøv igen om lidt.',
    );
    await settle(admin.page, admin.inFlight);
    expect(await axeViolations(admin.page)).toEqual([]);

    await admin.page.unroute('**/api/user-links', drop);
    await links.getByRole('button', { name: 'Prøv igen' }).click();
    await soon(() => links.locator('li', { hasText: sub }).textContent()).toMatch(`Ole `);
    expect(await links.getByRole('alert').count()).toBe(0);
    // The failed request is the console's only complaint.
    expect(admin.errors.filter((e) => !e.includes('/api/user-links'))).toEqual([]);
  }, 150_000);
});
