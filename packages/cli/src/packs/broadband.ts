/**
 * `broadband-field-sales` in the CLI registry: a month of door-to-door visits.
 *
 * @module
 */
import { broadbandBpmn, createBroadbandPack, broadbandKpis, broadbandProfile, memoryDoNotDisturbRegister, PROCESS_ID, type BroadbandKpiRow } from '@handoff/pack-broadband-field-sales';
import { simulate } from '@handoff/simulator';
import type { RegisteredPack } from './types';

const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);

/** Terminal lines for the KPI totals. */
export function broadbandKpiLines(k: BroadbandKpiRow): string[] {
  return [
    `cases ${k.cases}  suppressed (do-not-disturb) ${k.suppressed}  refused ${k.refused}  hotline reports ${k.reports}`,
    `callbacks ${k.callbacks} (rate ${pct(k.callbackRate)}, on time ${pct(k.callbackTimeliness)})  accounts opened ${k.accountsOpened} (marketing success ${pct(k.marketingSuccessRate)})`,
    `activations ${k.activations}  fee on time ${pct(k.feeTimeliness)}  handling on time ${pct(k.handlingTimeliness)}`,
  ];
}

/** The registry entry. */
export const broadbandEntry: RegisteredPack = {
  name: 'broadband-field-sales',
  title: '三岗协同宽带行销: door-to-door visits in 20 grids, hotline callbacks, installation, fees (default: a month)',
  defaultDays: 28,
  start: '2013-02-01T00:00:00+08:00',
  zone: 'Asia/Shanghai',
  calendars: () => [],
  async deploy(engine, clock) {
    await engine.deploy(createBroadbandPack({ register: memoryDoNotDisturbRegister(), now: () => clock.now(), openAccount: async (job) => ({ accountNo: `BB-${job.instanceId}` }) }));
  },
  processes: () => [{ processId: PROCESS_ID, bpmn: broadbandBpmn() }],
  run: ({ engine, clock, seed, days, maxCases }) => simulate({ engine, clock, profile: broadbandProfile(), seed, days, drainDays: 5, ...(maxCases !== undefined ? { maxCases } : {}) }),
  async kpis(engine, range) {
    const [k] = await broadbandKpis(engine, range);
    return { title: 'broadband KPIs', lines: broadbandKpiLines(k!), data: k };
  },
};
