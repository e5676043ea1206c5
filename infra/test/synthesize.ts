import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll } from 'vitest';
import { createRirekiApp, type RirekiStack } from '../lib/index.js';

/** The feature flags and context of cdk.json, so tests synthesize what `cdk synth` does. */
export const CDK_JSON_CONTEXT: Record<string, unknown> = (
  JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

/** An ECR image, so the tests' stacks carry no placeholder warning (and get ECR pull rights). */
export const TEST_IMAGE_URI = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/rireki:0.1.0';

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh cloud-assembly folder, removed after the test file. */
export function tempOutdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rireki-cdk-'));
  outdirs.push(dir);
  return dir;
}

/** The stack and its template for some context, with no account or region from the environment. */
export function synthesize(context: Record<string, unknown> = {}): {
  stack: RirekiStack;
  template: Template;
} {
  const { stack } = createRirekiApp({
    context: { ...CDK_JSON_CONTEXT, imageUri: TEST_IMAGE_URI, ...context },
    outdir: tempOutdir(),
    env: {},
  });
  return { stack, template: Template.fromStack(stack) };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * A CloudFormation value as text: intrinsic functions become `<Ref>` / `<Id.Attr>` placeholders, so
 * an ARN like `{"Fn::Join":["",[{"Fn::GetAtt":["LakeBucket","Arn"]},"/rireki/results/*"]]}` reads
 * `<LakeBucket.Arn>/rireki/results/*`.
 */
export function cfnText(value: unknown): string {
  const json = value as Json;
  if (typeof json === 'string') return json;
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return JSON.stringify(json);
  if ('Ref' in json) return `<${String(json.Ref)}>`;
  const getAtt = json['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return `<${getAtt.map(String).join('.')}>`;
  const join = json['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    return join[1].map(cfnText).join(join[0]);
  }
  return JSON.stringify(json);
}

export interface Statement {
  readonly effect: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly sid: string | undefined;
  /** The Condition block as the template has it; undefined without one. */
  readonly conditions: unknown;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** Every statement of every identity policy attached to a role (by the role's logical id). */
export function roleStatements(template: Template, roleLogicalId: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  const statements: Statement[] = [];
  for (const policy of Object.values(policies)) {
    const roles = list(policy.Properties.Roles).map(cfnText);
    if (!roles.includes(`<${roleLogicalId}>`)) continue;
    for (const statement of list(policy.Properties.PolicyDocument.Statement) as Record<string, unknown>[]) {
      statements.push({
        effect: String(statement.Effect),
        actions: list(statement.Action).map(String),
        resources: list(statement.Resource).map(cfnText),
        sid: statement.Sid === undefined ? undefined : String(statement.Sid),
        conditions: statement.Condition,
      });
    }
  }
  return statements;
}

/** Whether an IAM action pattern (`s3:Get*`, `s3:*`, `*`) covers an action (case-insensitive). */
export function actionCovers(pattern: string, action: string): boolean {
  return wildcard(pattern, 'i').test(action);
}

/** Whether an IAM resource pattern (`<Bucket.Arn>/rireki/results/*`) covers a resource (case-sensitive). */
/** Resources an allowing statement grants an action on. */
export function allowedResources(statements: readonly Statement[], action: string): string[] {
  return statements
    .filter((s) => s.effect === 'Allow' && s.actions.some((pattern) => actionCovers(pattern, action)))
    .flatMap((s) => s.resources);
}

export function resourceCovers(pattern: string, resource: string): boolean {
  return wildcard(pattern, '').test(resource);
}

function wildcard(pattern: string, flags: string): RegExp {
  return new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, flags);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The logical id of the one resource of a type whose id starts with a prefix. */
export function logicalId(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1)
    throw new Error(`expected one ${type} starting with ${prefix}, found ${ids.join(', ')}`);
  return ids[0] as string;
}

/** The logical id of the queue with a given QueueName. */
export function queueLogicalId(template: Template, queueName: string): string {
  const entry = Object.entries(template.findResources('AWS::SQS::Queue')).find(
    ([, queue]) => queue.Properties.QueueName === queueName,
  );
  if (entry === undefined) throw new Error(`no queue named ${queueName}`);
  return entry[0];
}
