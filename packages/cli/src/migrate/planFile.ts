/**
 * The `plan.json` of `handoff migrate` (docs/migration.md, "From the command line"):
 *
 * ```json
 * {
 *   "processId": "claim",
 *   "fromVersion": 1,
 *   "toVersion": 2,
 *   "mapping": { "review": "check", "reviewLate": "checkLate" },
 *   "instances": "all"
 * }
 * ```
 *
 * `instances` is a list of instance ids, or `"all"`: every active instance of `processId`
 * on `fromVersion`. `mapping` is optional (elements map by the same id); a value may be
 * `null` to end a boundary event's wait. `store` (optional) names the store when the command
 * line does not (`--store` wins).
 *
 * @module
 */
import { FileError } from '../errors';

/** A parsed, validated plan file. */
export interface MigrationPlanFile {
  processId: string;
  fromVersion: number;
  toVersion: number;
  mapping: Record<string, string | null>;
  instances: string[] | 'all';
  store?: string;
}

const FIELDS = new Set(['processId', 'fromVersion', 'toVersion', 'mapping', 'instances', 'store', '$schema', 'description']);

/**
 * Parse `text` (the file at `path`).
 * @throws FileError naming every field at fault.
 */
export function parsePlanFile(text: string, path: string): MigrationPlanFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new FileError(path, `is not JSON (${(err as Error).message}).`, 'write the plan as a JSON object: { "processId", "fromVersion", "toVersion", "mapping", "instances" }.');
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new FileError(path, 'is not a JSON object.', 'write the plan as { "processId", "fromVersion", "toVersion", "mapping", "instances" }.');
  }
  const o = raw as Record<string, unknown>;
  const bad: string[] = [];
  for (const k of Object.keys(o)) if (!FIELDS.has(k)) bad.push(`unknown field "${k}"`);
  if (typeof o.processId !== 'string' || !o.processId) bad.push('"processId" must be the process id (a non-empty string)');
  const version = (k: 'fromVersion' | 'toVersion') => {
    if (!Number.isInteger(o[k]) || (o[k] as number) < 1) bad.push(`"${k}" must be a version number >= 1`);
  };
  version('fromVersion');
  version('toVersion');
  const m = o.mapping;
  if (m !== undefined && (m === null || typeof m !== 'object' || Array.isArray(m) || Object.values(m).some((v) => v !== null && (typeof v !== 'string' || !v)))) {
    bad.push('"mapping" must map source element ids to target element ids (or null)');
  }
  const ins = o.instances;
  if (!(ins === 'all' || (Array.isArray(ins) && ins.length > 0 && ins.every((x) => typeof x === 'string' && x)))) bad.push('"instances" must be "all" or a non-empty list of instance ids');
  if (o.store !== undefined && (typeof o.store !== 'string' || !o.store)) bad.push('"store" must be a directory or a postgres:// URL');
  if (bad.length) throw new FileError(path, `is not a migration plan: ${bad.join('; ')}.`, 'fix the fields named (see handoff migrate --help for the format).');
  return {
    processId: o.processId as string,
    fromVersion: o.fromVersion as number,
    toVersion: o.toVersion as number,
    mapping: { ...((m as Record<string, string | null> | undefined) ?? {}) },
    instances: ins === 'all' ? 'all' : [...(ins as string[])],
    ...(o.store !== undefined ? { store: o.store as string } : {}),
  };
}
