import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { exportProgress } from '../../../lib/analytics/export-progress.ts';

/** A stream that says it is a terminal, keeping what is written. */
function terminal(isTTY: boolean) {
  const stream = Object.assign(new PassThrough(), { isTTY, columns: 100 });
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { stream, text: () => text };
}

describe('exportProgress', () => {
  it('draws a bar of the counted total on a terminal', async () => {
    // Prepare
    const { stream, text } = terminal(true);

    // Act
    const bar = await exportProgress(stream, true, async () => 40);
    bar.update(10);
    bar.stop();

    // Assess
    expect(text()).toMatch(/training export \|.*\| 25% \| 10\/40 examples/);
  });

  it.each([
    ['turned off (--no-progress) on a terminal', true, false],
    ['wanted, but not a terminal', false, true],
  ])('shows nothing and counts nothing when %s', async (_case, isTTY, wanted) => {
    // Prepare
    const { stream, text } = terminal(isTTY);
    let counted = false;

    // Act
    const bar = await exportProgress(stream, wanted, async () => {
      counted = true;
      return 40;
    });
    bar.update(10);
    bar.stop();

    // Assess
    expect(counted).toBe(false);
    expect(text()).toBe('');
  });
});
