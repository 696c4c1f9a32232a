/**
 * `handoff demo` end to end as a child process, shortened with `--days 1` (every pack one
 * day, the hall day in both scenarios): exit code, a summary per pack, the HTML report with
 * each process diagram.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumExecutable, withPage } from './html';
import { runCli, type CliRun } from './support';

const dir = mkdtempSync(join(tmpdir(), 'handoff-demo-'));
const html = join(dir, 'demo.html');
let run: CliRun;

beforeAll(() => {
  run = runCli(['demo', '--days', '1', '--seed', '2', '--html', html], { timeout: 240_000 });
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The runs of the demo, in order: pack (scenario), its processes. */
const RUNS = [
  { head: 'broadband-field-sales', processIds: ['broadbandFieldSales'] },
  { head: 'group-opportunity-transfer', processIds: ['groupOpportunityTransfer'] },
  { head: 'hall-walk-routes (allAtCounter)', processIds: ['hallWalkRoutes'] },
  { head: 'hall-walk-routes (greetersDivert)', processIds: ['hallWalkRoutes'] },
  { head: 'retention-win-back', processIds: ['retentionWinBack', 'hotlineVisit'] },
  { head: 'hotline-service-marketing', processIds: ['hotlineServiceMarketing'] },
];
/** Every diagram of the report: its container id and process, run by run. */
const DIAGRAMS = RUNS.flatMap((r, i) => r.processIds.map((processId, j) => ({ container: `diagram-${i}-${j}`, processId })));

describe('Feature: handoff demo (shortened with --days 1)', () => {
  it('Scenario: it exits 0 and prints a summary per pack — broadband, opportunities, the hall day in both scenarios — then the report path', () => {
    expect(run.stderr).toBe(''); // not a terminal: no progress bar, no error
    expect(run.code).toBe(0);
    const blocks = run.stdout.split('\n\n');
    expect(blocks.length).toBe(RUNS.length + 1);
    RUNS.forEach(({ head, processIds }, i) => {
      const block = blocks[i]!;
      expect(block.startsWith(`== ${head}: `), block).toBe(true);
      for (const processId of processIds) expect(block).toMatch(new RegExp(`\\n {3}SLA ${processId}: [1-9]\\d* clocks, \\d+\\.\\d% on time, \\d+ breached`));
    });
    // every pack ran one day on seed 2
    expect(blocks[0]).toMatch(/\n {3}\d+ cases over 1 day from 2013-02-01 \(seed 2\)/);
    expect(blocks[1]).toMatch(/\n {3}\d+ cases over 1 day from 2026-03-02 \(seed 2\)/);
    expect(blocks[0]).toMatch(/\n {3}cases \d+ {2}suppressed \(do-not-disturb\)/);
    expect(blocks[1]).toMatch(/\n {3}captured \d+ \(leads \d+\)/);
    expect(blocks[2]).toMatch(/\n {3}Hall day 2026-03-02 — scenario allAtCounter: all at the counter \(old hall\) \(seed 2\)\n {3}Staffing: 2 greeters, 5 counters, 0 self-service units\. Customers: (\d+) arrived, \1 left, 0 still in the hall\./);
    expect(blocks[3]).toMatch(/\n {3}Hall day 2026-03-02 — scenario greetersDivert: greeters divert \(new hall\) \(seed 2\)\n {3}Staffing: 4 greeters, 2 counters, 4 self-service units\./);
    expect(blocks[4]).toMatch(/\n {3}rounds 1, listed \d+; work orders \d+ \(done \d+, on time \d+, retained \d+, won back \d+/);
    expect(blocks[5]).toMatch(/\n {3}\d+ cases over 1 day from 2012-10-01 \(seed 2\)/);
    expect(blocks[5]).toMatch(/\n {3}marketing calls \d+ of \d+ \(\d+\.\d%\) — phase 2 target 18\.0%: (met|not met); unanswered 0\n/);
    expect(blocks[RUNS.length]).toMatch(new RegExp(`^HTML report \\(diagrams coloured by breach rate, elapsed-time charts\\): ${html.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n${RUNS.length} simulations in \\d+\\.\\d s\\. Next: `));
  });

  it('Scenario: the HTML report is written, self-contained, with a section and the process diagram of every run', () => {
    expect(statSync(html).size).toBeGreaterThan(100_000); // the inlined bpmn-js viewer alone is ≈190 KB
    const page = readFileSync(html, 'utf8');
    expect([...page.matchAll(/<section class="pack" id="pack-(\d)" data-pack="([^"]+)">/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual(RUNS.map((r, i) => `${i} ${r.head.split(' ')[0]}`));
    expect([...page.matchAll(/<div class="diagram" id="(diagram-\d-\d)" data-process="([^"]+)">/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual(DIAGRAMS.map((d) => `${d.container} ${d.processId}`));
    const data = JSON.parse(/<script id="handoff-data" type="application\/json">([\s\S]*?)<\/script>/.exec(page)![1]!) as { diagrams: { container: string; xml: string; rates: Record<string, unknown> }[] };
    expect(data.diagrams.map((d) => d.container)).toEqual(DIAGRAMS.map((d) => d.container));
    data.diagrams.forEach((d, i) => {
      expect(d.xml).toContain(`<bpmn:process id="${DIAGRAMS[i]!.processId}"`);
      expect(d.xml).toContain('<bpmndi:BPMNDiagram');
      expect(Object.keys(d.rates).length).toBeGreaterThan(0); // tasks with SLA clocks to colour
    });
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/);
    // the hotline pack's own tables: the source's report per agent by month and per team by day
    expect([...page.matchAll(/<table class="sla pack-table"><caption>([^<]+)<\/caption><thead><tr>((?:<th>[^<]*<\/th>)+)/g)].map((m) => [m[1], m[2]!.split('</th><th>').length])).toEqual([
      ['话务员营销统计 — per agent (工号), by month', 15],
      ['班组营销统计 — per team (班组), by day', 15],
    ]);
  });

  it.skipIf(!chromiumExecutable)('Scenario: in headless Chromium, with the network blocked, every diagram is drawn', async () => {
    const seen = await withPage(html, async (page, requests) => {
      await page.waitForSelector(`body[data-diagrams-rendered="${DIAGRAMS.length}"]`, { timeout: 60_000 });
      return { requests, rendered: await page.evaluate(() => [...document.querySelectorAll('.diagram')].map((d) => d.getAttribute('data-rendered'))), coloured: await page.locator('[data-breach-rate]').count() };
    });
    expect(seen.requests).toEqual([]);
    expect(seen.rendered).toEqual(DIAGRAMS.map(() => 'true'));
    expect(seen.coloured).toBeGreaterThanOrEqual(4);
  }, 120_000);
});

describe('Feature: handoff demo options', () => {
  it('Scenario: --help documents --days and --cases; bad options and stray words exit 2; pnpm\'s "--" is accepted', () => {
    const help = runCli(['demo', '--', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: handoff demo \[--seed S\] \[--html FILE\] \[--days N \| --cases N\]/);
    expect(help.stdout).toMatch(/--days N +every pack simulates N days instead of its default/);
    for (const [args, message] of [
      [['demo', '--days', '0'], /--days expects a whole number between 1 and 366, got '0'/],
      [['demo', '--days', '1', '--cases', '5'], /Give --days or --cases, not both/],
      [['demo', 'quick'], /Unexpected argument 'quick'/],
    ] as const) {
      const r = runCli([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^error: /);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
  }, 120_000);
});
