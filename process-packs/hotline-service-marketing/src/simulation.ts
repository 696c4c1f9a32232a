/**
 * The pack's simulation: a month of 10086 calls handled by agents of different skill (the
 * source's pilot saw 3 to 886 successful recommendations a month per agent), routed by the
 * DMN tables, with the self-service channels reporting orders after the call. The source
 * gives no volumes or rates: every number here is the pack's own default (README,
 * "Simulation").
 *
 * @module
 */
import { createEngine, memoryStore, sequentialIds, virtualClock, type Actor, type Instant, type SlaReportRow } from '@handoff/engine';
import { simulate, type SeededRandom, type SimulationProfile, type SimulationSummary } from '@handoff/simulator';
import { CHANNEL_LANE, RECOMMENDATION_CHANNELS, type RecommendationChannel, type RequestKind } from './channels';
import { createHotlineMarketingPack, recordChannelOrder } from './pack';
import { sampleProducts, SAMPLE_PROBLEMS, type Product } from './products';
import { marketingReport, type MarketingReport } from './report';
import type { CallInput } from './schemas';
import { hotlineReviewCalendar, PROCESS_ID, type Phase } from './sla';

/** A simulated agent: staff number (工号), team (班组) and skill. */
export interface SimulatedAgent {
  id: string;
  team: string;
  /** Probability of making the suggested offer when the CRM has one (the customer's own purchase requests are always served). */
  offerRate: number;
  /** Probability that a customer accepts this agent's offer. */
  acceptRate: number;
}

/**
 * The default roster: ten agents in two teams, from a novice who rarely markets to the
 * pilot's best seller — the spread of the source's 3 to 886 successes a month, at the
 * simulation's smaller call volume.
 */
export const DEFAULT_AGENTS: readonly SimulatedAgent[] = [
  { id: '10086-A01', team: '一班', offerRate: 0.03, acceptRate: 0.2 },
  { id: '10086-A02', team: '一班', offerRate: 0.04, acceptRate: 0.25 },
  { id: '10086-A03', team: '一班', offerRate: 0.05, acceptRate: 0.3 },
  { id: '10086-A04', team: '一班', offerRate: 0.07, acceptRate: 0.35 },
  { id: '10086-A05', team: '一班', offerRate: 0.09, acceptRate: 0.4 },
  { id: '10086-B01', team: '二班', offerRate: 0.11, acceptRate: 0.45 },
  { id: '10086-B02', team: '二班', offerRate: 0.13, acceptRate: 0.5 },
  { id: '10086-B03', team: '二班', offerRate: 0.16, acceptRate: 0.55 },
  { id: '10086-B04', team: '二班', offerRate: 0.2, acceptRate: 0.6 },
  { id: '10086-B05', team: '二班', offerRate: 0.27, acceptRate: 0.75 },
];

/**
 * Calls an agent answers a day in the pilot profile ({@link PILOT}): the source gives no
 * volumes, so this is the pack's default — 100 calls a day, every day, 3,000 in a 30-day month
 * (a 10086 call takes 2–6 minutes; shifts are not simulated, the agents take calls all day).
 */
export const PILOT_CALLS_PER_AGENT_DAY = 100;

/**
 * The pilot's extremes at the real per-agent volume: the source's trial (12580 移动惠生活, 2012)
 * saw an agent's monthly successful recommendations range from 3 (最低仅3件) to 886 (最高886).
 * At {@link PILOT_CALLS_PER_AGENT_DAY} calls a day, with the default rates an offer that is
 * accepted ends in an order about 82% of the time (the channels' order rates), so a success per
 * call is ≈ 0.82 × offerRate × acceptRate: 0.01 × 0.12 gives ≈ 3 a month, 0.55 × 0.6 ≈ 810–890 (the strong agent takes a few more calls than the weak one).
 */
export const PILOT_AGENTS: readonly SimulatedAgent[] = [
  { id: '10086-P01', team: '试点组', offerRate: 0.01, acceptRate: 0.12 },
  { id: '10086-P02', team: '试点组', offerRate: 0.55, acceptRate: 0.6 },
];

/**
 * The pilot profile: {@link PILOT_AGENTS} at {@link PILOT_CALLS_PER_AGENT_DAY} calls each a
 * day. Pass it to {@link simulateHotlineMarketing} (`{ seed, ...PILOT, days }`); a run shorter
 * than 30 days reports `successesPer30Days` scaled to a month (README, "Simulation").
 */
export const PILOT: Readonly<{ agents: readonly SimulatedAgent[]; perDay: number }> = { agents: PILOT_AGENTS, perDay: PILOT_AGENTS.length * PILOT_CALLS_PER_AGENT_DAY };

/** The rates of the simulated calls. */
export interface HotlineMarketingRates {
  /** What customers call about (weights). */
  requests: Readonly<Record<RequestKind, number>>;
  /** A consult, query, complaint or fault call names one of the sample problems. */
  problem: number;
  /** The CRM has a recommendation for the customer. */
  crm: number;
  /** An order call names a product no channel completes (it becomes a capability requirement). */
  uncarriedOrder: number;
  /** A customer who asks to buy accepts (the agent serves the request). */
  serviceAccept: number;
  /** The customer orders in the recommended channel at all, and the mean minutes until they do. */
  channelOrder: Readonly<Record<RecommendationChannel, { p: number; meanMinutes: number }>>;
  /** `completeOnHotline` results (weights). */
  hotlineResults: Readonly<Record<'ordered' | 'booked' | 'failed', number>>;
}

/** The default rates (README, "Simulation"). */
export const HOTLINE_MARKETING_RATES: Readonly<HotlineMarketingRates> = {
  requests: { consult: 38, query: 32, complaint: 8, fault: 12, order: 10 },
  problem: 0.3,
  crm: 0.3,
  uncarriedOrder: 0.1,
  serviceAccept: 0.95,
  channelOrder: { ivr: { p: 0.85, meanMinutes: 2 }, sms: { p: 0.6, meanMinutes: 240 }, app: { p: 0.5, meanMinutes: 600 }, web: { p: 0.4, meanMinutes: 900 } },
  hotlineResults: { ordered: 85, booked: 10, failed: 5 },
};

/** Calls by local hour (Asia/Shanghai): the hotline is open all day, busiest 09:00–21:00. */
export const CALL_HOURS: readonly number[] = [0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8, 1.2, 1.5, 1.5, 1.4, 1.1, 1.2, 1.4, 1.4, 1.3, 1.2, 1.1, 1.2, 1.2, 1.0, 0.7, 0.4];

/** Options of {@link hotlineMarketingProfile}; all optional. */
export interface HotlineMarketingProfileOptions {
  /** Calls per day; default 150. */
  perDay?: number;
  /** The roster; default {@link DEFAULT_AGENTS}. */
  agents?: readonly SimulatedAgent[];
  rates?: Partial<HotlineMarketingRates>;
  /** The product list; default {@link sampleProducts}. */
  products?: readonly Product[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The simulation profile: calls arrive all day; each agent (a worker of the `hotlineAgent`
 * pool, named by the roster) handles them in turn and offers by skill; the business review
 * team works in its office hours; the channels report orders after the call.
 */
export function hotlineMarketingProfile(options: HotlineMarketingProfileOptions = {}): SimulationProfile {
  const r: HotlineMarketingRates = { ...HOTLINE_MARKETING_RATES, ...options.rates };
  const agents = options.agents ?? DEFAULT_AGENTS;
  if (!agents.length) throw new RangeError('agents: the roster needs at least one agent');
  const byId = new Map(agents.map((a) => [a.id, a]));
  const products = options.products ?? sampleProducts();
  const carried = products.filter((p) => Object.values(p.channels).some(Boolean));
  const uncarried = products.filter((p) => !Object.values(p.channels).some(Boolean));
  const precision = products.filter((p) => p.marketingTypes.includes('precision'));
  const cal = hotlineReviewCalendar();
  const pick = <T>(rng: SeededRandom, xs: readonly T[]) => xs[rng.int(0, xs.length - 1)]!;
  return {
    processId: PROCESS_ID,
    arrivals: { perDay: options.perDay ?? 150, hourlyWeights: CALL_HOURS, zone: 'Asia/Shanghai' },
    caseData(rng, i): Record<string, unknown> {
      const kind = rng.pick(r.requests);
      const call: CallInput = { callId: `CALL-${String(i + 1).padStart(6, '0')}`, customer: { msisdn: `139${String(10_000_000 + ((i * 7919) % 90_000_000)).slice(-8)}` }, request: { kind } };
      if (kind === 'order') call.request.productId = (rng.chance(r.uncarriedOrder) && uncarried.length ? pick(rng, uncarried) : pick(rng, carried)).id;
      else if (rng.chance(r.problem)) call.request.problem = pick(rng, SAMPLE_PROBLEMS);
      if (precision.length && rng.chance(r.crm)) call.crm = { productId: pick(rng, precision).id };
      return call as unknown as Record<string, unknown>;
    },
    businessKey: (_rng, _i, data) => String(data.callId),
    pools: { hotlineAgent: agents.length, businessReview: 2 },
    workerOrder: 'longestIdle', // the ACD gives the next call to the agent free the longest
    worker: (pool, n) => (pool === 'hotlineAgent' ? { id: agents[n - 1]!.id, roles: ['hotlineAgent'] } : { id: `${pool}-${n}`, roles: [pool] }),
    readyAfterMinutes(_rng, task) {
      // The review team looks at its work list in office hours.
      return task.elementId === 'raiseRequirement' ? (cal.addWorkingTime(task.createdAt, 30 * MINUTE) - task.createdAt) / MINUTE : 0;
    },
    serviceMinutes(rng, task) {
      if (task.elementId === 'handleRequest') return rng.uniform(2, 6);
      if (task.elementId === 'completeOnHotline') return rng.uniform(1.5, 4);
      return rng.uniform(15, 40);
    },
    output(rng, task, variables, worker: Actor) {
      if (task.elementId === 'completeOnHotline') {
        const result = rng.pick(r.hotlineResults);
        return result === 'failed' ? { result, reason: '客户资料不全' } : { result, orderNo: `BOSS-${task.instanceId}` };
      }
      if (task.elementId === 'raiseRequirement') return { requirement: '电子渠道支持办理该业务', channel: 'sms' };
      const agent = byId.get(worker.id) ?? { offerRate: 0, acceptRate: 0 };
      const s = variables.suggestion as { type: string; productId: string | null } | null;
      if (s?.type === 'service' && s.productId) return { resolved: true, marketing: { type: 'service', productId: s.productId, accepted: rng.chance(r.serviceAccept) } };
      if (s && s.type !== 'none' && s.productId && rng.chance(agent.offerRate)) return { resolved: true, marketing: { type: s.type, productId: s.productId, accepted: rng.chance(agent.acceptRate) } };
      return { resolved: true, marketing: { type: 'none' } };
    },
    async onTaskCompleted(ctx, task) {
      if (task.elementId !== 'handleRequest') return;
      const info = await ctx.engine.instances.get(task.instanceId);
      const channel = RECOMMENDATION_CHANNELS.find((c) => info?.activeElements.includes(`${CHANNEL_LANE[c]}Order`));
      if (!channel || !ctx.rng.chance(r.channelOrder[channel].p)) return;
      const callId = String(info!.variables.callId);
      // Orders after the window are reported too: they are not credited.
      ctx.after(ctx.rng.exponential(r.channelOrder[channel].meanMinutes), () => recordChannelOrder(ctx.engine, { callId, channel }));
    },
  };
}

/** Options of {@link simulateHotlineMarketing}. */
export interface SimulateHotlineMarketingOptions extends HotlineMarketingProfileOptions {
  /** Days of calls; default 30 (a month). */
  days?: number;
  seed: number;
  /** First day; default `2012-10-01T00:00:00+08:00` (phase 2 of the source's plan). */
  start?: Instant;
  /** The phase the report measures against; default 2 (18%). */
  phase?: Phase;
  /** Days after the last call in which the channels still report orders; default 4 (past the 72-hour window). */
  drainDays?: number;
}

/** What {@link simulateHotlineMarketing} returns. */
export interface HotlineMarketingSimulation {
  summary: SimulationSummary;
  /** {@link marketingReport} by month, per agent. */
  monthly: MarketingReport;
  /** {@link marketingReport} by day, per team. */
  dailyByTeam: MarketingReport;
  /** `engine.sla.report({ groupBy: 'sla' })` rows. */
  sla: SlaReportRow[];
  /**
   * Per agent: successful recommendations (推荐成功量) over the run, and the same scaled to a
   * 30-day month (`successful × 30 / days`; equal to `successful` for a 30-day run). The
   * scaling is stated, not hidden: a week of the {@link PILOT} profile shows the month it projects.
   */
  successesPer30Days: Record<string, { calls: number; successful: number; per30Days: number }>;
}

/**
 * Run the profile on a fresh engine (virtual clock, memory store) and report by month per
 * agent and by day per team, with the SLA report.
 *
 * @example
 * ```ts
 * const { monthly } = await simulateHotlineMarketing({ seed: 1 });
 * monthly.target.share; monthly.target.met; monthly.rows.map((r) => [r.key, r.successful]);
 * ```
 */
export async function simulateHotlineMarketing(options: SimulateHotlineMarketingOptions): Promise<HotlineMarketingSimulation> {
  const { days = 30, seed, start = '2012-10-01T00:00:00+08:00', phase = 2, drainDays = 4, ...profileOptions } = options;
  const clock = virtualClock(start, { zone: 'Asia/Shanghai' });
  const engine = createEngine({ clock, store: memoryStore(), ids: sequentialIds('call'), zone: 'Asia/Shanghai', calendars: [hotlineReviewCalendar()] });
  await engine.deploy(createHotlineMarketingPack(profileOptions.products ? { products: profileOptions.products } : {}));
  try {
    const summary = await simulate({ engine, clock, profile: hotlineMarketingProfile(profileOptions), seed, days, drainDays });
    const range = { from: Date.parse(summary.start), to: Date.parse(summary.start) + days * 24 * HOUR };
    const agents = profileOptions.agents ?? DEFAULT_AGENTS;
    const monthly = await marketingReport(engine, { ...range, by: 'month', per: 'agent', phase });
    const dailyByTeam = await marketingReport(engine, { ...range, by: 'day', per: 'team', teams: Object.fromEntries(agents.map((a) => [a.id, a.team])), phase });
    const sla = await engine.sla.report({ groupBy: 'sla' });
    const successesPer30Days: HotlineMarketingSimulation['successesPer30Days'] = {};
    for (const row of monthly.rows) {
      const a = (successesPer30Days[row.key] ??= { calls: 0, successful: 0, per30Days: 0 });
      a.calls += row.calls;
      a.successful += row.successful;
      a.per30Days = Math.round((a.successful * 30) / days);
    }
    return { summary, monthly, dailyByTeam, sla: sla.rows, successesPer30Days };
  } finally {
    await engine.close();
  }
}
