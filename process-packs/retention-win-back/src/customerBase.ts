/**
 * The simulated customer base behind the lists: communities of customers with local-call
 * spend, other-network IP spend, fault reports and complaints, and a monthly churn hazard
 * that is higher for customers with service records. Calibrated so that, as seed 001 saw,
 * about 71% of the users who churn had fault or complaint records in the half year before
 * leaving (29% had none): share with records r = 0.2, hazard 4.9% a month with records and
 * 0.5% without gives r·4.9 / (r·4.9 + (1 − r)·0.5) = 0.71.
 *
 * @module
 */
import { seededRandom, type SeededRandom } from '@handoff/simulator';
import type { CustomerInput } from './schemas';

/** The base's parameters (see the README table). */
export interface CustomerBaseRates {
  communities: number;
  customersPerCommunity: number;
  /** Share of customers with fault or complaint records in the last 6 months. */
  withRecords: number;
  /** Monthly churn hazard with and without records. */
  churnWithRecords: number;
  churnWithoutRecords: number;
  /** Share of customers whose local-call spend falls month by month; the fall per month. */
  decliners: number;
  declineMin: number;
  declineMax: number;
  /** Next-month churn multipliers for a falling spend and for > 50 yuan of other-network IP. */
  declineChurnFactor: number;
  ipChurnFactor: number;
  /** Share of customers on another network's IP service, and of those above 50 yuan a month. */
  ipUsers: number;
  ipHeavy: number;
}

export const CUSTOMER_BASE_RATES: Readonly<CustomerBaseRates> = {
  communities: 4,
  customersPerCommunity: 250,
  withRecords: 0.2,
  churnWithRecords: 0.049,
  churnWithoutRecords: 0.005,
  decliners: 0.06,
  declineMin: 0.15,
  declineMax: 0.35,
  declineChurnFactor: 3,
  ipChurnFactor: 2,
  ipUsers: 0.1,
  ipHeavy: 0.4,
};

/** One simulated customer (its list entry once it is extracted). */
export interface BaseCustomer {
  entry: CustomerInput;
  /** Fault reports + complaints in the last 6 months. */
  records6m: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Draw the base (the same for the same seed). */
export function customerBase(seed: number, rates: Partial<CustomerBaseRates> = {}): BaseCustomer[] {
  const r = { ...CUSTOMER_BASE_RATES, ...rates };
  const rng = seededRandom(seed);
  const out: BaseCustomer[] = [];
  for (let c = 1; c <= r.communities; c++) {
    const community = `SQ${String(c).padStart(2, '0')}`;
    for (let i = 1; i <= r.customersPerCommunity; i++) {
      const n = out.length + 1;
      const records6m = rng.chance(r.withRecords) ? rng.int(1, 5) : 0;
      const recent = records6m ? rng.int(0, records6m) : 0; // of them, in the last 3 months
      const complaints3m = recent ? rng.int(0, recent) : 0;
      const base = rng.uniform(30, 120);
      const declining = rng.chance(r.decliners);
      const spend: number[] = [base];
      for (let m = 1; m < 4; m++) spend.push(round2(spend[m - 1]! * (declining ? 1 - rng.uniform(r.declineMin, r.declineMax) : rng.uniform(0.92, 1.08))));
      const ip = rng.chance(r.ipUsers) ? round2(rng.chance(r.ipHeavy) ? rng.uniform(50.01, 120) : rng.uniform(5, 50)) : 0;
      out.push({
        records6m,
        entry: {
          customerId: `C${String(n).padStart(5, '0')}`,
          name: `客户${n}`,
          phone: `133${String(10_000_000 + n).slice(-8)}`,
          address: `${community} 社区 ${i} 号`,
          community,
          communityManager: `cm-${community}`,
          status: 'active',
          arpu: round2(base + ip + rng.uniform(0, 40)),
          localCallSpend: spend.map(round2),
          ipSpendOtherNetwork: ip,
          complaints3m,
          repeatedFaults3m: recent - complaints3m,
          serviceRecords6m: records6m,
        },
      });
    }
  }
  return out;
}

/** The monthly churn hazard of a customer (next month; `retained` after a succeeded work order). */
export function churnHazard(c: BaseCustomer, rates: Partial<CustomerBaseRates> = {}, retainedFactor = 1): number {
  const r = { ...CUSTOMER_BASE_RATES, ...rates };
  const s = c.entry.localCallSpend;
  const falling = s.slice(1).every((v, i) => v < s[i]! * 0.8);
  const h = (c.records6m > 0 ? r.churnWithRecords : r.churnWithoutRecords) * (falling ? r.declineChurnFactor : 1) * (c.entry.ipSpendOtherNetwork > 50 ? r.ipChurnFactor : 1);
  return Math.min(1, h * retainedFactor);
}

/**
 * IT support's extract for a round: the users who churned last month (drawn with the
 * records-only hazard, so the 71% figure holds on the list) and every active user with an
 * indicator worth a look (spend fell by more than 10% last month, IP spend, a complaint or fault).
 */
export function extractList(base: readonly BaseCustomer[], rng: SeededRandom, churnedOn: string, rates: Partial<CustomerBaseRates> = {}): { list: CustomerInput[]; churned: Set<string> } {
  const r = { ...CUSTOMER_BASE_RATES, ...rates };
  const list: CustomerInput[] = [];
  const churned = new Set<string>();
  for (const c of base) {
    const e = c.entry;
    if (rng.chance(c.records6m > 0 ? r.churnWithRecords : r.churnWithoutRecords)) {
      churned.add(e.customerId);
      list.push({ ...e, status: 'churned', churnedOn });
      continue;
    }
    const s = e.localCallSpend;
    if (s[3]! < s[2]! * 0.9 || e.ipSpendOtherNetwork > 0 || e.complaints3m > 0 || e.repeatedFaults3m > 0) list.push(e);
  }
  return { list, churned };
}
