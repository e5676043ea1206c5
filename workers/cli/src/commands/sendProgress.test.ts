import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startSendProgress } from './sendProgress.js';

/** A stream that says it is a terminal (or not), keeping what is written to it. */
function fakeStream(isTTY: boolean) {
  const stream = Object.assign(new PassThrough(), { isTTY, columns: 120 });
  let written = '';
  stream.on('data', (chunk: Buffer) => {
    written += chunk.toString('utf8');
  });
  return { stream: stream as unknown as NodeJS.WriteStream, written: () => written };
}

describe('startSendProgress', () => {
  it('draws a bar with lines and bad lines on a terminal', () => {
    // Prepare
    const { stream, written } = fakeStream(true);

    // Act
    const progress = startSendProgress(300, stream);
    progress.advance(100, false);
    progress.advance(100, true);
    progress.advance(100, false);
    progress.stop();

    // Assess
    expect(written()).toContain('sending [');
    expect(written()).toContain('100% | 3 lines, 1 bad');
  });

  it.each([
    { where: 'a pipe', isTTY: false, total: 300 },
    { where: 'a terminal reading an input of unknown size', isTTY: true, total: undefined },
  ])('writes nothing to $where', ({ isTTY, total }) => {
    // Prepare
    const { stream, written } = fakeStream(isTTY);

    // Act
    const progress = startSendProgress(total, stream);
    progress.advance(300, false);
    progress.stop();

    // Assess
    expect(written()).toBe('');
  });
});
