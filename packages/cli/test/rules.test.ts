import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HANDOFF_RULES } from '../src/lint/plugin';
import { lintXml } from '../src/lint/linter';
import { fixture } from './support';

/** Rule → the elements its failing fixture must report (and nothing else); its passing fixture reports nothing. */
const TABLE: Record<string, string[]> = {
  'user-task-role': ['orphan'],
  'sla-attributes': ['callBack', 'noTimer', 'inDays', 'badWarning', 'warningAlone', 'calendarOnDate', 'calendarDays'],
  'feel-syntax': ['broken', 'juel', 'unmarked', 'route'],
  'no-javascript': ['jsTask', 'delegate', 'listened', 'jsCondition'],
  'timer-valid': ['monthNotMinute', 'noValue', 'badDate', 'badCycle', 'badFeel'],
  'no-busy-cycle': ['merge', 'again'],
};

const lintOnly = async (rule: string, file: string) => (await lintXml(readFileSync(fixture(`rules/${file}`), 'utf8'), { rules: { [`handoff/${rule}`]: 'error' } })).filter((f) => f.rule !== 'parser');

describe('Feature: the handoff bpmnlint rules', () => {
  it('Scenario: every rule of the plugin has a row in this table and a doc page', () => {
    expect(Object.keys(HANDOFF_RULES).sort()).toEqual(Object.keys(TABLE).sort());
    for (const rule of Object.keys(TABLE)) expect(readFileSync(new URL(`../../../docs/rules/${rule}.md`, import.meta.url), 'utf8')).toMatch(/## Incorrect[\s\S]*## Correct/);
  });

  for (const [rule, ids] of Object.entries(TABLE)) {
    it(`Scenario: ${rule} reports each wrong element of its failing fixture`, async () => {
      // given the failing fixture, when it is linted with only this rule
      const findings = await lintOnly(rule, `${rule}.fail.bpmn`);
      // then each planted mistake is reported, by element, and nothing else
      expect(findings.every((f) => f.rule === `handoff/${rule}` && f.category === 'error')).toBe(true);
      expect([...new Set(findings.map((f) => f.elementId))]).toEqual(ids);
      expect(findings.every((f) => f.line !== undefined && f.line > 1)).toBe(true);
    });
    it(`Scenario: ${rule} accepts its passing fixture`, async () => {
      expect(await lintOnly(rule, `${rule}.pass.bpmn`)).toEqual([]);
    });
  }

  it('Scenario: the messages say what is wrong', async () => {
    const text = (rule: string) => lintOnly(rule, `${rule}.fail.bpmn`).then((fs) => fs.map((f) => `${f.elementId}: ${f.message}`).join('\n'));
    expect(await text('feel-syntax')).toMatch(/broken: .*FEEL syntax error in 'amount > > 3 and \(' at column \d+/);
    expect(await text('feel-syntax')).toMatch(/juel: .*JUEL/);
    expect(await text('sla-attributes')).toMatch(/inDays: SLA limit 'P2D' is not a fixed duration/);
    expect(await text('sla-attributes')).toMatch(/badWarning: handoff:slaWarning="120%"/);
    expect(await text('timer-valid')).toMatch(/badCycle: Timer timeCycle 'every 10 minutes'/);
    expect(await text('no-javascript')).toMatch(/jsTask: Script task in 'javascript'/);
    expect(await text('no-busy-cycle')).toMatch(/merge: The cycle merge → prepare → check → merge has no wait state and no conditional exit/);
    expect(await text('no-busy-cycle')).toMatch(/again: The cycle again → attempt → failed → again/);
  });

  it('Scenario: plugin:handoff/recommended reports a busy cycle as a warning, the other rules as errors', async () => {
    const { HANDOFF_CONFIGS } = await import('../src/lint/plugin');
    expect(HANDOFF_CONFIGS.recommended!.rules['no-busy-cycle']).toBe('warn');
    const findings = (await lintXml(readFileSync(fixture('rules/no-busy-cycle.fail.bpmn'), 'utf8'))).filter((f) => f.rule === 'handoff/no-busy-cycle');
    expect(findings.map((f) => [f.elementId, f.category])).toEqual([['merge', 'warn'], ['again', 'warn']]);
  });

  it('Scenario: the three packs and the quick start lint clean with their .bpmnlintrc plus the handoff rules', async () => {
    const { lintFile } = await import('../src/commands/lint');
    const { findLintConfig } = await import('../src/lint/linter');
    const files = ['process-packs/broadband-field-sales/bpmn/broadband-field-sales.bpmn', 'process-packs/group-opportunity-transfer/bpmn/group-opportunity-transfer.bpmn', 'process-packs/hall-walk-routes/bpmn/hall-walk-routes.bpmn', 'examples/quickstart/callback.bpmn'];
    for (const f of files) {
      const path = new URL(`../../../${f}`, import.meta.url).pathname;
      const r = await lintFile(f, readFileSync(path, 'utf8'), findLintConfig(path));
      expect(r.findings, f).toEqual([]);
    }
  });
});
