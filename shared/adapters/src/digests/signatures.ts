import { type KeyObject, verify } from 'node:crypto';
import type { Signature, SignatureAlgorithm } from '@rireki/contracts';
import type { DigestKeyring, DigestSigner } from '@rireki/ports';
import { sha256Hex } from './digestRecords.js';

/**
 * The key id of a public key: its algorithm and the first 32 hex digits of the SHA-256 of its
 * SubjectPublicKeyInfo, so that a verifier can tell which of its trusted keys a signature names.
 */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `${publicKey.asymmetricKeyType}:${sha256Hex(der).slice(0, 32)}`;
}

/** The signature of one payload line, as an envelope stores it. */
export async function signPayload(signer: DigestSigner, payloadLine: string): Promise<Signature> {
  const signature = await signer.sign(Buffer.from(payloadLine, 'utf8'));
  return {
    algorithm: signer.algorithm,
    keyId: signer.keyId,
    signature: Buffer.from(signature).toString('base64'),
  };
}

/** null when `signature` is a good signature of `payloadLine` by a trusted key, else what is wrong. */
export async function signatureProblem(
  keyring: DigestKeyring,
  payloadLine: string,
  signature: Signature,
): Promise<string | null> {
  const key = await keyring.publicKey(signature.keyId, signature.algorithm);
  if (key === null) return `is signed by key ${signature.keyId}, which is not a trusted key`;
  const data = Buffer.from(payloadLine, 'utf8');
  const bytes = Buffer.from(signature.signature, 'base64');
  const good = verifyWith(signature.algorithm, data, key, bytes);
  return good ? null : `has a signature that does not match its content (key ${signature.keyId})`;
}

function verifyWith(algorithm: SignatureAlgorithm, data: Buffer, key: KeyObject, signature: Buffer): boolean {
  try {
    if (algorithm === 'ED25519')
      return key.asymmetricKeyType === 'ed25519' && verify(null, data, key, signature);
    return key.asymmetricKeyType === 'ec' && verify('sha256', data, { key, dsaEncoding: 'der' }, signature);
  } catch {
    // A malformed signature or a key of the wrong kind is a failed check, not a crash.
    return false;
  }
}

/** A keyring of the public keys given, and no other. */
export class TrustedKeyring implements DigestKeyring {
  readonly #keys = new Map<string, KeyObject>();

  constructor(keys: ReadonlyArray<{ readonly keyId: string; readonly publicKey: KeyObject }>) {
    for (const { keyId, publicKey } of keys) this.#keys.set(keyId, publicKey);
  }

  async publicKey(keyId: string): Promise<KeyObject | null> {
    return this.#keys.get(keyId) ?? null;
  }

  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }
}
