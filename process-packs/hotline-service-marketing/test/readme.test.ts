/** The README's TypeScript block runs as written against the workspace sources (docs that show code must not rot). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readmeExamples } from '../../../packages/engine/test/readmeExamples';

const { readme, blocks, run } = readmeExamples(join(import.meta.dirname, '..'));

describe('Feature: the pack README embedding example', () => {
  it('Scenario: the TypeScript block runs: the CRM offer goes to the SMS hall, the order is credited once, the report counts it', () => {
    // given the README's only TypeScript block
    expect(blocks).toHaveLength(1);
    // when it runs in the pack's folder (imports resolve to the workspace sources)
    const out = run(blocks[0]!);
    // then it prints what the README says it prints
    expect(out.trim().split('\n')).toEqual(['precision P043 smsHallOrder', 'true false', '10086-A07 1 1 1 1 1 true']);
    expect(readme).toContain('It prints `precision P043 smsHallOrder`, `true false` and\n`10086-A07 1 1 1 1 1 true`');
  }, 60_000);
});
