/**
 * A user task's candidate users, dates and priority, resolved when the task is created: a
 * literal as written, an expression evaluated in the task's scope. A value the task cannot
 * use (a date that is not one, a priority out of range, candidate users that are not a list
 * of strings) is an incident naming the element, the attribute and the value.
 *
 * @module
 */
import { splitList } from '../model/compileNode';
import type { TaskDateDef, UserTaskDef } from '../model/types';
import type { Step } from '../runtime/step';
import type { Execution, TaskState } from '../runtime/state';
import { readPriority, readTaskDate, taskDateHint } from './taskDates';

/** Fill `task`'s candidate users, due / follow-up dates and priority; on a bad value raise an incident and return false. */
export function resolveTaskAttributes(step: Step, e: Execution, def: UserTaskDef, task: TaskState): boolean {
  let users = def.candidateUsers;
  if (def.candidateUsersExpr) {
    const r = step.evaluate(def.candidateUsersExpr, e);
    const list = r.ok ? toList(r.value) : undefined;
    if (!list) {
      step.incident(e, 'EXPRESSION_FAILED', `Candidate users '=${def.candidateUsersExpr.source}' ${r.ok ? `gave ${JSON.stringify(r.value)}, not a list of strings` : `failed: ${r.error}`}. Fix the variables it reads (engine.incidents.retry with variables) or the expression.`);
      return false;
    }
    users = [...(users ?? []), ...list.filter((u) => !users?.includes(u))];
  }
  if (users?.length) task.u = users;
  const due = def.dueDate && dateOf(step, e, def.dueDate, 'due date');
  if (due === false) return false;
  if (due !== undefined) task.due = due;
  const fu = def.followUpDate && dateOf(step, e, def.followUpDate, 'follow-up date');
  if (fu === false) return false;
  if (fu !== undefined) task.fu = fu;
  if (def.priority) {
    const p = def.priority;
    let value: unknown;
    if ('expr' in p) {
      const r = step.evaluate(p.expr, e);
      if (!r.ok) {
        step.incident(e, 'EXPRESSION_FAILED', `Priority '=${p.expr.source}' failed: ${r.error}. Fix the variables it reads (engine.incidents.retry with variables) or the expression.`);
        return false;
      }
      value = r.value;
    } else value = p.value;
    const checked = readPriority(value, p.min, p.max);
    if (!checked.ok) {
      step.incident(e, 'INVALID_PRIORITY', `Priority ${'expr' in p ? `'=${p.expr.source}' ` : ''}gave ${checked.reason}. Make it give a whole number from ${p.min} to ${p.max}.`);
      return false;
    }
    task.pr = checked.value;
  }
  return true;
}

/** A date's instant, undefined for none (an expression gave null), false after raising an incident. */
function dateOf(step: Step, e: Execution, def: TaskDateDef, what: string): number | undefined | false {
  const durations = def.durations === true;
  let value: unknown;
  if ('expr' in def) {
    const r = step.evaluate(def.expr, e);
    if (!r.ok) {
      step.incident(e, 'EXPRESSION_FAILED', `The ${what} '=${def.expr.source}' failed: ${r.error}. Fix the variables it reads (engine.incidents.retry with variables) or the expression.`);
      return false;
    }
    if (r.value === null) return undefined;
    value = r.value;
  } else value = def.text;
  const at = readTaskDate(value, step.now, step.settings.zone, durations);
  if (!at.ok) {
    step.incident(e, 'INVALID_TASK_DATE', `The ${what}${'expr' in def ? ` '=${def.expr.source}'` : ''} gave ${at.reason}; ${taskDateHint(durations)}`);
    return false;
  }
  return at.at;
}

/** A list of ids from an expression's value: a list of strings, a comma-separated string, or null (none); else undefined. */
export function toList(v: unknown): string[] | undefined {
  if (typeof v === 'string') return splitList(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  if (v === null) return [];
  return undefined;
}
