import { type KeyObject, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DigestSigner } from '../DigestSigner.js';

/** A signer and the public key its signatures verify with, as the adapter under test gives them. */
export interface OpenedDigestSigner {
  readonly signer: DigestSigner;
  readonly publicKey: KeyObject;
}

function verifies(opened: OpenedDigestSigner, data: Buffer, signature: Uint8Array): boolean {
  const { signer, publicKey } = opened;
  if (signer.algorithm === 'ED25519') return verify(null, data, publicKey, signature);
  return verify('sha256', data, { key: publicKey, dsaEncoding: 'der' }, signature);
}

/**
 * What every DigestSigner must do, whatever holds its key: a signature over the exact bytes given,
 * in its algorithm's usual encoding, that the public key verifies and that no other bytes match;
 * payloads far beyond 4 KiB (a digest of many records); the same key id every time.
 */
export function digestSignerContract(name: string, open: () => Promise<OpenedDigestSigner>): void {
  describe(`${name} (DigestSigner contract)`, () => {
    it('signs the exact bytes, so that the public key verifies them and nothing else', async () => {
      const opened = await open();
      const data = Buffer.from('{"version":1,"kind":"digest","records":[]}');

      const signature = await opened.signer.sign(data);

      expect(verifies(opened, data, signature)).toBe(true);
      const changed = Buffer.from(data);
      changed[5] = (changed[5] ?? 0) ^ 1;
      expect(verifies(opened, changed, signature)).toBe(false);
    });

    it('signs a payload of a megabyte, and several at once', async () => {
      const opened = await open();
      const payloads = [0, 1, 2].map((i) => Buffer.alloc(1024 * 1024, 97 + i));

      const signatures = await Promise.all(payloads.map((payload) => opened.signer.sign(payload)));

      signatures.forEach((signature, i) => {
        expect(verifies(opened, payloads[i] as Buffer, signature)).toBe(true);
      });
    });

    it('names its key the same way every time', async () => {
      const opened = await open();

      expect(opened.signer.keyId).not.toBe('');
      expect((await open()).signer.keyId).toBe(opened.signer.keyId);
    });
  });
}
