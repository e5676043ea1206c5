import type { KeyObject } from 'node:crypto';
import type { SignatureAlgorithm } from '@rireki/contracts';

/**
 * Signs digests and pending records: an Ed25519 key pair under the data directory, or an AWS KMS
 * key the worker may only Sign with. The private key never leaves the signer.
 */
export interface DigestSigner {
  readonly algorithm: SignatureAlgorithm;
  /** Names the key in every signature: a hash of the public key, or the KMS key's ARN. */
  readonly keyId: string;
  /** The signature over `data`, in the algorithm's usual encoding (raw Ed25519, DER ECDSA). */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/**
 * The public keys a verifier trusts, by key id. A key a signature names but the keyring was not
 * given is never fetched on the digest's word: a forger could name a key of their own.
 */
export interface DigestKeyring {
  /** The public key for `keyId`, or null when it is not one of the trusted keys. */
  publicKey(keyId: string, algorithm: SignatureAlgorithm): Promise<KeyObject | null>;
}
