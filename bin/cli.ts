import { Command } from 'commander';
import { registerFleetCommands } from '../lib/cli/appliances-command.ts';
import { applyCliEnvironment } from '../lib/cli/cli-env.ts';
import { registerDashboardsCommand } from '../lib/cli/dashboards-command.ts';
import { registerDemoCommand } from '../lib/cli/demo-command.ts';
import { registerKeysCommand } from '../lib/cli/keys-command.ts';
import { registerLocalCommand } from '../lib/cli/local-command.ts';
import { registerRedriveCommand } from '../lib/cli/redrive-command.ts';
import { registerReportCommands } from '../lib/cli/report-command.ts';

applyCliEnvironment();

const program = new Command('aiops-obs')
  .description('aiops-observability: observability for AI operations agents')
  .showHelpAfterError();
registerLocalCommand(program);
registerKeysCommand(program);
registerDemoCommand(program);
registerFleetCommands(program);
registerReportCommands(program);
registerDashboardsCommand(program);
registerRedriveCommand(program);

program.parseAsync(process.argv).catch((e: Error) => {
  process.stderr.write(`aiops-obs: ${e.message}\n`);
  process.exit(1);
});
