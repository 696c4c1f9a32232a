import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configs, ruleFactories } from 'bpmnlint-plugin-handoff';
import { HANDOFF_CONFIGS, HANDOFF_RULES } from '../src/lint/plugin';
import { lintXml } from '../src/lint/linter';
import { bufferIo } from '../src/io';
import { main } from '../src/main';

const ROOT = new URL('../../../', import.meta.url).pathname;
const pluginFixture = (name: string) => readFileSync(`${ROOT}packages/bpmnlint-plugin-handoff/test/fixtures/rules/${name}`, 'utf8');

describe('Feature: handoff lint runs the bpmnlint-plugin-handoff package', () => {
  it('Scenario: the rules and configs are the package’s, not a copy', () => {
    expect(HANDOFF_RULES).toBe(ruleFactories);
    expect(HANDOFF_CONFIGS).toBe(configs);
    expect(Object.keys(HANDOFF_RULES).sort()).toEqual(['deployable', 'no-busy-cycle', 'user-task-role']);
  });

  it('Scenario: what deploy refuses is an error on its element, with its line (the old FEEL drift included)', async () => {
    // given a file with `=now() > x` and `=a > > 3` (once linted clean, refused at deploy)
    const findings = (await lintXml(pluginFixture('deployable.fail.bpmn'), { extends: 'plugin:handoff/recommended' }, { calendars: ['cn-office'] })).filter((f) => f.rule !== 'parser');
    // then handoff/deployable reports both, as errors with lines; the calendar is known
    expect(findings.map((f) => [f.rule, f.category, f.elementId])).toEqual([
      ['handoff/deployable', 'error', 'nowCompare'],
      ['handoff/deployable', 'error', 'doubleOp'],
    ]);
    expect(findings.every((f) => f.line !== undefined && f.line > 1)).toBe(true);
  });

  it('Scenario: plugin:handoff/recommended reports style rules as warnings, so a file that deploys exits 0', async () => {
    const findings = (await lintXml(pluginFixture('no-busy-cycle.fail.bpmn'))).filter((f) => f.rule.startsWith('handoff/'));
    expect(findings.map((f) => [f.elementId, f.category])).toEqual([['merge', 'warn'], ['again', 'warn']]);
  });

  it('Scenario: the three packs and the quick start lint clean with their .bpmnlintrc plus the handoff rules (pack calendars known)', async () => {
    const { lintFile } = await import('../src/commands/lint');
    const { findLintConfig } = await import('../src/lint/linter');
    const files = ['process-packs/broadband-field-sales/bpmn/broadband-field-sales.bpmn', 'process-packs/group-opportunity-transfer/bpmn/group-opportunity-transfer.bpmn', 'process-packs/hall-walk-routes/bpmn/hall-walk-routes.bpmn', 'examples/quickstart/callback.bpmn'];
    for (const f of files) {
      const r = await lintFile(f, readFileSync(ROOT + f, 'utf8'), findLintConfig(ROOT + f));
      expect(r.findings, f).toEqual([]);
    }
  });

  it('Scenario: `handoff lint` exits 1 on a file deploy refuses, naming the rule; --calendars adds a calendar', async () => {
    const file = 'packages/bpmnlint-plugin-handoff/test/fixtures/rules/deployable.fail.bpmn';
    const io = bufferIo({ cwd: ROOT });
    expect(await main(['lint', '--config', 'process-packs/group-opportunity-transfer/.bpmnlintrc', file], io)).toBe(1);
    expect(io.out()).toMatch(/late\s+error\s+handoff:calendar="cn-office" names a calendar the engine does not know \[UNKNOWN_CALENDAR\].*\(handoff\/deployable\)/);
    expect(io.out()).toMatch(/doubleOp\s+error\s+condition: FEEL expression 'a > > 3'.*\(handoff\/deployable\)/);
    // when the calendar is given with --calendars, then only the FEEL problems remain
    const withCalendar = bufferIo({ cwd: ROOT });
    expect(await main(['lint', '--json', '--config', 'process-packs/group-opportunity-transfer/.bpmnlintrc', '--calendars', 'packages/engine/calendars/cn-2026.sample.json', file], withCalendar)).toBe(1);
    const [result] = JSON.parse(withCalendar.out()) as { findings: { rule: string; elementId?: string }[] }[];
    expect(result!.findings.filter((f) => f.rule === 'handoff/deployable').map((f) => f.elementId)).toEqual(['nowCompare', 'doubleOp']);
  });
});
