#!/usr/bin/env node
/**
 * The `handoff` binary. In the workspace: `pnpm handoff …` (tsx with the `@handoff/source`
 * condition); installed: `handoff …` from `dist/cli.js`.
 *
 * @module
 */
import { main } from './main';

const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
process.exitCode = code;
