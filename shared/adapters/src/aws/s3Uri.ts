import { ConfigError } from '@rireki/contracts';

/** A lake root on S3: a bucket and a key prefix without leading or trailing `/` (may be empty). */
export interface S3Location {
  readonly bucket: string;
  readonly prefix: string;
}

// S3's rules for new general purpose buckets: 3-63 of a-z 0-9 . -, starting and ending with a letter or digit.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
// A prefix is a path of non-empty segments; quotes and backslashes are refused because Athena DDL
// (LOCATION '…') and Hive treat them specially, and none of rireki's own keys need them.
const SEGMENT = /^[^\s'"\\]+$/;

/**
 * Splits `s3://bucket[/prefix]` into its bucket and prefix, refusing anything else with a message that
 * names the bad value: a missing scheme, a bad bucket name, empty or `.`/`..` segments, whitespace,
 * quotes or backslashes.
 *
 * @param name the setting the URI came from, named in the error. @defaultValue 'lake'
 * @example parseS3Uri('s3://my-bucket/rireki/') // { bucket: 'my-bucket', prefix: 'rireki' }
 */
export function parseS3Uri(uri: string, name = 'lake'): S3Location {
  const fail = (why: string): never => {
    throw new ConfigError([{ path: name, message: `${why} (got "${uri}")` }]);
  };
  if (!uri.startsWith('s3://')) fail('must be an s3://<bucket>[/<prefix>] URI');
  const rest = uri.slice('s3://'.length).replace(/\/+$/, '');
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  const prefix = slash === -1 ? '' : rest.slice(slash + 1);
  if (!BUCKET.test(bucket) || bucket.includes('..')) {
    fail(`has an invalid bucket name "${bucket}": 3-63 of a-z, 0-9, "." and "-"`);
  }
  for (const segment of prefix === '' ? [] : prefix.split('/')) {
    if (segment === '' || segment === '.' || segment === '..' || !SEGMENT.test(segment)) {
      fail(
        `has an invalid prefix segment "${segment}": no empty, "." or ".." segments, whitespace, quotes or backslashes`,
      );
    }
  }
  return { bucket, prefix };
}

/** `s3://bucket/prefix`, or `s3://bucket` for an empty prefix. */
export function formatS3Uri(location: S3Location): string {
  return location.prefix === '' ? `s3://${location.bucket}` : `s3://${location.bucket}/${location.prefix}`;
}
