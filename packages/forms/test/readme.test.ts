/** The README's example runs as written and prints what the README says (docs that show code must not rot). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readmeExamples } from '../../engine/test/readmeExamples';

const { readme, blocks, run } = readmeExamples(join(import.meta.dirname, '..'));

describe('Feature: the forms README example', () => {
  it('Scenario: the TypeScript block prints the lines of the text block under it', () => {
    // given the README's only TypeScript block, and the output it shows
    expect(blocks).toHaveLength(1);
    const shown = /It prints[^\n]*\n\n```text\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(shown, 'the README shows the output in a ```text block after "It prints"').toBeDefined();
    // when it runs in the package's folder
    const out = run(blocks[0]!);
    // then
    expect(out).toBe(shown);
  }, 60_000);
});
