/**
 * `handoff simulate hall-walk-routes` through the command line (child processes): both
 * scenarios, `--json`'s shape, `--html`, `--days N`, `--cases N`, `--store` with
 * `handoff report --pack`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support';

const dir = mkdtempSync(join(tmpdir(), 'handoff-hall-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 24 * 3_600_000;
const MONDAY = Date.parse('2026-03-02T00:00:00+08:00');

interface Stats { customers: number; mean: number; max: number; within10: number }
interface Day { scenario: string; seed: number; date: string; arrived: number; exited: number; inHall: number; overall: Stats; counterQueue: Stats & { tickets: number; warnings: number; breaches: number }; diversionRate: number; customers?: unknown }
interface SlaRow { key: string; count: number; breached: number }
interface HallJson {
  pack: string;
  scenario: string;
  zone: string;
  range: { from: number; to: number };
  summary?: unknown;
  processes: { processId: string; bySla: { rows: SlaRow[]; total: SlaRow }; byTask: { rows: SlaRow[]; total: SlaRow }; clocks: number }[];
  kpis: { title: string; lines: string[]; data: { scenario: string; seed: number; days: Day[]; total: { dates: string[]; arrived: number; exited: number; inHall: number; overall: Stats; counterQueue: { tickets: number; breaches: number; warnings: number }; diversionRate: number } } };
}

/** Run `handoff simulate hall-walk-routes …args --json`, expecting exit 0. */
function simulateJson(args: string[]): { json: HallJson; stderr: string } {
  const r = runCli(['simulate', 'hall-walk-routes', ...args, '--json'], { timeout: 240_000 });
  expect(r.code, r.stderr).toBe(0);
  return { json: JSON.parse(r.stdout) as HallJson, stderr: r.stderr };
}

/** The SLA figures of a run agree with the pack's own counts: one queue clock per counter ticket. */
function expectConsistent(j: HallJson): void {
  const [p] = j.processes;
  const t = j.kpis.data.total;
  expect(p!.processId).toBe('hallWalkRoutes');
  expect(p!.bySla.total.count).toBe(t.counterQueue.tickets);
  expect(p!.bySla.total.breached).toBe(t.counterQueue.breaches);
  expect(p!.clocks).toBe(p!.bySla.total.count);
  expect(p!.byTask.total.count).toBe(p!.bySla.total.count);
  expect(t.arrived).toBe(j.kpis.data.days.reduce((s, d) => s + d.arrived, 0));
  expect(t.exited + t.inHall).toBe(t.arrived);
  expect(j.kpis.data.days.every((d) => d.customers === undefined)).toBe(true); // per-customer records stay out of the JSON
}

describe('Feature: handoff simulate hall-walk-routes, one scenario at a time', () => {
  let divert: HallJson;

  it('Scenario: --scenario allAtCounter --json --html — the old hall: one queue clock per customer, the report with the hall diagram', () => {
    // when
    const html = join(dir, 'old.html');
    const { json: j, stderr } = simulateJson(['--scenario', 'allAtCounter', '--html', html]);
    // then the JSON is one pack report on the hall day, with the pack's own report as data
    expect(stderr).toBe(`wrote ${html}\n`);
    expect(j).toMatchObject({ pack: 'hall-walk-routes', scenario: 'allAtCounter', zone: 'Asia/Shanghai', range: { from: MONDAY, to: MONDAY + DAY } });
    expect(j.summary).toBeUndefined();
    expect(j.processes[0]!.bySla.rows.map((r) => r.key)).toEqual(['queue']);
    expect(j.processes[0]!.byTask.rows.map((r) => r.key)).toEqual(['serveAtCounter']);
    expect(j.kpis.title).toBe('hall day — all at the counter (old hall)');
    expect(j.kpis.lines[0]).toBe('Hall day 2026-03-02 — scenario allAtCounter: all at the counter (old hall) (seed 1)');
    expect(j.kpis.lines.at(-1)).toMatch(/^\(\d+\.\d\d s\)$/);
    const d = j.kpis.data;
    expect(d).toMatchObject({ scenario: 'allAtCounter', seed: 1, total: { dates: ['2026-03-02'] } });
    expect(d.days).toHaveLength(1);
    expect(d.days[0]).toMatchObject({ scenario: 'allAtCounter', seed: 1, date: '2026-03-02', diversionRate: 0 });
    expect(d.days[0]!.counterQueue.tickets).toBe(d.days[0]!.arrived); // everyone at the counter
    expectConsistent(j);
    // and the HTML report shows the hall process with its queue chart and the pack's report
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<section class="pack" id="pack-0" data-pack="hall-walk-routes"><h2>hall-walk-routes — allAtCounter</h2>');
    expect(page).toContain('<div class="diagram" id="diagram-0-0" data-process="hallWalkRoutes"></div>');
    expect([...page.matchAll(/<svg class="histogram" data-sla="([^"]+)"/g)].map((m) => m[1])).toEqual(['queue']);
    expect(page).toContain('<li>Hall day 2026-03-02 — scenario allAtCounter: all at the counter (old hall) (seed 1)</li>');
  }, 240_000);

  it('Scenario: --scenario greetersDivert --json --html — the new hall diverts: three queue clocks, far fewer breaches', () => {
    const html = join(dir, 'new.html');
    const { json: j } = simulateJson(['--scenario', 'greetersDivert', '--html', html]);
    divert = j;
    expect(j).toMatchObject({ pack: 'hall-walk-routes', scenario: 'greetersDivert', kpis: { title: 'hall day — greeters divert (new hall)', data: { scenario: 'greetersDivert', seed: 1 } } });
    expect(j.processes[0]!.bySla.rows.map((r) => r.key)).toEqual(['queue', 'queueContract', 'queueIdentity']);
    expect(j.kpis.data.total.diversionRate).toBeGreaterThan(0.3);
    expect(j.processes[0]!.bySla.total.breached / j.processes[0]!.bySla.total.count).toBeLessThan(0.1);
    expectConsistent(j);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<h2>hall-walk-routes — greetersDivert</h2>');
    expect([...page.matchAll(/<svg class="histogram" data-sla="([^"]+)"/g)].map((m) => m[1])).toEqual(['queue', 'queueContract', 'queueIdentity']);
  }, 240_000);

  it('Scenario: --days 2 — two hall days, 2026-03-02 and -03, seeds 1 and 2; the first day is the one-day run; a row per day and totals', () => {
    const { json: j } = simulateJson(['--scenario', 'greetersDivert', '--days', '2']);
    const d = j.kpis.data;
    expect(d.days.map((x) => [x.date, x.seed])).toEqual([['2026-03-02', 1], ['2026-03-03', 2]]);
    expect(d.days[0]).toEqual(divert.kpis.data.days[0]);
    expect(d.days[1]!.arrived).toBeGreaterThan(200);
    expect(j.range).toEqual({ from: MONDAY, to: MONDAY + 2 * DAY });
    expect(d.total.dates).toEqual(['2026-03-02', '2026-03-03']);
    expectConsistent(j); // the SLA report covers both days
    expect(j.kpis.title).toBe('hall days — greeters divert (new hall)');
    expect(j.kpis.lines[0]).toBe('Hall days 2026-03-02 .. 2026-03-03 (2) — scenario greetersDivert: greeters divert (new hall) (seed 1, day i: seed 1 + i)');
    expect(j.kpis.lines).toContainEqual(expect.stringMatching(new RegExp(`^ {2}2026-03-03 +2 +${d.days[1]!.arrived} +${d.days[1]!.exited} +${d.days[1]!.inHall} `)));
    expect(j.kpis.lines).toContainEqual(expect.stringMatching(new RegExp(`^ {2}overall +${d.total.arrived} `)));
    expect(j.kpis.lines).toContainEqual(expect.stringMatching(new RegExp(`^Counter queue \\(ticket → call\\) over the 2 days: ${d.total.counterQueue.tickets} tickets, .*${d.total.counterQueue.breaches} breaches \\(10 min\\)\\.$`)));
  }, 240_000);

  it('Scenario: --cases 450 — hall days one after another until 450 customers walked in; the last day closes its doors early, everyone is served', () => {
    const { json: j } = simulateJson(['--scenario', 'allAtCounter', '--cases', '450', '--seed', '4']);
    const d = j.kpis.data;
    expect(d.days.map((x) => x.date)).toEqual(['2026-03-02', '2026-03-03']);
    expect(d.total.arrived).toBe(450);
    expect(d.days[1]!.arrived).toBe(450 - d.days[0]!.arrived);
    expect(d.days[1]).toMatchObject({ seed: 5, inHall: 0 });
    expect(d.days[1]!.exited).toBe(d.days[1]!.arrived);
    expectConsistent(j);
  }, 240_000);
});

describe('Feature: handoff simulate hall-walk-routes, both scenarios and usage errors', () => {
  it('Scenario: without --scenario both run (text: a report each); an unknown scenario, or a store for both, exits 2', () => {
    const both = runCli(['simulate', 'hall-walk-routes', '--cases', '20'], { timeout: 240_000 });
    expect(both.code, both.stderr).toBe(0);
    const sections = both.stdout.split(/^(?===)/m);
    expect(sections.map((s) => s.split(':')[0])).toEqual(['== hall-walk-routes (allAtCounter)', '== hall-walk-routes (greetersDivert)']);
    for (const s of sections) {
      expect(s).toMatch(/\nSLA by clock — hallWalkRoutes \(working h:mm\)\n/);
      expect(s).toMatch(/Customers: 20 arrived, 20 left, 0 still in the hall\./);
    }
    for (const [args, message] of [
      [['--scenario', 'nope'], /^error: Pack hall-walk-routes has no scenario 'nope'\. — use one of: allAtCounter, greetersDivert\./],
      [['--store', join(dir, 'never')], /^error: Pack hall-walk-routes has 2 scenarios; a store holds one run\. — add --scenario \(one of: allAtCounter, greetersDivert\)\./],
      [['--days', '2', '--cases', '5'], /Give --days or --cases, not both/],
    ] as const) {
      const r = runCli(['simulate', 'hall-walk-routes', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  }, 300_000);
});

describe('Feature: the hall on a durable store, and handoff report --pack', () => {
  it('Scenario: --store keeps the hall day in PGlite; report --pack hall-walk-routes reads the same SLA tables; --pack of a pack not there exits 1; an unknown pack exits 2', () => {
    const data = join(dir, 'hall-data');
    // given 30 customers of the old hall kept in a PGlite directory
    const sim = runCli(['simulate', 'hall-walk-routes', '--scenario', 'allAtCounter', '--cases', '30', '--seed', '3', '--store', data], { timeout: 240_000 });
    expect(sim.code, sim.stderr).toBe(0);
    expect(sim.stderr).toBe(`cases kept in ${data} (handoff report --store ${data})\n`);
    expect(sim.stdout).toMatch(/Customers: 30 arrived, 30 left, 0 still in the hall\./);
    // when another process reports on the store, for the hall pack
    const rep = runCli(['report', '--store', data, '--pack', 'hall-walk-routes'], { timeout: 240_000 });
    // then the SLA tables are those of the run, and the visits are all there
    expect(rep.code, rep.stderr).toBe(0);
    const tables = (s: string) => s.slice(s.indexOf('SLA by clock'), s.indexOf('\n\nhall'));
    expect(tables(rep.stdout)).toBe(tables(sim.stdout));
    expect(tables(rep.stdout)).toMatch(/\nqueue +30 /);
    expect(rep.stdout).toMatch(/^== hall-walk-routes: /);
    expect(rep.stdout).toMatch(/\nhall visits:\n {2}visits 30, left the hall 30\n$/);
    // and --pack for a pack the store does not hold is "nothing to report" (exit 1), naming it
    const other = runCli(['report', '--store', data, '--pack', 'group-opportunity-transfer']);
    expect(other.code).toBe(1);
    expect(other.stdout).toBe('');
    expect(other.stderr).toBe(`error: the store ${data} holds no deployed process of group-opportunity-transfer — fill it with handoff simulate <pack> --store ${data}.\n`);
    // and an unknown pack is a usage error
    const unknown = runCli(['report', '--store', data, '--pack', 'hall']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: Unknown pack 'hall'\. — use one of: broadband-field-sales, group-opportunity-transfer, hall-walk-routes/);
    // and a second hall run into the same store is refused
    const again = runCli(['simulate', 'hall-walk-routes', '--scenario', 'greetersDivert', '--days', '1', '--store', data], { timeout: 240_000 });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds 30 case\(s\) of hallWalkRoutes/);
  }, 600_000);
});
