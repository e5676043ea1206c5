import { type Signature, SignatureSchema } from './digests.js';
import { fieldProblems } from './fieldProblems.js';

/**
 * A signed envelope as stored: the payload as one line of JSON, then the signature as another.
 * The signature covers the payload line's UTF-8 bytes exactly as stored, so a verifier checks it
 * before parsing anything it signs, and nothing is serialized twice.
 */
export function envelopeText(payloadLine: string, signature: Signature): string {
  if (payloadLine.includes('\n')) throw new RangeError('a payload line must not contain a newline');
  return `${payloadLine}\n${JSON.stringify(signature)}\n`;
}

export type OpenedEnvelope =
  | { readonly ok: true; readonly payloadLine: string; readonly signature: Signature }
  | { readonly ok: false; readonly problem: string };

/** Splits a stored envelope into its payload line and its signature, or says what is wrong with it. */
export function openEnvelope(text: string): OpenedEnvelope {
  const lines = text.split('\n');
  if (lines.length !== 3 || lines[2] !== '') {
    const newlines = lines.length - 1;
    return {
      ok: false,
      problem: `holds ${newlines} newline${newlines === 1 ? '' : 's'} and ${lines.at(-1) === '' ? 'ends with one' : 'does not end with one'}; a signed envelope is 2 lines, each ending in a newline`,
    };
  }
  const [payloadLine = '', signatureLine = ''] = lines;
  let value: unknown;
  try {
    value = JSON.parse(signatureLine);
  } catch (error) {
    return { ok: false, problem: `its signature line is not JSON: ${String(error)}` };
  }
  const parsed = SignatureSchema.safeParse(value);
  if (!parsed.success) {
    const problems = fieldProblems(parsed.error).map((p) => `${p.path || 'signature'}: ${p.message}`);
    return { ok: false, problem: `its signature line is not a signature (${problems.join('; ')})` };
  }
  // The signature covers the payload line only, so its own line must be exactly as written: no
  // byte of an envelope may change unnoticed.
  if (signatureLine !== JSON.stringify(parsed.data))
    return { ok: false, problem: 'its signature line is not as rireki writes it (it was changed)' };
  return { ok: true, payloadLine, signature: parsed.data };
}
