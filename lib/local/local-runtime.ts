import { createDocumentClient } from '#adapters/dynamodb-client';
import { ingestContexts } from '#runtime/ingest-context';
import { createObservability } from '#runtime/observability';
import { createRuntime, type Runtime } from '#runtime/runtime';
import { type EnvironmentSource, parseRuntimeEnv } from '#runtime/settings';

/**
 * The runtime of the local stack: the settings of `env` (the shell's variables with the
 * stack's own over them), the tables on `endpoint`, logs at `POWERTOOLS_LOG_LEVEL` (WARN
 * unless set), no EMF (unless `POWERTOOLS_METRICS_DISABLED=false`) and no tracing.
 * @throws Error naming a bad setting or a redaction rule RE2 cannot run, before anything is served
 * @example const runtime = await createLocalRuntime('http://127.0.0.1:8000', { TABLE_PREFIX: 'aiops-local' });
 */
export async function createLocalRuntime(endpoint: string, env: EnvironmentSource): Promise<Runtime> {
  const settings = parseRuntimeEnv(env);
  const observability = await createObservability({
    serviceName: 'aiops-observability-local',
    metricsNamespace: env.POWERTOOLS_METRICS_NAMESPACE || 'AiopsObservability',
    logLevel: env.POWERTOOLS_LOG_LEVEL || 'WARN',
    metricsDisabled: env.POWERTOOLS_METRICS_DISABLED !== 'false',
    tracingEnabled: false,
  });
  const documents = createDocumentClient({
    endpoint,
    region: env.AWS_REGION || 'us-east-1',
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID || 'local',
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY || 'local',
    },
  });
  const runtime = createRuntime({ settings, observability, documents, now: () => new Date() });
  // A configured redaction rule RE2 cannot run stops the stack here, naming it, not on every decision.
  ingestContexts(runtime);
  return runtime;
}
