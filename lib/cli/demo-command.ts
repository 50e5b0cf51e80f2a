import type { Command } from 'commander';
import { readLocalState } from './local-state.ts';

/** `aiops-obs demo`: realistic traffic from a simulated agent and fleet, to any running API. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'send realistic traffic from a simulated agent and fleet until Ctrl-C (or --burst N decisions)',
    )
    .option('--url <url>', 'API base URL (default: the running local stack)')
    .option('--key <key>', 'API key (default: $AIOPS_API_KEY)')
    .option('--appliances <n>', 'simulated appliances', '6')
    .option('--rate <n>', 'decisions per minute', '30')
    .option(
      '--burst <n>',
      'send N decisions (with their executions and feedback) as fast as possible, then stop',
    )
    .action(async (o: { url?: string; key?: string; appliances: string; rate: string; burst?: string }) => {
      const url = o.url ?? (await readLocalState())?.url;
      const apiKey = o.key ?? process.env.AIOPS_API_KEY;
      if (!url) throw new Error('no --url given and no local stack is running here');
      if (!apiKey) throw new Error('give --key or set AIOPS_API_KEY');
      const { runDemo, runDemoBurst } = await import('../demo/run-demo.ts');
      const appliances = Number(o.appliances);
      if (o.burst) {
        const stats = await runDemoBurst({ url, apiKey, decisions: Number(o.burst), appliances });
        process.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
        return;
      }
      const stop = new AbortController();
      process.once('SIGINT', () => stop.abort());
      process.once('SIGTERM', () => stop.abort());
      process.stdout.write(`sending demo traffic to ${url} (Ctrl-C stops)\n`);
      const stats = await runDemo({
        url,
        apiKey,
        appliances,
        decisionsPerMinute: Number(o.rate),
        signal: stop.signal,
      });
      process.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
    });
}
