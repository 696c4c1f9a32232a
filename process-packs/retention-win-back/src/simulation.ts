/**
 * The pack's simulation: a campaign round on the first working day of each month (IT
 * support extracts the list from a simulated customer base, the decision table classifies
 * it, one community manager per community works the work orders) and the 10000 hotline's
 * applications on working days. Seed 001 gives no volumes or rates except its churn
 * observation (71%): every other number is the pack's default, stated in the README.
 *
 * @module
 */
import { createEngine, memoryStore, sequentialIds, virtualClock, type BusinessCalendar, type Instant, type SlaReportRow } from '@handoff/engine';
import { seededRandom, simulate, type SimulationProfile, type SimulationSummary } from '@handoff/simulator';
import { DateTime } from 'luxon';
import { churnHazard, customerBase, extractList, type BaseCustomer, type CustomerBaseRates } from './customerBase';
import { hotlineReport, type HotlineReport } from './hotlineReport';
import { createRetentionPack, startCampaign } from './pack';
import { retentionReport, workOrdersOf, type RetentionReport } from './report';
import { APPLICATION_TYPES, defaultRequiredSteps, type ApplicationType, type VisitStep } from './schemas';
import { HOTLINE_PROCESS_ID, RETENTION_PROCESS_ID, retentionCalendar } from './sla';

/** The rates of the simulated work (probabilities unless named otherwise). */
export interface RetentionRates {
  /** 10000 applications per working day (all communities). */
  applicationsPerDay: number;
  applicationTypes: Readonly<Record<ApplicationType, number>>;
  /** The community manager reaches the customer; then the customer is retained (active) or won back (churned). */
  contacted: number;
  retained: number;
  wonBack: number;
  /** Working hours before a community manager turns to a work order (mean); `lateWorkOrder` of them take 3–5 working days. */
  workOrderHours: number;
  lateWorkOrder: number;
  /** The appointment is made within the working day (else the next one). */
  appointmentSameDay: number;
  /** The work number shown does not match (a wrong or forged number). */
  wrongWorkNumber: number;
  /** Every required step is done at the door (else one is missing). */
  allStepsDone: number;
  /** A succeeded work order multiplies the next month's churn hazard by this. */
  retainedChurnFactor: number;
}

export const RETENTION_RATES: Readonly<RetentionRates> = {
  applicationsPerDay: 12,
  applicationTypes: { newLine: 25, newService: 30, move: 10, cancel: 5, transfer: 5, fault: 25 },
  contacted: 0.85,
  retained: 0.55,
  wonBack: 0.25,
  workOrderHours: 8,
  lateWorkOrder: 0.1,
  appointmentSameDay: 0.8,
  wrongWorkNumber: 0.02,
  allStepsDone: 0.9,
  retainedChurnFactor: 0.3,
};

/** Options of {@link retentionProfile}. */
export interface RetentionProfileOptions {
  seed: number;
  /** Days of arrivals: a round starts on the first working day of each month in it. */
  days: number;
  start?: Instant;
  rates?: Partial<RetentionRates>;
  base?: Partial<CustomerBaseRates>;
  calendar?: BusinessCalendar;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const ZONE = 'Asia/Shanghai';

/** The profile, with the customer base it draws the lists from. */
export function retentionProfile(options: RetentionProfileOptions): { profile: SimulationProfile; base: BaseCustomer[] } {
  const r: RetentionRates = { ...RETENTION_RATES, ...options.rates };
  const cal = options.calendar ?? retentionCalendar();
  const base = customerBase(options.seed, options.base);
  const listRng = seededRandom((options.seed * 7919 + 13) >>> 0);
  const steps = defaultRequiredSteps();
  const communities = [...new Set(base.map((c) => c.entry.community))];
  const start = DateTime.fromMillis(typeof options.start === 'number' ? options.start : Date.parse(String(options.start ?? '2026-03-02T00:00:00+08:00')), { zone: ZONE });
  const end = start.plus({ days: options.days });
  const afterWorking = (from: number, workingHours: number) => (cal.addWorkingTime(from, Math.max(1, Math.round(workingHours * HOUR))) - from) / MINUTE;
  const profile: SimulationProfile = {
    processId: HOTLINE_PROCESS_ID,
    arrivals: { perDay: r.applicationsPerDay, hourlyWeights: [0, 0, 0, 0, 0, 0, 0, 0, 0.5, 1, 1, 1, 0.6, 0.8, 1, 1, 1, 0.8, 0.5, 0.3, 0, 0, 0, 0], weekdayWeights: [1, 1, 1, 1, 1, 0.5, 0.3], zone: ZONE },
    caseData(rng, i) {
      const community = communities[rng.int(0, communities.length - 1)]!;
      return { applicationType: rng.pick(r.applicationTypes), workNumber: String(100_000 + i), customer: { name: `申请人${i + 1}`, phone: `139${String(10_000_000 + i).slice(-8)}`, address: `${community} 社区` }, community, communityManager: `cm-${community}`, hotlineAgent: 'hotline10000' };
    },
    businessKey: (_rng, _i, data) => String(data.workNumber),
    pools: { marketingTeam: 1, itSupport: 1, hotline10000: 2, ...Object.fromEntries(communities.map((c) => [`community:${c}`, 1])) },
    readyAfterMinutes(rng, task) {
      switch (task.elementId) {
        case 'handleWorkOrder':
          return afterWorking(task.createdAt, rng.chance(r.lateWorkOrder) ? rng.uniform(27, 45) : rng.exponential(r.workOrderHours));
        case 'makeAppointment':
          return afterWorking(task.createdAt, rng.chance(r.appointmentSameDay) ? rng.uniform(0.2, 3) : rng.uniform(9.5, 12));
        case 'verifyWorkNumber':
          return 0; // the appointment time
        default:
          return afterWorking(task.createdAt, rng.exponential(1.5));
      }
    },
    serviceMinutes(rng, task) {
      switch (task.elementId) {
        case 'provideList':
          return rng.uniform(60, 180);
        case 'handleWorkOrder':
          return rng.uniform(10, 30);
        case 'faceToFace':
          return rng.uniform(20, 60);
        default:
          return rng.uniform(3, 12);
      }
    },
    output(rng, task, variables) {
      switch (task.elementId) {
        case 'provideList': {
          const month = DateTime.fromMillis(task.createdAt, { zone: ZONE }).minus({ months: 1 }).startOf('month').plus({ days: 14 }).toISODate()!;
          return { customers: extractList(base, listRng, month, options.base).list };
        }
        case 'reviewList':
          return { approved: true };
        case 'handleWorkOrder': {
          const contacted = rng.chance(r.contacted);
          if (!contacted) return { contacted: false, outcome: 'unreachable', actionsTaken: [] };
          // the task's loopCounter is its customer's position on the classified list (decision 0027)
          const customer = ((variables.classified ?? []) as { status: string }[])[(task.loopCounter ?? 0) - 1];
          if (!customer) throw new Error(`work order ${task.id} has no classified customer at loopCounter ${String(task.loopCounter)}`);
          const churned = customer?.status === 'churned';
          return { contacted: true, outcome: rng.chance(churned ? r.wonBack : r.retained) ? 'succeeded' : 'declined', actionsTaken: [churned ? 'winBack' : 'callToLearnWhy'], reason: churned ? '资费' : '使用减少' };
        }
        case 'summaryAnalysis':
          return { findings: `工单 ${JSON.stringify(variables.feedback ?? {})}` };
        case 'makeAppointment': {
          const at = DateTime.fromMillis(cal.nextWorkingTime(task.createdAt + rng.uniform(4, 30) * HOUR), { zone: ZONE });
          return { appointmentAt: at.set({ second: 0, millisecond: 0 }).toISO({ suppressMilliseconds: true })! };
        }
        case 'verifyWorkNumber':
          return { shownWorkNumber: rng.chance(r.wrongWorkNumber) ? '999999' : String(variables.workNumber), customerAccepted: true };
        case 'faceToFace': {
          const needed = [...steps[variables.applicationType as ApplicationType]] as VisitStep[];
          const done = rng.chance(r.allStepsDone) || needed.length < 2 ? needed : needed.slice(0, -1);
          return { stepsDone: done, ...(done.includes('payment') ? { paymentYuan: rng.pick({ 50: 3, 100: 2, 200: 1 }) === '50' ? 50 : 100 } : {}) };
        }
        case 'closeOnHotline':
          return { closed: true, customerSatisfied: rng.chance(0.9) };
        case 'reviewStoppedVisit':
          return { customerInformed: true, note: '工作号不符, 已回访客户' };
        default:
          return {};
      }
    },
    onStart(ctx) {
      // a round on the first working day of each month in the run, at 09:00
      for (let m = start.startOf('month'); m < end; m = m.plus({ months: 1 })) {
        let day = m < start ? start : m;
        const at = cal.nextWorkingTime(day.set({ hour: 9, minute: 0, second: 0, millisecond: 0 }).toMillis());
        day = DateTime.fromMillis(at, { zone: ZONE });
        if (at >= end.toMillis() || at < ctx.now()) continue;
        ctx.after((at - ctx.now()) / MINUTE, () => startCampaign(ctx.engine, { period: day.minus({ months: 1 }).toFormat('yyyy-MM') }, { businessKey: `retention-${day.toFormat('yyyy-MM')}` }));
      }
    },
  };
  return { profile, base };
}

/** Churn in the month after the rounds: among flagged customers (with and without a succeeded work order) and not flagged. */
export interface ChurnStudy {
  /** Churned users on the lists, and the share of them with fault / complaint records in the 6 months before (seed 001: 71%). */
  churnedOnLists: number;
  churnedWithRecordsShare: number | null;
  /** Active customers the decision flagged, their churn rate next month; of them those retained by a work order. */
  flagged: { customers: number; churned: number; rate: number };
  flaggedRetained: { customers: number; churned: number; rate: number };
  notFlagged: { customers: number; churned: number; rate: number };
}

/** What {@link simulateRetention} returns. */
export interface RetentionSimulation {
  summary: SimulationSummary;
  retention: RetentionReport;
  hotline: HotlineReport;
  churn: ChurnStudy;
  sla: SlaReportRow[];
}

/**
 * Run the profile on a fresh engine (virtual clock, memory store, the pack's calendar).
 *
 * @example
 * ```ts
 * const { retention, churn } = await simulateRetention({ days: 30, seed: 1 });
 * retention.byCriterion.fallingSpend.retained; churn.churnedWithRecordsShare; // ≈ 0.71
 * ```
 */
export async function simulateRetention(options: { days: number; seed: number; start?: Instant; drainDays?: number; rates?: Partial<RetentionRates>; base?: Partial<CustomerBaseRates> }): Promise<RetentionSimulation> {
  const { days, seed, start = '2026-03-02T00:00:00+08:00', drainDays = 10 } = options;
  const calendar = retentionCalendar();
  const clock = virtualClock(start, { zone: ZONE });
  const engine = createEngine({ clock, store: memoryStore(), ids: sequentialIds('ret'), zone: ZONE, calendars: [calendar] });
  await engine.deploy(createRetentionPack());
  try {
    const { profile, base } = retentionProfile({ seed, days, start, calendar, ...(options.rates ? { rates: options.rates } : {}), ...(options.base ? { base: options.base } : {}) });
    const summary = await simulate({ engine, clock, profile, seed, days, drainDays });
    const range = { from: Date.parse(summary.start), to: Date.parse(summary.start) + days * 24 * HOUR };
    const retention = await retentionReport(engine, range);
    const hotline = await hotlineReport(engine, range);
    // next month's churn, from the base and the work orders' outcomes
    const flaggedIds = new Map<string, boolean>();
    const churnedIds = new Set<string>();
    for (const round of await engine.instances.list({ processId: RETENTION_PROCESS_ID })) {
      for (const c of (round.variables.customers ?? []) as { customerId: string; status: string }[]) if (c.status === 'churned') churnedIds.add(c.customerId);
      for (const w of await workOrdersOf(engine, round.id)) if (w.customer.status === 'active') flaggedIds.set(w.customer.customerId, (flaggedIds.get(w.customer.customerId) ?? false) || w.outcome === 'succeeded');
    }
    const rng = seededRandom((seed * 104_729 + 7) >>> 0);
    const group = () => ({ customers: 0, churned: 0, rate: 0 });
    const flagged = group();
    const flaggedRetained = group();
    const notFlagged = group();
    for (const c of base) {
      if (churnedIds.has(c.entry.customerId)) continue;
      const retained = flaggedIds.get(c.entry.customerId);
      const g = retained === undefined ? notFlagged : flagged;
      const left = rng.chance(churnHazard(c, options.base, retained ? (options.rates?.retainedChurnFactor ?? RETENTION_RATES.retainedChurnFactor) : 1));
      g.customers++;
      if (left) g.churned++;
      if (retained) {
        flaggedRetained.customers++;
        if (left) flaggedRetained.churned++;
      }
    }
    for (const g of [flagged, flaggedRetained, notFlagged]) g.rate = g.customers ? g.churned / g.customers : 0;
    const churn: ChurnStudy = { churnedOnLists: retention.churnedWithServiceRecords.churned, churnedWithRecordsShare: retention.churnedWithServiceRecords.share, flagged, flaggedRetained, notFlagged };
    const sla = await engine.sla.report({ groupBy: 'sla' });
    return { summary, retention, hotline, churn, sla: sla.rows };
  } finally {
    await engine.close();
  }
}
