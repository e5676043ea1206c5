import { ConfigError } from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import { loadMaintenanceConfig, rewriterOptions } from './config.js';

describe('loadMaintenanceConfig', () => {
  it('has local defaults that keep a small lake compact within the day', () => {
    const config = loadMaintenanceConfig({});

    expect(config).toMatchObject({
      mode: 'local',
      intervalMs: 30_000,
      compaction: { quietMs: 60_000, minFiles: 10, maxRowsPerFile: 2_000_000 },
      replacedGraceMs: 1_800_000,
      rewriteMemoryLimit: '512MB',
      rewriteZstdLevel: 6,
    });
    expect(loadMaintenanceConfig({ RIREKI_COMPACT_ZSTD_LEVEL: '15' }).rewriteZstdLevel).toBe(15);
    expect(rewriterOptions(loadMaintenanceConfig({ RIREKI_COMPACT_ZSTD_LEVEL: '15' }))).toEqual({
      memoryLimit: '512MB',
      compressionLevel: 15,
    });
  });

  it('names every bad variable at once, with what was given', () => {
    const attempt = () =>
      loadMaintenanceConfig({
        RIREKI_COMPACT_MIN_FILES: '1',
        RIREKI_REPLACED_GRACE_MS: 'soon',
        RIREKI_REWRITE_MEMORY_LIMIT: 'lots',
        RIREKI_COMPACT_ZSTD_LEVEL: '23',
      });

    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow('RIREKI_COMPACT_MIN_FILES: must be an integer from 2 to 1000000 (got "1")');
    expect(attempt).toThrow(
      'RIREKI_REPLACED_GRACE_MS: must be an integer from 1000 to 86400000 (got "soon")',
    );
    expect(attempt).toThrow('RIREKI_REWRITE_MEMORY_LIMIT: must be a size such as 512MB or 2GB (got "lots")');
    expect(attempt).toThrow('RIREKI_COMPACT_ZSTD_LEVEL: must be an integer from 1 to 22 (got "23")');
  });
});
