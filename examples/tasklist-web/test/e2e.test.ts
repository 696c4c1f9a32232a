/**
 * End-to-end in headless Chromium (playwright-core + Debian's chromium): two people in two
 * browser contexts, live updates over server-sent events, a breach on the virtual clock, and
 * a wrong-role request that bypasses the page. Screenshots go to `test-artifacts/`.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { broadbandCase, signIn, startTestTasklist } from './support';

const CHROMIUM = process.env.HANDOFF_CHROMIUM ?? '/usr/bin/chromium';
/** Flags that keep Chromium quiet on a machine without internet (see ECOSYSTEM.md). */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = join(import.meta.dirname, '..', 'test-artifacts');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`tasklist-web end-to-end tests SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set HANDOFF_CHROMIUM); .ci/run installs it.`);

let app: Awaited<ReturnType<typeof startTestTasklist>>;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pages: Page[] = [];
const cspConsole: string[] = [];

/** No page broke the Content-Security-Policy (inline styles or scripts, other origins). */
async function expectNoCspViolations(): Promise<void> {
  const seen = await Promise.all(pages.filter((p) => !p.isClosed()).map((p) => p.evaluate(() => ((window as any).__csp ?? []) as string[])));
  expect([...seen.flat(), ...cspConsole]).toEqual([]);
}

/** A fresh browser context (own cookies) signed in as `personId` through the sign-in page. */
async function personPage(personId: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'Asia/Shanghai' });
  contexts.push(context);
  // Everything runs under the server's Content-Security-Policy: any violation (an inline
  // style bpmn-js would set, a blocked connection) is collected and fails the scenario.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => ((window as any).__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  const page = await context.newPage();
  pages.push(page);
  page.on('pageerror', (err) => console.error(`[${personId} page] ${err.message}`));
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspConsole.push(`[${personId}] ${m.text()}`);
  });
  await page.goto(app.url);
  await page.getByTestId(`signin-${personId}`).click();
  await expect.poll(() => page.getByTestId('me').textContent()).toContain(personId === 'ana' ? 'Ana' : '');
  await page.getByTestId('live').filter({ hasText: 'live' }).waitFor();
  return page;
}

const row = (page: Page, elementId: string, instanceId?: string) => page.locator(`tr[data-testid=task][data-element-id=${elementId}]${instanceId ? `[data-task-id^="${instanceId}/"]` : ''}`);
const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

describe.skipIf(!hasChromium)('Feature: the tasklist in headless Chromium', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    app = await startTestTasklist();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
    expect(app?.errors ?? []).toEqual([]);
  }, 60_000);

  it('Scenario: a field rep reports a sale, the hotline list updates live, the agent calls back within the SLA', async () => {
    // given the rep and the hotline agent, each in their own browser context
    const [rep, agent] = await Promise.all([personPage('ana'), personPage('bo')]);
    const c = broadbandCase(1);
    // and the customer has already called the hotline (kept until the rep's visit is recorded)
    await agent.getByTestId('action-broadband.customerCall').click();
    await agent.locator('form [name=phone]').fill(c.phone);
    await agent.getByTestId('submit').click();
    await agent.getByTestId('toast').filter({ hasText: 'kept for 1 day' }).waitFor();
    await expect.poll(() => row(agent, 'callBack').count()).toBe(0);

    // when the rep opens the case at the door and records the visit (interested)
    await rep.getByTestId('action-broadband.openCase').click();
    await rep.locator('form [name=customer]').fill(c.customer);
    await rep.locator('form [name=phone]').fill(c.phone);
    await rep.locator('form [name=address]').fill(c.address);
    await rep.locator('form [name=grid]').fill(c.grid);
    await rep.getByTestId('submit').click();
    const visit = row(rep, 'visitCustomer');
    await visit.waitFor();
    const instanceId = (await visit.getAttribute('data-task-id'))!.split('/')[0]!;
    await visit.getByTestId('claim').click();
    await expect.poll(() => visit.getAttribute('data-state')).toBe('claimed');
    await visit.getByTestId('complete').click();
    // the form is drawn from the zod schema: a required yes/no
    await rep.getByTestId('submit').click();
    await expect.poll(() => rep.locator('[data-field=interested] .issue').textContent()).toMatch(/interested is required/);
    await rep.locator('form [name=interested]').selectOption('true');
    await shot(rep, '1-rep-visit-form');
    await rep.getByTestId('submit').click();
    await expect.poll(() => row(rep, 'visitCustomer').count()).toBe(0);

    // then the agent's list shows the callback without any action on the agent's page (SSE)
    const callback = row(agent, 'callBack', instanceId);
    await callback.waitFor({ timeout: 15_000 });
    expect(await callback.getAttribute('data-sla')).toBe('green');
    expect(await callback.getByTestId('sla').textContent()).toMatch(/30 min left/);
    await shot(agent, '2-agent-list-updated-live');

    // when 10 minutes pass and the agent calls back
    await agent.getByTestId('advance-PT10M').click();
    await expect.poll(() => callback.getByTestId('sla').textContent()).toMatch(/20 min left/);
    await callback.getByTestId('claim').click();
    await expect.poll(() => callback.getAttribute('data-state')).toBe('claimed');
    await callback.getByTestId('complete').click();
    await agent.locator('form [name=installable]').selectOption('true');
    await agent.getByTestId('submit').click();

    // then the callback is done within its SLA and the case moves on to second marketing
    await row(agent, 'secondMarketing', instanceId).waitFor();
    const met = await app.engine.history(instanceId, { types: ['sla.met'] });
    expect(met).toEqual([expect.objectContaining({ slaId: 'callback', elapsed: 10 * 60_000 })]);

    // and the case's diagram shows where it is
    await row(agent, 'secondMarketing', instanceId).getByTestId('open-case').click();
    await agent.locator('[data-testid=diagram][data-ready=true]').waitFor();
    expect(await agent.locator('.djs-element.hf-active[data-element-id=secondMarketing]').count()).toBe(1);
    await shot(agent, '3-case-diagram');
    // and all of it (the page, the live stream, the bpmn-js diagram) ran under the CSP
    const headers = (await agent.request.get(app.url)).headers();
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    await expectNoCspViolations();
  }, 180_000);

  it('Scenario: a breach turns the task red after the virtual clock passes the limit', async () => {
    // given a callback waiting for the hotline
    const ana = await signIn(app.url, 'ana');
    const c = broadbandCase(2);
    const instanceId = (await ana.post('/api/actions/broadband.openCase', c)).body.instanceId as string;
    const visit = (await ana.get('/api/tasks')).body.tasks.find((t: any) => t.instanceId === instanceId);
    await ana.post(`/api/tasks/${encodeURIComponent(visit.id)}/complete`, { interested: true });
    const supervisor = await personPage('chen');
    await (await signIn(app.url, 'bo')).post('/api/actions/broadband.customerCall', { phone: c.phone });
    const callback = row(supervisor, 'callBack', instanceId);
    await callback.waitFor();
    expect(await callback.getAttribute('data-sla')).toBe('green');

    // when the clock passes 24 minutes (the 80% warning) and then 30
    await (await signIn(app.url, 'chen')).post('/api/clock/advance', { by: 'PT25M' });
    await expect.poll(() => callback.getAttribute('data-sla')).toBe('amber');
    await shot(supervisor, '4-callback-amber');
    await (await signIn(app.url, 'chen')).post('/api/clock/advance', { by: 'PT6M' });

    // then the row turns red on the open page (live), and so does the diagram
    await expect.poll(() => callback.getAttribute('data-sla')).toBe('red');
    expect(await callback.getByTestId('sla').getAttribute('class')).toContain('sla-red');
    expect(await callback.getByTestId('sla').textContent()).toMatch(/1 min over/);
    await supervisor.getByTestId('toast').filter({ hasText: 'SLA breached' }).first().waitFor();
    await shot(supervisor, '5-callback-breached-red');
    await callback.getByTestId('open-case').click();
    const badge = supervisor.getByTestId('diagram-sla-callBack');
    await badge.waitFor();
    expect(await badge.getAttribute('data-sla')).toBe('red');
    expect(await supervisor.locator('.djs-element.hf-sla-red[data-element-id=callBack]').count()).toBe(1);
    await shot(supervisor, '6-case-diagram-breached');
    await expectNoCspViolations();
  }, 180_000);

  it('Scenario: a wrong-role user is refused by the API with a clear message, even when the page is bypassed', async () => {
    // given a callback task of the hotline
    const ana = await signIn(app.url, 'ana');
    const c = broadbandCase(3);
    const instanceId = (await ana.post('/api/actions/broadband.openCase', c)).body.instanceId as string;
    const visit = (await ana.get('/api/tasks')).body.tasks.find((t: any) => t.instanceId === instanceId);
    await ana.post(`/api/tasks/${encodeURIComponent(visit.id)}/complete`, { interested: true });
    await (await signIn(app.url, 'bo')).post('/api/actions/broadband.customerCall', { phone: c.phone });
    const task = (await app.engine.tasks.query({ instanceId, elementId: 'callBack' }))[0]!;

    // when the installer, signed in in the browser, does not see it and sends the commands by hand
    const installer = await personPage('dai');
    await installer.getByTestId('no-tasks').waitFor();
    const sent = await installer.evaluate(async (id) => {
      const post = async (path: string, body: unknown) => {
        const r = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        return { status: r.status, body: await r.json() };
      };
      return { claim: await post(`/api/tasks/${encodeURIComponent(id)}/claim`, {}), complete: await post(`/api/tasks/${encodeURIComponent(id)}/complete`, { installable: true }) };
    }, task.id);

    // then both are refused with the engine's message and hint, and the task is untouched
    for (const r of [sent.claim, sent.complete]) {
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN');
      expect(r.body.error.message).toMatch(/Actor 'dai' may not (claim|complete) task .* \(callBack\): it requires one of the roles \[hotline\]/);
      expect(r.body.error.hint).toMatch(/sign in as an actor holding one of \[hotline\]/);
    }
    expect((await app.engine.tasks.get(task.id))?.state).toBe('open');
    await shot(installer, '7-wrong-role-no-task');
    // and someone outside the process cannot even open the case page
    const accountManager = await personPage('he');
    await accountManager.goto(`${app.url}/#/case/${encodeURIComponent(instanceId)}`);
    await expect.poll(() => accountManager.getByTestId('case-error').textContent()).toMatch(/Actor 'he' may not view case/);
    await shot(accountManager, '8-wrong-role-case-refused');
    await expectNoCspViolations();
  }, 120_000);

  it('Scenario: another site can neither frame the signed-in tasklist nor post to it from the browser', async () => {
    // given a signed-in rep, and a page of another origin (another port: same site) open in the same browser
    const rep = await personPage('ana');
    const { createServer } = await import('node:http');
    const attacker = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<iframe id="f" src="${app.url}/"></iframe>
        <form id="csrf" method="POST" action="${app.url}/api/actions/broadband.openCase" enctype="text/plain"><input name='{"customer":"x","phone":"13800009999","address":"a","grid":"G01","x":"' value='"}'></form>`);
    });
    await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', () => r()));
    try {
      const evil = rep.context().pages()[0] === rep ? await rep.context().newPage() : rep;
      const blocked: string[] = [];
      evil.on('console', (m) => blocked.push(m.text()));
      await evil.goto(`http://127.0.0.1:${(attacker.address() as { port: number }).port}/`);
      // then the frame stays empty (frame-ancestors 'none')
      await expect.poll(() => blocked.some((t) => /frame-ancestors|Refused to (display|frame)/i.test(t)), { timeout: 10_000 }).toBe(true);
      const framed = evil.frames().find((f) => f.url().startsWith(app.url));
      expect(await framed?.locator('[data-testid=me]').count().catch(() => 0) ?? 0).toBe(0);
      // and the cross-origin form post (with the rep's cookie, same site) is refused and starts nothing
      const [answer] = await Promise.all([evil.waitForResponse((r) => r.url().includes('/api/actions/')), evil.locator('#csrf').evaluate((f: HTMLFormElement) => f.submit())]);
      expect(answer.status()).toBe(403);
      expect((await app.engine.instances.list({ processId: 'broadbandFieldSales' })).map((i) => i.businessKey)).not.toContain('13800009999');
      await evil.close();
    } finally {
      await new Promise<void>((r) => attacker.close(() => r()));
    }
  }, 120_000);
});
