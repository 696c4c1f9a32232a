/**
 * The Handoff properties group in a bpmn-js Modeler, in headless Chromium: a web host
 * (bpmn-js + bpmn-js-properties-panel + HandoffPropertiesProviderModule) and a
 * Camunda-Modeler-like host loading the built Camunda Modeler plugin bundle. A pack's BPMN
 * opens, the group shows its SLA, edits are validated by the engine and saved as handoff:*.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildPluginBundle } from '../src/build/pluginBundle';
import { bundle, CHROMIUM, hasChromium, launch, openPage } from './browser';

if (!hasChromium) console.warn(`modeler browser tests SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);

const PACK = new URL('../../../process-packs/group-opportunity-transfer/bpmn/group-opportunity-transfer.bpmn', import.meta.url);
// The README's screenshots are rewritten only on request (HANDOFF_SCREENSHOTS=update); a plain test run writes to test-artifacts/ (ignored) and leaves the checkout clean.
const SCREENSHOTS = new URL(process.env.HANDOFF_SCREENSHOTS === 'update' ? '../screenshots/' : '../test-artifacts/', import.meta.url).pathname;
const harness = (name: string) => new URL(`./harness/${name}`, import.meta.url).pathname;
const input = (page: Page, id: string) => page.locator(`#bio-properties-panel-${id}`);

let browser: Browser;

describe.skipIf(!hasChromium)('Feature: analysts see and set SLAs in a bpmn-js modeler', () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('Scenario: a web host embeds the provider — the Handoff group shows the pack SLA, edits round-trip through saveXML', async () => {
    // given a Modeler with the properties panel, Handoff's provider and the pack's calendar
    const { page, errors } = await openPage(browser, [await bundle(harness('bpmnjs.js'))]);
    const warnings = await page.evaluate(([xml]) => (window as any).openModeler(xml, ['group-opportunity-workdays', 'cn-office']), [readFileSync(PACK, 'utf8')]);
    expect(warnings).toEqual([]);
    // when the SLA boundary is selected
    expect(await page.evaluate(() => (window as any).select('claimAccountManagerOverdue'))).toBe(true);
    // then the Handoff group shows its SLA, limit and calendar
    await page.locator('.bio-properties-panel-group-header-title', { hasText: 'Handoff' }).click();
    await expect.poll(() => input(page, 'handoff-sla').inputValue()).toBe('claimAccountManager');
    expect(await input(page, 'handoff-limit').inputValue()).toMatch(/^P(T\d+[HM]|\d+D)$/);
    expect(await input(page, 'handoff-calendar').inputValue()).toBe('group-opportunity-workdays');
    await page.screenshot({ path: `${SCREENSHOTS}web-host-handoff-group.png` });

    // when the analyst sets a 20-minute limit, a warning of 75% and the cn-office calendar
    const settle = () => page.waitForTimeout(600); // the panel's input debounce (300 ms)
    await input(page, 'handoff-limit').fill('PT20M');
    await settle();
    await input(page, 'handoff-warning').fill('75%');
    await settle();
    await input(page, 'handoff-calendar').selectOption('cn-office');
    await settle();
    // and the role the breach escalates to; a role with a space is refused inline by the engine's compile
    await input(page, 'handoff-escalate-to').fill('operations center');
    await expect.poll(() => page.locator('[data-entry-id="handoff-escalate-to"] .bio-properties-panel-error').textContent()).toMatch(/is not a role name/);
    await input(page, 'handoff-escalate-to').fill('operationsCenter');
    await settle();
    // then saveXML carries the handoff attributes
    const xml = await page.evaluate(() => (window as any).saveXML());
    const boundary = /<bpmn:boundaryEvent id="claimAccountManagerOverdue"[\s\S]*?<\/bpmn:boundaryEvent>/.exec(xml)?.[0] ?? '';
    expect(boundary).toMatch(/handoff:sla="claimAccountManager"/);
    expect(boundary).toMatch(/handoff:slaWarning="75%"/);
    expect(boundary).toMatch(/handoff:calendar="cn-office"/);
    expect(boundary).toMatch(/<bpmn:timeDuration[^>]*>PT20M<\/bpmn:timeDuration>/);
    expect(boundary).toMatch(/handoff:slaEscalateTo="operationsCenter"/);
    expect(boundary).not.toMatch(/slaEscalateTo="operations center"/);
    // and the saved file opens again with the role in the field (the round trip through save)
    await page.evaluate(([saved]) => (window as any).reimport(saved), [xml]);
    await page.evaluate(() => (window as any).select('claimAccountManagerOverdue'));
    await expect.poll(() => input(page, 'handoff-escalate-to').inputValue()).toBe('operationsCenter');
    expect(await input(page, 'handoff-limit').inputValue()).toBe('PT20M');

    // when a limit in weeks is typed (working days are fine, weeks are not), then the engine's message shows inline and nothing is saved
    await input(page, 'handoff-limit').fill('P1W');
    await expect.poll(() => page.locator('[data-entry-id="handoff-limit"] .bio-properties-panel-error').textContent()).toMatch(/weeks, months or years|fixed duration/);
    await page.screenshot({ path: `${SCREENSHOTS}web-host-inline-validation.png` });
    await page.waitForTimeout(600);
    expect(await page.evaluate(() => (window as any).saveXML())).not.toMatch(/>P1W</);

    // when the user task itself is selected, then the group shows the SLA of its boundary
    await page.evaluate(() => (window as any).select('claimByAccountManager'));
    await expect.poll(() => input(page, 'handoff-sla').inputValue()).toBe('claimAccountManager');
    expect(errors).toEqual([]);
  }, 120_000);

  it('Scenario: the Camunda Modeler plugin registers the descriptor and the group, and handoff:* survives a save', async () => {
    // given a Camunda-Modeler-like host and the plugin's built client bundle
    const { page, errors } = await openPage(browser, [await bundle(harness('camundaModeler.js')), await buildPluginBundle()]);
    const opened = await page.evaluate(([xml]) => (window as any).openModeler(xml), [readFileSync(PACK, 'utf8')]);
    expect(opened.registered.sort()).toEqual(['bpmn.modeler.additionalModules', 'bpmn.modeler.moddleExtension', 'lintRules.bpmn', 'lintRules.cloud-bpmn']);
    expect(opened.warnings).toEqual([]);
    // when the SLA boundary is selected and its SLA renamed
    await page.evaluate(() => (window as any).select('claimAccountManagerOverdue'));
    await page.locator('.bio-properties-panel-group-header-title', { hasText: 'Handoff' }).click();
    await expect.poll(() => input(page, 'handoff-sla').inputValue()).toBe('claimAccountManager');
    // the calendar picklist holds the plugin's calendars.json
    expect(await page.locator('#bio-properties-panel-handoff-calendar option').allTextContents()).toEqual(['24/7 (none)', 'cn-office', 'group-opportunity-workdays']);
    await input(page, 'handoff-sla').fill('claimWithinADay');
    await page.waitForTimeout(600);
    await page.screenshot({ path: `${SCREENSHOTS}camunda-modeler-plugin.png` });
    // then the saved XML keeps every handoff attribute of the file, with the new name
    const xml: string = await page.evaluate(() => (window as any).saveXML());
    expect(xml).toMatch(/handoff:sla="claimWithinADay"/);
    const original = readFileSync(PACK, 'utf8');
    const count = (s: string) => (s.match(/handoff:(sla|slaWarning|calendar)=/g) ?? []).length;
    expect(count(xml)).toBe(count(original));
    expect(errors).toEqual([]);
  }, 120_000);
});
