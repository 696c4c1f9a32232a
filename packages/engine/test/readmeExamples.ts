/**
 * A package README's ```ts blocks, and a way to run one as written against the workspace
 * sources (docs that show code must not rot). Used by the README tests of the engine and of
 * the packs (`process-packs/<pack>/test/readme.test.ts`), by relative path, like
 * `store/taskQueryProperty.ts`; the packed-install test reads the blocks the same way.
 *
 * A block runs in plain Node with tsx and the `@handoff/source` condition, from a file in a
 * temporary folder inside the package (so its imports resolve from the package's
 * `node_modules`, to the workspace sources); the folder is removed after the test file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** Every ```ts block of a Markdown text, in order. */
export function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** A package's README and its runnable blocks. */
export interface ReadmeExamples {
  /** The README's text. */
  readonly readme: string;
  /** Its ```ts blocks, in order ({@link tsBlocks}). */
  readonly blocks: readonly string[];
  /**
   * Run a block as a module and return what it printed (stdout). Throws, with the child's
   * output, when it exits non-zero.
   * @param options.cwd where it runs (default the package folder); relative paths in the block
   *   are read from there.
   */
  run(code: string, options?: { cwd?: string }): string;
}

/**
 * The README of the package in `packageDir`. Call it at the top of a test file: the temporary
 * folder is made at once and removed after all the file's tests.
 */
export function readmeExamples(packageDir: string): ReadmeExamples {
  const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
  const dir = mkdtempSync(join(packageDir, '.readme-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    readme,
    blocks: tsBlocks(readme),
    run(code, { cwd = packageDir } = {}) {
      const file = join(dir, 'example.mts');
      writeFileSync(file, code);
      return execFileSync(process.execPath, ['--import', 'tsx', '--conditions=@handoff/source', file], { cwd, encoding: 'utf8' });
    },
  };
}
