/** The README's TypeScript block runs as written against the workspace sources (docs that show code must not rot). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const pack = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(pack, '.readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Feature: the pack README embedding example', () => {
  it('Scenario: the TypeScript block runs: the CRM offer goes to the SMS hall, the order is credited once, the report counts it', () => {
    // given the README's only TypeScript block
    const readme = readFileSync(join(pack, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks).toHaveLength(1);
    const file = join(dir, 'example.mts');
    writeFileSync(file, blocks[0]!);
    // when it runs in the pack's folder (imports resolve to the workspace sources)
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=@handoff/source', file], { cwd: pack, encoding: 'utf8' });
    // then it prints what the README says it prints
    expect(out.trim().split('\n')).toEqual(['precision P043 smsHallOrder', 'true false', '10086-A07 1 1 1 1 1 true']);
    expect(readme).toContain('It prints `precision P043 smsHallOrder`, `true false` and\n`10086-A07 1 1 1 1 1 true`');
  }, 60_000);
});
