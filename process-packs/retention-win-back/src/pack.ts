/**
 * The pack: two BPMN processes (retention / win-back; the 10000 hotline pairing), the DMN
 * decisions, lane roles, schemas and SLA policies, ready for
 * `engine.deploy(createRetentionPack(options))`; and the entry points of the marketing team
 * ({@link startCampaign}) and the 10000 hotline ({@link applyOnHotline}).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, ValidationError, type Engine, type InstanceInfo, type SchemaLike, type SlaPolicyConfig } from '@handoff/engine';
import { mergeProgrammes, type Programme } from './programmes';
import { applicationSchema, applicationStartSchema, campaignSchema, defaultRequiredSteps, requiredStepsSchema, taskSchemas, type ApplicationInput, type CampaignInput, type RequiredSteps } from './schemas';
import { DEFAULT_CALENDAR, DEFAULT_LIMITS, HOTLINE_PROCESS_ID, RETENTION_PROCESS_ID, retentionSlaPolicies, type RetentionLimits } from './sla';

/** The pack's name. */
export const PACK_NAME = 'retention-win-back';
/** The lanes, which are the roles (营销班, 社区经理, IT支撑, 10000号). */
export const LANES = ['marketingTeam', 'communityManager', 'itSupport', 'hotline10000'] as const;
export type Lane = (typeof LANES)[number];
/** The files, next to `src/` and `dist/` alike. */
export const RETENTION_BPMN_URL = new URL('../bpmn/retention-win-back.bpmn', import.meta.url);
export const HOTLINE_BPMN_URL = new URL('../bpmn/hotline-visit.bpmn', import.meta.url);
export const DMN_URL = new URL('../dmn/retention-criteria.dmn', import.meta.url);

/** The retention / win-back BPMN as shipped. */
export function retentionBpmn(): string {
  return readFileSync(RETENTION_BPMN_URL, 'utf8');
}
/** The community manager + 10000 hotline BPMN as shipped. */
export function hotlineBpmn(): string {
  return readFileSync(HOTLINE_BPMN_URL, 'utf8');
}
/** The DMN 1.3 decisions: `retentionCriteria` (the binding criteria), `customerGrade`, `retentionPlan`. */
export function retentionDmn(): string {
  return readFileSync(DMN_URL, 'utf8');
}

/** Options of {@link createRetentionPack}; all optional. */
export interface RetentionPackOptions {
  /** Business calendar name (registered with `createEngine({ calendars })`). Default `retention-workdays`. */
  calendar?: string;
  /** SLA limits by id, working time (`P3D` = 3 working days, `PT4H`). Defaults: {@link DEFAULT_LIMITS}. */
  limits?: Partial<RetentionLimits>;
  /** More programmes (a programme with a default id replaces it); their ids become valid `actionsTaken`. */
  programmes?: readonly Programme[];
  /** The steps each 10000 application type needs at the door; default `data/required-steps.json`. */
  requiredSteps?: RequiredSteps;
  /** A role notified when any clock breaches (`sla.escalated` with `notify`); default none. */
  supervisor?: string;
  /** Role name per lane, when the host's names differ (default: the lane id). */
  roles?: Partial<Record<Lane, string>>;
}

/** The pack: a `DeployInput` for `engine.deploy`. */
export interface RetentionPack {
  name: string;
  bpmn: [string, string];
  dmn: string;
  roles: Record<string, string>;
  schemas: { start: Record<string, SchemaLike>; tasks: ReturnType<typeof taskSchemas> };
  sla: SlaPolicyConfig[];
  /** The programmes the pack was built with (default plus the host's). */
  programmes: Programme[];
}

const WORKING_TIME = /^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

/**
 * Create the pack.
 *
 * @throws InvalidArgumentError naming a bad limit, calendar or role; ValidationError naming the field of a
 * malformed programme (`programmes.<index>.<field>`) or required-steps table (`requiredSteps` fields).
 * @example
 * ```ts
 * const engine = createEngine({ calendars: [retentionCalendar({ holidays: ['2026-04-06'] })] });
 * await engine.deploy(createRetentionPack({ limits: { workOrder: 'P2D' } }));
 * ```
 */
export function createRetentionPack(options: RetentionPackOptions = {}): RetentionPack {
  const limits = { ...DEFAULT_LIMITS } as RetentionLimits;
  for (const [key, value] of Object.entries(options.limits ?? {})) {
    if (!(key in DEFAULT_LIMITS)) throw new InvalidArgumentError('limits', `unknown SLA '${key}'`, `use one of ${Object.keys(DEFAULT_LIMITS).join(', ')}.`);
    if (typeof value !== 'string' || !WORKING_TIME.test(value)) {
      throw new InvalidArgumentError(`limits.${key}`, `expected working time in working days, hours, minutes and seconds such as P3D or PT4H, got ${JSON.stringify(value)}`, 'write working days as P3D (the same local time on the 3rd working day) or working hours as PT4H.');
    }
    limits[key as keyof RetentionLimits] = value;
  }
  const calendar = options.calendar ?? DEFAULT_CALENDAR;
  if (typeof calendar !== 'string' || !calendar.trim()) throw new InvalidArgumentError('calendar', `expected a calendar name, got ${JSON.stringify(calendar)}`, 'name a calendar registered with createEngine({ calendars }).');
  for (const [lane, role] of Object.entries(options.roles ?? {})) {
    if (!(LANES as readonly string[]).includes(lane)) throw new InvalidArgumentError('roles', `unknown lane '${lane}'`, `rename one of the lanes ${LANES.join(', ')}.`);
    if (typeof role !== 'string' || !role.trim()) throw new InvalidArgumentError(`roles.${lane}`, `expected a role name, got ${JSON.stringify(role)}`, 'give the role name your directory uses.');
  }
  const programmes = mergeProgrammes(options.programmes);
  const requiredSteps = options.requiredSteps === undefined ? defaultRequiredSteps() : validated(requiredStepsSchema, 'the required steps', options.requiredSteps);
  const ids = programmes.map((p) => p.id) as [string, ...string[]];
  return {
    name: PACK_NAME,
    bpmn: [retentionBpmn(), hotlineBpmn()],
    dmn: retentionDmn(),
    roles: Object.fromEntries(LANES.map((l) => [l, options.roles?.[l] ?? l])),
    schemas: { start: { [RETENTION_PROCESS_ID]: campaignSchema, [HOTLINE_PROCESS_ID]: applicationStartSchema(requiredSteps) }, tasks: taskSchemas(ids) },
    sla: retentionSlaPolicies({ calendar, limits, ...(options.supervisor ? { supervisor: options.supervisor } : {}) }),
    programmes,
  };
}

function validated<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; code: string; message: string }[] } } }, subject: string, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new ValidationError(subject, r.error.issues.map((i) => ({ path: i.path.map(String), code: i.code, message: i.message })));
  return r.data;
}

/**
 * The marketing team starts a campaign round: IT support's task to deliver the list opens.
 * Business key: `retention-<period>` unless given.
 *
 * @throws ValidationError when the period is missing or malformed.
 */
export async function startCampaign(engine: Engine, campaign: CampaignInput, options: { businessKey?: string } = {}): Promise<InstanceInfo> {
  const data = validated(campaignSchema, 'the campaign round', campaign);
  return engine.start(RETENTION_PROCESS_ID, data, { businessKey: options.businessKey ?? `retention-${data.period}` });
}

/**
 * The 10000 hotline took an application and issued its work number: the community
 * manager's appointment task opens. Business key: the work number.
 *
 * @throws ValidationError naming each wrong field.
 */
export async function applyOnHotline(engine: Engine, application: ApplicationInput): Promise<InstanceInfo> {
  const data = validated(applicationSchema, 'the application', application);
  return engine.start(HOTLINE_PROCESS_ID, data, { businessKey: data.workNumber });
}
