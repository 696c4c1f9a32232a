import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@handoff/source'] },
  ssr: { resolve: { conditions: ['@handoff/source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'process-packs/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    pool: 'threads',
    testTimeout: 20_000,
  },
});
