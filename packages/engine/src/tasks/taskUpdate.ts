/**
 * `engine.tasks.update` input: checked and normalized before a command is built (a command is
 * plain JSON: record field names, instants as epoch ms). Bad input is an `InvalidArgumentError`
 * naming the field, and nothing changes.
 *
 * @module
 */
import { InvalidArgumentError } from '../errors';
import { instantOf } from '../runtime/listeners';
import type { TaskChanges, TaskUpdate } from './types';

const FIELDS = ['candidateGroups', 'candidateUsers', 'dueAt', 'followUpAt', 'priority'] as const;
const HINT = "pass { candidateGroups?: string[], candidateUsers?: string[], dueAt?: ms | Date | ISO date-time with offset | null, followUpAt?: …, priority?: integer }.";

function list(field: string, v: unknown): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x.trim() !== '')) throw new InvalidArgumentError(field, `expected a list of non-empty strings, got ${JSON.stringify(v)}`, HINT);
  return [...new Set(v.map((x: string) => x.trim()))];
}

function instant(field: string, v: unknown): number | null {
  if (v === null) return null;
  const ms = v instanceof Date ? v.getTime() : instantOf(v);
  if (ms === undefined || Number.isNaN(ms)) throw new InvalidArgumentError(field, `expected epoch ms, a Date or an ISO 8601 date-time with an offset (or null to clear it), got ${JSON.stringify(v)}`, HINT);
  return ms;
}

/** Check and normalize an update; throws `InvalidArgumentError` for an unknown field, a wrong type or an empty update. */
export function taskChangesOf(update: TaskUpdate): TaskChanges {
  if (update === null || typeof update !== 'object' || Array.isArray(update)) throw new InvalidArgumentError('update', 'expected an object of task attributes', HINT);
  const out: TaskChanges = {};
  for (const [k, v] of Object.entries(update)) {
    if (!(FIELDS as readonly string[]).includes(k)) throw new InvalidArgumentError(k, `'${k}' cannot be updated (updatable: ${FIELDS.join(', ')}; the assignee changes with claim / assign / unclaim)`, HINT);
    if (v === undefined) continue;
    if (k === 'candidateGroups' || k === 'candidateUsers') out[k] = list(k, v);
    else if (k === 'dueAt' || k === 'followUpAt') out[k] = instant(k, v);
    else if (!Number.isSafeInteger(v)) throw new InvalidArgumentError('priority', `expected an integer, got ${JSON.stringify(v)}`, HINT);
    else out.priority = v as number;
  }
  if (!Object.keys(out).length) throw new InvalidArgumentError('update', 'nothing to update', HINT);
  return out;
}
