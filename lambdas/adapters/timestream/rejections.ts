/** One record Timestream did not take, traced back to the caller's input. */
export interface RejectedHeartbeat {
  /** Index in the caller's list. */
  readonly index: number;
  /** Why Timestream rejected it, in its words. */
  readonly reason: string;
  /** The version we sent. */
  readonly version: number | undefined;
  /** The version Timestream holds for that point, when the rejection is a conflict. */
  readonly existingVersion: number | undefined;
}

/** `RejectedRecords[]` as the SDK parses it from a RejectedRecordsException. */
export interface WireRejection {
  readonly RecordIndex?: number | undefined;
  readonly Reason?: string | undefined;
  readonly ExistingVersion?: number | undefined;
}

/** The rejections of one request, split into harmless replays and real failures. */
export interface ClassifiedRejections {
  /** The point is already stored with this or a newer version: a replay, not an error. */
  readonly replays: RejectedHeartbeat[];
  /** Everything else (out of the memory store's retention, limits, bad values...). */
  readonly failures: RejectedHeartbeat[];
}

/**
 * Splits the rejected records of one WriteRecords request. A rejection carrying an
 * `ExistingVersion` at or above the version we sent means the same heartbeat (or a later
 * delivery of it) is already stored: Timestream keeps the higher version, which is what we
 * want, so it is a replay. Any other rejection is a failure.
 * @param sourceIndexes the caller's index of each record of the request, by `RecordIndex`
 * @param versions the version sent with each record of the request, by `RecordIndex`
 * @example classifyRejections(error.RejectedRecords ?? [], request.sourceIndexes, versions)
 */
export function classifyRejections(
  rejected: readonly WireRejection[],
  sourceIndexes: readonly number[],
  versions: readonly (number | undefined)[],
): ClassifiedRejections {
  const replays: RejectedHeartbeat[] = [];
  const failures: RejectedHeartbeat[] = [];
  for (const r of rejected) {
    const at = r.RecordIndex ?? -1;
    const version = versions[at];
    const item: RejectedHeartbeat = {
      index: sourceIndexes[at] ?? -1,
      reason: r.Reason ?? 'no reason given',
      version,
      existingVersion: r.ExistingVersion,
    };
    const superseded =
      r.ExistingVersion !== undefined && r.ExistingVersion !== null && r.ExistingVersion >= (version ?? 1);
    (superseded ? replays : failures).push(item);
  }
  return { replays, failures };
}
