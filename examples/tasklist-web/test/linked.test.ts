/**
 * Cases linked by call activities, and multi-instance tasks, on the case page: a host that
 * serves its own process (the `packs` option) — an order case that calls a credit check and
 * then has every reviewer review it. Through the HTTP API, and in headless Chromium when
 * it is installed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackEntry } from '../src/catalog';
import { signIn, startTestTasklist } from './support';

const CHROMIUM = process.env.HANDOFF_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const BPMN = readFileSync(join(import.meta.dirname, 'fixtures', 'linked-cases.bpmn'), 'utf8');

const orders: PackEntry = {
  name: 'orders',
  title: 'Orders',
  deploy: { bpmn: BPMN, sla: [{ id: 'review', processId: 'orderCase', start: { on: 'activity.entered', elementId: 'review' }, stop: { on: 'activity.left', elementId: 'review' }, limit: 'PT2H' }] },
  viewerRoles: ['clerk'],
  actions: [],
};
const people = [{ id: 'cleo', name: 'Cleo', title: 'Clerk', roles: ['clerk'] }];

let app: Awaited<ReturnType<typeof startTestTasklist>>;

describe('Feature: the case page links called cases and shows inner instances', () => {
  beforeAll(async () => {
    app = await startTestTasklist({ packs: [orders], people });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    expect(app?.errors ?? []).toEqual([]);
  });

  async function orderAtReview(): Promise<{ parent: string; child: string }> {
    const inst = await app.engine.start('orderCase', { reviewers: ['ann', 'bob', 'cy'] });
    const child = inst.children[0]!;
    const [check] = await app.engine.tasks.query({ instanceId: child, state: 'open' });
    await app.engine.tasks.complete(check!.id, { id: 'cleo', roles: ['clerk'] });
    return { parent: inst.id, child };
  }

  it('Scenario: the parent lists its called case, the called case names its parent', async () => {
    // given an order case whose call activity started a credit check
    const inst = await app.engine.start('orderCase', { reviewers: ['ann'] });
    const cleo = await signIn(app.url, 'cleo');
    // when the clerk opens both case pages
    const parent = await cleo.get(`/api/cases/${encodeURIComponent(inst.id)}`);
    const childId = inst.children[0]!;
    const child = await cleo.get(`/api/cases/${encodeURIComponent(childId)}`);
    // then each links the other, with process and status
    expect(parent.status).toBe(200);
    expect(parent.body.children).toEqual([{ id: childId, processId: 'creditCheck', status: 'active' }]);
    expect(parent.body.parent).toBeUndefined();
    expect(child.status, JSON.stringify(child.body)).toBe(200);
    expect(child.body.parent).toEqual({ id: inst.id, processId: 'orderCase', status: 'active' });
    expect(child.body.children).toEqual([]);
    expect(child.body.tasks).toEqual([expect.objectContaining({ elementId: 'check', state: 'open' })]);
    expect(child.body.tasks[0].inner).toBeUndefined();
  });

  it('Scenario: a multi-instance review shows each inner instance with its own SLA clock', async () => {
    // given the credit check is done and three reviewers each have a review task
    const { parent, child } = await orderAtReview();
    const cleo = await signIn(app.url, 'cleo');
    // when one review is completed after 30 minutes
    const [first] = await app.engine.tasks.query({ instanceId: parent, elementId: 'review', state: 'open' });
    (app.clock as { advance(ms: string | number): unknown }).advance('PT30M');
    await app.engine.tasks.complete(first!.id, { id: 'cleo', roles: ['clerk'] });
    (app.clock as { advance(ms: string | number): unknown }).advance('PT30M');
    const page = (await cleo.get(`/api/cases/${encodeURIComponent(parent)}`)).body;
    // then the case page numbers the three inner instances in input order, each on its own execution
    const reviews = page.tasks.filter((t: { elementId: string }) => t.elementId === 'review');
    expect(reviews.map((t: { inner: unknown; state: string }) => [t.inner, t.state])).toEqual([
      [{ index: 1, of: 3 }, 'completed'],
      [{ index: 2, of: 3 }, 'open'],
      [{ index: 3, of: 3 }, 'open'],
    ]);
    expect(new Set(reviews.map((t: { executionId: string }) => t.executionId)).size).toBe(3);
    // and the two open ones each have a running clock of their own execution, 1 h of 2 h left
    const open = reviews.filter((t: { state: string }) => t.state === 'open');
    for (const t of open) {
      const clock = page.clocks.find((c: { executionId?: string }) => c.executionId === t.executionId);
      expect(clock).toEqual(expect.objectContaining({ slaId: 'review', remaining: 3_600_000, colour: 'green' }));
    }
    expect(page.clocks.filter((c: { slaId: string }) => c.slaId === 'review')).toHaveLength(2);
    // and the finished credit check is still linked
    expect(page.children).toEqual([{ id: child, processId: 'creditCheck', status: 'completed' }]);
  });

  describe.skipIf(!existsSync(CHROMIUM))('in headless Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
    });

    it('Scenario: the clerk follows the link from the order to its credit check and back', async () => {
      // given an order at its review, and the clerk signed in on the page
      const { parent, child } = await orderAtReview();
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'Asia/Shanghai' });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(app.url);
      await page.getByTestId('signin-cleo').click();
      await page.getByTestId('live').filter({ hasText: 'live' }).waitFor();
      // when the clerk opens the order's case page
      await page.goto(`${app.url}/#/case/${encodeURIComponent(parent)}`);
      await page.getByTestId('case-title').filter({ hasText: 'orderCase' }).waitFor();
      // then the three reviews are listed as inner instances, each with its countdown
      await expect.poll(() => page.getByTestId('inner-task').allTextContents()).toEqual([
        expect.stringMatching(/^Review \[1 of 3\]: open — 2 h/),
        expect.stringMatching(/^Review \[2 of 3\]: open — 2 h/),
        expect.stringMatching(/^Review \[3 of 3\]: open — 2 h/),
      ]);
      // when the clerk follows the called case's link
      await page.getByTestId('child-case').click();
      await page.getByTestId('case-title').filter({ hasText: 'creditCheck' }).waitFor();
      expect(page.url()).toContain(encodeURIComponent(child));
      // then the credit check links back to the order
      await page.getByTestId('parent-case').click();
      await page.getByTestId('case-title').filter({ hasText: 'orderCase' }).waitFor();
      expect(errors).toEqual([]);
      await context.close();
    }, 60_000);
  });
});
