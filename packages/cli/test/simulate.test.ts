import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulateArgs } from '../src/commands/simulate';
import { UnknownPackError, UsageError } from '../src/errors';
import { findPack } from '../src/packs/registry';
import { breachColour, renderHtmlReport, taskBreachRates } from '../src/report/html';
import { formatPackReport, formatPackSummary } from '../src/report/text';
import { runPackSimulation } from '../src/simulation';
import { chromiumExecutable, withPage } from './html';
import { runCli } from './support';

describe('Feature: simulate options', () => {
  it('Scenario: a valid command line becomes typed options with defaults', () => {
    expect(simulateArgs(['group-opportunity-transfer'])).toEqual({ pack: 'group-opportunity-transfer', seed: 1, json: false });
    expect(simulateArgs(['broadband-field-sales', '--days', '3', '--seed', '7', '--json', '--html', 'r.html'])).toEqual({ pack: 'broadband-field-sales', days: 3, seed: 7, json: true, html: 'r.html' });
    expect(simulateArgs(['broadband-field-sales', '--help'])).toBe('help');
  });

  it.each([
    [['nope'], UnknownPackError, /Unknown pack 'nope'.*broadband-field-sales, group-opportunity-transfer/],
    [[], UsageError, /No pack given/],
    [['broadband-field-sales', 'group-opportunity-transfer'], UsageError, /Expected one pack, got 2/],
    [['broadband-field-sales', '--days', '0'], UsageError, /--days expects a whole number between 1 and 366, got '0'/],
    [['broadband-field-sales', '--days', 'many'], UsageError, /--days expects a whole number/],
    [['broadband-field-sales', '--cases', '1.5'], UsageError, /--cases expects a whole number/],
    [['broadband-field-sales', '--days', '2', '--cases', '9'], UsageError, /--days or --cases, not both/],
    [['broadband-field-sales', '--seed'], UsageError, /--seed/],
  ])('Scenario: %j is refused with a usage error', (argv, type, message) => {
    expect(() => simulateArgs(argv)).toThrow(type);
    expect(() => simulateArgs(argv)).toThrow(message);
  });
});

describe('Feature: simulating a pack and reporting on it', () => {
  it('Scenario: a week of opportunities gives SLA tables by clock and by task, KPIs, and the same result for the same seed', async () => {
    // given / when
    const pack = findPack('group-opportunity-transfer');
    const a = await runPackSimulation(pack, { seed: 1, days: 7 });
    const b = await runPackSimulation(pack, { seed: 1, days: 7 });
    // then
    expect(a.summary!.casesStarted).toBe(b.summary!.casesStarted);
    expect(formatPackReport(a).replace(/[\d.]+ s\b/g, '')).toBe(formatPackReport(b).replace(/[\d.]+ s\b/g, ''));
    const [p] = a.processes;
    expect(p!.bySla.rows.map((r) => r.key)).toEqual(['claimAccountManager', 'claimSocialChannel', 'firstContactAccountManager', 'firstContactSocialChannel', 'redispatch']);
    expect(p!.clocks.length).toBe(p!.bySla.total.count);
    const text = formatPackReport(a);
    expect(text).toMatch(/SLA by clock — groupOpportunityTransfer[\s\S]*claimSocialChannel +\d+/);
    expect(text).toMatch(/SLA by task — groupOpportunityTransfer[\s\S]*dispatchByOperations +\d+/);
    expect(text).toMatch(/opportunity transfer report:\n {2}captured \d+/);
    expect(formatPackSummary(a).split('\n').length).toBeLessThanOrEqual(8);
  }, 60_000);

  it('Scenario: --cases stops after that many cases', async () => {
    const r = await runPackSimulation(findPack('broadband-field-sales'), { seed: 2, cases: 40 });
    expect(r.summary!.casesStarted).toBe(40);
    expect((r.kpis.data as { cases: number }).cases).toBe(40);
  }, 60_000);
});

describe.skipIf(!chromiumExecutable)('Feature: the HTML report in headless Chromium', () => {
  it('Scenario: the diagram renders from the inlined bpmn-js, tasks carry their breach colours, charts show every SLA, nothing is fetched', async () => {
    // given a report written to a file
    const report = await runPackSimulation(findPack('group-opportunity-transfer'), { seed: 1, days: 7 });
    const dir = mkdtempSync(join(tmpdir(), 'handoff-html-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtmlReport([report]));
    const expected = taskBreachRates(report.processes[0]!.byTask);
    expect(Object.keys(expected).length).toBe(5);
    try {
      // when it is opened with the network blocked
      const seen = await withPage(file, async (page, requests) => {
        await page.waitForSelector('body[data-diagrams-rendered="1"]', { timeout: 30_000 });
        return {
          requests,
          rendered: await page.getAttribute('#diagram-0-0', 'data-rendered'),
          shapes: await page.locator('#diagram-0-0 .djs-element').count(),
          tasks: await page.evaluate(() =>
            Object.fromEntries([...document.querySelectorAll('[data-breach-rate]')].map((g) => [g.getAttribute('data-element-id'), { rate: Number(g.getAttribute('data-breach-rate')), fill: (g.querySelector('.djs-visual > rect') as SVGElement).style.fill }])),
          ),
          badges: await page.locator('.breach-badge').allTextContents(),
          charts: await page.evaluate(() => [...document.querySelectorAll('svg.histogram')].map((s) => ({ sla: s.getAttribute('data-sla'), limitLines: s.querySelectorAll('line.limit').length, bars: s.querySelectorAll('rect').length }))),
        };
      });
      // then
      expect(seen.requests).toEqual([]);
      expect(seen.rendered).toBe('true');
      expect(seen.shapes).toBeGreaterThan(40);
      expect(Object.keys(seen.tasks).sort()).toEqual(Object.keys(expected).sort());
      for (const [id, s] of Object.entries(expected)) {
        expect(seen.tasks[id]!.rate).toBeCloseTo(s.rate, 4);
        const [h, sat, l] = /hsl\((\d+), (\d+)%, (\d+)%\)/.exec(breachColour(s.rate))!.slice(1).map(Number);
        expect(seen.tasks[id]!.fill).toBe(hslToRgb(h!, sat!, l!));
      }
      expect(seen.badges.sort()).toEqual(Object.values(expected).map((s) => `${(s.rate * 100).toFixed(1)}%`).sort());
      expect(seen.charts.map((c) => c.sla)).toEqual(report.processes[0]!.bySla.rows.map((r) => r.key));
      expect(seen.charts.every((c) => c.limitLines === 1 && c.bars > 0)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

/** `hsl()` → the `rgb()` Chromium reports for a style. */
function hslToRgb(h: number, s: number, l: number): string {
  const a = (s / 100) * Math.min(l / 100, 1 - l / 100);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l / 100 - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return `rgb(${f(0)}, ${f(8)}, ${f(4)})`;
}

describe('Feature: the simulate and report command lines', () => {
  it('Scenario: a short run prints the SLA tables; --json is JSON; an unknown pack exits 2', () => {
    const r = runCli(['simulate', 'group-opportunity-transfer', '--days', '2', '--seed', '3']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^== group-opportunity-transfer/);
    expect(r.stdout).toMatch(/SLA by clock — groupOpportunityTransfer/);
    expect(r.stderr).toBe(''); // not a terminal: no progress bar
    const j = runCli(['simulate', 'group-opportunity-transfer', '--days', '2', '--seed', '3', '--json']);
    const data = JSON.parse(j.stdout) as { pack: string; summary: { seed: number }; processes: { bySla: { rows: unknown[] } }[] };
    expect(data).toMatchObject({ pack: 'group-opportunity-transfer', summary: { seed: 3 } });
    expect(data.processes[0]!.bySla.rows.length).toBeGreaterThan(0);
    const bad = runCli(['simulate', 'broadband']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: Unknown pack 'broadband'\. — use one of: broadband-field-sales, group-opportunity-transfer/);
  }, 120_000);

  it('Scenario: simulate --store keeps the cases in PGlite; report --store reads the same SLA and KPI figures back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-store-'));
    const data = join(dir, 'data');
    try {
      // given a small run kept in a PGlite directory
      const sim = runCli(['simulate', 'group-opportunity-transfer', '--cases', '12', '--seed', '5', '--store', data], { timeout: 240_000 });
      expect(sim.stderr).toMatch(/cases kept in /);
      expect(sim.code).toBe(0);
      // when the store is reported on by another process
      const rep = runCli(['report', '--store', data, '--html', join(dir, 'r.html')], { timeout: 240_000 });
      expect(rep.code).toBe(0);
      // then the SLA tables and the KPIs are those of the run
      const tables = (s: string) => s.slice(s.indexOf('SLA by clock'));
      expect(tables(rep.stdout)).toBe(tables(sim.stdout));
      expect(rep.stdout).toMatch(/captured 12 /);
      expect(readFileSync(join(dir, 'r.html'), 'utf8')).toMatch(/<svg class="histogram" data-sla="claimSocialChannel"/);
      // and a second simulation into the same store is refused
      const again = runCli(['simulate', 'group-opportunity-transfer', '--cases', '3', '--store', data], { timeout: 240_000 });
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/already holds 12 case\(s\) of groupOpportunityTransfer/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);

  it('Scenario: report usage errors exit 2', () => {
    const none = runCli(['report']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/No store given/);
    const missing = runCli(['report', '--store', '/nonexistent/handoff-data']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such directory/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
