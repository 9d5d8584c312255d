import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, signIn, uid } from '../helpers.js';
import { screenshot, startBrowser, type BrowserRun } from './browser.js';

async function signInAs(page: Page, role: 'reader' | 'coordinator') {
  await page.goto('/');
  const menu = page.getByTestId('user-menu');
  await menu.locator('select').selectOption(role);
  await menu.getByRole('button', { name: 'Log ind' }).click();
  await expect.poll(() => menu.textContent()).toMatch(/Log ud/);
}

/** Clicks a node where Cytoscape drew it, as a person would. */
async function clickNode(page: Page, id: string) {
  const canvas = page.getByTestId('graph-canvas');
  await canvas.scrollIntoViewIfNeeded();
  const point = await canvas.evaluate((el, nodeId) => {
    const cy = (el as unknown as { cy: { $id(id: string): { renderedPosition(): { x: number; y: number } } } }).cy;
    return cy.$id(nodeId).renderedPosition();
  }, id);
  const box = (await canvas.boundingBox())!;
  await page.mouse.click(box.x + point.x, box.y + point.y);
}

describe('editing in a real browser', () => {
  let run: BrowserRun;
  beforeAll(async () => {
    run = await startBrowser();
  });
  afterAll(() => run?.close());

  it('when a reader is signed in then no edit controls show', async () => {
    const page = await run.page();
    await signInAs(page, 'reader');
    await page.goto('/?view=network&id=bo-i-albertslund');
    await page.locator('h1').waitFor();
    await page.getByTestId('graph-canvas').waitFor();
    expect(await page.getByTestId('edit-tools').count()).toBe(0);
    expect(await page.getByTestId('draw-relation').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Opret' }).count()).toBe(0);
    // The history is there for everyone to read.
    expect(await page.getByTestId('history').count()).toBe(1);
  });

  it('when a coordinator adds a network with a leader, a partner and two petals and draws a relation then all of it is saved', {
    timeout: 120_000,
  }, async () => {
    // Two people of a department of their own, made through the API, to lead and to know.
    const cookie = await signIn(run.app, 'coordinator');
    const dep = uid('afd');
    const [leader, colleague] = [uid('leder'), uid('kollega')];
    const leaderName = `Lea ${leader.slice(-8)}`;
    await send(run.app, 'POST', '/api/nodes', {
      cookie,
      body: { id: dep, kind: 'Department', properties: { name: `Afdeling ${dep}` } },
    });
    for (const [id, name] of [
      [leader, leaderName],
      [colleague, `Kim ${colleague.slice(-8)}`],
    ] as const) {
      await send(run.app, 'POST', '/api/nodes', {
        cookie,
        body: { id, kind: 'Person', properties: { name, title: 'Konsulent' } },
      });
      await send(run.app, 'POST', '/api/relations', { cookie, body: { type: 'WORKS_IN', source: id, target: dep } });
    }

    const page = await run.page();
    await signInAs(page, 'coordinator');
    await page.getByRole('link', { name: 'Opret' }).click();
    const form = page.getByTestId('edit-node');
    const networkName = `Testnetværk ${uid('n').slice(-8)}`;
    await form.getByLabel('Navn *').fill(networkName);
    await form.getByLabel('Slags *').selectOption('velfaerd');
    await form.getByLabel('Status *').selectOption('i gang');
    await form.getByRole('button', { name: 'Opret' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(networkName);
    const networkId = new URL(page.url()).searchParams.get('id')!;

    const addRelation = async (option: string, search: string, pick: RegExp) => {
      await page.getByRole('button', { name: 'Tilføj forbindelse' }).click();
      const rf = page.getByTestId('relation-form');
      await rf.locator('select').first().selectOption(option);
      await rf.getByRole('combobox', { name: 'Til' }).fill(search);
      await rf.getByRole('option', { name: pick }).first().click();
      await rf.getByRole('button', { name: 'Gem forbindelse' }).click();
      await rf.waitFor({ state: 'detached' });
    };
    await addRelation('LEADS:in', leaderName, new RegExp(leaderName));
    await addRelation('COLLABORATES_WITH:out', 'UCC', /^UCC/);

    for (const [name, perspective] of [
      ['Nye samarbejdsrelationer', 'medarbejderne'],
      ['Kortere sagsbehandling', 'borgerne'],
    ]) {
      await page.getByRole('button', { name: 'Tilføj kronblad' }).click();
      const petal = page.getByTestId('edit-node');
      await petal.getByLabel('Navn *').fill(name!);
      await petal.getByLabel('Perspektiv *').selectOption(perspective!);
      await petal.getByRole('button', { name: 'Opret' }).click();
      await petal.waitFor({ state: 'detached' });
    }

    // Draw KNOWS between the leader and the colleague in the graph (three rings out).
    await page.goto(`/?view=network&id=${networkId}&depth=3`);
    await page.getByTestId('graph-canvas').waitFor();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    await page.getByTestId('draw-relation').click();
    await page.waitForTimeout(300);
    await clickNode(page, leader);
    await clickNode(page, colleague);
    const rf = page.getByTestId('relation-form');
    await rf.locator('select').first().selectOption('KNOWS:out');
    await rf.getByRole('button', { name: 'Gem forbindelse' }).click();
    await rf.waitFor({ state: 'detached' });
    await screenshot(page, 'editing');

    const flower = await send(run.app, 'GET', `/api/networks/${networkId}/flower`);
    expect(flower.body.leaders.map((p: { id: string }) => p.id)).toEqual([leader]);
    expect(flower.body.partners.map((p: { id: string }) => p.id)).toEqual(['ucc']);
    expect(flower.body.petals.medarbejderne.map((p: { name: string }) => p.name)).toEqual(['Nye samarbejdsrelationer']);
    expect(flower.body.petals.borgerne.map((p: { name: string }) => p.name)).toEqual(['Kortere sagsbehandling']);
    const person = await send(run.app, 'GET', `/api/nodes/${leader}`);
    expect(person.body.relations.KNOWS).toEqual([
      {
        direction: 'out',
        node: { id: colleague, kind: 'Person', name: `Kim ${colleague.slice(-8)}` },
        version: 1,
        properties: {},
      },
    ]);
  });
});
