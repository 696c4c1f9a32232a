/** Fixtures of this folder (Camunda 7, Flowable and Activiti files). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Read a fixture of test/camunda7/fixtures. */
export function dialectFixture(name: string): string {
  return readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
}
