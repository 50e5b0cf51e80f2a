/**
 * What DynamoDB bills, as DynamoDB itself reports it: an SDK middleware that asks every
 * data-plane call for `ReturnConsumedCapacity: INDEXES` and adds up the read and write units
 * it consumed, per table and per index, and the requests, per operation.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { InitializeHandlerArguments, MetadataBearer, MiddlewareStack } from '@smithy/types';
import { itemSize } from './item-size.ts';

const MARSHALL = {
  removeUndefinedValues: true,
  convertEmptyValues: false,
  allowImpreciseNumbers: true,
} as const;
const WIRE_TYPES = new Set(['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS']);

/** Whether an item is already in the wire format (`{ name: { S: '…' } }`). */
const isAttributeMap = (item: Record<string, unknown>): boolean =>
  Object.values(item).every((v) => {
    const keys = v !== null && typeof v === 'object' ? Object.keys(v) : [];
    return keys.length === 1 && WIRE_TYPES.has(keys[0] as string);
  });

/** Operations that accept `ReturnConsumedCapacity` (the others are counted, not measured). */
const MEASURED = new Set([
  'GetItemCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'BatchWriteItemCommand',
  'TransactGetItemsCommand',
  'TransactWriteItemsCommand',
]);

/** Operations whose units are write units (the rest read). */
const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

/** Units consumed, by where DynamoDB consumed them. */
export interface Units {
  read: number;
  write: number;
}

interface ConsumedCapacity {
  readonly TableName?: string;
  readonly CapacityUnits?: number;
  readonly Table?: { CapacityUnits?: number };
  readonly GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
}

/** The counters of a {@link CapacityMeter}, as plain data. */
export interface CapacityReading {
  /** Requests by operation (`PutItem`, `UpdateItem`, ...), failed conditional writes included. */
  readonly requests: Record<string, number>;
  /** Units by `table` (the base table) and `table/index` (each GSI). */
  readonly units: Record<string, Units>;
  /**
   * Write units of failed conditions, by table: DynamoDB bills the larger of the stored and
   * the new item but reports no capacity on the error, so these are from the items' sizes.
   */
  readonly failedConditionUnits: Record<string, number>;
}

/**
 * Counts DynamoDB requests and consumed capacity on the clients it is attached to. A
 * conditional write that fails still consumes units; DynamoDB reports them on the error, so
 * those are counted too.
 * @example const meter = new CapacityMeter(); meter.attach(documentClient()); ...; meter.reading()
 */
export class CapacityMeter {
  private requests: Record<string, number> = {};
  private units: Record<string, Units> = {};
  private failed: Record<string, number> = {};

  /** Adds the middleware to a client (a document client shares its client's stack). */
  // biome-ignore lint/suspicious/noExplicitAny: any client's stack (document client or plain)
  attach(client: { middlewareStack: MiddlewareStack<any, any> }): void {
    client.middlewareStack.add(
      (next, context) => async (args: InitializeHandlerArguments<object>) => {
        const name = context.commandName ?? 'unknown';
        const measured = MEASURED.has(name);
        const input = measured ? { ...args.input, ReturnConsumedCapacity: 'INDEXES' } : args.input;
        this.requests[name.replace(/Command$/, '')] = (this.requests[name.replace(/Command$/, '')] ?? 0) + 1;
        try {
          const result = await next({ ...args, input });
          const output = result.output as MetadataBearer & {
            ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[];
          };
          this.add(output.ConsumedCapacity, WRITES.has(name) ? 'write' : 'read');
          return result;
        } catch (e) {
          if ((e as Error).name === 'ConditionalCheckFailedException') this.failedCondition(args.input, e);
          throw e;
        }
      },
      { step: 'initialize', name: 'benchCapacityMeter', priority: 'high', override: true },
    );
  }

  /** The counters so far. */
  reading(): CapacityReading {
    return structuredClone({ requests: this.requests, units: this.units, failedConditionUnits: this.failed });
  }

  /** Starts counting from zero (after setup traffic). */
  reset(): void {
    this.requests = {};
    this.units = {};
    this.failed = {};
  }

  private failedCondition(input: object, e: unknown): void {
    const { TableName, Item } = input as { TableName?: string; Item?: Record<string, unknown> };
    const old = (e as { Item?: Record<string, AttributeValue> }).Item;
    // A document client's input is still plain JavaScript here (it converts it later).
    const item =
      Item && !isAttributeMap(Item) ? marshall(Item, MARSHALL) : (Item as Record<string, AttributeValue>);
    const bytes = Math.max(item ? itemSize(item) : 0, old ? itemSize(old) : 0);
    const table = TableName ?? 'unknown';
    this.failed[table] = (this.failed[table] ?? 0) + Math.max(1, Math.ceil(bytes / 1024));
  }

  private add(consumed: ConsumedCapacity | ConsumedCapacity[] | undefined, kind: keyof Units): void {
    for (const c of consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed]) {
      const table = c.TableName ?? 'unknown';
      // Without index detail DynamoDB reports only the total; it is then the table's.
      this.bump(table, kind, (c.Table ?? c).CapacityUnits);
      for (const [index, u] of Object.entries(c.GlobalSecondaryIndexes ?? {}))
        this.bump(`${table}/${index}`, kind, u.CapacityUnits);
    }
  }

  private bump(key: string, kind: keyof Units, units: number | undefined): void {
    const entry = this.units[key] ?? { read: 0, write: 0 };
    entry[kind] += units ?? 0;
    this.units[key] = entry;
  }
}
