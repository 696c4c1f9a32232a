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

describe('Feature: validate --calendars (business calendars of your own)', () => {
  const bpmn = fixture('calendars/office-timer.bpmn');

  it('Scenario: a timer on a calendar the packs do not define fails without --calendars (exit 1) and deploys with it (exit 0)', () => {
    // given a process whose timer counts on handoff:calendar="test-office"
    // when it is validated with the bundled calendars only
    const without = runCli(['validate', bpmn]);
    // then the calendar is named as unknown, with the calendars that are known
    expect(without.code).toBe(1);
    expect(without.stdout).toMatch(/^FAIL {2}.*office-timer\.bpmn {2}\(1 problem\)\n {2}UNKNOWN_CALENDAR {2}late \(bpmn:BoundaryEvent\)\n {4}handoff:calendar="test-office" names a calendar the engine does not know\.\n {4}hint: .*known: \[24\/7, group-opportunity-workdays, retention-workdays, hotline-review-workdays\]/);
    // when the calendar is given as JSON
    const withCal = runCli(['validate', '--json', '--calendars', fixture('calendars/test-office.json'), bpmn]);
    // then the file deploys
    expect(withCal).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(withCal.stdout)).toEqual([{ file: bpmn, ok: true, processes: ['officeReview'], problems: [] }]);
    // and the bundled calendars stay known beside ours
    const both = runCli(['validate', '--calendars', fixture('calendars/test-office.json'), bpmn, 'process-packs/group-opportunity-transfer/bpmn/group-opportunity-transfer.bpmn']);
    expect(both.code).toBe(0);
    expect(both.stdout).toMatch(/2 files, 0 with problems/);
  }, 120_000);

  it.each([
    ['calendars/bad-hours.json', /bad-hours\.json: entry 1 is not a valid business calendar: .*hours\.mon\.0: '17:00-09:00' does not end after it starts\. — fix the field named/],
    ['calendars/not-json.json', /not-json\.json: is not JSON\. — write the calendar as JSON/],
    ['calendars/missing.json', /missing\.json: no such file\./],
  ])('Scenario: --calendars %s is refused before any file is checked (exit 2, one line)', (file, message) => {
    const r = runCli(['validate', '--calendars', fixture(file), bpmn]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: /);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});
