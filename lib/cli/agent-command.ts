import { resolve } from 'node:path';
import type { Command } from 'commander';

interface AgentFlags {
  readonly config?: string;
  readonly applianceId?: string;
  readonly mqttUrl?: string;
  readonly username?: string;
  readonly passwordFile?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly ca?: string;
  readonly presenceMessages?: boolean;
  readonly interval?: string;
  readonly service?: string[];
  readonly disk?: string;
  readonly bufferSize?: string;
  readonly httpsUrl?: string;
  readonly apiKeyFile?: string;
  readonly once?: boolean;
}

/** The config file's settings with the flags on top (flags win). */
async function settings(o: AgentFlags): Promise<{ input: Record<string, unknown>; baseDir: string }> {
  const { input, baseDir } = o.config
    ? await (await import('../agent/config.ts')).readAgentConfigFile(o.config)
    : { input: {} as Record<string, unknown>, baseDir: process.cwd() };
  const mqtt = { ...(input.mqtt as Record<string, unknown> | undefined) };
  const set = (target: Record<string, unknown>, key: string, value: unknown) => {
    if (value !== undefined) target[key] = value;
  };
  set(mqtt, 'url', o.mqttUrl);
  set(mqtt, 'username', o.username);
  set(mqtt, 'passwordFile', o.passwordFile && resolve(o.passwordFile));
  set(mqtt, 'cert', o.cert && resolve(o.cert));
  set(mqtt, 'key', o.key && resolve(o.key));
  set(mqtt, 'ca', o.ca && resolve(o.ca));
  set(mqtt, 'presenceMessages', o.presenceMessages);
  if (Object.keys(mqtt).length > 0) input.mqtt = mqtt;
  const https = { ...(input.https as Record<string, unknown> | undefined) };
  set(https, 'url', o.httpsUrl);
  set(https, 'apiKeyFile', o.apiKeyFile && resolve(o.apiKeyFile));
  if (Object.keys(https).length > 0) input.https = https;
  set(input, 'applianceId', o.applianceId);
  set(input, 'intervalSeconds', o.interval && Number(o.interval));
  set(input, 'services', o.service);
  set(input, 'diskPath', o.disk);
  set(input, 'bufferSize', o.bufferSize && Number(o.bufferSize));
  return { input, baseDir };
}

/** `aiops-obs agent`: the appliance agent, until SIGINT or SIGTERM. */
export function registerAgentCommand(program: Command): void {
  program
    .command('agent')
    .description('run the appliance agent: a heartbeat every N seconds over MQTT (and HTTPS as a fallback)')
    .option('--config <file>', 'agent.json (as written by `appliances register`); flags override it')
    .option('--appliance-id <id>', 'the appliance')
    .option('--mqtt-url <url>', 'mqtts://<endpoint>:8883 (IoT Core), mqtt://host:1883, ...')
    .option('--username <name>', 'MQTT user name')
    .option('--password-file <file>', 'a file holding the MQTT password')
    .option('--cert <file>', 'client certificate (PEM) for mutual TLS')
    .option('--key <file>', 'private key (PEM) for mutual TLS')
    .option('--ca <file>', 'CA certificate (PEM) of the broker')
    .option(
      '--presence-messages',
      'publish connect/disconnect messages and a will (brokers without lifecycle events)',
    )
    .option('--interval <seconds>', 'seconds between heartbeats (default 10)')
    .option('--service <unit...>', 'systemd units to report (repeatable)')
    .option('--disk <path>', 'file system reported as diskPercent (default /)')
    .option('--buffer-size <n>', 'heartbeats kept while offline (default 8640)')
    .option('--https-url <url>', 'API base URL for the HTTPS fallback')
    .option('--api-key-file <file>', 'API key for the HTTPS fallback (default $AIOPS_API_KEY)')
    .option('--once', 'print one heartbeat of this machine as JSON and exit (sends nothing)')
    .action(async (o: AgentFlags) => {
      const [{ resolveAgentConfig }, { ApplianceAgent }] = await Promise.all([
        import('../agent/config.ts'),
        import('../agent/agent.ts'),
      ]);
      const { input, baseDir } = await settings(o);
      if (o.once) input.mqtt ??= { url: 'mqtt://127.0.0.1' }; // validation needs a transport; nothing is sent
      const config = await resolveAgentConfig(input, baseDir);
      if (o.once) {
        const { heartbeatSampler } = await import('../agent/sampler.ts');
        const { AGENT_VERSION } = await import('../agent/version.ts');
        const sample = heartbeatSampler({ ...config, agentVersion: AGENT_VERSION });
        return void process.stdout.write(`${JSON.stringify(await sample(), null, 2)}\n`);
      }
      const where = [config.mqtt?.url, config.https && `${config.https.url} (HTTPS fallback)`]
        .filter(Boolean)
        .join(', ');
      process.stderr.write(
        `aiops-agent: ${config.applianceId}, every ${config.intervalSeconds} s to ${where}\n`,
      );
      const agent = new ApplianceAgent(config);
      await agent.start();
      const stop = async (signal: string) => {
        process.stderr.write(`aiops-agent: ${signal}, stopping\n`);
        await agent.stop();
        process.stderr.write(`aiops-agent: ${JSON.stringify(agent.stats())}\n`);
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
}
