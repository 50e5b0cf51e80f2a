/**
 * Polling for what happens in its own time (a message delivered, a request received, a
 * notification sent): check again and again until there is a value or the time is up.
 */

/** How {@link eventually} polls, when the defaults do not fit. */
export interface PollOptions {
  /** Pause between two checks, in ms. @default 100 */
  readonly intervalMs?: number;
  /** The message of the error at the deadline. @default `timed out waiting for <what>` */
  readonly timeoutMessage?: () => string;
}

/**
 * Polls until `check` returns a value other than undefined, or fails after `timeoutMs`.
 * @example const item = await eventually(async () => (await read()) ?? undefined, 10_000, 'the item');
 */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 10_000,
  what = 'condition',
  { intervalMs = 100, timeoutMessage }: PollOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(timeoutMessage?.() ?? `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
