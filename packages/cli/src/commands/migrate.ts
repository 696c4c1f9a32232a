/**
 * `handoff migrate --plan plan.json [--store DIR|URL] [--dry-run]`: move running instances
 * of a process stored in a durable store onto another deployed version
 * (`engine.instances.migrate`; the plan format is in `migrate/planFile.ts`).
 *
 * @module
 */
import { createEngine, MigrationError, virtualClock, type Engine, type MigrationPreview } from '@handoff/engine';
import { helpText, parseCommand, type CommandSpec } from '../args';
import { UsageError } from '../errors';
import { readTextFile } from '../files';
import type { CliIo } from '../io';
import { parsePlanFile, type MigrationPlanFile } from '../migrate/planFile';
import { packCalendars } from '../packs/registry';
import { openStore } from '../report/store';

/** The `migrate` command. */
export const migrateSpec = {
  name: 'migrate',
  summary: 'move running instances in a durable store onto another version of their process',
  usage: 'handoff migrate --plan plan.json [--store DIR|URL] [--dry-run] [--json] [--now ISO]',
  description:
    'Reads a migration plan — { "processId", "fromVersion", "toVersion", "mapping": { sourceId: targetId | null },\n' +
    '"instances": [ids] | "all" } — validates it for every instance (every problem is listed, and nothing changes when\n' +
    'there is one), then migrates each instance atomically. --dry-run validates and prints what would change\n' +
    'without writing. Timers and SLA clocks are computed at --now (default: the current time); no timer fires.',
  options: {
    plan: { type: 'string', value: 'FILE', description: 'the migration plan (JSON, required)' },
    store: { type: 'string', value: 'DIR|URL', description: 'a PGlite data directory or a postgres:// URL (else the plan\'s "store")' },
    'dry-run': { type: 'boolean', description: 'validate and print what would change; write nothing' },
    json: { type: 'boolean', description: 'print the result as JSON' },
    now: { type: 'string', value: 'ISO', description: 'the instant the migration happens at (default: now)' },
  },
  examples: ['handoff migrate --plan plan.json --store ./data --dry-run', 'handoff migrate --plan plan.json --store postgres://handoff@localhost/handoff'],
} as const satisfies CommandSpec;

/** Run `handoff migrate`; returns the exit code. */
export async function migrateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { options, positionals, help } = parseCommand(migrateSpec, argv);
  if (help) {
    io.stdout.write(helpText(migrateSpec));
    return 0;
  }
  if (positionals.length) throw new UsageError(`Unexpected argument '${positionals[0]}'.`, 'name the plan with --plan FILE.', { command: 'migrate' });
  if (options.plan === undefined) throw new UsageError('No plan given.', 'e.g. handoff migrate --plan plan.json --store ./data --dry-run.', { command: 'migrate' });
  const plan = parsePlanFile(readTextFile(options.plan, io.cwd), options.plan);
  const target = options.store ?? plan.store;
  if (target === undefined) throw new UsageError('No store given.', 'pass --store DIR|URL, or give the plan a "store" field.', { command: 'migrate' });
  const now = options.now === undefined ? Date.now() : Date.parse(options.now);
  if (Number.isNaN(now)) throw new UsageError(`--now '${options.now}' is not an ISO 8601 instant.`, 'e.g. --now 2026-03-02T09:00:00Z.', { command: 'migrate' });
  const dryRun = options['dry-run'] === true;
  const store = await openStore(target, { ...(io.cwd !== undefined ? { cwd: io.cwd } : {}), mustExist: true });
  // A virtual clock that stays at `now`: the migration's timers are computed then, and no stored timer fires.
  const engine = createEngine({ store, clock: virtualClock(now), calendars: packCalendars() });
  try {
    const ids = await instancesOf(engine, plan);
    if (!ids.length) {
      io.stdout.write(options.json ? `${JSON.stringify({ dryRun, migrated: [], previews: [] }, null, 2)}\n` : `nothing to migrate: no active instance of ${plan.processId} on version ${plan.fromVersion}.\n`);
      return 0;
    }
    const request = { toVersion: plan.toVersion, mapping: plan.mapping };
    const previews = await engine.instances.planMigration(ids, request);
    if (dryRun) {
      io.stdout.write(options.json ? `${JSON.stringify({ dryRun, migrated: [], previews }, null, 2)}\n` : formatPreviews(plan, previews, true));
      return 0;
    }
    const { migrated } = await engine.instances.migrate(ids, request);
    io.stdout.write(options.json ? `${JSON.stringify({ dryRun, migrated, previews }, null, 2)}\n` : formatPreviews(plan, previews, false));
    return 0;
  } finally {
    await engine.close();
    await store.close();
  }
}

/** The instances the plan names: checked to be instances of its process on its `fromVersion`. @throws MigrationError listing the others. */
async function instancesOf(engine: Engine, plan: MigrationPlanFile): Promise<string[]> {
  if (plan.instances === 'all') {
    const all = await engine.instances.list({ processId: plan.processId, status: 'active' });
    return all.filter((i) => i.processVersion === plan.fromVersion).map((i) => i.id);
  }
  const problems = [];
  for (const id of plan.instances) {
    const info = await engine.instances.get(id);
    if (!info) problems.push({ code: 'INSTANCE_NOT_FOUND', instanceId: id, message: `No instance '${id}' in the store.`, hint: 'check the ids in "instances", or use "all".' });
    else if (info.processId !== plan.processId || info.processVersion !== plan.fromVersion) {
      problems.push({ code: 'NOT_ON_FROM_VERSION', instanceId: id, message: `Instance ${id} runs ${info.processId} version ${info.processVersion}, not ${plan.processId} version ${plan.fromVersion}.`, hint: 'leave it out of the plan, or make a plan for its process and version.' });
    }
  }
  if (problems.length) throw new MigrationError(problems);
  return [...plan.instances];
}

function formatPreviews(plan: MigrationPlanFile, previews: readonly MigrationPreview[], dryRun: boolean): string {
  const head = dryRun
    ? `dry run: ${previews.length} instance${previews.length === 1 ? '' : 's'} of ${plan.processId} would migrate from version ${plan.fromVersion} to ${plan.toVersion} (nothing was written)`
    : `migrated ${previews.length} instance${previews.length === 1 ? '' : 's'} of ${plan.processId} from version ${plan.fromVersion} to ${plan.toVersion}`;
  const lines = [head];
  for (const p of previews) {
    lines.push(`  ${p.instanceId}: ${p.tokens.map((t) => (t.from === t.to ? t.from : `${t.from} → ${t.to}`)).join(', ')}`);
    if (p.tasks.length) lines.push(`    tasks kept: ${p.tasks.join(', ')}`);
    if (p.cancelled.length) lines.push(`    ended: ${p.cancelled.map((c) => `${c.kind} on ${c.elementId}`).join(', ')}`);
    if (p.armed.length) lines.push(`    armed: ${p.armed.map((c) => `${c.kind} on ${c.elementId}`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
