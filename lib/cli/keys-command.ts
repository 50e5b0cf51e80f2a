import type { Command } from 'commander';
import { SCOPES, type Scope } from '#contract/routes';
import type { KeyStore } from '#domain/ports';
import { readLocalState } from './local-state.ts';

interface Target {
  readonly prefix?: string;
  readonly endpoint?: string;
  readonly local?: boolean;
}

/**
 * The keys table to work on: the running local stack with `--local`, else the AWS account
 * of the default credential chain (table prefix from `--table-prefix` or TABLE_PREFIX).
 */
async function keyStore(t: Target): Promise<KeyStore> {
  // Loaded on use: Powertools reads its settings when the adapters first load.
  const [{ createDocumentClient }, { tableNames }, { DynamoKeyStore }] = await Promise.all([
    import('#adapters/dynamodb-client'),
    import('#adapters/dynamodb-tables'),
    import('#adapters/key-store'),
  ]);
  let endpoint = t.endpoint;
  let prefix = t.prefix ?? process.env.TABLE_PREFIX ?? 'aiops';
  if (t.local) {
    const state = await readLocalState();
    if (!state) throw new Error('no local stack is running here (start one with `npm start`)');
    endpoint = state.dynamodbEndpoint;
    prefix = t.prefix ?? state.tablePrefix;
  }
  const local = endpoint ? { endpoint, region: process.env.AWS_REGION ?? 'us-east-1' } : {};
  const creds =
    endpoint && !process.env.AWS_ACCESS_KEY_ID
      ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {};
  return new DynamoKeyStore(createDocumentClient({ ...local, ...creds }), tableNames(prefix).keys);
}

function parseScopes(value: string): Scope[] {
  const scopes = value.split(',').map((s) => s.trim());
  const bad = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (bad.length) throw new Error(`unknown scope ${bad.join(', ')}; scopes are ${SCOPES.join(', ')}`);
  return scopes as Scope[];
}

const withTarget = (c: Command) =>
  c
    .option('--local', 'use the running local stack')
    .option('--endpoint <url>', 'DynamoDB endpoint (default: AWS)')
    .option('--table-prefix <prefix>', 'table name prefix (default: $TABLE_PREFIX or aiops)');

/** `aiops-obs keys create|list|revoke`. */
export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('manage API keys (shown once, stored only as a hash)');
  withTarget(keys.command('create'))
    .requiredOption('--tenant <customerId>', 'the tenant the key acts for')
    .option('--scopes <list>', `comma-separated: ${SCOPES.join(', ')}`, SCOPES.join(','))
    .option('--name <name>', 'what the key is for', 'api key')
    .action(async (o: Target & { tenant: string; scopes: string; name: string }) => {
      const { createApiKey } = await import('#domain/key-admin');
      const { token, record } = await createApiKey(await keyStore(o), {
        customerId: o.tenant,
        scopes: parseScopes(o.scopes),
        name: o.name,
      });
      process.stdout.write(
        `key id:  ${record.keyId}\ntenant:  ${record.customerId}\nscopes:  ${record.scopes.join(' ')}\n` +
          `key:     ${token}\n\nThe key is shown only now; it is stored as a hash.\n`,
      );
    });
  withTarget(keys.command('list'))
    .option('--tenant <customerId>', 'only this tenant')
    .option('--json', 'print JSON')
    .action(async (o: Target & { tenant?: string; json?: boolean }) => {
      const list = (await (await keyStore(o)).list(o.tenant)).map(({ secretHash: _h, ...r }) => r);
      if (o.json) return void process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      for (const k of list) {
        const state = k.revokedAt ? `revoked ${k.revokedAt}` : 'active';
        process.stdout.write(
          `${k.keyId}  ${k.customerId}  ${k.scopes.join(',')}  ${k.createdAt}  ${state}  ${k.name}\n`,
        );
      }
    });
  withTarget(keys.command('revoke'))
    .argument('<keyId>', 'the key id (the 8 characters after aiops_)')
    .action(async (keyId: string, o: Target) => {
      if (!(await (await keyStore(o)).revoke(keyId, new Date()))) throw new Error(`no key ${keyId}`);
      process.stdout.write(`revoked ${keyId}; it stops working within the authorizer cache time\n`);
    });
}
