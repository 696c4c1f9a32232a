/**
 * The pack's simulation profile: a month of door-to-door visits in 20 grids that
 * reproduces the source's field-sales volume (2013-02: 4,321 new broadband users from field
 * sales), with staff capacity per lane, on a virtual clock. Every number is a default the
 * pack chose (the source gives the monthly volumes only); see the README, "Simulation".
 *
 * @module
 */
import { createEngine, memoryStore, sequentialIds, virtualClock, type Instant, type SlaReportRow } from '@handoff/engine';
import { simulate, type SeededRandom, type SimulatedTask, type SimulationProfile, type SimulationSummary } from '@handoff/simulator';
import { memoryDoNotDisturbRegister } from './doNotDisturb';
import { broadbandKpis, type BroadbandKpiRow } from './kpi';
import { createBroadbandPack, reportCustomerCall } from './pack';
import { PROCESS_ID } from './sla';

/** The funnel: probabilities at each decision of a case. */
export interface BroadbandFunnel {
  /** The customer is interested at the door (visitCustomer). */
  interested: number;
  /** An interested customer calls the hotline (else the case waits for the call). */
  callsHotline: number;
  /** The resource check says installable (callBack). */
  installable: number;
  /** Not installable: the customer insists and a handling path exists (explainReason). */
  insists: number;
  /** The rep and the hotline resolve it together (collaborate). */
  resolved: number;
  /** Consent at the second marketing call. */
  consent: number;
  /** The service password check passes (given consent). */
  passwordVerified: number;
  /** The customer pays at the hall rather than to the rep (install). */
  payAtHall: number;
}

/** Options of {@link broadbandProfile}; all optional. */
export interface BroadbandProfileOptions {
  /** Door-to-door visits (cases) per day, all grids. Default 640. */
  visitsPerDay?: number;
  /** Number of grids `G01`…; default 20. */
  grids?: number;
  /** Field staff per grid (1 community manager + 5 micro-sales); default 6. */
  staffPerGrid?: number;
  /** Households per grid (phones are drawn from them; repeat visits meet the do-not-disturb rule); default 15,000. */
  householdsPerGrid?: number;
  /** Hotline agents; default 8. */
  hotline?: number;
  /** Installers; default 20. */
  installers?: number;
  /** Hall clerks (fee counter); default 4. */
  hallClerks?: number;
  /** Override funnel probabilities. */
  funnel?: Partial<BroadbandFunnel>;
}

/** The default funnel (see the README table for the reasons). */
export const BROADBAND_FUNNEL: Readonly<BroadbandFunnel> = {
  interested: 0.35,
  callsHotline: 0.92,
  installable: 0.85,
  insists: 0.35,
  resolved: 0.6,
  consent: 0.9,
  passwordVerified: 0.95,
  payAtHall: 0.25,
};

/** Visits by local hour (Asia/Shanghai): 09:00–20:00, busiest after work. */
export const VISIT_HOURS: readonly number[] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0.6, 0.8, 1, 1, 1, 1.2, 1.5, 1.5, 0, 0, 0, 0];

const HOUR = 60;

/** Service minutes per task (the worker's own time). */
function serviceMinutes(rng: SeededRandom, task: SimulatedTask): number {
  switch (task.elementId) {
    case 'visitCustomer':
      return rng.uniform(15, 30);
    case 'callBack':
      return rng.uniform(4, 8);
    case 'explainReason':
      return rng.uniform(3, 8);
    case 'collaborate':
      return rng.uniform(20, 40);
    case 'secondMarketing':
      return rng.uniform(8, 15);
    case 'install':
      return rng.uniform(60, 120);
    case 'collectFee':
      return rng.uniform(15, 30);
    case 'collectFeeAtHall':
      return rng.uniform(5, 12);
    case 'handleBusiness':
      return rng.uniform(15, 30);
    default:
      return 10;
  }
}

/** Minutes before a task can be worked: reaction time, appointments, the customer's way to the hall. */
function readyAfterMinutes(rng: SeededRandom, task: SimulatedTask): number {
  switch (task.elementId) {
    case 'callBack':
      return rng.exponential(7); // the agent picks the report up; the customer answers
    case 'collaborate':
      return rng.uniform(1, 8) * HOUR;
    case 'install':
      return rng.uniform(2, 24) * HOUR; // installation appointment
    case 'collectFee':
      return (rng.chance(0.85) ? rng.uniform(2, 36) : rng.uniform(36, 60)) * HOUR; // fee appointment
    case 'collectFeeAtHall':
      return (rng.chance(0.8) ? rng.uniform(2, 30) : rng.uniform(30, 60)) * HOUR; // the customer comes to the hall
    case 'handleBusiness':
      return (rng.chance(0.95) ? rng.uniform(1, 20) : rng.uniform(20, 30)) * HOUR;
    default:
      return 0;
  }
}

/**
 * The simulation profile of the pack: visits (cases) arrive 09:00–20:00 Beijing time over
 * `grids` grids; the grid's staff (`grid:Gnn` pools), hotline agents, installers and hall
 * clerks work the tasks; an interested customer calls the hotline a few minutes after the
 * visit ({@link reportCustomerCall}).
 *
 * @example
 * ```ts
 * const profile = broadbandProfile({ hotline: 6 }); // fewer agents: see the callback SLA suffer
 * ```
 */
export function broadbandProfile(options: BroadbandProfileOptions = {}): SimulationProfile {
  const grids = options.grids ?? 20;
  const households = options.householdsPerGrid ?? 15_000;
  const staff = options.staffPerGrid ?? 6;
  const p: BroadbandFunnel = { ...BROADBAND_FUNNEL, ...options.funnel };
  const gridId = (g: number) => `G${String(g + 1).padStart(2, '0')}`;
  const pools: Record<string, number> = {};
  for (let g = 0; g < grids; g++) pools[`grid:${gridId(g)}`] = staff;
  pools.hotline = options.hotline ?? 8;
  pools.installer = options.installers ?? 20;
  pools.hall = options.hallClerks ?? 4;
  let receipts = 0;
  return {
    processId: PROCESS_ID,
    arrivals: { perDay: options.visitsPerDay ?? 640, hourlyWeights: VISIT_HOURS, zone: 'Asia/Shanghai' },
    caseData(rng) {
      const g = rng.int(0, grids - 1);
      const h = rng.int(0, households - 1);
      const grid = gridId(g);
      return { customer: `${grid}-${h}`, phone: `138${String(g + 1).padStart(2, '0')}${String(h).padStart(6, '0')}`, address: `${grid} 网格 ${h + 1} 号`, grid };
    },
    pools,
    readyAfterMinutes,
    serviceMinutes,
    output(rng, task) {
      switch (task.elementId) {
        case 'visitCustomer':
          return { interested: rng.chance(p.interested) };
        case 'callBack':
          return { installable: rng.chance(p.installable) };
        case 'explainReason':
          return rng.chance(p.insists) ? { insists: true, handlingPath: '协同处理' } : { insists: false };
        case 'collaborate':
          return { resolved: rng.chance(p.resolved) };
        case 'secondMarketing':
          return rng.chance(p.consent) ? { consent: true, passwordVerified: rng.chance(p.passwordVerified) } : { consent: false };
        case 'install':
          return { installed: true, payAtHall: rng.chance(p.payAtHall) };
        case 'collectFee':
        case 'collectFeeAtHall':
          return { feeReceipt: `R-${++receipts}`, amount: Number(rng.pick({ '600': 3, '960': 2, '1200': 1 })) }; // yuan: 1 or 2 years' fee
        case 'handleBusiness':
          return { agentName: '代办人', agentPhone: '13900000000' };
        default:
          return {};
      }
    },
    async onTaskCompleted(ctx, task, output) {
      if (task.elementId !== 'visitCustomer' || output.interested !== true || !ctx.rng.chance(p.callsHotline)) return;
      const info = await ctx.engine.instances.get(task.instanceId);
      const phone = String(info?.variables.phone);
      ctx.after(ctx.rng.exponential(5), () => reportCustomerCall(ctx.engine, phone));
    },
  };
}

/** Options of {@link simulateBroadband}. */
export interface SimulateBroadbandOptions extends BroadbandProfileOptions {
  /** Days of visits. */
  days: number;
  seed: number;
  /** First visit day; default `2013-02-01T00:00:00+08:00` (the source's month). */
  start?: Instant;
  /** Days staff keep working after the last visit, so the month's cases can finish; default 5. */
  drainDays?: number;
}

/** What {@link simulateBroadband} returns. */
export interface BroadbandSimulation {
  summary: SimulationSummary;
  /** `broadbandKpis` totals over the cases started in the run. */
  kpis: BroadbandKpiRow;
  /** `engine.sla.report({ groupBy: 'sla' })` rows. */
  sla: SlaReportRow[];
}

/**
 * Run the pack's profile on a fresh engine (virtual clock, memory store) and report the
 * simulator summary, the KPI totals and the SLA report.
 *
 * @example
 * ```ts
 * const { summary, kpis, sla } = await simulateBroadband({ days: 28, seed: 1 });
 * kpis.activations; // ≈ 4,300 for the default profile
 * ```
 */
export async function simulateBroadband(options: SimulateBroadbandOptions): Promise<BroadbandSimulation> {
  const { days, seed, start = '2013-02-01T00:00:00+08:00', drainDays = 5, ...profileOptions } = options;
  const clock = virtualClock(start, { zone: 'Asia/Shanghai' });
  const engine = createEngine({ clock, store: memoryStore(), ids: sequentialIds('case'), zone: 'Asia/Shanghai' });
  await engine.deploy(createBroadbandPack({ register: memoryDoNotDisturbRegister(), now: () => clock.now(), openAccount: async (job) => ({ accountNo: `BB-${job.instanceId}` }) }));
  try {
    const summary = await simulate({ engine, clock, profile: broadbandProfile(profileOptions), seed, days, drainDays });
    const [kpis] = await broadbandKpis(engine);
    const report = await engine.sla.report({ groupBy: 'sla' });
    return { summary, kpis: kpis!, sla: report.rows };
  } finally {
    await engine.close();
  }
}
