/**
 * The pack: the BPMN file, lane roles, schemas and SLA policies, ready for
 * `engine.deploy(createGroupOpportunityPack(options))`; the contact channel's entry point
 * ({@link captureOpportunity}) and the first-contact log ({@link logFirstContact}).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, ValidationError, type Engine, type InstanceInfo, type SlaPolicyConfig } from '@handoff/engine';
import { CHANNELS, type Channel } from './channels';
import { capabilitiesSchema, opportunitySchema, startSchema, taskSchemas, type OpportunityInput, type ProductCapabilities } from './schemas';
import { CLAIM_LIMIT, DEFAULT_CALENDAR, FIRST_CONTACT_LIMIT, FIRST_CONTACT_MILESTONE, groupOpportunitySlaPolicies, PROCESS_ID } from './sla';

/** The pack's name. */
export const PACK_NAME = 'group-opportunity-transfer';
/** The BPMN file, next to `src/` and `dist/` alike. */
export const BPMN_URL = new URL('../bpmn/group-opportunity-transfer.bpmn', import.meta.url);
/** The default product list (which contact channel completes which product itself). */
export const CAPABILITIES_URL = new URL('../data/product-capabilities.json', import.meta.url);

/** The BPMN XML as shipped (defaults: claim `P1D` on calendar `group-opportunity-workdays`). */
export function groupOpportunityBpmn(): string {
  return readFileSync(BPMN_URL, 'utf8');
}

/** The default product list, read and validated from `data/product-capabilities.json`. */
export function defaultCapabilities(): ProductCapabilities {
  return capabilitiesSchema.parse(JSON.parse(readFileSync(CAPABILITIES_URL, 'utf8')));
}

/** Options of {@link createGroupOpportunityPack}; all optional. */
export interface GroupOpportunityPackOptions {
  /** Business calendar name (registered with `createEngine({ calendars })`). Default `group-opportunity-workdays` ({@link groupOpportunityCalendar}). */
  calendar?: string;
  /** Claim limit, working time (working days, hours, minutes, seconds). Default `P1D` (1 working day). */
  claimLimit?: string;
  /** Re-dispatch limit at the operations center. Default `PT4H`. */
  redispatchLimit?: string;
  /** First customer contact after the claim. Default `P2D` (2 working days). */
  firstContactLimit?: string;
  /** The product list; default {@link defaultCapabilities}. Sent as the start variable `capabilities` unless the start sends its own. */
  capabilities?: ProductCapabilities;
  /** Role name per lane, when the host's names differ (default: the lane id). */
  roles?: Partial<Record<Channel, string>>;
}

/** The pack: a `DeployInput` for `engine.deploy`. */
export interface GroupOpportunityPack {
  name: string;
  bpmn: string;
  roles: Record<string, string>;
  schemas: { start: Record<string, ReturnType<typeof startSchema>>; tasks: typeof taskSchemas };
  sla: SlaPolicyConfig[];
}

const WORKING_TIME = /^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

function workingTime(name: string, value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !WORKING_TIME.test(value)) {
    throw new InvalidArgumentError(name, `expected working time in working days, hours, minutes and seconds such as P1D or PT9H, got ${JSON.stringify(value)}`, 'write working days as P2D (the same local time on the 2nd working day) or working hours as PT16H.');
  }
  return value;
}

/**
 * Create the pack. The claim limit and the calendar are written into the BPMN timers
 * (`handoff:calendar`, `timeDuration`) so the timer and its SLA clock agree.
 *
 * @example
 * ```ts
 * const engine = createEngine({ calendars: [groupOpportunityCalendar({ holidays: ['2026-05-01'] })] });
 * await engine.deploy(createGroupOpportunityPack({ claimLimit: 'PT4H' }));
 * ```
 */
export function createGroupOpportunityPack(options: GroupOpportunityPackOptions = {}): GroupOpportunityPack {
  const claimLimit = workingTime('claimLimit', options.claimLimit, CLAIM_LIMIT);
  const redispatchLimit = workingTime('redispatchLimit', options.redispatchLimit, 'PT4H');
  const firstContactLimit = workingTime('firstContactLimit', options.firstContactLimit, FIRST_CONTACT_LIMIT);
  const calendar = options.calendar ?? DEFAULT_CALENDAR;
  if (typeof calendar !== 'string' || !/^[^"<>&]+$/.test(calendar)) throw new InvalidArgumentError('calendar', `expected a calendar name, got ${JSON.stringify(calendar)}`, 'name a calendar registered with createEngine({ calendars }).');
  const capabilities = options.capabilities ? capabilitiesSchema.parse(options.capabilities) : defaultCapabilities();
  const bpmn = groupOpportunityBpmn()
    .replaceAll(`handoff:calendar="${DEFAULT_CALENDAR}"`, `handoff:calendar="${calendar}"`)
    .replaceAll(`<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${CLAIM_LIMIT}</bpmn:timeDuration>`, `<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${claimLimit}</bpmn:timeDuration>`);
  return {
    name: PACK_NAME,
    bpmn,
    roles: Object.fromEntries(CHANNELS.map((c) => [c, options.roles?.[c] ?? c])),
    schemas: { start: { [PROCESS_ID]: startSchema(capabilities) }, tasks: taskSchemas },
    sla: groupOpportunitySlaPolicies({ calendar, redispatchLimit, firstContactLimit }),
  };
}

/**
 * A contact channel captures a lead or opportunity: validates the record (field-level
 * errors) and starts the transfer. The product list comes from the deployed pack (its
 * start-schema default) unless `capabilities` is given.
 *
 * @throws ValidationError when the record is incomplete; `issues[].path` names each field.
 */
export async function captureOpportunity(engine: Engine, record: OpportunityInput, options: { businessKey?: string; capabilities?: ProductCapabilities } = {}): Promise<InstanceInfo> {
  const r = opportunitySchema.safeParse(record);
  if (!r.success) {
    throw new ValidationError('the opportunity record', r.error.issues.map((i) => ({ path: i.path.map(String), code: i.code, message: i.message })));
  }
  const variables: Record<string, unknown> = { ...r.data, ...(options.capabilities ? { capabilities: options.capabilities } : {}) };
  return engine.start(PROCESS_ID, variables, options.businessKey ? { businessKey: options.businessKey } : {});
}

/** The sales-service channel logs its first contact with the customer (stops the first-contact clock). */
export async function logFirstContact(engine: Engine, instanceId: string, data: Record<string, unknown> = {}): Promise<void> {
  await engine.milestone(instanceId, FIRST_CONTACT_MILESTONE, data);
}
