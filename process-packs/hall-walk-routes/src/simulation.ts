/**
 * A hall day on the virtual clock: customers arrive at a rate varying by the hour, with a
 * mix of needs and spending tiers; greeters, counters and self-service units are the
 * engine's resource pools (`createEngine({ resources })`), so the engine decides who waits;
 * the duty manager works complaints. Two built-in scenarios reproduce the shape the source
 * reports: the old hall "all at the counter" (peak longest wait near 55 minutes) and the new
 * hall "greeters divert" (average wait near 7 minutes).
 *
 * Runs on `simulate()` from `@handoff/simulator` (seeded arrivals, FIFO staff, virtual clock).
 * The same seed gives the identical report.
 *
 * @module
 */
import { createEngine, InvalidArgumentError, sequentialIds, virtualClock, type Engine, type EngineEvent, type Store, type TaskRecord } from '@handoff/engine';
import { simulate, type SeededRandom, type SimulationContext, type SimulationProfile } from '@handoff/simulator';
import { TERMINAL_MARKETING_STEPS } from './marketing';
import { createHallPack, hallResources, type HallStaffing } from './pack';
import { allAtCounterRouting, defaultRouting, routeFor, ROUTES, type HallRoute, type RoutingTable } from './routing';
import { divertCustomer, openExtraCounter, PROCESS_ID, QUEUE_SLA_IDS } from './sla';

const MINUTE = 60_000;
/** The simulated day starts at local midnight in this zone (arrivals follow the local hour). */
export const HALL_ZONE = 'Asia/Shanghai';

/** Mean handling minutes per touchpoint (each time is drawn uniformly in [0.4, 1.6] × the mean). */
export interface HallServiceMinutes {
  identifyNeeds: number;
  terminalMarketing: number;
  openCardAtKiosk: number;
  useSelfService: number;
  serveAtCounter: number;
  verifyIdentityAtCounter: number;
  signContractAndPay: number;
  handleComplaint: number;
}

/** Everything a hall day depends on besides the seed. */
export interface HallScenario {
  id: string;
  title: string;
  /** Greeters, counters and self-service units on duty (the engine's resource pools). */
  staffing: HallStaffing;
  /** `default`: `data/routing.json` (greeters divert); `allAtCounter`: every need to the counter; or a table. */
  routing: 'default' | 'allAtCounter' | RoutingTable;
  /** Mean arrivals per local hour, 24 entries (hour 0..23). */
  arrivalsPerHour: readonly number[];
  /** Weights of the customers' needs (keys of the routing table's `needs`). */
  needMix: Readonly<Record<string, number>>;
  /** Weights of the spending tiers. */
  tierMix: Readonly<Record<string, number>>;
  serviceMinutes: HallServiceMinutes;
  /** Share of new cards the kiosk finishes without the counter. */
  kioskFinishShare: number;
  /** Share of device customers who buy after the six steps. */
  purchaseShare: number;
  /** Share of complaints resolved in the hall. */
  complaintResolvedShare: number;
  /** Probability that a greeter, asked at the 7-minute warning, can divert the waiting counter customer to self-service. */
  divertAtWarning: number;
  /** Extra counters the duty manager may open on breaches (one per breach, closed when no ticket waits). */
  extraCounters: number;
}

/** Opening hours 09:00–18:00; the hall's two daily peaks (late morning, late afternoon). */
const DAY: readonly number[] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 28, 56, 56, 26, 22, 28, 54, 56, 30, 0, 0, 0, 0, 0, 0];
const NEEDS = { billQuery: 14, topUp: 12, simpleChange: 10, newCard: 8, chooseNumber: 4, device: 12, counterOnly: 35, complaint: 5 };
const TIERS = { low: 45, mid: 40, high: 15 };

/** The built-in scenarios. Their parameters are the README's "parameters chosen". */
export const HALL_SCENARIOS = {
  /** The old hall (传统模式): everything at the counter; no greeters on the floor, two lobby staff hand out tickets. */
  allAtCounter: {
    id: 'allAtCounter',
    title: 'all at the counter (old hall)',
    staffing: { greeters: 2, counters: 5, kiosks: 0 },
    routing: 'allAtCounter',
    arrivalsPerHour: DAY,
    needMix: NEEDS,
    tierMix: TIERS,
    serviceMinutes: { identifyNeeds: 0.5, terminalMarketing: 12, openCardAtKiosk: 6, useSelfService: 5, serveAtCounter: 7.0, verifyIdentityAtCounter: 3, signContractAndPay: 8, handleComplaint: 10 },
    kioskFinishShare: 0.7,
    purchaseShare: 0.5,
    complaintResolvedShare: 0.8,
    divertAtWarning: 0,
    extraCounters: 0,
  },
  /** The new hall (新一代厅): greeters identify and divert; kiosks and e-channel PCs; counter handling 1.2 min shorter. */
  greetersDivert: {
    id: 'greetersDivert',
    title: 'greeters divert (new hall)',
    staffing: { greeters: 4, counters: 2, kiosks: 4 },
    routing: 'default',
    arrivalsPerHour: DAY,
    needMix: NEEDS,
    tierMix: TIERS,
    serviceMinutes: { identifyNeeds: 3, terminalMarketing: 12, openCardAtKiosk: 6, useSelfService: 5, serveAtCounter: 5.8, verifyIdentityAtCounter: 3, signContractAndPay: 8, handleComplaint: 10 },
    kioskFinishShare: 0.7,
    purchaseShare: 0.5,
    complaintResolvedShare: 0.8,
    divertAtWarning: 0.5,
    extraCounters: 1,
  },
} as const satisfies Record<string, HallScenario>;

/** A built-in scenario's name. */
export type HallScenarioName = keyof typeof HALL_SCENARIOS;

/** Options of {@link simulateHallDay}. */
export interface SimulateHallDayOptions {
  /** A built-in scenario's name or a full scenario. Default `greetersDivert`. */
  scenario?: HallScenarioName | HallScenario;
  /** Seed of every random draw. Default 6 (the README's runs). */
  seed?: number;
  /** Override the scenario's staffing. */
  staffing?: Partial<HallStaffing>;
  /** The day (local date in Asia/Shanghai). Default `2026-03-02`. */
  date?: string;
  /** Include one record per customer in the report. Default false. */
  includeCustomers?: boolean;
  /** Called with the day's engine after the simulation, before it closes (e.g. for `engine.sla.report`). */
  onEngine?: (engine: Engine) => unknown | Promise<unknown>;
  /**
   * Run the day on this store instead of a fresh memory store (the engine is created on it
   * and closed after the day; the store is not closed). Several days (different `date`s) can
   * share one store — a durable `postgresStore` keeps them for `handoff report`; instance ids
   * are `visit-<date>-<n>` then, so days do not collide. The store must not hold this date's
   * visits yet.
   */
  store?: Store;
  /**
   * Close the doors after this many customers (a whole number ≥ 1): arrivals stop, the
   * customers inside are still served (up to a day after the last arrival). Default: the
   * scenario's whole day of arrivals.
   */
  maxCustomers?: number;
}

/** Wait statistics in minutes (rounded to 0.1). */
export interface WaitStats {
  customers: number;
  mean: number;
  p50: number;
  p90: number;
  max: number;
  /** Share (0..1, rounded to 0.001) waiting at most 10 minutes. */
  within10: number;
}

/** One customer's day (minutes from opening are in `arrivedAt`/`leftAt` as epoch ms). */
export interface HallCustomer {
  ticket: string;
  need: string;
  tier: string;
  /** The walk route the need takes in the new hall's table (the row of the report). */
  route: HallRoute;
  arrivedAt: number;
  /** When the customer left (the process ended); absent while still in the hall. */
  leftAt?: number;
  /** Minutes waiting for a free greeter, counter or self-service unit, all touchpoints together. */
  waitMinutes: number;
  /** Minutes from counter ticket to call (or to diversion), when the customer took one. */
  counterWaitMinutes?: number;
  /** Diverted by a greeter at the 7-minute warning. */
  divertedAtWarning: boolean;
  /** Served by self-service (kiosk or e-channel) without the counter. */
  selfServed: boolean;
}

/** What {@link simulateHallDay} returns. Everything depends on the scenario and seed alone. */
export interface HallDayReport {
  scenario: string;
  title: string;
  seed: number;
  date: string;
  staffing: HallStaffing;
  arrived: number;
  exited: number;
  /** Customers still in the hall at the end of the day. */
  inHall: number;
  /** Per customer: total wait for a free resource over the visit. */
  overall: WaitStats;
  /** The same, per walk route (customers grouped by the route their need takes in the new hall). */
  routes: Record<HallRoute, WaitStats>;
  /** The queue promise: counter ticket → counter call, per ticket; with warnings (7 min) and breaches (10 min). */
  counterQueue: WaitStats & { tickets: number; warnings: number; breaches: number };
  /** Counter busy time / counter capacity time (opening to the last counter call's end). */
  counterUtilisation: number;
  /** Share of customers served by self-service (kiosk or e-channel) without the counter. */
  diversionRate: number;
  /** Customers a greeter diverted from the counter queue at the warning. */
  divertedAtWarning: number;
  /** Extra counters the duty manager opened on breaches. */
  extraCountersOpened: number;
  customers?: HallCustomer[];
}

/**
 * Simulate one hall day. The engine is created here: a virtual clock at local midnight,
 * the pack deployed with the scenario's routing, and resource pools from its staffing.
 *
 * @example
 * ```ts
 * const before = await simulateHallDay({ scenario: 'allAtCounter', seed: 7 });
 * const after = await simulateHallDay({ scenario: 'greetersDivert', seed: 7 });
 * console.log(formatHallReport(before), formatHallReport(after));
 * ```
 */
export async function simulateHallDay(options: SimulateHallDayOptions = {}): Promise<HallDayReport> {
  const base = typeof options.scenario === 'object' ? options.scenario : HALL_SCENARIOS[options.scenario ?? 'greetersDivert'];
  if (!base) throw new RangeError(`unknown scenario '${String(options.scenario)}'; use one of ${Object.keys(HALL_SCENARIOS).join(', ')} or pass a HallScenario`);
  const scenario: HallScenario = { ...base, staffing: { ...base.staffing, ...options.staffing } };
  const seed = options.seed ?? 6;
  const date = options.date ?? '2026-03-02';
  if (scenario.arrivalsPerHour.length !== 24) throw new RangeError('arrivalsPerHour must have 24 entries (local hours 0..23)');
  const { maxCustomers } = options;
  if (maxCustomers !== undefined && !(Number.isSafeInteger(maxCustomers) && maxCustomers >= 1)) {
    throw new InvalidArgumentError('maxCustomers', `expected a whole number ≥ 1, got ${JSON.stringify(maxCustomers)}`, 'leave it out for a whole day of arrivals.');
  }
  const routing = scenario.routing === 'default' ? defaultRouting() : scenario.routing === 'allAtCounter' ? allAtCounterRouting() : scenario.routing;
  const visitTable = defaultRouting();

  const idPrefix = options.store ? `visit-${date}` : 'visit';
  if (options.store && (await options.store.getInstance(`${idPrefix}-1`))) {
    throw new InvalidArgumentError('store', `it already holds the hall day ${date} (instance ${idPrefix}-1)`, 'simulate another date, or into a fresh store.');
  }
  const clock = virtualClock(`${date}T00:00:00+08:00`);
  const engine = createEngine({ clock, ids: sequentialIds(idPrefix), resources: hallResources(scenario.staffing), ...(options.store ? { store: options.store } : {}) });
  await engine.deploy(createHallPack({ routing }));

  const people = new Map<string, { need: string; tier: string }>();
  const customers = new Map<string, HallCustomer>(); // by instance id
  const waitingSince = new Map<string, number>(); // task id → created at
  const counterWaits: number[] = [];
  const counterBusy = new Map<string, number>(); // counter task id → granted at
  let counterBusyMs = 0;
  let lastCounterEnd = 0;
  let warnings = 0;
  let breaches = 0;
  let extraOpen = 0;
  let extraOpened = 0;
  let divertedAtWarning = 0;
  // counter capacity over time, for utilisation
  const capacitySteps: { at: number; capacity: number }[] = [];
  const openAt = clock.now() + scenario.arrivalsPerHour.findIndex((r) => r > 0) * 60 * MINUTE;
  capacitySteps.push({ at: openAt, capacity: scenario.staffing.counters });
  const setCounters = async (delta: number) => {
    const status = await openExtraCounter(engine, delta);
    capacitySteps.push({ at: clock.now(), capacity: status.capacity });
  };

  const serviceRng = (rng: SeededRandom, mean: number) => mean * rng.uniform(0.4, 1.6);
  const onEvent = (ctx: SimulationContext, e: EngineEvent) => {
    if (e.type === 'process.started') {
      const p = people.get(e.businessKey ?? '')!;
      customers.set(e.instanceId, { ticket: e.businessKey!, need: p.need, tier: p.tier, route: routeFor(visitTable, p.need, p.tier).route, arrivedAt: e.at, waitMinutes: 0, divertedAtWarning: false, selfServed: false });
    } else if (e.type === 'process.completed') {
      customers.get(e.instanceId)!.leftAt = e.at;
    } else if (e.type === 'task.created' && e.task.state === 'waiting') {
      waitingSince.set(e.task.id, e.at);
    } else if (e.type === 'task.granted' || (e.type === 'task.cancelled' && waitingSince.has(e.task.id))) {
      const waited = e.at - (waitingSince.get(e.task.id) ?? e.at);
      waitingSince.delete(e.task.id);
      const c = customers.get(e.instanceId)!;
      c.waitMinutes += waited / MINUTE;
      if (e.task.role === 'counter') {
        c.counterWaitMinutes = (c.counterWaitMinutes ?? 0) + waited / MINUTE;
        counterWaits.push(waited / MINUTE);
        if (e.type === 'task.granted') counterBusy.set(e.task.id, e.at);
      }
    } else if (e.type === 'task.completed' && counterBusy.has(e.task.id)) {
      counterBusyMs += e.at - counterBusy.get(e.task.id)!;
      counterBusy.delete(e.task.id);
      lastCounterEnd = Math.max(lastCounterEnd, e.at);
    } else if (e.type === 'activity.entered' && (e.elementId === 'selfServiceDone' || e.elementId === 'cardOpened')) {
      customers.get(e.instanceId)!.selfServed = true;
    } else if (e.type === 'sla.warning' && QUEUE_SLA_IDS.includes(e.slaId)) {
      warnings++;
      // The greeter attends the waiting customer and diverts if the business allows it.
      if (e.slaElementId === 'serveAtCounter' && scenario.divertAtWarning > 0 && ctx.rng.chance(scenario.divertAtWarning)) {
        const ticket = e.businessKey!;
        ctx.after(0, async () => {
          if (await divertCustomer(engine, ticket)) {
            divertedAtWarning++;
            customers.get(e.instanceId)!.divertedAtWarning = true;
          }
        });
      }
    } else if (e.type === 'sla.breached' && QUEUE_SLA_IDS.includes(e.slaId)) {
      breaches++;
      // The duty manager is alerted and opens an extra counter while one is available.
      if (extraOpen < scenario.extraCounters) {
        extraOpen++;
        extraOpened++;
        ctx.after(0, () => setCounters(+1));
      }
    }
  };

  const pickTask = (task: TaskRecord) => task.elementId;
  const profile: SimulationProfile = {
    processId: PROCESS_ID,
    arrivals: { perDay: scenario.arrivalsPerHour.reduce((s, r) => s + r, 0), hourlyWeights: scenario.arrivalsPerHour, zone: HALL_ZONE },
    caseData: (rng, i) => {
      const ticket = `A${String(i + 1).padStart(3, '0')}`;
      people.set(ticket, { need: rng.pick(scenario.needMix), tier: rng.pick(scenario.tierMix) });
      return { ticket };
    },
    businessKey: (_rng, _i, data) => data.ticket as string,
    pools: { greeter: 'engine', counter: 'engine', selfService: 'engine', hallManager: 'engine' },
    serviceMinutes: (rng, task) => serviceRng(rng, scenario.serviceMinutes[pickTask(task) as keyof HallServiceMinutes] ?? 5),
    output: (rng, task, vars) => {
      const p = people.get(String(vars.ticket))!;
      switch (task.elementId) {
        case 'identifyNeeds':
          return { need: p.need, spendingTier: p.tier };
        case 'terminalMarketing': {
          const purchase = rng.chance(scenario.purchaseShare);
          const steps = TERMINAL_MARKETING_STEPS.map((s) => s.id);
          return { stepsDone: purchase ? steps : steps.slice(0, 5), purchase };
        }
        case 'openCardAtKiosk':
          return { kioskFinished: rng.chance(scenario.kioskFinishShare) };
        case 'handleComplaint':
          return { resolved: rng.chance(scenario.complaintResolvedShare) };
        default:
          return {};
      }
    },
    onEvent,
    onTaskCompleted: async (_ctx, task) => {
      // The extra counter closes again once no ticket waits.
      if (task.role === 'counter' && extraOpen > 0 && (await engine.resources.status('counter')).waiting.length === 0) {
        extraOpen--;
        await setCounters(-1);
      }
    },
  };
  try {
    // With the doors closed early, the customers inside are served: drain up to a day after the last arrival.
    await simulate({ engine, clock, profile, seed, days: 1, ...(maxCustomers !== undefined ? { maxCases: maxCustomers, drainDays: 1 } : {}) });
    await options.onEngine?.(engine);
  } finally {
    await engine.close();
  }

  const list = [...customers.values()];
  const closeAt = Math.max(lastCounterEnd, openAt + scenario.arrivalsPerHour.filter((r) => r > 0).length * 60 * MINUTE);
  let capacityMs = 0;
  capacitySteps.forEach((s, i) => {
    const until = Math.min(closeAt, capacitySteps[i + 1]?.at ?? closeAt);
    if (until > s.at) capacityMs += (until - s.at) * s.capacity;
  });
  const report: HallDayReport = {
    scenario: scenario.id,
    title: scenario.title,
    seed,
    date,
    staffing: scenario.staffing,
    arrived: list.length,
    exited: list.filter((c) => c.leftAt !== undefined).length,
    inHall: list.filter((c) => c.leftAt === undefined).length,
    overall: waitStats(list.map((c) => c.waitMinutes)),
    routes: Object.fromEntries(ROUTES.map((r) => [r, waitStats(list.filter((c) => c.route === r).map((c) => c.waitMinutes))])) as Record<HallRoute, WaitStats>,
    counterQueue: { ...waitStats(counterWaits), tickets: counterWaits.length, warnings, breaches },
    counterUtilisation: capacityMs ? round(counterBusyMs / capacityMs, 3) : 0,
    diversionRate: list.length ? round(list.filter((c) => c.selfServed).length / list.length, 3) : 0,
    divertedAtWarning,
    extraCountersOpened: extraOpened,
    ...(options.includeCustomers ? { customers: list } : {}),
  };
  return report;
}

/** Mean, p50, p90, max (nearest rank) and the share within 10 minutes of a list of minutes. */
export function waitStats(minutes: readonly number[]): WaitStats {
  const xs = [...minutes].sort((a, b) => a - b);
  const rank = (p: number) => xs[Math.max(0, Math.ceil(p * xs.length) - 1)] ?? 0;
  return {
    customers: xs.length,
    mean: xs.length ? round(xs.reduce((s, x) => s + x, 0) / xs.length, 1) : 0,
    p50: round(rank(0.5), 1),
    p90: round(rank(0.9), 1),
    max: round(xs[xs.length - 1] ?? 0, 1),
    within10: xs.length ? round(xs.filter((x) => x <= 10).length / xs.length, 3) : 1,
  };
}

/**
 * The report as a text table (what `handoff simulate hall-walk-routes` prints).
 * @example
 * ```ts
 * console.log(formatHallReport(await simulateHallDay({ scenario: 'allAtCounter' })));
 * ```
 */
export function formatHallReport(r: HallDayReport): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const row = (name: string, s: WaitStats) => `  ${name.padEnd(16)} ${String(s.customers).padStart(5)} ${s.mean.toFixed(1).padStart(6)} ${s.p50.toFixed(1).padStart(6)} ${s.p90.toFixed(1).padStart(6)} ${s.max.toFixed(1).padStart(6)} ${pct(s.within10).padStart(8)}`;
  const { greeters, counters, kiosks } = r.staffing;
  return [
    `Hall day ${r.date} — scenario ${r.scenario}: ${r.title} (seed ${r.seed})`,
    `Staffing: ${greeters} greeters, ${counters} counters, ${kiosks} self-service units. Customers: ${r.arrived} arrived, ${r.exited} left, ${r.inHall} still in the hall.`,
    `Waits in minutes (per customer, all touchpoints):`,
    `  ${'route'.padEnd(16)} ${'cust'.padStart(5)} ${'mean'.padStart(6)} ${'p50'.padStart(6)} ${'p90'.padStart(6)} ${'max'.padStart(6)} ${'≤10 min'.padStart(8)}`,
    ...ROUTES.map((k) => row(k, r.routes[k])),
    row('overall', r.overall),
    `Counter queue (ticket → call): ${r.counterQueue.tickets} tickets, mean ${r.counterQueue.mean.toFixed(1)}, p50 ${r.counterQueue.p50.toFixed(1)}, p90 ${r.counterQueue.p90.toFixed(1)}, max ${r.counterQueue.max.toFixed(1)} min, ${pct(r.counterQueue.within10)} within 10 min; ${r.counterQueue.warnings} warnings (7 min), ${r.counterQueue.breaches} breaches (10 min).`,
    `Counter utilisation ${pct(r.counterUtilisation)}; diversion rate (self-service, no counter) ${pct(r.diversionRate)}; diverted at the warning ${r.divertedAtWarning}; extra counters opened ${r.extraCountersOpened}.`,
  ].join('\n');
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
