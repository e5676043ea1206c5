import { describe, expect, it } from 'vitest';
import { loadIngestConfig } from './config.js';
import { ingestNodeArgs } from './nodeArgs.js';

describe('ingestNodeArgs', () => {
  it('sizes the local heap from the buffer limit: 64 MiB and four times the limit', () => {
    expect(ingestNodeArgs(loadIngestConfig({}))).toEqual([
      '--max-old-space-size=192',
      '--max-semi-space-size=8',
    ]);
    expect(
      ingestNodeArgs(loadIngestConfig({ RIREKI_MAX_BUFFERED_BYTES: String(256 * 1024 * 1024) })),
    ).toEqual(['--max-old-space-size=1088', '--max-semi-space-size=8']);
  });

  it('leaves the heap to Node in aws mode, where the container’s memory sizes it', () => {
    const config = loadIngestConfig({
      RIREKI_MODE: 'aws',
      RIREKI_LAKE: 's3://rireki-lake',
      RIREKI_DIGEST_KMS_KEY: 'arn:aws:kms:us-east-1:123456789012:key/k',
    });
    expect(ingestNodeArgs(config)).toEqual([]);
  });
});
