import { defineConfig } from 'vitest/config';

// Three tiers (STYLE.md §7): colocated unit tests, medium tests against real SQLite /
// PostgreSQL / socket.io / PTYs (`*.medium.test.ts`), and cross-app tests in tests/.
export default defineConfig({
  test: {
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-artifacts/vitest-report.json' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['*/src/**/*.test.{ts,tsx}', '*/electron/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.medium.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'medium',
          include: ['*/src/**/*.medium.test.ts', '*/test/**/*.medium.test.ts'],
          // The hub's JavaScript build (hub-server/dist), which tests of the motcua-hub command run.
          globalSetup: ['hub-server/test/build-hub.global.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/**/*.test.ts'],
          globalSetup: ['hub-server/test/build-hub.global.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
