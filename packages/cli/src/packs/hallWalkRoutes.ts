/**
 * `hall-walk-routes` in the CLI registry: one business-hall day, in each of the pack's two
 * scenarios (the old hall, everything at the counter; the new hall, greeters divert). The
 * pack's `simulateHallDay` builds its own engine (resource pools), so the CLI reads the SLA
 * report through its `onEngine` hook.
 *
 * @module
 */
import { createHallPack, formatHallReport, hallBpmn, HALL_SCENARIOS, HALL_ZONE, PROCESS_ID, simulateHallDay, type HallScenarioName } from '@handoff/pack-hall-walk-routes';
import type { RegisteredPack } from './types';

/** The registry entry. */
export const hallWalkRoutesEntry: RegisteredPack = {
  name: 'hall-walk-routes',
  title: '营业厅客户动线: a hall day of walk-in customers, greeters, counters and self-service (both scenarios)',
  defaultDays: 1,
  start: '2026-03-02T00:00:00+08:00',
  zone: HALL_ZONE,
  scenarios: Object.keys(HALL_SCENARIOS),
  calendars: () => [],
  async deploy(engine) {
    await engine.deploy(createHallPack());
  },
  processes: () => [{ processId: PROCESS_ID, bpmn: hallBpmn() }],
  async standalone({ seed, scenario, collect }) {
    const report = await simulateHallDay({
      scenario: (scenario ?? 'greetersDivert') as HallScenarioName,
      seed,
      onEngine: (engine) => collect(engine, { from: Date.parse('2026-03-02T00:00:00+08:00'), to: Date.parse('2026-03-03T00:00:00+08:00') }),
    });
    return { title: `hall day — ${report.title}`, lines: formatHallReport(report).split('\n').filter((l) => l.trim()), data: report };
  },
  async kpis(engine, range) {
    const visits = (await engine.instances.list({ processId: PROCESS_ID })).filter((i) => i.startedAt >= range.from && i.startedAt < range.to);
    return { title: 'hall visits', lines: [`visits ${visits.length}, left the hall ${visits.filter((v) => v.status === 'completed').length}`], data: { visits: visits.length } };
  },
};
