/**
 * bpmnlint-plugin-handoff inside modelers, in headless Chromium:
 * - Camunda Modeler's linter (`@camunda/linting`, which Camunda Modeler 5 runs with every
 *   `lintRules.<tab type>` client plugin added to its own rules) in the Camunda-Modeler-like
 *   host, with the built plugin bundle;
 * - bpmn-js-bpmnlint in a web host, with `handoffLintConfig()`: the overlays on the canvas.
 * A deploy problem typed into the diagram appears on its element, and goes when fixed.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildPluginBundle } from '../src/build/pluginBundle';
import { bundle, CHROMIUM, hasChromium, launch, openPage } from './browser';

if (!hasChromium) console.warn(`modeler lint browser tests SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);

const PACK = readFileSync(new URL('../../../process-packs/group-opportunity-transfer/bpmn/group-opportunity-transfer.bpmn', import.meta.url), 'utf8');
/** The pack with the claim SLA's limit in weeks: deploy refuses it (INVALID_SLA, INVALID_TIMER). */
const WEEKS = PACK.replace(/(<bpmn:boundaryEvent id="claimAccountManagerOverdue"[\s\S]*?<bpmn:timeDuration[^>]*>)P1D</, '$1P1W<');
/** A Camunda 7 diagram (execution platform "Camunda Platform", camunda: attributes) with the same mistake on its SLA boundary. */
const C7_WEEKS = readFileSync(new URL('./fixtures/camunda7-callback.bpmn', import.meta.url), 'utf8').replace('>PT30M<', '>P1W<');
// The README's screenshots are rewritten only on request (HANDOFF_SCREENSHOTS=update); a plain test run writes to test-artifacts/ (ignored) and leaves the checkout clean.
const SCREENSHOTS = new URL(process.env.HANDOFF_SCREENSHOTS === 'update' ? '../screenshots/' : '../test-artifacts/', import.meta.url).pathname;
const harness = (name: string) => new URL(`./harness/${name}`, import.meta.url).pathname;
type Report = { id: string; rule: string; category: string; message: string };
const handoffOnly = (reports: Report[]) => reports.filter((r) => r.rule.startsWith('handoff/'));

let browser: Browser;

describe.skipIf(!hasChromium)('Feature: Handoff’s lint rules run inside the modelers', () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    ['Camunda 8', 'cloud-bpmn', WEEKS, 'claimAccountManagerOverdue', /SLA 'claimAccountManager'.*fixed duration/, 'P1D'],
    ['Camunda 7', 'bpmn', C7_WEEKS, 'callbackLate', /SLA 'callback'.*fixed duration/, 'PT30M'],
  ])('Scenario: Camunda Modeler’s linter (%s diagram) runs the plugin’s lintRules and reports the deploy problem on its element', async (_flavour, tabType, file, boundary, message, fixed) => {
    // given the Camunda-Modeler-like host with the built plugin, and a file whose SLA limit is in weeks
    const { page, errors } = await openPage(browser, [await bundle(harness('camundaModeler.js')), await buildPluginBundle()]);
    const opened = await page.evaluate(([xml]) => (window as any).openModeler(xml), [file]);
    expect(opened.warnings).toEqual([]);
    expect(opened.registered).toContain(`lintRules.${tabType}`);
    // when Camunda Modeler's linter runs with the plugins of its tab type
    const reports: Report[] = await page.evaluate(([t]) => (window as any).lint(t), [tabType]);
    // then handoff/deployable reports the SLA boundary as an error, in the engine's words
    const mine = handoffOnly(reports).filter((r) => r.category === 'error');
    expect(mine.length).toBeGreaterThan(0);
    expect([...new Set(mine.map((r) => r.id))]).toEqual([boundary]);
    expect(mine.every((r) => r.rule === 'handoff/deployable')).toBe(true);
    expect(mine.map((r) => r.message).join('\n')).toMatch(message);
    // when the analyst sets a valid limit in the Handoff group, then the error is gone
    await page.evaluate(([id]) => (window as any).select(id), [boundary]);
    await page.locator('.bio-properties-panel-group-header-title', { hasText: 'Handoff' }).click();
    await page.locator('#bio-properties-panel-handoff-limit').fill(fixed);
    await page.waitForTimeout(600);
    const after: Report[] = await page.evaluate(([t]) => (window as any).lint(t), [tabType]);
    expect(handoffOnly(after).filter((r) => r.category === 'error')).toEqual([]);
    expect(errors).toEqual([]);
  }, 120_000);

  it('Scenario: bpmn-js-bpmnlint in a web host shows the deploy problem as an overlay on the element', async () => {
    // given a web host linting with handoffLintConfig() and the pack's calendar
    const { page, errors } = await openPage(browser, [await bundle(harness('bpmnjsLint.js'))]);
    expect(await page.evaluate(([xml]) => (window as any).openModeler(xml, ['group-opportunity-workdays']), [WEEKS])).toEqual([]);
    // then the linter's run lists the boundary, and the canvas shows an error overlay on it
    await expect.poll(() => page.evaluate(() => (window as any).lintRuns.length)).toBeGreaterThan(0);
    const issues = await page.evaluate(() => (window as any).lintRuns.at(-1));
    expect(Object.keys(issues)).toContain('claimAccountManagerOverdue');
    expect(issues.claimAccountManagerOverdue.map((i: any) => i.rule)).toEqual(['handoff/deployable', 'handoff/deployable']);
    const overlay = page.locator('.djs-overlay-container [data-container-id="claimAccountManagerOverdue"] .bjsl-overlay .bjsl-icon-error');
    await expect.poll(() => overlay.count()).toBe(1);
    await page.evaluate(() => (window as any).focusOn('claimAccountManagerOverdue'));
    await page.locator('.djs-overlay-container [data-container-id="claimAccountManagerOverdue"] .bjsl-overlay').hover();
    await page.screenshot({ path: `${SCREENSHOTS}web-host-lint-overlay.png` });
    // when the limit is fixed in the Handoff group, then the overlay goes
    await page.evaluate(() => (window as any).select('claimAccountManagerOverdue'));
    await page.locator('.bio-properties-panel-group-header-title', { hasText: 'Handoff' }).click();
    await page.locator('#bio-properties-panel-handoff-limit').fill('P1D');
    await expect.poll(() => overlay.count(), { timeout: 10_000 }).toBe(0);
    expect(errors).toEqual([]);
  }, 120_000);
});
