/**
 * User-task assignment and attributes: the lane, `camunda:*` attributes (Flowable / Activiti
 * read the same way), `zeebe:assignmentDefinition`, `zeebe:taskSchedule` and
 * `zeebe:priorityDefinition`. Literals are checked here (a bad one is a deploy problem);
 * expressions are evaluated when the task is created (`elements/userTask.ts`,
 * `tasks/taskAttributes.ts`), where a bad value is an incident.
 *
 * @module
 */
import { readPriority, readTaskDate, taskDateHint } from '../tasks/taskDates';
import { splitList } from './compileNode';
import { ext } from './extensions';
import { staticOrFeel } from './feelAttribute';
import type { ModdleElement } from './parse';
import type { ProblemList } from './problems';
import type { TaskDateDef, TaskPriorityDef, UserTaskDef } from './types';

/** Camunda 8 priorities are 0–100; Camunda 7 takes any Java int. */
const C8_PRIORITY = { min: 0, max: 100 } as const;
const C7_PRIORITY = { min: -2147483648, max: 2147483647 } as const;

/** User-task assignment and attributes from the lane, `camunda:*` attributes and `zeebe:*` extension elements. */
export function compileUserTask(el: ModdleElement, values: ModdleElement[], role: string | undefined, problems: ProblemList): UserTaskDef {
  const z = ext(values, 'zeebe:AssignmentDefinition');
  const groupsText = (z?.candidateGroups as string | undefined) ?? (el.candidateGroups as string | undefined);
  const assigneeText = (z?.assignee as string | undefined) ?? (el.assignee as string | undefined);
  const usersText = (z?.candidateUsers as string | undefined) ?? (el.candidateUsers as string | undefined);
  const groups = staticOrFeel(groupsText, el, 'candidate groups', problems);
  const assignee = staticOrFeel(assigneeText, el, 'assignee', problems);
  const users = staticOrFeel(usersText, el, 'candidate users', problems);
  const form = ext(values, 'zeebe:FormDefinition');
  const formKey = (form?.formKey as string | undefined) ?? (form?.formId as string | undefined) ?? (el.formKey as string | undefined);
  const schedule = ext(values, 'zeebe:TaskSchedule');
  const dueDate = schedule?.dueDate !== undefined ? taskDate(el, schedule.dueDate as string, 'zeebe:taskSchedule dueDate', false, problems) : taskDate(el, el.dueDate as string | undefined, 'camunda:dueDate', true, problems);
  const followUpDate =
    schedule?.followUpDate !== undefined ? taskDate(el, schedule.followUpDate as string, 'zeebe:taskSchedule followUpDate', false, problems) : taskDate(el, el.followUpDate as string | undefined, 'camunda:followUpDate', true, problems);
  const zp = ext(values, 'zeebe:PriorityDefinition');
  const priority = zp?.priority !== undefined ? taskPriority(el, zp.priority as string, 'zeebe:priorityDefinition priority', C8_PRIORITY, problems) : taskPriority(el, el.priority as string | undefined, 'camunda:priority', C7_PRIORITY, problems);
  const candidateUsers = users.value ? splitList(users.value) : [];
  return {
    ...(role ? { role } : {}),
    candidateGroups: groups.value ? splitList(groups.value) : [],
    ...(groups.expr ? { candidateGroupsExpr: groups.expr } : {}),
    ...(assignee.value ? { assignee: assignee.value } : {}),
    ...(assignee.expr ? { assigneeExpr: assignee.expr } : {}),
    ...(formKey ? { formKey } : {}),
    ...(candidateUsers.length ? { candidateUsers } : {}),
    ...(users.expr ? { candidateUsersExpr: users.expr } : {}),
    ...(dueDate ? { dueDate } : {}),
    ...(followUpDate ? { followUpDate } : {}),
    ...(priority ? { priority } : {}),
  };
}

/** A due / follow-up date attribute: an expression, or a literal checked now. */
function taskDate(el: ModdleElement, text: string | undefined, attribute: string, durations: boolean, problems: ProblemList): TaskDateDef | undefined {
  // Camunda 7's `${dateTime().plusWeeks(1).toDate()}`: "a week from now", now being the task's
  // creation — exactly a Camunda 7 duration attribute, so it is read as one (on the engine's clock).
  const period = durations && text !== undefined ? dateTimeChain(text) : undefined;
  if (period !== undefined) return { text: period, durations: true };
  const r = staticOrFeel(text, el, attribute, problems);
  const flag = durations ? { durations: true as const } : {};
  if (r.expr) return { expr: r.expr, ...flag };
  if (r.value === undefined) return undefined;
  // Validity does not depend on the zone or the creation time: check with any.
  const checked = readTaskDate(r.value, 0, 'UTC', durations);
  if (!checked.ok) {
    problems.add('INVALID_TASK_DATE', el, `${attribute}: ${checked.reason}.`, taskDateHint(durations).replace(/\.$/, ", or an expression starting with '='."));
    return undefined;
  }
  return { text: r.value, ...flag };
}

/** A priority attribute: an expression, or a literal integer in range checked now. */
function taskPriority(el: ModdleElement, text: string | undefined, attribute: string, range: { min: number; max: number }, problems: ProblemList): TaskPriorityDef | undefined {
  const r = staticOrFeel(text, el, attribute, problems);
  if (r.expr) return { expr: r.expr, ...range };
  if (r.value === undefined) return undefined;
  const checked = readPriority(r.value, range.min, range.max);
  if (!checked.ok) {
    problems.add('INVALID_PRIORITY', el, `${attribute}: ${checked.reason}.`, `write a whole number${range.max === 100 ? ' from 0 to 100 (Camunda 8)' : ''}, e.g. 50, or an expression starting with '='.`);
    return undefined;
  }
  return { value: checked.value, ...range };
}

const DATE_TIME_CHAIN = /^\s*\$\{\s*dateTime\(\)((?:\.plus(?:Years|Months|Weeks|Days|Hours|Minutes|Seconds)\(\s*\d+\s*\))*)(?:\.toDate\(\))?\s*\}\s*$/;
const STEP = /\.plus(Years|Months|Weeks|Days|Hours|Minutes|Seconds)\(\s*(\d+)\s*\)/g;

/**
 * `${dateTime().plusDays(2).plusHours(4).toDate()}` (Camunda 7's built-in `dateTime()`, Joda
 * time of now) as the ISO duration it adds to now (`P2DT4H`: years and months first, then days
 * and time, as the chain is usually written); undefined for any other text.
 */
export function dateTimeChain(text: string): string | undefined {
  const m = DATE_TIME_CHAIN.exec(text);
  if (!m) return undefined;
  const sum: Record<string, number> = { Years: 0, Months: 0, Weeks: 0, Days: 0, Hours: 0, Minutes: 0, Seconds: 0 };
  for (const [, unit, n] of m[1]!.matchAll(STEP)) sum[unit!]! += Number(n);
  const days = sum.Days! + 7 * sum.Weeks!;
  const date = `${sum.Years ? `${sum.Years}Y` : ''}${sum.Months ? `${sum.Months}M` : ''}${days ? `${days}D` : ''}`;
  const time = `${sum.Hours ? `${sum.Hours}H` : ''}${sum.Minutes ? `${sum.Minutes}M` : ''}${sum.Seconds ? `${sum.Seconds}S` : ''}`;
  return date || time ? `P${date}${time ? `T${time}` : ''}` : 'PT0S';
}

