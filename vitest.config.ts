import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@handoff/source'] },
  ssr: { resolve: { conditions: ['@handoff/source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'process-packs/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    pool: 'threads',
    testTimeout: 20_000,
    // .ci/run sets HANDOFF_TEST_REPORT to collect a JSON summary beside the usual output.
    reporters: process.env.HANDOFF_TEST_REPORT ? ['default', 'json'] : ['default'],
    ...(process.env.HANDOFF_TEST_REPORT ? { outputFile: { json: process.env.HANDOFF_TEST_REPORT } } : {}),
  },
});
