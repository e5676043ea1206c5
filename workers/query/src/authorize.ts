import { verifySearchSignature } from '@rireki/contracts';
import type { AccessConfig } from './config.js';
import type { SearchEnvelope } from './searchEnvelope.js';

export type Authorization =
  | { readonly ok: true; readonly requester: string; readonly apps: readonly string[] }
  | { readonly ok: false; readonly requester: string | null; readonly reason: string };

/**
 * Decides which of the requested apps a request may search. In signed mode the requester is the
 * one whose key signed the request; the reason for a refusal is logged, never sent back, so a
 * reply reveals nothing about other requesters or apps.
 */
export function authorize(
  access: AccessConfig,
  envelope: Pick<SearchEnvelope, 'requester' | 'signature' | 'body'>,
  requestedApps: readonly string[],
  replyTo: string,
  correlationId: string,
): Authorization {
  const identified = identify(access, envelope, replyTo, correlationId);
  if (!identified.ok) return identified;
  const { requester, granted } = identified;
  if (granted === '*') return { ok: true, requester, apps: requestedApps };
  const refused = requestedApps.filter((app) => !granted.includes(app));
  if (refused.length > 0) return { ok: false, requester, reason: `not granted: ${refused.join(', ')}` };
  return { ok: true, requester, apps: requestedApps };
}

/**
 * Whether a request may read what belongs to every app, and to none (the quarantine's records
 * without an app code): only a grant of every app ("*"), or open access, allows it.
 */
export function authorizeEveryApp(
  access: AccessConfig,
  envelope: Pick<SearchEnvelope, 'requester' | 'signature' | 'body'>,
  replyTo: string,
  correlationId: string,
): Authorization {
  const identified = identify(access, envelope, replyTo, correlationId);
  if (!identified.ok) return identified;
  if (identified.granted !== '*') {
    return { ok: false, requester: identified.requester, reason: 'not granted: every app' };
  }
  return { ok: true, requester: identified.requester, apps: [] };
}

export type Identified =
  | { readonly ok: true; readonly requester: string; readonly granted: '*' | readonly string[] }
  | { readonly ok: false; readonly requester: string | null; readonly reason: string };

/** The requester whose key signed the request, and its grant; open access grants everything. */
export function identify(
  access: AccessConfig,
  envelope: Pick<SearchEnvelope, 'requester' | 'signature' | 'body'>,
  replyTo: string,
  correlationId: string,
): Identified {
  if (access.mode === 'open') return { ok: true, requester: 'anyone', granted: '*' };
  const requester = envelope.requester ?? null;
  const signature = envelope.signature;
  if (requester === null || signature === undefined) {
    return { ok: false, requester, reason: 'unsigned request' };
  }
  const key = access.keys.get(requester);
  if (key === undefined) return { ok: false, requester, reason: 'unknown requester' };
  if (!verifySearchSignature(key, correlationId, replyTo, envelope.body, signature)) {
    return { ok: false, requester, reason: 'bad signature' };
  }
  const granted = access.grants.get(requester);
  if (granted === undefined) return { ok: false, requester, reason: 'no grant' };
  return { ok: true, requester, granted };
}
