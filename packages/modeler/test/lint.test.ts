/**
 * `handoffLintConfig()`: bpmnlint-plugin-handoff packed as `{ config, resolver }`, the form
 * Camunda Modeler's linter plugins and bpmn-js-bpmnlint take. Run here by bpmnlint 11's own
 * Linter over a tree parsed with the handoff descriptor (as a modeler with the plugin holds it);
 * in Camunda Modeler's linter and bpmn-js-bpmnlint: test/lint.browser.test.ts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseBpmn } from '@handoff/engine';
import { describe, expect, it } from 'vitest';
import { handoffLintConfig } from '../src/lint';

// bpmnlint 11 ships CommonJS without types: the one class used here
const { Linter } = createRequire(import.meta.url)('bpmnlint') as { Linter: new (o: ReturnType<typeof handoffLintConfig>) => { lint(definitions: unknown): Promise<unknown> } };
const PACK = readFileSync(new URL('../../../process-packs/group-opportunity-transfer/bpmn/group-opportunity-transfer.bpmn', import.meta.url), 'utf8');
const CALENDARS = ['group-opportunity-workdays'];

async function lint(xml: string, packed = handoffLintConfig({ calendars: CALENDARS })) {
  // the engine's parser registers zeebe, camunda and handoff, as Camunda Modeler with the plugin does
  const { definitions } = await parseBpmn(xml);
  return (await new Linter(packed).lint(definitions)) as Record<string, { id: string; message: string; category: string }[]>;
}

describe('Feature: the Handoff lint rules packed for modelers', () => {
  it('Scenario: the pack file lints clean of errors with its calendar', async () => {
    const reports = await lint(PACK);
    expect(reports['handoff/deployable'] ?? []).toEqual([]);
  });

  it('Scenario: a limit in weeks on an SLA boundary is reported on that element by handoff/deployable, with the engine’s words', async () => {
    // given the claim timer's limit changed to one week (deploy refuses it)
    const xml = PACK.replace(/(<bpmn:boundaryEvent id="claimAccountManagerOverdue"[\s\S]*?<bpmn:timeDuration[^>]*>)P1D</, '$1P1W<');
    expect(xml).not.toBe(PACK);
    // when
    const reports = await lint(xml);
    // then
    const found = reports['handoff/deployable'] ?? [];
    expect(found.map((r) => r.id)).toEqual(['claimAccountManagerOverdue', 'claimAccountManagerOverdue']);
    expect(found.every((r) => r.category === 'error')).toBe(true);
    expect(found.map((r) => r.message).join('\n')).toMatch(/SLA 'claimAccountManager'.*fixed duration.*\[INVALID_SLA\]/);
  });

  it('Scenario: without the calendars option the pack’s calendar is unknown, as it would be to an engine without it', async () => {
    const reports = await lint(PACK, handoffLintConfig());
    expect(reports['handoff/deployable']?.map((r) => r.message).join(' ')).toMatch(/group-opportunity-workdays/);
  });

  it('Scenario: the bundle resolves only the plugin’s rules, and refuses an unknown preset', () => {
    const { config, resolver } = handoffLintConfig({ preset: 'all' });
    expect(config.rules).toEqual({ 'handoff/deployable': 'error', 'handoff/user-task-role': 'error', 'handoff/no-busy-cycle': 'error' });
    expect(typeof resolver.resolveRule('bpmnlint-plugin-handoff', 'deployable')).toBe('function');
    expect(() => resolver.resolveRule('bpmnlint', 'label-required')).toThrow(/cannot resolve rule <bpmnlint\/label-required>: not bundled/);
    expect(() => handoffLintConfig({ preset: 'strict' as never })).toThrow(/Unknown bpmnlint-plugin-handoff config 'strict'/);
  });
});
