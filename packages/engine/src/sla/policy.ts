/**
 * SLA policies: what starts, pauses, resumes and stops an SLA clock, the calendar it counts
 * on, its limit, and its staged thresholds (warning, breach, escalations). Policies come
 * from the BPMN file (timer boundary events with `handoff:sla`) and from pack TypeScript
 * config; a config policy with the same id overrides the BPMN one field by field.
 *
 * @module
 */
import { z } from 'zod';
import type { DeployProblem } from '../errors';
import type { ProcessModel } from '../model/types';
import { durationToMs, parseDuration } from '../time/duration';

/**
 * An engine event an SLA clock is anchored on. `task.granted` is when a task waiting for its
 * role's resource pool got a unit ("ticket → counter call" is `task.created` → `task.granted`).
 */
export type SlaAnchor =
  | { on: 'process.started' }
  | { on: 'activity.entered' | 'activity.left' | 'task.created' | 'task.granted' | 'task.claimed' | 'task.completed'; elementId: string }
  /**
   * `at: 'received'` (start anchors): the clock starts when the message arrived — for a
   * message the case took later from the buffer, its arrival, not the correlation.
   */
  | { on: 'message.correlated'; elementId?: string; messageName?: string; at?: 'correlated' | 'received' }
  | { on: 'milestone'; name: string };

/** What happens at an escalation step (after the breach). All fields optional, combined. */
export interface SlaEscalation {
  /** Working time after the breach; default 0 (at the breach). ISO 8601 (H/M/S) or ms. */
  after?: string | number;
  /** Role to notify: the `sla.escalated` event names it; the host delivers. */
  notify?: string;
  /** Reassign the anchored task to this role (added to its candidate groups, assignee cleared). */
  reassignTo?: string;
  /** Throw this BPMN escalation code from the anchored activity (an escalation boundary catches it). */
  throwEscalation?: string;
}

/** An SLA policy as written in pack config (JSON data). */
export interface SlaPolicyConfig {
  /** Unique within the process, e.g. `callback`. A BPMN `handoff:sla` with the same id is merged. */
  id: string;
  /** The process it applies to; may be left out when a deploy holds one process. */
  processId?: string;
  name?: string;
  start?: SlaAnchor;
  /** One anchor, or several: the first to happen stops the clock. */
  stop?: SlaAnchor | SlaAnchor[];
  pause?: SlaAnchor;
  resume?: SlaAnchor;
  /** The element the SLA is about (reassigned, escalated from, reported by). Default: the first stop anchor naming an element, else the start's. */
  elementId?: string;
  /** Business calendar name; default `24/7`. */
  calendar?: string;
  /**
   * The limit in working time: ISO 8601 (`PT30M`, `PT48H`), ms, or working days (`P2D`,
   * `P1DT4H`: the same local time on the 2nd working day, clamped to its close; see
   * docs/sla.md, "Working days"). Or `'dueDate'`: the deadline is the due date of the SLA's
   * user task (`camunda:dueDate`, `zeebe:taskSchedule`), read when the clock starts — the
   * limit is the working time from then to the due date.
   */
  limit?: string | number;
  /** Warning threshold as a fraction of the limit (default 0.8); `false` for none. */
  warning?: number | false;
  escalations?: SlaEscalation[];
}

/** A stage of a clock: fires when elapsed working time reaches `at`. */
export interface SlaStage {
  kind: 'warning' | 'breach' | 'escalation';
  /** Working ms of the stage for the policy's `limit` (a working-day clock scales it: {@link stageAt}). */
  at: number;
  /** A warning's fraction of the limit. */
  fraction?: number;
  /** An escalation's working ms after the breach. */
  after?: number;
  escalation?: SlaEscalation & { index: number };
}

/** Working ms at which `stage` fires on a clock whose limit is `limit` working ms. */
export function stageAt(stage: SlaStage, limit: number): number {
  if (stage.kind === 'warning') return Math.round(limit * stage.fraction!);
  return stage.kind === 'breach' ? limit : limit + stage.after!;
}

/** A stage's name across versions of a policy (migration matches fired stages by it): `warning`, `breach`, `escalation:<n>`. */
export function stageTag(stage: SlaStage): string {
  return stage.kind === 'escalation' ? `escalation:${stage.escalation!.index}` : stage.kind;
}

/** A validated, merged policy. */
export interface SlaPolicy {
  id: string;
  name?: string;
  start: SlaAnchor;
  stop: SlaAnchor[];
  pause?: SlaAnchor;
  resume?: SlaAnchor;
  calendar: string;
  /** Working ms of the limit; for a working-day limit, the part after the days; 0 for a `limit: 'dueDate'` policy (each clock has its own). */
  limit: number;
  /**
   * Working days of the limit (`P2D` → 2), counted first: each clock resolves its own limit
   * in working ms when it starts (`workingTimeBetween(t0, addWorkingTime(t0, limitText))`).
   */
  days?: number;
  /** The limit as written, when it has working days. */
  limitText?: string;
  /** Stages in firing order (a clock with its own limit scales them: {@link stageAt}). */
  stages: SlaStage[];
  /** `limit: 'dueDate'`: each clock's limit is its working time to its task's due date (the tracker resolves it at the start). */
  dueDate?: true;
  /** The element the clock is about (its task gets reassigned, escalations are thrown from it). */
  elementId?: string;
  /** Elements whose live execution escalation actions target, in order: `elementId`, the stop anchors', the start's. */
  targets: string[];
  /** Where it was declared. */
  source: 'bpmn' | 'config' | 'bpmn+config';
}

const anchor: z.ZodType<SlaAnchor> = z.union([
  z.object({ on: z.literal('process.started') }).strict(),
  z.object({ on: z.enum(['activity.entered', 'activity.left', 'task.created', 'task.granted', 'task.claimed', 'task.completed']), elementId: z.string().min(1) }).strict(),
  z.object({ on: z.literal('message.correlated'), elementId: z.string().min(1).optional(), messageName: z.string().min(1).optional(), at: z.enum(['correlated', 'received']).optional() }).strict(),
  z.object({ on: z.literal('milestone'), name: z.string().min(1) }).strict(),
]);
const duration = z.union([z.string().min(1), z.number().finite().nonnegative()]);
const configSchema = z
  .object({
    id: z.string().min(1),
    processId: z.string().min(1).optional(),
    name: z.string().optional(),
    start: anchor.optional(),
    stop: z.union([anchor, z.array(anchor).min(1)]).optional(),
    pause: anchor.optional(),
    resume: anchor.optional(),
    elementId: z.string().min(1).optional(),
    calendar: z.string().min(1).optional(),
    limit: duration.optional(),
    warning: z.union([z.number().gt(0).lt(1), z.literal(false)]).optional(),
    escalations: z
      .array(
        z
          .object({ after: duration.optional(), notify: z.string().min(1).optional(), reassignTo: z.string().min(1).optional(), throwEscalation: z.string().min(1).optional() })
          .strict()
          .refine((e) => e.notify || e.reassignTo || e.throwEscalation, { message: 'an escalation needs notify, reassignTo or throwEscalation' }),
      )
      .optional(),
  })
  .strict();

/** Working milliseconds of an ISO duration (H/M/S only) or ms; undefined when invalid. */
function workingMs(v: string | number): number | undefined {
  return workingLimit(v, false)?.ms;
}

/** An ISO duration or ms as working days (when `days` allowed) and working ms; undefined when invalid. */
function workingLimit(v: string | number, days: boolean): { days: number; ms: number } | undefined {
  if (typeof v === 'number') return { days: 0, ms: v };
  try {
    const d = parseDuration(v);
    if (d.years || d.months || d.weeks || (d.days && !days)) return undefined;
    return { days: d.days, ms: durationToMs({ ...d, days: 0 })! };
  } catch {
    return undefined;
  }
}

const problem = (message: string, hint: string, elementId?: string): DeployProblem => ({ code: 'INVALID_SLA', ...(elementId ? { elementId } : {}), message, hint });

/**
 * Merge the BPMN-declared SLAs of `model` with config policies for it, validate, and
 * compile stages. Problems name the policy and the field.
 */
export function compileSlaPolicies(model: ProcessModel, configs: readonly unknown[], calendars: ReadonlySet<string>): { policies: SlaPolicy[]; problems: DeployProblem[] } {
  const problems: DeployProblem[] = [];
  const merged = new Map<string, { config: SlaPolicyConfig; source: SlaPolicy['source'] }>();
  // 1. From BPMN: a timer boundary with handoff:sla measures its activity.
  for (const n of model.nodes) {
    if (!n.sla || n.attachedTo === undefined || n.event?.type !== 'timer') continue;
    const host = model.nodes[n.attachedTo]!;
    const timer = n.event.timer;
    const d = 'spec' in timer && timer.spec.kind === 'duration' ? timer.spec.duration : undefined;
    // Working days count on the timer's business calendar (the timer and the clock then agree).
    const days = d !== undefined && timer.calendar !== undefined && d.days > 0 && !d.years && !d.months && !d.weeks;
    const limit = days ? d.iso : d !== undefined ? durationToMs(d) : undefined;
    if (limit === undefined) {
      problems.push(problem(`SLA '${n.sla.id}' on ${n.id}: the limit must be a fixed duration in hours, minutes or seconds, or working days on a handoff:calendar.`, 'write the timer as e.g. PT30M or PT48H, or P2D with handoff:calendar.', n.id));
      continue;
    }
    merged.set(n.sla.id, {
      source: 'bpmn',
      config: {
        id: n.sla.id,
        start: { on: 'activity.entered', elementId: host.id },
        stop: { on: 'activity.left', elementId: host.id },
        calendar: timer.calendar ?? '24/7',
        limit,
        ...(n.sla.warning !== undefined ? { warning: n.sla.warning } : {}),
      },
    });
  }
  // 2. From config, overriding field by field.
  configs.forEach((raw, i) => {
    const r = configSchema.safeParse(raw);
    if (!r.success) {
      for (const iss of r.error.issues) problems.push(problem(`SLA policy #${i}${(raw as { id?: string })?.id ? ` '${(raw as { id: string }).id}'` : ''}: ${iss.path.join('.') || '(root)'}: ${iss.message}.`, 'fix the field in the pack\'s SLA config (see docs/sla.md).'));
      return;
    }
    const c = r.data as SlaPolicyConfig;
    if (c.processId !== undefined && c.processId !== model.id) return;
    const prev = merged.get(c.id);
    merged.set(c.id, { source: prev ? 'bpmn+config' : 'config', config: { ...prev?.config, ...stripUndefined(c), id: c.id } });
  });
  // 3. Validate and compile.
  const policies: SlaPolicy[] = [];
  for (const { config: c, source } of merged.values()) {
    const where = `SLA '${c.id}'`;
    const before = problems.length;
    if (!c.start) problems.push(problem(`${where} has no start anchor.`, "give it start: { on: 'task.created', elementId: '…' } or similar."));
    if (!c.stop) problems.push(problem(`${where} has no stop anchor.`, "give it stop: { on: 'task.completed', elementId: '…' } or similar."));
    if (c.limit === undefined) problems.push(problem(`${where} has no limit.`, "give it limit: 'PT30M' (working time)."));
    const fromDueDate = c.limit === DUE_DATE;
    const parts = c.limit === undefined ? undefined : fromDueDate ? { days: 0, ms: 0 } : workingLimit(c.limit, true);
    const limit = parts?.ms;
    if (c.limit !== undefined && !fromDueDate && (parts === undefined || (parts.ms <= 0 && parts.days <= 0))) problems.push(problem(`${where}: limit ${JSON.stringify(c.limit)} is not a positive working time.`, "use working days, hours and minutes, e.g. P2D or PT48H, or 'dueDate'."));
    const calendar = c.calendar ?? '24/7';
    if (!calendars.has(calendar)) problems.push(problem(`${where}: unknown calendar '${calendar}'.`, `pass it to createEngine({ calendars }); known: [${[...calendars].join(', ')}].`));
    if ((c.pause === undefined) !== (c.resume === undefined)) problems.push(problem(`${where} has ${c.pause ? 'a pause but no resume' : 'a resume but no pause'} anchor.`, 'give both pause and resume, or neither.'));
    const stops = c.stop === undefined ? [] : Array.isArray(c.stop) ? c.stop : [c.stop];
    if (c.elementId !== undefined && !model.byId.has(c.elementId)) {
      problems.push(problem(`${where}: elementId '${c.elementId}' is not in process '${model.id}'.`, 'use the id of the task or activity the SLA is about.'));
    }
    for (const a of [c.start, ...stops, c.pause, c.resume]) {
      if (a && 'elementId' in a && a.elementId !== undefined && !model.byId.has(a.elementId)) {
        problems.push(problem(`${where}: anchor ${a.on} names element '${a.elementId}', which is not in process '${model.id}'.`, 'use the id of an element of this process.'));
      }
    }
    const escalations = (c.escalations ?? []).map((e, index) => ({ ...e, index, afterMs: e.after === undefined ? 0 : workingMs(e.after) }));
    for (const e of escalations) if (e.afterMs === undefined) problems.push(problem(`${where}: escalations[${e.index}].after is not a working time.`, 'use hours, minutes and seconds, e.g. PT2H.'));
    // The work being timed is what the clock stops on: prefer the stop anchors' elements.
    const anchored = [...stops, c.start].flatMap((a) => (a && 'elementId' in a && typeof a.elementId === 'string' ? [a.elementId] : []));
    const elementId = c.elementId ?? anchored[0];
    if (fromDueDate) {
      const idx = elementId === undefined ? undefined : model.byId.get(elementId);
      if (idx === undefined || !model.nodes[idx]!.userTask?.dueDate) {
        problems.push(problem(`${where}: limit 'dueDate' needs the SLA to be about a user task with a due date${elementId ? `; '${elementId}' ${idx === undefined ? 'is not in the process' : 'has none'}` : ''}.`, "give the task camunda:dueDate or a zeebe:taskSchedule dueDate, and set elementId (or a stop anchor) to that task.", elementId));
      } else if (!('elementId' in c.start! && c.start.elementId === elementId && c.start.on.startsWith('task.'))) {
        problems.push(problem(`${where}: limit 'dueDate' reads the task's due date when the clock starts, so the start anchor must be a task event of '${elementId}'.`, `start it with { on: 'task.created', elementId: '${elementId}' }.`, elementId));
      }
    }
    if (problems.length > before || limit === undefined) continue;
    // The stages in firing order; the order is the same for any limit, so a clock with its own
    // limit (working days, a due date) scales them with stageAt.
    const stages: SlaStage[] = [];
    if (c.warning !== false) stages.push({ kind: 'warning', at: 0, fraction: c.warning ?? 0.8 });
    stages.push({ kind: 'breach', at: 0 });
    for (const { afterMs, ...esc } of escalations) stages.push({ kind: 'escalation', at: 0, after: afterMs!, escalation: esc });
    for (const st of stages) st.at = stageAt(st, limit);
    stages.sort((a, b) => a.at - b.at); // stable: equal offsets keep warning < breach < escalations order
    const targets = [...new Set([...(c.elementId ? [c.elementId] : []), ...anchored])];
    policies.push({
      id: c.id,
      ...(c.name ? { name: c.name } : {}),
      start: c.start!,
      stop: stops,
      ...(c.pause ? { pause: c.pause, resume: c.resume! } : {}),
      calendar,
      limit,
      ...(parts!.days > 0 ? { days: parts!.days, limitText: String(c.limit) } : {}),
      stages,
      ...(fromDueDate ? { dueDate: true as const } : {}),
      ...(elementId ? { elementId } : {}),
      targets,
      source,
    });
  }
  return { policies, problems };
}

/** The `limit` value that takes the deadline from the SLA task's due date. */
const DUE_DATE = 'dueDate';

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
