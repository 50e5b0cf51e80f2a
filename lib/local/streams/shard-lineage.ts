/**
 * Shard lineage: a child shard is read only once its parent has been read to its end, so the
 * records of one key stay in order across a shard split or rollover.
 */

/** A shard as DescribeStream lists it. */
export interface ShardInfo {
  readonly shardId: string;
  readonly parentShardId?: string;
}

/**
 * The shards to start now, in the order DescribeStream listed them: not started yet, not
 * finished, and with no parent, a finished parent, or a parent no longer listed (trimmed from
 * the stream after 24 hours, so nothing of it can be read any more).
 * @example
 * readyShards([{ shardId: 'a' }, { shardId: 'b', parentShardId: 'a' }], new Set(), new Set()); // ['a']
 */
export function readyShards(
  shards: readonly ShardInfo[],
  started: ReadonlySet<string>,
  finished: ReadonlySet<string>,
): string[] {
  const listed = new Set(shards.map((shard) => shard.shardId));
  return shards
    .filter(({ shardId, parentShardId }) => {
      if (started.has(shardId) || finished.has(shardId)) return false;
      return parentShardId === undefined || finished.has(parentShardId) || !listed.has(parentShardId);
    })
    .map((shard) => shard.shardId);
}
