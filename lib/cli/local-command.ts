import type { Command } from 'commander';
import { startLocalStack } from '../local/stack.ts';
import { DEFAULT_LOCAL_MQTT_PORT, localMqttBanner, localMqttOption, localMqttState } from './local-mqtt.ts';
import { removeLocalState, writeLocalState } from './local-state.ts';
import { type Shutdown, stopOnSignals } from './shutdown.ts';

/** `aiops-obs local`: the whole stack on this machine, until SIGINT (Ctrl-C) or SIGTERM, which stop all of it. */
export function registerLocalCommand(program: Command): void {
  program
    .command('local')
    .description('start the local stack: DynamoDB Local, the API and its handlers (Java 17+ needed)')
    .option('--port <port>', 'API port (0 = any free port)', '3000')
    .option('--dynamodb-port <port>', 'DynamoDB Local port (0 = any free port)', '0')
    .option('--data-dir <dir>', 'keep DynamoDB data in this directory (default: in memory)')
    .option('--table-prefix <prefix>', 'table name prefix', 'aiops-local')
    .option(
      '--replica-port <port>',
      'port of the PGlite replica over the PostgreSQL protocol (0 = any free port)',
      '0',
    )
    .option(
      '--mqtt-port <port>',
      'port of the embedded MQTT broker for appliances (0 = any free port)',
      String(DEFAULT_LOCAL_MQTT_PORT),
    )
    .option(
      '--mqtt-host <address>',
      'address the MQTT broker listens on (0.0.0.0 for appliances on the LAN)',
      '127.0.0.1',
    )
    .option('--no-mqtt', 'no MQTT broker (with MQTT_URL set: no subscription to that broker)')
    .option('--demo', 'send realistic traffic from a simulated agent and fleet')
    .option(
      '--alerts-port <port>',
      'serve the alert router (Alertmanager webhook at /alertmanager) on this port (0 = any free port)',
      process.env.ALERTS_PORT,
    )
    .action(async (opts: LocalFlags) => {
      // From the first moment: a signal during start-up stops what has started so far.
      const shutdown = stopOnSignals({
        announce: (signal) => process.stdout.write(`\n${signal}: stopping\n`),
      });
      try {
        await startAll(opts, shutdown);
      } catch (e) {
        await shutdown.stopAll().catch(() => undefined);
        throw e;
      }
    });
}

interface LocalFlags {
  port: string;
  dynamodbPort: string;
  dataDir?: string;
  tablePrefix: string;
  replicaPort: string;
  demo?: boolean;
  alertsPort?: string;
  mqtt?: boolean;
  mqttPort?: string;
  mqttHost?: string;
}

/** Starts the stack, the state file, the alert router and the demo, each registered to be stopped. */
async function startAll(opts: LocalFlags, shutdown: Shutdown): Promise<void> {
  const stack = await shutdown.start(
    startLocalStack({
      port: Number(opts.port),
      dynamodbPort: Number(opts.dynamodbPort),
      tablePrefix: opts.tablePrefix,
      mqtt: localMqttOption(opts),
      replicaPort: Number(opts.replicaPort),
      ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    }),
    (s) => s.stop(),
  );
  await shutdown.start(
    writeLocalState({
      url: stack.url,
      dynamodbEndpoint: stack.dynamodbEndpoint,
      tablePrefix: stack.tablePrefix,
      pid: process.pid,
      ...localMqttState(stack),
      ...(stack.replicaUrl ? { replicaUrl: stack.replicaUrl } : {}),
    }),
    () => removeLocalState(),
  );
  const alerts =
    opts.alertsPort === undefined
      ? undefined
      : await shutdown.start(
          import('../local/alerts/index.ts').then(({ startLocalAlerts }) =>
            startLocalAlerts({
              dynamodbEndpoint: stack.dynamodbEndpoint,
              tablePrefix: stack.tablePrefix,
              port: Number(opts.alertsPort),
            }),
          ),
          (a) => a.stop(),
        );
  const given = Boolean(process.env.AIOPS_DEV_API_KEY);
  process.stdout.write(
    `aiops-observability local stack is up\n` +
      `  API:          ${stack.url}\n` +
      `  API key:      ${given ? '(from AIOPS_DEV_API_KEY)' : stack.apiKey}  (tenant local, every scope)\n` +
      `  DynamoDB:     ${stack.dynamodbEndpoint} (tables ${stack.tablePrefix}-*)\n` +
      (stack.replicaUrl ? `  replica:      psql '${stack.replicaUrl}'  (aiops-obs report, export)\n` : '') +
      (alerts
        ? `  alerts:       ${alerts.alertmanagerWebhookUrl} (Alertmanager webhook_configs url)\n`
        : '') +
      localMqttBanner(stack) +
      `  try:          curl -s ${stack.url}/health\n` +
      `  stop:         Ctrl-C\n`,
  );
  if (opts.demo) {
    const { runDemo } = await import('../demo/run-demo.ts');
    process.stdout.write('  demo:         a simulated agent and fleet are sending traffic\n');
    const demo = new AbortController();
    shutdown.defer(() => demo.abort());
    void runDemo({ url: stack.url, apiKey: stack.apiKey, signal: demo.signal });
  }
}
