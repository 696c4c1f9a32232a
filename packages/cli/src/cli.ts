#!/usr/bin/env node
/**
 * The `handoff` binary. In the workspace: `pnpm handoff …` (tsx with the `@handoff/source`
 * condition); installed: `handoff …` from `dist/cli.js`.
 *
 * @module
 */
import { main } from './main';

// No top-level await: the same file also builds as CommonJS.
void main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then((code) => {
  process.exitCode = code;
});
