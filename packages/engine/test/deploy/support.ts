/**
 * Helpers for the deploy tests: fixtures under `test/fixtures/deploy/`, and catching a
 * `DeployError` as a value so scenarios can assert on its problems.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { DeployError, type DeployInput, type DeployProblem, type Engine } from '../../src/index';

const DEPLOY_FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'deploy');

/** Read `test/fixtures/deploy/<path>`, e.g. `refusals/call-activity.bpmn`. */
export function deployFixture(path: string): string {
  return readFileSync(join(DEPLOY_FIXTURES, path), 'utf8');
}

/** Deploy and return the `DeployError` it must throw (fails the test if it does not). */
export async function deployError(engine: Engine, input: DeployInput): Promise<DeployError> {
  const err = await engine.deploy(input).then(
    (ids) => new Error(`expected the deploy to fail, but it deployed [${ids.join(', ')}]`),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeployError);
  return err as DeployError;
}

/** The fields a refusal is identified by (message and hint are checked separately). */
export type ProblemKey = Pick<DeployProblem, 'code' | 'elementId' | 'elementType' | 'line'>;

/** A problem reduced to its identifying fields; absent fields stay absent. */
export function keyOf(p: DeployProblem): ProblemKey {
  return {
    code: p.code,
    ...(p.elementId !== undefined ? { elementId: p.elementId } : {}),
    ...(p.elementType !== undefined ? { elementType: p.elementType } : {}),
    ...(p.line !== undefined ? { line: p.line } : {}),
  };
}
