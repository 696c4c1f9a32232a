/** Test helpers: run the CLI as a child process (tsx + the @handoff/source condition). */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
/** The repository root. */
export const ROOT = join(import.meta.dirname, '../../..');
/** The CLI's entry. */
export const CLI = join(import.meta.dirname, '../src/cli.ts');
const TSX = require.resolve('tsx', { paths: [ROOT] }).replace(/[^/]+$/, 'loader.mjs');

/** What a CLI run produced. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `handoff …args` in `cwd` (default: the repository root). */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string>; timeout?: number } = {}): CliRun {
  const r = spawnSync(process.execPath, ['--conditions=@handoff/source', '--import', TSX, CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    timeout: options.timeout ?? 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fixture file's path. */
export const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);
