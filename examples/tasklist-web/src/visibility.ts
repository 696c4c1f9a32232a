/**
 * Who may see a case: a person holding one of the pack's viewer roles (its lanes and
 * supervisors), or a person who holds (or held) one of the case's tasks — by role,
 * assignment or completion. The case page (`GET /api/cases/:id`) and the live events about
 * a case (`process.completed`, `process.terminated`) follow the same rule.
 *
 * @module
 */
import { rolesOf, type Actor, type Engine } from '@handoff/engine';
import { holdsAny, type PackEntry } from './catalog';
import { AccessDeniedError } from './errors';

/** Who is asking: an engine actor or a session's person. */
export type Viewer = Pick<Actor, 'id' | 'roles'>;

/** The rule for one case, looked up once (its tasks), then asked for many viewers. */
export async function caseAudience(engine: Engine, pack: PackEntry | undefined, instanceId: string): Promise<(v: Viewer) => boolean> {
  const tasks = await engine.tasks.query({ instanceId });
  return (v) => (pack !== undefined && holdsAny(v, pack.viewerRoles)) || tasks.some((t) => t.assignee === v.id || t.completedBy === v.id || t.candidateUsers?.includes(v.id) === true || rolesOf(t).some((r) => v.roles.includes(r)));
}

/** Throws {@link AccessDeniedError} (403) unless `v` may view the case. */
export async function assertMayView(engine: Engine, pack: PackEntry | undefined, v: Viewer, instanceId: string): Promise<void> {
  if (pack && holdsAny(v, pack.viewerRoles)) return;
  if ((await caseAudience(engine, pack, instanceId))(v)) return;
  throw new AccessDeniedError(`Actor '${v.id}' may not view case ${instanceId}: none of its tasks is for your roles [${v.roles.join(', ')}].`, 'open cases from your own task list, or ask a supervisor of the process.');
}
