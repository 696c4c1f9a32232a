/**
 * Routing at the needs-identification touchpoint (需求识别): the greeter records the
 * customer's need and spending tier on the tablet; a routing table — pack data, replaceable
 * — picks one of the five walk routes and the offer to recommend.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, ValidationError } from '@handoff/engine';
import { z } from 'zod';

/** The five customer walk routes of the hall. */
export const ROUTES = ['simpleBusiness', 'newCard', 'devicePurchase', 'counterBusiness', 'complaint'] as const;
/** A walk route. */
export type HallRoute = (typeof ROUTES)[number];

/** One rule: the first whose `need` matches and whose `tiers` (if given) include the tier wins. */
export interface RoutingRule {
  need: string;
  tiers?: string[];
  route: HallRoute;
}

/** A routing table (`data/routing.json`). */
export interface RoutingTable {
  /** The needs a greeter can record. */
  needs: string[];
  /** The spending tiers the tablet reports. */
  tiers: string[];
  rules: RoutingRule[];
  /** Route for a need no rule matches. */
  defaultRoute: HallRoute;
  /** The offer to recommend per tier. */
  offers: Record<string, string>;
}

const routeSchema = z.enum(ROUTES);
/** zod schema of a routing table; rules may only name declared needs and tiers. */
export const routingTableSchema = z
  .object({
    $comment: z.string().optional(),
    needs: z.array(z.string().min(1)).min(1),
    tiers: z.array(z.string().min(1)).min(1),
    rules: z.array(z.object({ need: z.string().min(1), tiers: z.array(z.string().min(1)).min(1).optional(), route: routeSchema }).strict()),
    defaultRoute: routeSchema,
    offers: z.record(z.string(), z.string()),
  })
  .strict()
  .superRefine((t, ctx) => {
    t.rules.forEach((r, i) => {
      if (!t.needs.includes(r.need)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'need'], message: `unknown need '${r.need}'; declare it in needs` });
      for (const tier of r.tiers ?? []) if (!t.tiers.includes(tier)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'tiers'], message: `unknown tier '${tier}'; declare it in tiers` });
    });
  });

/** The pack's default routing table (`data/routing.json`). */
export const ROUTING_URL = new URL('../data/routing.json', import.meta.url);

/**
 * Validate a routing table (e.g. a host's replacement of `data/routing.json`).
 * @throws ValidationError naming the field.
 */
export function parseRoutingTable(input: unknown): RoutingTable {
  const r = routingTableSchema.safeParse(input);
  if (!r.success) throw new ValidationError('routing table', r.error.issues.map((i) => ({ path: i.path as (string | number)[], code: i.code, message: i.message })));
  const { $comment: _, ...table } = r.data;
  return table;
}

/** The default routing table, read from `data/routing.json`. */
export function defaultRouting(): RoutingTable {
  return parseRoutingTable(JSON.parse(readFileSync(ROUTING_URL, 'utf8')));
}

/**
 * The old hall's table, "all at the counter" (传统模式全部在柜台): every need goes to the
 * counter. Used by the simulation's `allAtCounter` scenario.
 */
export function allAtCounterRouting(base: RoutingTable = defaultRouting()): RoutingTable {
  return { ...base, rules: [], defaultRoute: 'counterBusiness' };
}

/**
 * The route and offer for a need and spending tier.
 * @throws InvalidArgumentError for a need or tier the table does not declare.
 * @example
 * ```ts
 * routeFor(defaultRouting(), 'topUp', 'low'); // { route: 'simpleBusiness', recommendedOffer: 'data add-on pack' }
 * ```
 */
export function routeFor(table: RoutingTable, need: string, tier: string): { route: HallRoute; recommendedOffer?: string } {
  if (!table.needs.includes(need)) throw new InvalidArgumentError('need', `'${need}' is not in the routing table`, `use one of [${table.needs.join(', ')}].`);
  if (!table.tiers.includes(tier)) throw new InvalidArgumentError('spendingTier', `'${tier}' is not in the routing table`, `use one of [${table.tiers.join(', ')}].`);
  const rule = table.rules.find((r) => r.need === need && (!r.tiers || r.tiers.includes(tier)));
  const offer = table.offers[tier];
  return { route: rule?.route ?? table.defaultRoute, ...(offer !== undefined ? { recommendedOffer: offer } : {}) };
}
