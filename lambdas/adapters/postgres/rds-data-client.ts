import {
  BeginTransactionCommand,
  CommitTransactionCommand,
  DatabaseResumingException,
  ExecuteStatementCommand,
  RDSDataClient,
  RollbackTransactionCommand,
} from '@aws-sdk/client-rds-data';
import { toNamedParameters, toSqlParameters } from './rds-data-parameters.ts';
import type { SqlClient, SqlResult } from './sql-client.ts';

/** Where the Data API statements go. */
export interface RdsDataOptions {
  /** ARN of the Aurora cluster. */
  readonly resourceArn: string;
  /** ARN of the Secrets Manager secret with the database user's credentials. */
  readonly secretArn: string;
  /** Database on the cluster. */
  readonly database: string;
  /** The SDK client. @default a new `RDSDataClient` for the Lambda's region */
  readonly client?: RDSDataClient;
  /**
   * Waits before retrying a call answered `DatabaseResumingException` (a cluster scaled to
   * zero takes seconds to resume); the statement never ran, so retrying is safe.
   * @default [1000, 2000, 4000, 8000]
   */
  readonly resumeRetryDelaysMs?: readonly number[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Aurora PostgreSQL through the RDS Data API (HTTPS, no VPC, credentials from Secrets
 * Manager): each query is one ExecuteStatement (`$n` rewritten to `:pn`, typed
 * parameters, records as JSON); a transaction is BeginTransaction, statements carrying
 * its id, then CommitTransaction, or RollbackTransaction when the callback throws.
 */
export class RdsDataSqlClient implements SqlClient {
  private readonly client: RDSDataClient;
  private readonly retryDelays: readonly number[];

  /** @example new RdsDataSqlClient({ resourceArn, secretArn, database: 'aiops' }) */
  constructor(private readonly options: RdsDataOptions) {
    this.client = options.client ?? new RDSDataClient({});
    this.retryDelays = options.resumeRetryDelaysMs ?? [1000, 2000, 4000, 8000];
  }

  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<T>> {
    return this.execute<T>(text, params, undefined);
  }

  async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    const { resourceArn, secretArn, database } = this.options;
    const begun = await this.withResumeRetry(() =>
      this.client.send(new BeginTransactionCommand({ resourceArn, secretArn, database })),
    );
    const transactionId = begun.transactionId;
    if (!transactionId) throw new Error('BeginTransaction answered without a transactionId');
    const tx: SqlClient = {
      query: (text, params) => this.execute(text, params, transactionId),
      transaction: (inner) => inner(tx),
      close: async () => {
        throw new Error('close() inside a transaction: close the client that opened it');
      },
    };
    let result: T;
    try {
      result = await fn(tx);
    } catch (error) {
      await this.client
        .send(new RollbackTransactionCommand({ resourceArn, secretArn, transactionId }))
        .catch(() => undefined); // the Data API ends an abandoned transaction itself (after 3 minutes)
      throw error;
    }
    await this.client.send(new CommitTransactionCommand({ resourceArn, secretArn, transactionId }));
    return result;
  }

  async close(): Promise<void> {
    if (!this.options.client) this.client.destroy();
  }

  private async execute<T>(
    text: string,
    params: readonly unknown[] | undefined,
    transactionId: string | undefined,
  ): Promise<SqlResult<T>> {
    const { resourceArn, secretArn, database } = this.options;
    const command = new ExecuteStatementCommand({
      resourceArn,
      secretArn,
      database,
      sql: toNamedParameters(text),
      ...(params && params.length > 0 ? { parameters: toSqlParameters(params) } : {}),
      ...(transactionId ? { transactionId } : {}),
      formatRecordsAs: 'JSON',
    });
    // Inside a transaction the cluster is awake: no retry there.
    const res = transactionId
      ? await this.client.send(command)
      : await this.withResumeRetry(() => this.client.send(command));
    const rows = res.formattedRecords ? (JSON.parse(res.formattedRecords) as T[]) : [];
    return { rows, rowCount: res.numberOfRecordsUpdated || rows.length };
  }

  private async withResumeRetry<R>(call: () => Promise<R>): Promise<R> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await call();
      } catch (error) {
        const delay = this.retryDelays[attempt];
        if (!(error instanceof DatabaseResumingException) || delay === undefined) throw error;
        await sleep(delay);
      }
    }
  }
}
