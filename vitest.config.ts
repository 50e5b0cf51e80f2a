import { defineConfig } from 'vitest/config';

/**
 * Four projects: unit (pure code), infra (synthesised CDK templates, cdk-nag),
 * integration (real parts: DynamoDB Local, PostgreSQL, MQTT) and e2e (the local stack).
 * The integration and e2e projects share one DynamoDB Local started by the global setup.
 */
export default defineConfig({
  test: {
    reporters: ['default'],
    // EMF metrics go to stdout in Lambda; in tests they would only drown the output.
    env: { POWERTOOLS_METRICS_DISABLED: 'true' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/dynamodb-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
