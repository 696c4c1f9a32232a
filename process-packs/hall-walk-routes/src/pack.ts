/**
 * The pack: the BPMN file, lane roles, schemas, the routing handler and the queue SLA,
 * ready for `engine.deploy(createHallPack())`; and the resource pools to create the engine
 * with ({@link hallResources}).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, type JobContext, type JobHandler, type SlaPolicyConfig } from '@handoff/engine';
import { defaultRouting, parseRoutingTable, routeFor, type RoutingTable } from './routing';
import { taskSchemas, visitSchema } from './schemas';
import { hallSlaPolicies, PROCESS_ID, type HallSlaOptions } from './sla';

/** The pack's name. */
export const PACK_NAME = 'hall-walk-routes';
/** The lanes; each grants the role of the same name. */
export const LANES = ['greeter', 'counter', 'selfService', 'hallManager'] as const;
/** A lane of the hall process. */
export type HallLane = (typeof LANES)[number];
/** Job type of `routeCustomer`. */
export const ROUTE_JOB = 'hall.route';
/** The BPMN file, next to `src/` and `dist/` alike. */
export const BPMN_URL = new URL('../bpmn/hall-walk-routes.bpmn', import.meta.url);

/** The BPMN XML of the pack. */
export function hallBpmn(): string {
  return readFileSync(BPMN_URL, 'utf8');
}

/** Staffing of a hall: greeters, counters, self-service units (kiosks and e-channel PCs). */
export interface HallStaffing {
  greeters: number;
  counters: number;
  /** Kiosks plus e-channel PCs. */
  kiosks: number;
  /** Duty managers on the floor (complaints); default 1. */
  managers?: number;
}

/**
 * The engine resource pools for a staffing: `createEngine({ resources: hallResources({ greeters: 3, counters: 3, kiosks: 4 }) })`.
 * The duty manager is a pool of `managers` (default 1).
 * @throws InvalidArgumentError for a count that is not a whole number ≥ 0.
 */
export function hallResources(staffing: HallStaffing): Record<HallLane, { capacity: number }> {
  for (const k of ['greeters', 'counters', 'kiosks', 'managers'] as const) {
    const v = k === 'managers' ? (staffing?.managers ?? 1) : staffing?.[k];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new InvalidArgumentError(`staffing.${k}`, `expected a whole number ≥ 0, got ${JSON.stringify(v)}`, 'give the number of people or units on duty.');
  }
  return { greeter: { capacity: staffing.greeters }, counter: { capacity: staffing.counters }, selfService: { capacity: staffing.kiosks }, hallManager: { capacity: staffing.managers ?? 1 } };
}

/** Options of {@link createHallPack}; all optional. */
export interface HallPackOptions {
  /** The routing table (default `data/routing.json`); validated. */
  routing?: RoutingTable | unknown;
  /** Queue SLA options (warning fraction, duty manager role). */
  sla?: HallSlaOptions;
}

/** The pack: a `DeployInput` for `engine.deploy`. */
export interface HallPack {
  name: string;
  bpmn: string;
  roles: Record<HallLane, string>;
  schemas: { start: { hallWalkRoutes: typeof visitSchema }; tasks: typeof taskSchemas };
  handlers: Record<typeof ROUTE_JOB, JobHandler>;
  sla: SlaPolicyConfig[];
  /** The routing table in use. */
  routing: RoutingTable;
}

/**
 * Create the pack.
 * @throws ValidationError for a malformed routing table.
 * @example
 * ```ts
 * const engine = createEngine({ clock, resources: hallResources({ greeters: 3, counters: 3, kiosks: 4 }) });
 * await engine.deploy(createHallPack());
 * await engine.start('hallWalkRoutes', { ticket: 'A017' }, { businessKey: 'A017' });
 * ```
 */
export function createHallPack(options: HallPackOptions = {}): HallPack {
  const routing = options.routing === undefined ? defaultRouting() : parseRoutingTable(options.routing);
  return {
    name: PACK_NAME,
    bpmn: hallBpmn(),
    roles: Object.fromEntries(LANES.map((l) => [l, l])) as Record<HallLane, string>,
    schemas: { start: { [PROCESS_ID]: visitSchema } as { hallWalkRoutes: typeof visitSchema }, tasks: taskSchemas },
    handlers: {
      [ROUTE_JOB]: async (job: JobContext) => {
        const { need, spendingTier } = job.variables;
        return routeFor(routing, String(need), String(spendingTier));
      },
    },
    sla: hallSlaPolicies(options.sla),
    routing,
  };
}
