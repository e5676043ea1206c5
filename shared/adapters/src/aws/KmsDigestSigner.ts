import { createHash, createPublicKey } from 'node:crypto';
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { StorageError } from '@rireki/contracts';
import type { DigestSigner } from '@rireki/ports';
import { TrustedKeyring } from '../digests/signatures.js';
import { isRetryableAwsError } from './awsErrors.js';

/**
 * Signs with an asymmetric KMS key (ECC_NIST_P256, ECDSA_SHA_256): the private key never leaves
 * KMS, and the workers' role may only call kms:Sign. KMS signs a message of at most 4 KiB, so the
 * SHA-256 of the payload is sent as a digest; the signature is the same one ECDSA over the whole
 * payload gives, so a verifier checks it against the payload itself.
 */
export class KmsDigestSigner implements DigestSigner {
  readonly algorithm = 'ECDSA_SHA_256' as const;
  readonly keyId: string;
  readonly #client: KMSClient;

  /** `keyId`: the key's ARN, as the stack passes it; a verifier's keyring knows the key by it. */
  constructor(client: KMSClient, keyId: string) {
    this.#client = client;
    this.keyId = keyId;
  }

  async sign(data: Uint8Array): Promise<Uint8Array> {
    try {
      const reply = await this.#client.send(
        new SignCommand({
          KeyId: this.keyId,
          Message: createHash('sha256').update(data).digest(),
          MessageType: 'DIGEST',
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      );
      if (!reply.Signature) throw new Error('KMS returned no signature');
      return reply.Signature;
    } catch (error) {
      throw new StorageError(`could not sign a digest with KMS key ${this.keyId}: ${String(error)}`, {
        cause: error,
        retryable: isRetryableAwsError(error),
      });
    }
  }
}

/**
 * A keyring of these KMS keys, their public keys fetched once (kms:GetPublicKey), each known by
 * the id it was given and by its ARN. Only the keys given are trusted, whatever a digest names.
 */
export async function kmsKeyring(client: KMSClient, keyIds: readonly string[]): Promise<TrustedKeyring> {
  const keys: Array<{ keyId: string; publicKey: ReturnType<typeof createPublicKey> }> = [];
  for (const keyId of keyIds) {
    const reply = await client.send(new GetPublicKeyCommand({ KeyId: keyId }));
    if (!reply.PublicKey || !reply.SigningAlgorithms?.includes('ECDSA_SHA_256'))
      throw new StorageError(`KMS key ${keyId} is not an ECDSA_SHA_256 signing key`, { retryable: false });
    const publicKey = createPublicKey({ key: Buffer.from(reply.PublicKey), format: 'der', type: 'spki' });
    keys.push({ keyId, publicKey });
    if (reply.KeyId && reply.KeyId !== keyId) keys.push({ keyId: reply.KeyId, publicKey });
  }
  return new TrustedKeyring(keys);
}
