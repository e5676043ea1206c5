import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { StorageError } from '@rireki/contracts';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { signatureProblem, signPayload } from '../digests/signatures.js';
import { KmsDigestSigner, kmsKeyring } from './KmsDigestSigner.js';
import { serviceError } from './testing/athenaTesting.js';

const client = new KMSClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
const kms = mockClient(client);
const ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ALIAS = 'alias/rireki-digests';
// A real P-256 key standing in for the KMS key: KMS signs with ECDSA and returns the DER encoding.
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const PAYLOAD = JSON.stringify({ version: 1, kind: 'digest', records: [] });
const payloads = new Map([[createHash('sha256').update(PAYLOAD).digest('hex'), PAYLOAD]]);

beforeEach(() => {
  kms.reset();
  // What KMS does with MessageType DIGEST: ECDSA over the digest it is given. Signing the payload
  // the digest is of with SHA-256 is that same signature.
  kms.on(SignCommand).callsFake((input: { Message: Uint8Array }) => {
    const payload = payloads.get(Buffer.from(input.Message).toString('hex'));
    if (payload === undefined) throw new Error('the mock signs only the test payload');
    return {
      KeyId: ARN,
      Signature: sign('sha256', Buffer.from(payload), { key: privateKey, dsaEncoding: 'der' }),
    };
  });
  kms.on(GetPublicKeyCommand).resolves({
    KeyId: ARN,
    KeySpec: 'ECC_NIST_P256',
    KeyUsage: 'SIGN_VERIFY',
    SigningAlgorithms: ['ECDSA_SHA_256'],
    PublicKey: publicKey.export({ type: 'spki', format: 'der' }),
  });
});

describe('KmsDigestSigner', () => {
  it('asks KMS to sign the SHA-256 of the payload as a digest, with ECDSA_SHA_256', async () => {
    const signature = await signPayload(new KmsDigestSigner(client, ARN), PAYLOAD);

    expect(kms).toHaveReceivedCommandExactlyOnceWith(SignCommand, {
      KeyId: ARN,
      Message: createHash('sha256').update(PAYLOAD).digest(),
      MessageType: 'DIGEST',
      SigningAlgorithm: 'ECDSA_SHA_256',
    });
    expect(signature).toMatchObject({ algorithm: 'ECDSA_SHA_256', keyId: ARN });
  });

  it('makes a signature the verifier accepts with the public key from kms:GetPublicKey, by alias or ARN', async () => {
    const signature = await signPayload(new KmsDigestSigner(client, ARN), PAYLOAD);
    const keyring = await kmsKeyring(client, [ALIAS]);

    expect(kms).toHaveReceivedCommandWith(GetPublicKeyCommand, { KeyId: ALIAS });
    expect(await signatureProblem(keyring, PAYLOAD, signature)).toBeNull();
    expect(await signatureProblem(keyring, `${PAYLOAD} `, signature)).toMatch(/does not match its content/);
    expect(
      await signatureProblem(keyring, PAYLOAD, { ...signature, keyId: 'arn:aws:kms:…:key/other' }),
    ).toMatch(/not a trusted key/);
  });

  it('says whether a failed Sign can be retried', async () => {
    kms
      .on(SignCommand)
      .rejectsOnce(serviceError('ThrottlingException', 'client'))
      .rejects(serviceError('AccessDeniedException', 'client'));
    const signer = new KmsDigestSigner(client, ARN);

    const throttled = await signer.sign(Buffer.from(PAYLOAD)).catch((error: unknown) => error);
    const denied = await signer.sign(Buffer.from(PAYLOAD)).catch((error: unknown) => error);

    expect(throttled).toBeInstanceOf(StorageError);
    expect(throttled).toMatchObject({ retryable: true });
    expect(denied).toMatchObject({ retryable: false, message: expect.stringContaining(ARN) });
  });

  it('refuses a key that does not sign with ECDSA_SHA_256', async () => {
    kms
      .on(GetPublicKeyCommand)
      .resolves({ KeyId: ARN, SigningAlgorithms: ['RSASSA_PSS_SHA_256'], PublicKey: new Uint8Array(8) });

    await expect(kmsKeyring(client, [ARN])).rejects.toThrow(
      `KMS key ${ARN} is not an ECDSA_SHA_256 signing key`,
    );
  });
});
