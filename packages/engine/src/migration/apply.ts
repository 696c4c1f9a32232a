/**
 * Carrying out a {@link MigrateCommand} inside a transition whose model is the **target**
 * version (`runtime/apply.ts` routes the command here; the plan was resolved and validated by
 * `migration/validate.ts`). In order:
 *
 * 1. `instance.migrated` is recorded (from and to version, the mapping used);
 * 2. waits that end are removed (a timer's `timer.cancelled` names its source element);
 * 3. every node and flow index in the state is rewritten to the target's — executions keep
 *    their ids, so tasks keep their ids, assignee and claim, jobs their ids and attempts,
 *    child instances their link, timers their due times, subscriptions their keys;
 * 4. the version changes; SLA clocks are rebased on the target's policies (elapsed time kept);
 * 5. the target's waits no source wait maps to are armed (`timer.scheduled`, subscriptions);
 * 6. every open task's projection is written again (its element, name, role and form now the target's).
 *
 * @module
 */
import { eventDefinitionOf } from '../elements/eventDefinitions';
import { MigrationError, type MigrationProblem } from '../errors';
import type { MigrateCommand } from '../runtime/command';
import type { Step } from '../runtime/step';
import { rebaseClock } from '../sla/tracker';

/** Apply migration `c` to the step's instance (the step's model is the target version). */
export function migrateInstance(step: Step, c: MigrateCommand): void {
  const s = step.state;
  const nodes = new Map(c.nodes);
  const flows = new Map(c.flows);
  checkStillFits(step, c, nodes);
  step.emitProcess('instance.migrated', { fromVersion: c.fromVersion, toVersion: c.toVersion, mapping: { ...c.mapping } });
  // 2. waits that end
  for (const d of c.drop) {
    if (d.kind === 'timer') {
      const t = s.timers.find((x) => x.id === d.id)!;
      s.timers.splice(s.timers.indexOf(t), 1);
      const timerId = step.globalId(t.id);
      step.timersDeleted.add(timerId);
      step.emitInstanceEvent('timer.cancelled', { elementId: d.elementId, elementType: d.elementType, ...(t.ex > 0 ? { executionId: step.globalId(t.ex) } : {}), timerId, dueAt: t.due });
    } else {
      const sub = s.subs.find((x) => x.id === d.id)!;
      s.subs.splice(s.subs.indexOf(sub), 1);
      step.subsDeleted.add(step.globalId(sub.id));
    }
  }
  // 3. indices
  const to = (n: number) => nodes.get(n)!;
  for (const e of s.ex) {
    e.n = to(e.n);
    if (e.f !== undefined) {
      const f = flows.get(e.f);
      if (f === undefined) {
        delete e.f;
        delete e.tk;
      } else e.f = f;
    }
    if (e.cmp) for (const q of e.cmp.q) q.h = to(q.h);
  }
  for (const t of s.timers) if (t.s === undefined) t.n = to(t.n);
  for (const sub of s.subs) sub.n = to(sub.n);
  for (const inc of s.incidents) inc.n = to(inc.n);
  for (const r of s.comp ?? []) r.n = to(r.n);
  const groups = new Map(c.groups);
  for (const e of s.ex) if (e.task && groups.has(e.task.id)) e.task.g = [...groups.get(e.task.id)!];
  // 4. version and clocks
  s.processVersion = c.toVersion;
  for (const k of c.clocks) {
    const clock = s.sla?.find((x) => x.id === k.id);
    if (clock) rebaseClock(step, clock, k);
  }
  // 5. new waits
  for (const a of c.arm) {
    const owner = step.waitOwner(a.ex, a.n);
    if (!owner) continue;
    if (step.isEventSubprocessStart(a.n)) step.armEventSubprocessStart(a.ex === 0 ? undefined : owner, a.n);
    else eventDefinitionOf(step.node(a.n).event).arm?.(step, owner, a.n);
  }
  // 6. task projections (a task still in its creating listeners was never created)
  for (const e of s.ex) {
    if (!e.task || e.l?.p === 'creating') continue;
    const rec = step.taskRecord(e);
    step.tasks.set(rec.id, rec);
  }
}

/**
 * The command was planned for this very state: same version, every index it must rewrite
 * known. Refused otherwise (the instance changed since it was validated), before any change.
 */
function checkStillFits(step: Step, c: MigrateCommand, nodes: ReadonlyMap<number, number>): void {
  const s = step.state;
  const problems: MigrationProblem[] = [];
  const stale = (message: string) => problems.push({ code: 'INSTANCE_CHANGED', instanceId: s.id, message, hint: 'validate the plan again (engine.instances.migrate does so on every attempt) and migrate.' });
  if (s.status !== 'active') stale(`The instance is ${s.status}.`);
  else if (s.processVersion !== c.fromVersion) stale(`The instance runs version ${s.processVersion}, not ${c.fromVersion} the plan was made for.`);
  else {
    const dropped = new Set(c.drop.map((d) => `${d.kind}:${d.id}`));
    const missing = (n: number) => !nodes.has(n);
    if (s.ex.some((e) => missing(e.n) || e.cmp?.q.some((q) => missing(q.h))) || s.incidents.some((i) => missing(i.n)) || (s.comp ?? []).some((r) => missing(r.n))) stale('A token, incident or compensation record is on an element the plan does not map.');
    if (s.timers.some((t) => t.s === undefined && !dropped.has(`timer:${t.id}`) && missing(t.n)) || s.subs.some((x) => !dropped.has(`subscription:${x.id}`) && missing(x.n))) stale('A timer or subscription is on an element the plan does not map.');
    if (c.drop.some((d) => (d.kind === 'timer' ? !s.timers.some((t) => t.id === d.id) : !s.subs.some((x) => x.id === d.id)))) stale('A wait the plan ends is gone.');
  }
  if (problems.length) throw new MigrationError(problems);
}
