import { LIMITS } from '#contract/limits';
import type { BatchResult, FieldError, ItemResult } from '#contract/responses';
import type * as z from '#contract/zod';
import { mapLimit } from '#primitives/map-limit';
import type { WriteOutcome } from './decision-lifecycle.ts';
import { fieldErrors, listFieldErrors, summariseFieldErrors } from './field-errors.ts';
import { listWithinBudget, outcomeResult, summarise } from './item-results.ts';
import { rejection as reject } from './rejection.ts';
import { futureTimestampErrors } from './timestamps.ts';

/**
 * Writes of one batch in flight at once unless a spec says otherwise: enough to keep DynamoDB
 * busy while the next items are planned, few enough that a batch of 100 never queues on the
 * client's sockets.
 */
export const WRITE_CONCURRENCY = 25;

/** How one kind of event is validated, identified and written. */
export interface BatchSpec<T> {
  /** The key of the batch form, e.g. `decisions` in `{ "decisions": [...] }`; none for single-only routes. */
  readonly batchKey?: string;
  readonly schema: z.ZodMiniType<T>;
  readonly idOf: (item: T) => string;
  /** Client timestamps to check against the clock. */
  readonly timestampsOf: (item: T) => Record<string, string | undefined>;
  readonly write: (item: T) => Promise<WriteOutcome>;
  readonly now: Date;
  /** Writes in flight at once. @default WRITE_CONCURRENCY */
  readonly concurrency?: number;
}

/** A single item's answer, or a batch's. */
export type IngestAnswer =
  | { readonly kind: 'single'; readonly result: ItemResult }
  | { readonly kind: 'batch'; readonly summary: BatchResult };

/**
 * Ingests one item or a batch `{ [batchKey]: [...] }`. Each item is validated on its own
 * and nothing of a rejected item is written. A batch that repeats an id is refused whole
 * (422 duplicate_id_in_batch): which copy was meant cannot be known. A rejected item lists
 * at most `LIMITS.maxErrorsPerItem` field errors, a batch `LIMITS.maxErrorsPerResponse` in
 * all, each item with its `errorCount`.
 */
export async function ingestBatch<T>(body: unknown, spec: BatchSpec<T>): Promise<IngestAnswer> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw reject('invalid', 'validation_failed', 'expected a JSON object', [
      { pointer: '', code: 'invalid_type', message: 'expected an object' },
    ]);
  }
  const key = spec.batchKey;
  if (!key || !(key in body)) {
    const result = await ingestOne(body, spec, '');
    return { kind: 'single', result };
  }
  const list = checkBatchShape(body as Record<string, unknown>, key);
  const parsed = list.map((raw, index) => validate(raw, spec, `/${key}/${index}`));
  refuseRepeatedIds(parsed, spec, key);
  const results = await mapLimit(
    parsed,
    spec.concurrency ?? WRITE_CONCURRENCY,
    async (p, index): Promise<ItemResult> => {
      if (!p.ok) return { index, ...(p.id ? { id: p.id } : {}), ...p.rejection };
      return outcomeResult(spec.idOf(p.value), await spec.write(p.value), index);
    },
  );
  return { kind: 'batch', summary: summarise(listWithinBudget(results, LIMITS.maxErrorsPerResponse)) };
}

async function ingestOne<T>(raw: unknown, spec: BatchSpec<T>, prefix: string): Promise<ItemResult> {
  const p = validate(raw, spec, prefix);
  if (!p.ok) return { ...(p.id ? { id: p.id } : {}), ...p.rejection };
  return outcomeResult(spec.idOf(p.value), await spec.write(p.value));
}

type Validated<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      id?: string;
      rejection: {
        status: 'rejected';
        code: string;
        message: string;
        errors: FieldError[];
        errorCount: number;
      };
    };

function validate<T>(raw: unknown, spec: BatchSpec<T>, prefix: string): Validated<T> {
  const res = spec.schema.safeParse(raw);
  const rawId = (raw as Record<string, unknown> | null)?.decisionId;
  const id = typeof rawId === 'string' && rawId.length <= 64 ? rawId : undefined;
  if (!res.success) {
    return { ok: false, id, rejection: rejection(fieldErrors(res.error, prefix)) };
  }
  const future = futureTimestampErrors(spec.timestampsOf(res.data), spec.now, prefix);
  if (future.length > 0) return { ok: false, id: spec.idOf(res.data), rejection: rejection(future) };
  return { ok: true, value: res.data };
}

function rejection(all: FieldError[]) {
  const listed = listFieldErrors(all, LIMITS.maxErrorsPerItem);
  return {
    status: 'rejected' as const,
    code: 'validation_failed',
    message: summariseFieldErrors(listed),
    errors: listed.errors,
    errorCount: listed.errorCount,
  };
}

function checkBatchShape(body: Record<string, unknown>, key: string): unknown[] {
  const extra = Object.keys(body).filter((k) => k !== key);
  const list = body[key];
  const errors: FieldError[] = extra.map((k) => ({
    pointer: `/${k}`,
    code: 'unknown_field',
    message: 'unknown field',
  }));
  if (!Array.isArray(list))
    errors.push({ pointer: `/${key}`, code: 'invalid_type', message: 'expected an array' });
  else if (list.length === 0)
    errors.push({ pointer: `/${key}`, code: 'too_small', message: 'the batch is empty' });
  else if (list.length > LIMITS.maxBatchItems) {
    errors.push({
      pointer: `/${key}`,
      code: 'too_big',
      message: `at most ${LIMITS.maxBatchItems} items per batch`,
    });
  }
  if (errors.length > 0) throw reject('invalid', 'validation_failed', 'the batch is not well formed', errors);
  return list as unknown[];
}

function refuseRepeatedIds<T>(parsed: Validated<T>[], spec: BatchSpec<T>, key: string): void {
  const seen = new Map<string, number>();
  const errors: FieldError[] = [];
  parsed.forEach((p, i) => {
    if (!p.ok) return;
    const id = spec.idOf(p.value);
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else
      errors.push({
        pointer: `/${key}/${i}`,
        code: 'duplicate_id',
        message: `repeats the id of item ${first}`,
      });
  });
  if (errors.length > 0) {
    throw reject(
      'invalid',
      'duplicate_id_in_batch',
      'a batch may carry each id once; nothing was written',
      errors,
    );
  }
}
