/**
 * Who may act on a task, as a property: for random candidate groups and candidate users (both
 * from variables, `fixtures/candidates-from-variables.bpmn`), a random earlier claim and a
 * random actor, a claim or completion succeeds exactly when the actor holds a candidate group
 * OR is a listed candidate user (a task naming neither is open to everyone) — AND, for a task
 * already claimed, is its assignee. A refusal is a ForbiddenError (claiming a task someone
 * else holds stays a TaskNotOpenError, as before) and leaves the task as it was.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ForbiddenError, TaskNotOpenError, type Actor } from '../../src/index';
import { fcParams } from '../fc';
import { testEngine } from '../support';

const IDS = ['ann', 'bob', 'cy'] as const;
const ROLES = ['claims', 'sales', 'desk'] as const;

/** The rule, written out independently of the engine. */
function allowed(groups: readonly string[], users: readonly string[], actor: Actor): boolean {
  if (groups.length === 0 && users.length === 0) return true;
  return groups.some((g) => actor.roles.includes(g)) || users.includes(actor.id);
}

const actorArb = fc.record({ id: fc.constantFrom(...IDS), roles: fc.uniqueArray(fc.constantFrom(...ROLES), { maxLength: 2 }) });

describe('Feature: candidate users extend who may act by exactly "is listed"', () => {
  it('Property: claim / complete succeeds iff (a candidate role OR a listed id OR no candidates at all) AND (unclaimed OR the assignee)', async () => {
    const t = testEngine();
    await t.engine.deploy({ bpmn: readFileSync(join(import.meta.dirname, 'fixtures', 'candidates-from-variables.bpmn'), 'utf8') });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.constantFrom(...ROLES), { maxLength: 2 }),
        fc.uniqueArray(fc.constantFrom(...IDS), { maxLength: 2 }),
        fc.option(actorArb, { nil: undefined }),
        actorArb,
        fc.constantFrom('claim' as const, 'complete' as const),
        async (groups, users, claimer, who, action) => {
          // given a task with these candidates, perhaps claimed first by someone allowed to
          const inst = await t.engine.start('candidates', { groups, users });
          const [task] = await t.engine.tasks.query({ instanceId: inst.id });
          expect(task!.candidateUsers ?? []).toEqual(users);
          let assignee: string | undefined;
          if (claimer && allowed(groups, users, claimer)) {
            await t.engine.tasks.claim(task!.id, claimer);
            assignee = claimer.id;
          }
          const before = await t.store.getTask(task!.id);
          // when
          const err = await (action === 'claim' ? t.engine.tasks.claim(task!.id, who) : t.engine.tasks.complete(task!.id, who, {})).then(
            () => undefined,
            (e: unknown) => e,
          );
          // then
          // (the rules that were there before candidate users, unchanged: claiming a task one
          // holds is a no-op; claiming one someone else holds is TaskNotOpenError)
          if (action === 'claim' && assignee !== undefined) {
            if (assignee === who.id) expect(err).toBeUndefined();
            else expect(err).toBeInstanceOf(TaskNotOpenError);
            expect(await t.store.getTask(task!.id)).toEqual(before);
            return;
          }
          const expected = allowed(groups, users, who) && (assignee === undefined || assignee === who.id);
          if (expected) {
            expect(err).toBeUndefined();
            expect(await t.store.getTask(task!.id)).toMatchObject(action === 'claim' ? { state: 'claimed', assignee: who.id } : { state: 'completed', completedBy: who.id });
          } else {
            expect(err).toBeInstanceOf(ForbiddenError);
            expect(await t.store.getTask(task!.id)).toEqual(before);
          }
        },
      ),
      fcParams('task access with candidate users', 'packages/engine/test/tasks/access.property.test.ts', 150),
    );
  }, 120_000);
});
