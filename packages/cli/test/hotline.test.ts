/**
 * `hotline-service-marketing` through the CLI: the pack's marketing report in the terminal,
 * as JSON and as HTML tables, from a simulation and from a durable store.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MarketingReport } from '@handoff/pack-hotline-service-marketing';
import { findPack } from '../src/packs/registry';
import { renderHtmlReport } from '../src/report/html';
import { runPackSimulation } from '../src/simulation';
import { runCli } from './support';

describe('Feature: the hotline marketing report in the CLI', () => {
  it('Scenario: a simulated day gives the share against the target, the table per agent by month, and per team by day in the HTML', async () => {
    // when
    const r = await runPackSimulation(findPack('hotline-service-marketing'), { seed: 3, days: 1 });
    // then
    const { monthly, daily } = r.kpis.data as { monthly: MarketingReport; daily: MarketingReport };
    expect(monthly.total.calls).toBe(r.summary!.casesStarted);
    expect(r.kpis.lines[0]).toMatch(/^marketing calls \d+ of \d+ \(\d+\.\d%\) — phase 2 target 18\.0%: (met|not met); unanswered 0$/);
    expect(r.kpis.tables!.map((t) => [t.caption, t.rows.length])).toEqual([
      ['话务员营销统计 — per agent (工号), by month', monthly.rows.length + 2],
      ['班组营销统计 — per team (班组), by day', daily.rows.length + daily.periods.length + 1],
    ]);
    expect(new Set(daily.rows.map((x) => x.key))).toEqual(new Set(['一班', '二班']));
    const html = renderHtmlReport([r]);
    expect(html).toContain('<th>IVR推荐量</th><th>IVR成功量</th><th>短厅推荐量</th><th>短厅成功量</th><th>掌厅推荐量</th><th>掌厅成功量</th><th>网厅推荐量</th><th>网厅成功量</th>');
    expect(html).toMatch(/<td class="key">2012-10-01<\/td><td class="key">一班<\/td><td>\d+<\/td>/);
  }, 120_000);

  it('Scenario: simulate --store keeps the calls; report --store --pack reads the same marketing report back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-hotline-'));
    const data = join(dir, 'data');
    try {
      // given 40 calls kept in a PGlite directory
      const sim = runCli(['simulate', 'hotline-service-marketing', '--cases', '40', '--seed', '4', '--store', data], { timeout: 300_000 });
      expect(sim.code, sim.stderr).toBe(0);
      // when another process reports on the store
      const rep = runCli(['report', '--store', data, '--pack', 'hotline-service-marketing', '--html', join(dir, 'r.html')], { timeout: 300_000 });
      expect(rep.code, rep.stderr).toBe(0);
      // then the marketing report is the run's
      const kpis = (s: string) => s.slice(s.indexOf('marketing report (营销统计报表):'));
      expect(kpis(rep.stdout)).toBe(kpis(sim.stdout));
      expect(rep.stdout).toMatch(/marketing calls \d+ of 40 \(/);
      expect(readFileSync(join(dir, 'r.html'), 'utf8')).toContain('<caption>话务员营销统计 — per agent (工号), by month</caption>');
      const json = runCli(['report', '--store', data, '--pack', 'hotline-service-marketing', '--json'], { timeout: 300_000 });
      const [report] = JSON.parse(json.stdout) as { kpis: { data: { monthly: MarketingReport } } }[];
      expect(report!.kpis.data.monthly.total.calls).toBe(40);
      expect(Object.keys(report!.kpis.data.monthly.total.recommended)).toEqual(['ivr', 'sms', 'app', 'web']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 900_000);
});
