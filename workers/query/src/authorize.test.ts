import type { Message } from '@aws-sdk/client-sqs';
import { signSearchRequest } from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import { authorize } from './authorize.js';
import type { AccessConfig } from './config.js';
import { readSearchEnvelope } from './searchEnvelope.js';

const KEY = 'console-key-0123456789';
const SIGNED: AccessConfig = {
  mode: 'signed',
  grants: new Map<string, readonly string[] | '*'>([
    ['console', ['shop', 'blog']],
    ['ops', '*'],
  ]),
  keys: new Map([
    ['console', KEY],
    ['ops', 'ops-key-0123456789abcd'],
  ]),
};
const REPLY = 'http://127.0.0.1:4566/000000000000/rireki-reply-1';
const BODY = '{"app":"shop"}';

function message(requester: string | undefined, signature: string | undefined, body = BODY) {
  const attributes: NonNullable<Message['MessageAttributes']> = {};
  if (requester !== undefined) attributes.Requester = { DataType: 'String', StringValue: requester };
  if (signature !== undefined) attributes.Signature = { DataType: 'String', StringValue: signature };
  return readSearchEnvelope({ MessageId: 'm', Body: body, MessageAttributes: attributes });
}

describe('authorize', () => {
  const good = signSearchRequest(KEY, 'c1', REPLY, BODY);

  it('lets anyone search anything in open mode', () => {
    expect(authorize({ mode: 'open' }, message(undefined, undefined), ['shop'], REPLY, 'c1')).toEqual({
      ok: true,
      requester: 'anyone',
      apps: ['shop'],
    });
  });

  it('grants a correctly signed request for granted apps', () => {
    expect(authorize(SIGNED, message('console', good), ['shop', 'blog'], REPLY, 'c1')).toMatchObject({
      ok: true,
      requester: 'console',
    });
  });

  it.each([
    ['no signature', message('console', undefined), ['shop'], REPLY, 'c1', 'unsigned request'],
    ['an unknown requester', message('intruder', good), ['shop'], REPLY, 'c1', 'unknown requester'],
    ['another body', message('console', good, '{"app":"blog"}'), ['shop'], REPLY, 'c1', 'bad signature'],
    ['another reply queue', message('console', good), ['shop'], `${REPLY}-other`, 'c1', 'bad signature'],
    ['another correlation id', message('console', good), ['shop'], REPLY, 'c2', 'bad signature'],
    ['an app not granted', message('console', good), ['shop', 'admin'], REPLY, 'c1', 'not granted: admin'],
  ])('refuses %s', (_case, msg, apps, replyTo, correlationId, reason) => {
    expect(authorize(SIGNED, msg, apps, replyTo, correlationId)).toEqual({
      ok: false,
      requester: msg.requester ?? null,
      reason,
    });
  });
});
