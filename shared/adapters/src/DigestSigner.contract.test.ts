import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { digestSignerContract } from '@rireki/ports/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { KmsDigestSigner } from './aws/KmsDigestSigner.js';
import { openLocalSigningKey } from './digests/localSigningKey.js';

// The local key pair, made on first use under a data directory of its own, opened again the way
// a second worker process opens it.
const keysDir = mkdtemp(join(tmpdir(), 'rireki-signer-contract-')).then((dir) => join(dir, 'keys'));
digestSignerContract('Ed25519DigestSigner (local key pair)', async () => {
  const signer = await openLocalSigningKey(await keysDir);
  return { signer, publicKey: signer.publicKey };
});

// KMS cannot run here: the mock answers Sign as KMS does for MessageType DIGEST, with a real P-256
// key. It only knows the SHA-256 it is sent, so it signs the payload the test remembers for it.
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const client = new KMSClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
const payloads = new Map<string, Buffer>();
mockClient(client)
  .on(SignCommand)
  .callsFake((input: { Message: Uint8Array; MessageType: string }) => {
    if (input.MessageType !== 'DIGEST') throw new Error('the workers send KMS a digest, not the payload');
    const payload = payloads.get(Buffer.from(input.Message).toString('hex'));
    if (payload === undefined) throw new Error('unknown digest');
    return { Signature: sign('sha256', payload, { key: privateKey, dsaEncoding: 'der' }) };
  });
class RememberingKmsSigner extends KmsDigestSigner {
  override sign(data: Uint8Array): Promise<Uint8Array> {
    payloads.set(createHash('sha256').update(data).digest('hex'), Buffer.from(data));
    return super.sign(data);
  }
}
digestSignerContract('KmsDigestSigner (ECC_NIST_P256, mocked KMS)', async () => ({
  signer: new RememberingKmsSigner(client, 'arn:aws:kms:us-east-1:123456789012:key/contract'),
  publicKey: publicKey as KeyObject,
}));
