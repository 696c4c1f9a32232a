/**
 * The pack's simulation profile: a week of group-business opportunities captured by every
 * contact channel (Monday–Friday, 09:00–18:00 Beijing time), routed by the BPMN rules,
 * claimed or returned by simulated staff who work in working time, re-dispatched by the
 * operations center, followed up to a stage. The source gives no volumes or rates: every
 * number here is the pack's own default, stated in the README ("Simulation").
 *
 * @module
 */
import { createEngine, HandoffError, memoryStore, sequentialIds, virtualClock, type BusinessCalendar, type Engine, type Instant, type SlaReportRow } from '@handoff/engine';
import { simulate, type SeededRandom, type SimulatedTask, type SimulationProfile, type SimulationSummary } from '@handoff/simulator';
import { CONTACT_CHANNELS, type ContactChannel } from './channels';
import { createGroupOpportunityPack, defaultCapabilities, logFirstContact } from './pack';
import { opportunityReport, type OpportunityReport } from './report';
import type { CustomerClass, OpportunityInput, Stage } from './schemas';
import { groupOpportunityCalendar, PROCESS_ID } from './sla';

/** The rates of the simulated week (probabilities unless named otherwise). */
export interface GroupOpportunityRates {
  /** Share of captured records that are leads (need unclear) rather than opportunities. */
  lead: number;
  /** Captures per contact channel (weights). */
  contactChannels: Readonly<Record<ContactChannel, number>>;
  /** Customer classes (weights). */
  classes: Readonly<Record<CustomerClass, number>>;
  /** Probability that a group of the class carries the account-manager flag. */
  accountManagerFlag: Readonly<Record<CustomerClass, number>>;
  /** A sales-service channel claims (else returns it with a reason). */
  accept: number;
  /** Share of claim tasks the channel leaves for more than a working day (they time out). */
  slowClaim: number;
  /** Mean working hours before a claim task is looked at (the rest of the claims). */
  claimReactionHours: number;
  /** Mean working hours before the operations center re-dispatches. */
  dispatchReactionHours: number;
  /** Mean working hours from the claim to the first customer contact; `lateFirstContact` of them take 2–4 working days. */
  firstContactHours: number;
  lateFirstContact: number;
  /** The telephone account manager reaches the customer (dual coverage). */
  coverContacted: number;
  /** Stage a follow-up closes at (weights) and the share won at each stage. */
  stages: Readonly<Record<Stage, number>>;
  won: Readonly<Record<Stage, number>>;
}

/** The default rates (see the README table for the reasons). */
export const GROUP_OPPORTUNITY_RATES: Readonly<GroupOpportunityRates> = {
  lead: 0.3,
  contactChannels: { groupHotline: 35, accountManager: 15, socialChannel: 10, phoneAccountManager: 10, website: 10, serviceHall: 15, experienceHall: 5 },
  classes: { A: 5, B: 10, C: 20, D: 25, potential: 25, unknown: 15 },
  accountManagerFlag: { A: 0.9, B: 0.7, C: 0.3, D: 0.1, potential: 0, unknown: 0 },
  accept: 0.85,
  slowClaim: 0.08,
  claimReactionHours: 2.5,
  dispatchReactionHours: 1.5,
  firstContactHours: 5,
  lateFirstContact: 0.1,
  coverContacted: 0.8,
  stages: { communication: 35, execution: 25, acceptance: 25, service: 15 },
  won: { communication: 0, execution: 0.3, acceptance: 0.9, service: 1 },
};

/** Products named by opportunities (weights): work-order products are transferred, the others may be completed by the contact channel. */
export const OPPORTUNITY_PRODUCTS: Readonly<Record<string, number>> = {
  专线: 20, MAS: 8, 集团彩铃: 8, GPRS: 6, 企信通: 10, 企业邮箱: 8, 企业名片: 6, 集团VPMN: 10, 短号集群网: 10, 移动总机: 6, 集团代付: 4, 短号集群网成员增删: 4,
};

/** Captures by local hour (Asia/Shanghai): office hours, a dip at lunch. */
export const CAPTURE_HOURS: readonly number[] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1.2, 1.2, 0.5, 0.8, 1.2, 1.2, 1, 0.8, 0, 0, 0, 0, 0, 0];

/** Options of {@link groupOpportunityProfile}; all optional. */
export interface GroupOpportunityProfileOptions {
  /** Opportunities captured per working day, all channels; default 40. */
  perDay?: number;
  /** Workers per channel; defaults: 12 account managers, 8 social-channel agents, 4 telephone account managers, 2 web desk, 4 hall clerks, 4 hotline agents, 2 dispatchers. */
  staff?: Partial<Record<'accountManager' | 'socialChannel' | 'phoneAccountManager' | 'website' | 'serviceHall' | 'groupHotline' | 'operationsCenter', number>>;
  /** Override rates. */
  rates?: Partial<GroupOpportunityRates>;
  /** The calendar staff work on; default {@link groupOpportunityCalendar}. */
  calendar?: BusinessCalendar;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const CITIES = ['杭州', '宁波', '温州', '嘉兴', '湖州', '绍兴', '金华', '台州'];
const TRADES = ['科技', '物流', '制造', '贸易', '医药', '建设', '餐饮', '教育'];

/** A captured record for the `i`-th opportunity. */
function record(rng: SeededRandom, i: number, r: GroupOpportunityRates, capabilities: ReturnType<typeof defaultCapabilities>): OpportunityInput {
  const contactChannel = rng.pick(r.contactChannels);
  const cls = rng.pick(r.classes);
  const flag = rng.chance(r.accountManagerFlag[cls]);
  const serving = !flag && cls !== 'unknown' && rng.chance(0.2) ? { servingChannel: rng.chance(0.5) ? ('accountManager' as const) : ('socialChannel' as const) } : {};
  const surname = SURNAMES[rng.int(0, SURNAMES.length - 1)]!;
  const name = `${CITIES[rng.int(0, CITIES.length - 1)]}${surname}氏${TRADES[rng.int(0, TRADES.length - 1)]}有限公司`;
  const base = {
    contactChannel,
    capturedBy: `${contactChannel}-staff`,
    opportunity: { title: `商机 ${i + 1}`, passive: contactChannel === 'groupHotline' || rng.chance(0.4) },
    enterprise: { name, class: cls, accountManagerFlag: flag, ...serving },
    contact: { name: `${surname}经理`, phone: `138${String(10_000_000 + i).slice(-8)}` },
    keyPerson: { name: `${surname}总`, title: '总经理' },
    informatisation: { current: rng.chance(0.5) ? '已有企业邮箱' : '无' },
  };
  if (rng.chance(r.lead)) return { ...base, kind: 'lead', need: { type: '信息化', recommendedProduct: '企业名片', willingToTalk: true } };
  // A contact channel that can complete some products is asked for those more often.
  const own = (capabilities as Record<string, string[]>)[contactChannel] ?? [];
  const product = own.length && rng.chance(0.35) ? own[rng.int(0, own.length - 1)]! : rng.pick(OPPORTUNITY_PRODUCTS);
  return { ...base, kind: 'opportunity', need: { type: '通信', product, requirements: `${product} 需求`, willingToTalk: true, plansToBuy: rng.chance(0.6) } };
}

/**
 * The simulation profile of the pack: captures arrive Monday–Friday in office hours; each
 * channel's staff (one pool per lane) look at a task only in working time, after a reaction
 * time; a claimed opportunity gets its first contact ({@link logFirstContact}) and is followed
 * up days later.
 *
 * @example
 * ```ts
 * const profile = groupOpportunityProfile({ rates: { accept: 0.6 } }); // more returns: see the operations center load
 * ```
 */
export function groupOpportunityProfile(options: GroupOpportunityProfileOptions = {}): SimulationProfile {
  const r: GroupOpportunityRates = { ...GROUP_OPPORTUNITY_RATES, ...options.rates };
  const cal = options.calendar ?? groupOpportunityCalendar();
  const capabilities = defaultCapabilities();
  const staff = { accountManager: 12, socialChannel: 8, phoneAccountManager: 4, website: 2, serviceHall: 4, groupHotline: 4, operationsCenter: 2, ...options.staff };
  /** Minutes from `from` until `workingHours` of working time have passed. */
  const afterWorking = (from: number, workingHours: number) => (cal.addWorkingTime(from, Math.max(1, Math.round(workingHours * HOUR))) - from) / MINUTE;
  return {
    processId: PROCESS_ID,
    arrivals: { perDay: options.perDay ?? 40, hourlyWeights: CAPTURE_HOURS, weekdayWeights: [1, 1, 1, 1, 1, 0, 0], zone: 'Asia/Shanghai' },
    caseData: (rng, i) => record(rng, i, r, capabilities) as unknown as Record<string, unknown>,
    businessKey: (_rng, i) => `OPP-${String(i + 1).padStart(5, '0')}`,
    pools: staff,
    readyAfterMinutes(rng, task) {
      switch (task.elementId) {
        case 'claimByAccountManager':
        case 'claimBySocialChannel':
          return afterWorking(task.createdAt, rng.chance(r.slowClaim) ? rng.uniform(9.5, 14) : rng.exponential(r.claimReactionHours));
        case 'dispatchByOperations':
          return afterWorking(task.createdAt, rng.exponential(r.dispatchReactionHours));
        case 'coverByPhoneManager':
          return afterWorking(task.createdAt, rng.exponential(4));
        case 'followUpByAccountManager':
        case 'followUpBySocialChannel':
          return afterWorking(task.createdAt, rng.uniform(9, 45)); // 1–5 working days of selling
        default:
          return afterWorking(task.createdAt, rng.exponential(0.5)); // the contact channel handles it
      }
    },
    serviceMinutes(rng, task) {
      switch (task.elementId) {
        case 'claimByAccountManager':
        case 'claimBySocialChannel':
          return rng.uniform(3, 10);
        case 'dispatchByOperations':
          return rng.uniform(5, 15);
        case 'coverByPhoneManager':
          return rng.uniform(5, 15);
        case 'followUpByAccountManager':
        case 'followUpBySocialChannel':
          return rng.uniform(30, 90);
        default:
          return rng.uniform(10, 25);
      }
    },
    output(rng, task, variables) {
      switch (task.elementId) {
        case 'claimByAccountManager':
        case 'claimBySocialChannel':
          return rng.chance(r.accept) ? { accepted: true } : { accepted: false, returnReason: rng.pick({ 非本渠道客户: 2, 产品不在能力范围: 1, 客户信息不全: 1 }) };
        case 'dispatchByOperations': {
          const flag = (variables.enterprise as { accountManagerFlag?: boolean } | undefined)?.accountManagerFlag;
          return { dispatchTo: flag || rng.chance(0.4) ? 'accountManager' : 'socialChannel', reason: '运营中心按客户归属人工转派' };
        }
        case 'coverByPhoneManager':
          return { contacted: rng.chance(r.coverContacted) };
        case 'followUpByAccountManager':
        case 'followUpBySocialChannel': {
          const stage = rng.pick(r.stages);
          return { stage, won: rng.chance(r.won[stage]) };
        }
        default:
          return { handled: true, orderNo: `BOSS-${task.instanceId}` };
      }
    },
    async onTaskCompleted(ctx, task, output) {
      if (!task.elementId.startsWith('claimBy') || output.accepted !== true) return;
      const late = ctx.rng.chance(r.lateFirstContact);
      const minutes = afterWorking(ctx.now(), late ? ctx.rng.uniform(16, 32) : ctx.rng.exponential(r.firstContactHours));
      ctx.after(minutes, () => firstContact(ctx.engine, task.instanceId));
    },
  };
}

/** Log the first contact unless the case has moved on (closed, or the follow-up is done). */
async function firstContact(engine: Engine, instanceId: string): Promise<void> {
  const info = await engine.instances.get(instanceId);
  if (info?.status !== 'active' || !info.activeElements.some((e) => e.startsWith('followUpBy'))) return;
  try {
    await logFirstContact(engine, instanceId, { by: 'simulation' });
  } catch (err) {
    if (!(err instanceof HandoffError)) throw err;
  }
}

/** Options of {@link simulateGroupOpportunity}. */
export interface SimulateGroupOpportunityOptions extends GroupOpportunityProfileOptions {
  /** Days of captures (weekends bring none). */
  days: number;
  seed: number;
  /** First day; default Monday `2026-03-02T00:00:00+08:00`. */
  start?: Instant;
  /** Days staff keep working after the last capture, so follow-ups can close; default 14. */
  drainDays?: number;
}

/** What {@link simulateGroupOpportunity} returns. */
export interface GroupOpportunitySimulation {
  summary: SimulationSummary;
  /** {@link opportunityReport} over the captures of the run. */
  report: OpportunityReport;
  /** `engine.sla.report({ groupBy: 'sla' })` rows. */
  sla: SlaReportRow[];
}

/**
 * Run the profile on a fresh engine (virtual clock, memory store, the pack's calendar) and
 * report the simulator summary, the transfer report and the SLA report.
 *
 * @example
 * ```ts
 * const { report, sla } = await simulateGroupOpportunity({ days: 7, seed: 1 });
 * report.claims.timedOut; report.secondTransfers;
 * ```
 */
export async function simulateGroupOpportunity(options: SimulateGroupOpportunityOptions): Promise<GroupOpportunitySimulation> {
  const { days, seed, start = '2026-03-02T00:00:00+08:00', drainDays = 14, ...profileOptions } = options;
  const calendar = profileOptions.calendar ?? groupOpportunityCalendar();
  const clock = virtualClock(start, { zone: 'Asia/Shanghai' });
  const engine = createEngine({ clock, store: memoryStore(), ids: sequentialIds('opp'), zone: 'Asia/Shanghai', calendars: [calendar] });
  await engine.deploy(createGroupOpportunityPack({ calendar: calendar.name }));
  try {
    const summary = await simulate({ engine, clock, profile: groupOpportunityProfile({ ...profileOptions, calendar }), seed, days, drainDays });
    const report = await opportunityReport(engine, { from: Date.parse(summary.start), to: Date.parse(summary.start) + days * 24 * HOUR });
    const sla = await engine.sla.report({ groupBy: 'sla' });
    return { summary, report, sla: sla.rows };
  } finally {
    await engine.close();
  }
}
