/**
 * docs/migration.md's example runs as written (docs that show code must not rot).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../../..');
const dir = mkdtempSync(join(import.meta.dirname, '../../.readme-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Feature: the migration guide example', () => {
  it('Scenario: the TypeScript block migrates a claim, then prints the refusal of a plan onto a version without its step', () => {
    // given the guide's first block
    const code = /```ts\n([\s\S]*?)```/.exec(readFileSync(join(root, 'docs/migration.md'), 'utf8'))![1]!;
    const file = join(dir, 'example.ts');
    writeFileSync(file, code);
    // when it runs from the repository root
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=@handoff/source', file], { cwd: root, encoding: 'utf8' });
    // then the preview, the migration, the kept task and the refusal are printed
    expect(out).toMatch(/from: 'review',\s+to: 'check'/);
    expect(out).toMatch(/migrated: \[ '[^']+' \]/);
    expect(out).toMatch(/elementId: 'check'[\s\S]*assignee: 'ana'[\s\S]*state: 'claimed'/);
    expect(out).toMatch(/ELEMENT_REMOVED \S+ check map check to an element of the same kind/);
    expect(out).toMatch(/SLA_POLICY_REMOVED \S+ check keep an SLA policy with id 'review'/);
  }, 60_000);
});
