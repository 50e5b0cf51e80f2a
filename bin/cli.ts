import { Command } from 'commander';
import { registerKeysCommand } from '../lib/cli/keys-command.ts';
import { registerLocalCommand } from '../lib/cli/local-command.ts';

const program = new Command('aiops-obs')
  .description('aiops-observability: observability for AI operations agents')
  .showHelpAfterError();
registerLocalCommand(program);
registerKeysCommand(program);

program.parseAsync(process.argv).catch((e: Error) => {
  process.stderr.write(`aiops-obs: ${e.message}\n`);
  process.exit(1);
});
