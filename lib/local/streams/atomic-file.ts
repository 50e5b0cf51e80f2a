/**
 * Small durable file writes: replace a file atomically, append a line.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Replaces `path` with `content`: written and flushed to a temporary file beside it, then
 * renamed over it, so a reader (or a restart after a crash) sees the old or the new content,
 * never a part. The file is always a new one created with `mode`, whatever the mode of the file
 * it replaces, and a handle someone opened on the old file never sees the new content.
 * @example
 * await writeFileAtomically('/data/stream-checkpoints.json', JSON.stringify(state));
 * await writeFileAtomically('.aiops/local.json', json, { mode: 0o600 }); // owner only
 */
export async function writeFileAtomically(
  path: string,
  content: string,
  options: { readonly mode?: number } = {},
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    // 'wx': the temporary name is never someone else's file or link.
    const file = await open(temporary, 'wx', options.mode ?? 0o666);
    try {
      await file.writeFile(content, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Appends one line (a newline is added) and flushes it to disk.
 * @example
 * await appendLine('/data/dead-letters.jsonl', JSON.stringify(failed));
 */
export async function appendLine(path: string, line: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const file = await open(path, 'a');
  try {
    await file.writeFile(`${line}\n`, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
}
