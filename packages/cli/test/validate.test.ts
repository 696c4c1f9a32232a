import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatValidateResult, validateBpmn } from '../src/commands/validate';
import { fixture, runCli } from './support';

describe('Feature: handoff validate (the engine deploy check)', () => {
  it('Scenario: a broken file lists every problem with code, element, line and hint', async () => {
    // given a file with a FEEL typo, a JavaScript script task and a bad timer
    const xml = readFileSync(fixture('broken.bpmn'), 'utf8');
    // when
    const r = await validateBpmn(xml, 'broken.bpmn');
    // then
    expect(r.ok).toBe(false);
    const codes = r.problems.map((p) => `${p.code} ${p.elementId}`);
    expect(codes).toEqual(expect.arrayContaining(['FEEL_SYNTAX toBig', 'INVALID_TIMER late']));
    expect(r.problems.some((p) => p.elementId === 'calc')).toBe(true);
    expect(r.problems.every((p) => p.hint.length > 0)).toBe(true);
    expect(r.problems.find((p) => p.elementId === 'toBig')?.line).toBeGreaterThan(1);
    const text = formatValidateResult(r);
    expect(text).toMatch(/^FAIL {2}broken\.bpmn {2}\(\d+ problems\)/);
    expect(text).toMatch(/FEEL_SYNTAX {2}line \d+ toBig \(bpmn:SequenceFlow\)\n {4}.*\n {4}hint: /);
  });

  it('Scenario: the packs deploy (their calendars are known)', async () => {
    const xml = readFileSync(new URL('../../../process-packs/group-opportunity-transfer/bpmn/group-opportunity-transfer.bpmn', import.meta.url), 'utf8');
    expect(await validateBpmn(xml, 'g.bpmn')).toMatchObject({ ok: true, processes: ['groupOpportunityTransfer'], problems: [] });
  });
});

describe('Feature: the validate command line', () => {
  it('Scenario: exit 0 for good files, 1 when one has problems, JSON on request', () => {
    const ok = runCli(['validate', 'examples/quickstart/callback.bpmn']);
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(ok.stdout).toMatch(/^ok {4}examples\/quickstart\/callback\.bpmn {2}\(1 process: saleCallback\)/);
    const bad = runCli(['validate', '--json', 'examples/quickstart/callback.bpmn', fixture('broken.bpmn')]);
    expect(bad.code).toBe(1);
    const json = JSON.parse(bad.stdout) as { ok: boolean; problems: { code: string }[] }[];
    expect(json.map((r) => r.ok)).toEqual([true, false]);
    expect(json[1]!.problems.length).toBeGreaterThanOrEqual(3);
  }, 120_000);

  it('Scenario: usage errors exit 2 with one clear line and no stack trace', () => {
    for (const [args, message] of [
      [['validate'], /No BPMN file given/],
      [['validate', 'missing.bpmn'], /missing\.bpmn: no such file/],
      [['validate', 'packages'], /is a directory/],
      [['validate', 'examples/quickstart/callback.png'], /is not an XML file/],
      [['validate', '--bogus', 'x.bpmn'], /Unknown option '--bogus'/],
      [['frobnicate'], /Unknown command 'frobnicate'/],
    ] as const) {
      const r = runCli([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/^error: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  }, 180_000);

  it('Scenario: --help on the command and on the CLI', () => {
    expect(runCli(['validate', '--help'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^usage: handoff validate/) });
    expect(runCli(['--help']).stdout).toMatch(/commands:\n {2}validate/);
  }, 120_000);
});
