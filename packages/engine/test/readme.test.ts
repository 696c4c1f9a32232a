/**
 * The README's first example runs as written (docs that show code must not rot).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readmeExamples } from './readmeExamples';

const root = join(import.meta.dirname, '../../..');
const readme = readmeExamples(join(import.meta.dirname, '..'));

describe('Feature: the engine README example', () => {
  it('Scenario: the first TypeScript block runs and prints the trail', () => {
    // given
    const code = readme.blocks[0]!;
    // when: run from the repository root (the example reads examples/quickstart/callback.bpmn)
    const out = readme.run(code, { cwd: root });
    // then
    expect(out).toContain('Report the sale for role fieldSales');
    expect(out).toContain('Call the customer back for role hotline');
    expect(out).toContain("'timer.fired'");
  }, 60_000);
});
