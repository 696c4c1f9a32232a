/**
 * The pack: the BPMN file, lane roles, schemas, service-task handlers and SLA policies,
 * ready for `engine.deploy(createBroadbandPack(options))`; and the hotline's entry point for
 * a customer's call ({@link reportCustomerCall}).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, ValidationError, type CorrelationResult, type Engine, type JobContext, type JobHandler, type SlaPolicyConfig } from '@handoff/engine';
import { DateTime } from 'luxon';
import { DO_NOT_DISTURB_ZONE, memoryDoNotDisturbRegister, suppressedUntil, type DoNotDisturbRegister } from './doNotDisturb';
import { caseSchema, phoneSchema, taskSchemas } from './schemas';
import { broadbandSlaPolicies, PROCESS_ID, type BroadbandSlaCalendars, type BroadbandSupervisors } from './sla';

/** The pack's name (`deploy` error messages name it). */
export const PACK_NAME = 'broadband-field-sales';

/** The job types of the service tasks (`zeebe:taskDefinition type`). */
export const JOB_TYPES = {
  /** `checkDoNotDisturb`: output `suppressed: boolean`. */
  dndCheck: 'broadband.dnd-check',
  /** `recordRefusal`: output `doNotDisturbUntil` (ISO 8601, Asia/Shanghai). */
  dndRecord: 'broadband.dnd-record',
  /** `openAccount`: output `accountNo: string`. */
  openAccount: 'broadband.open-account',
} as const;

/** The message the hotline correlates when the customer calls, by the customer's phone. */
export const CUSTOMER_REPORT = 'customerReport';
/** How long a customer's call waits for its case (buffered): 1 day. */
export const CUSTOMER_REPORT_TTL = 'P1D';

/** The lanes of the process; by default each lane grants the role of the same name. */
export type BroadbandLane = 'fieldSales' | 'hotline' | 'installer' | 'hall';

/** The BPMN file, next to `src/` and `dist/` alike. */
export const BPMN_URL = new URL('../bpmn/broadband-field-sales.bpmn', import.meta.url);

/** Options of {@link createBroadbandPack}; all optional but `openAccount`. */
export interface BroadbandPackOptions {
  /** Where refusals are kept. Default: a fresh {@link memoryDoNotDisturbRegister} (lost on restart). */
  register?: DoNotDisturbRegister;
  /**
   * The time the do-not-disturb handlers use (epoch ms). Default: the engine clock's time
   * each job carries (`job.now`), so a virtual clock needs no wiring.
   */
  now?: () => number;
  /** Business calendar per SLA clock; default `24/7` each. */
  calendars?: BroadbandSlaCalendars;
  /** Supervisor role per lane for SLA escalations. */
  supervisors?: BroadbandSupervisors;
  /** Role name per lane, when the host's names differ (default: the lane id). */
  roles?: Partial<Record<BroadbandLane, string>>;
  /**
   * Opens the broadband account in the provisioning system (宽带开户). Runs at least once per
   * job: use `job.jobId` as the idempotency key. Throw to retry (then an incident).
   * **Required**: there is no default, so a production host can never "open" accounts that
   * do not exist. Demos, tests and simulations pass {@link simulatedOpenAccount} explicitly.
   */
  openAccount: (job: JobContext) => Promise<{ accountNo: string }>;
}

/** The pack: a `DeployInput` for `engine.deploy`. */
export interface BroadbandPack {
  name: string;
  bpmn: string;
  roles: Record<string, string>;
  schemas: { start: { broadbandFieldSales: typeof caseSchema }; tasks: typeof taskSchemas };
  handlers: Record<(typeof JOB_TYPES)[keyof typeof JOB_TYPES], JobHandler>;
  sla: SlaPolicyConfig[];
}

/**
 * A simulated account opener: returns `SIM-<jobId>` and provisions nothing. For demos,
 * tests and simulations only, passed explicitly (`createBroadbandPack({ openAccount:
 * simulatedOpenAccount })`); a production host passes its own `openAccount`.
 */
export async function simulatedOpenAccount(job: JobContext): Promise<{ accountNo: string }> {
  return { accountNo: `SIM-${job.jobId}` };
}

/** The BPMN XML of the pack (read from `bpmn/broadband-field-sales.bpmn`). */
export function broadbandBpmn(): string {
  return readFileSync(BPMN_URL, 'utf8');
}

/**
 * Create the pack. Each call has its own handlers bound to `register` and `now`.
 *
 * @throws InvalidArgumentError (`INVALID_ARGUMENT`, argument `openAccount`) when no
 *   `openAccount` handler is given: the pack never defaults to a simulation.
 *
 * @example
 * ```ts
 * import { createEngine, virtualClock } from '@handoff/engine';
 * import { createBroadbandPack, memoryDoNotDisturbRegister, reportCustomerCall } from '@handoff/pack-broadband-field-sales';
 * const clock = virtualClock('2026-03-02T09:00:00+08:00');
 * const engine = createEngine({ clock });
 * await engine.deploy(createBroadbandPack({ register: memoryDoNotDisturbRegister(), now: () => clock.now(), openAccount: simulatedOpenAccount }));
 * const c = await engine.start('broadbandFieldSales', { customer: '李雷', phone: '13800000001', address: '1 Lake Rd', grid: 'G01' });
 * await reportCustomerCall(engine, '13800000001'); // the customer calls the hotline (buffered until the case waits)
 * ```
 */
export function createBroadbandPack(options: BroadbandPackOptions): BroadbandPack {
  const openAccount = (options as Partial<BroadbandPackOptions> | undefined)?.openAccount;
  if (typeof openAccount !== 'function') {
    throw new InvalidArgumentError(
      'openAccount',
      `createBroadbandPack needs the handler of job type ${JOB_TYPES.openAccount} (宽带开户), got ${openAccount === undefined ? 'none' : typeof openAccount}; the pack never opens accounts by simulation on its own.`,
      'pass openAccount: async (job) => ({ accountNo }) that calls your provisioning system (use job.jobId as the idempotency key); demos and tests pass simulatedOpenAccount.',
    );
  }
  const register = options.register ?? memoryDoNotDisturbRegister();
  const now = (job: JobContext) => options.now?.() ?? job.now;
  const lanes: BroadbandLane[] = ['fieldSales', 'hotline', 'installer', 'hall'];
  const roles = Object.fromEntries(lanes.map((l) => [l, options.roles?.[l] ?? l]));
  return {
    name: PACK_NAME,
    bpmn: broadbandBpmn(),
    roles,
    schemas: { start: { [PROCESS_ID]: caseSchema } as { broadbandFieldSales: typeof caseSchema }, tasks: taskSchemas },
    handlers: {
      [JOB_TYPES.dndCheck]: async (job: JobContext) => ({ suppressed: await register.isSuppressed(phoneOf(job), now(job)) }),
      [JOB_TYPES.dndRecord]: async (job: JobContext) => {
        const at = now(job);
        await register.recordRefusal(phoneOf(job), at);
        return { doNotDisturbUntil: DateTime.fromMillis(suppressedUntil(at), { zone: DO_NOT_DISTURB_ZONE }).toISO() };
      },
      [JOB_TYPES.openAccount]: async (job: JobContext) => {
        const out = await openAccount(job);
        if (!out || typeof out.accountNo !== 'string' || !out.accountNo) {
          throw new Error(`openAccount returned ${JSON.stringify(out)}; it must return { accountNo: '<non-empty string>' }`);
        }
        return { accountNo: out.accountNo };
      },
    },
    sla: broadbandSlaPolicies({ ...(options.calendars ? { calendars: options.calendars } : {}), ...(options.supervisors ? { supervisors: options.supervisors } : {}) }),
  };
}

function phoneOf(job: JobContext): string {
  const phone = job.variables.phone;
  if (typeof phone !== 'string' || !phone) throw new Error(`the case has no phone variable (got ${JSON.stringify(phone)}); set it with incidents.retry(id, { variables: { phone } })`);
  return phone;
}

/**
 * The customer calls the broadband support hotline from their own phone (一级行销成功报备):
 * correlate `customerReport` by the phone number. If the case does not wait for it yet (the
 * rep has not completed the visit), the report is buffered for 1 day and taken when the
 * case reaches `customerReport`. `payload` is merged into the case variables.
 *
 * @throws ValidationError when `phone` is not a mainland mobile number.
 * @example
 * ```ts
 * const r = await reportCustomerCall(engine, '13800000001', { reportNote: 'wants 300M' });
 * r.correlated; // [{ instanceId, elementId: 'customerReport' }], or r.buffered
 * ```
 */
export async function reportCustomerCall(engine: Engine, phone: string, payload: Record<string, unknown> = {}, options: { ttl?: string | number } = {}): Promise<CorrelationResult> {
  const r = phoneSchema.safeParse(phone);
  if (!r.success) throw new ValidationError(`phone of message ${CUSTOMER_REPORT}`, r.error.issues.map((i) => ({ path: ['phone'], code: i.code, message: i.message })));
  return engine.messages.correlate(CUSTOMER_REPORT, { correlationKey: r.data }, payload, { ttl: options.ttl ?? CUSTOMER_REPORT_TTL });
}
