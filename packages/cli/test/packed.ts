/**
 * Helpers of the packed-install test: build every published package, `pnpm pack` it, and
 * `npm install` the tarballs in an empty folder outside the workspace, the way a user gets
 * them from npm. Then everything runs in plain Node, with no tsx and no `@handoff/source`
 * condition, so it sees exactly what the tarballs hold.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

/** The repository root. */
export const ROOT = join(import.meta.dirname, '../../..');

/** What a child process produced. */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment of every child: without the npm / pnpm variables of the test runner (a
 * `pnpm test` run sets `npm_config_*`, which would leak into `npm install`), without
 * NODE_OPTIONS, with no colours.
 */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(npm_|pnpm_|NODE_OPTIONS$|VITEST|TSX)/i.test(k)) env[k] = v;
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0' };
}

/** Run a command; never throws (the caller checks the code and shows the output). */
export function run(cmd: string, args: readonly string[], cwd: string, timeout = 120_000): Run {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: cleanEnv(), timeout, maxBuffer: 64 * 1024 * 1024 });
  const error = r.error ? `\n${String(r.error)}` : '';
  return { code: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + error };
}

/** Run a command and throw, with its output, unless it exits 0. */
export function mustRun(what: string, cmd: string, args: readonly string[], cwd: string, timeout?: number): Run {
  const r = run(cmd, args, cwd, timeout);
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}): ${cmd} ${args.join(' ')}\n--- stdout\n${r.stdout.slice(-4000)}\n--- stderr\n${r.stderr.slice(-4000)}`);
  return r;
}

/** pnpm: the one running this test when there is one (`pnpm test`), else `npx -y pnpm@10`. */
export function pnpm(): [string, string[]] {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath)) return [process.execPath, [execPath]];
  return ['npx', ['-y', 'pnpm@10']];
}

/** A workspace package that is published (not `private`). */
export interface Published {
  dir: string;
  name: string;
  version: string;
}

/** Every published package of the workspace (`packages/*`, `process-packs/*`). */
export function publishedPackages(): Published[] {
  const out: Published[] = [];
  for (const group of ['packages', 'process-packs']) {
    for (const entry of readdirSync(join(ROOT, group)).sort()) {
      const file = join(ROOT, group, entry, 'package.json');
      if (!existsSync(file)) continue;
      const p = JSON.parse(readFileSync(file, 'utf8')) as { name: string; version: string; private?: boolean };
      if (!p.private) out.push({ dir: `${group}/${entry}`, name: p.name, version: p.version });
    }
  }
  return out;
}

/** Build every package (tsup), pack the published ones into `into`; returns the tarball paths. */
export function buildAndPack(into: string): string[] {
  const [cmd, pre] = pnpm();
  timed('build', () => mustRun('the build', cmd, [...pre, 'build'], ROOT, 600_000));
  mkdirSync(into, { recursive: true });
  timed('pnpm pack', () => mustRun('pnpm pack', cmd, [...pre, '-r', '--filter', './packages/*', '--filter', './process-packs/*', 'pack', '--pack-destination', into], ROOT));
  return readdirSync(into).filter((f) => f.endsWith('.tgz')).map((f) => join(into, f));
}

/** `npm install` the tarballs into the empty folder `app` (a private ESM-agnostic package). */
export function installTarballs(app: string, tarballs: readonly string[]): void {
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'packed-install-check', private: true, version: '0.0.0' }, null, 2));
  timed('npm install', () => mustRun('npm install of the tarballs', 'npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], app, 600_000));
}

/** Run a phase and print how long it took (the CI log shows where the minutes go). */
function timed<T>(phase: string, f: () => T): T {
  const t0 = performance.now();
  const out = f();
  console.log(`packed-install: ${phase} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return out;
}

/** The entry points a package's `exports` names (no patterns, no `@handoff/source`). */
export function entryPoints(name: string, exportsField: Record<string, unknown>): string[] {
  return Object.keys(exportsField)
    .filter((k) => !k.includes('*'))
    .map((k) => (k === '.' ? name : `${name}/${k.slice(2)}`));
}

const BUILTINS = new Set(builtinModules);

/**
 * Every bare module a built file imports or requires (`x`, `@scope/x`; sub-paths cut to the
 * package name; node builtins left out).
 */
export function bareImports(code: string): Set<string> {
  const found = new Set<string>();
  // a package name (`x`, `@scope/x`) with an optional sub-path, quoted
  const spec = String.raw`["']((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(?:\/[\w.\/-]*)?)["']`;
  const patterns = [new RegExp(String.raw`\bfrom\s*` + spec, 'g'), new RegExp(String.raw`\bimport\s*` + spec, 'g'), new RegExp(String.raw`\bimport\(\s*` + spec + String.raw`\s*\)`, 'g'), new RegExp(String.raw`\brequire\d*(?:\.resolve)?\(\s*` + spec + String.raw`\s*[,)]`, 'g')];
  for (const re of patterns) {
    for (const m of code.matchAll(re)) {
      const name = m[1]!.startsWith('@') ? m[1]!.split('/').slice(0, 2).join('/') : m[1]!.split('/')[0]!;
      if (!BUILTINS.has(name)) found.add(name);
    }
  }
  return found;
}

/** The `.js` / `.cjs` files under a package's `dist`. */
export function distFiles(pkgDir: string): string[] {
  const dist = join(pkgDir, 'dist');
  return readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(c?js|mjs)$/.test(f)).map((f) => join(dist, f));
}
