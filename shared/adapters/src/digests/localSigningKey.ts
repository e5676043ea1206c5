import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomUUID,
  sign,
} from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StorageError } from '@rireki/contracts';
import type { DigestSigner } from '@rireki/ports';
import { keyIdOf } from './signatures.js';

/** The local key pair's files under the data directory's `keys/`. */
export const LOCAL_KEY_FILES = {
  private: 'digest-signing.key.pem',
  public: 'digest-signing.pub.pem',
} as const;

/** Signs with the Ed25519 private key held in this process. */
export class Ed25519DigestSigner implements DigestSigner {
  readonly algorithm = 'ED25519' as const;
  readonly keyId: string;
  readonly publicKey: KeyObject;
  readonly #privateKey: KeyObject;

  constructor(privateKey: KeyObject) {
    if (privateKey.asymmetricKeyType !== 'ed25519')
      throw new RangeError(`an Ed25519 private key is needed (got ${privateKey.asymmetricKeyType})`);
    this.#privateKey = privateKey;
    this.publicKey = createPublicKey(privateKey);
    this.keyId = keyIdOf(this.publicKey);
  }

  async sign(data: Uint8Array): Promise<Uint8Array> {
    return sign(null, data, this.#privateKey);
  }
}

/**
 * The local signing key under `<dataDir>/keys/`, created on first use (the private key readable
 * by its owner only). Two workers starting at once cannot make two keys: the one that loses the
 * race to link its key into place reads the winner's.
 */
export async function openLocalSigningKey(keysDir: string): Promise<Ed25519DigestSigner> {
  const privatePath = join(keysDir, LOCAL_KEY_FILES.private);
  const existing = await readPem(privatePath);
  if (existing !== null) return new Ed25519DigestSigner(createPrivateKey(existing));
  await mkdir(keysDir, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  // Written whole under a name of its own, then linked into place: link fails if the key exists,
  // and a reader never sees half a key.
  const draft = `${privatePath}.${process.pid}.${randomUUID()}`;
  try {
    await writeFile(draft, pem, { flag: 'wx', mode: 0o600, flush: true });
    await link(draft, privatePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw keyError(privatePath, error);
    const winner = await readPem(privatePath);
    if (winner === null) throw keyError(privatePath, error);
    return new Ed25519DigestSigner(createPrivateKey(winner));
  } finally {
    await rm(draft, { force: true });
  }
  await writeFile(
    join(keysDir, LOCAL_KEY_FILES.public),
    publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    { mode: 0o644, flush: true },
  );
  return new Ed25519DigestSigner(privateKey);
}

/** The local public key, or null when no key was made yet. */
export async function readLocalPublicKey(keysDir: string): Promise<KeyObject | null> {
  const pem = await readPem(join(keysDir, LOCAL_KEY_FILES.public));
  if (pem !== null) return createPublicKey(pem);
  const privatePem = await readPem(join(keysDir, LOCAL_KEY_FILES.private));
  return privatePem === null ? null : createPublicKey(createPrivateKey(privatePem));
}

async function readPem(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw keyError(path, error);
  }
}

function keyError(path: string, cause: unknown): StorageError {
  return new StorageError(`cannot read or create the digest signing key ${path}: ${String(cause)}`, {
    cause,
  });
}
