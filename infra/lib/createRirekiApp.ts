import { App, type AppProps } from 'aws-cdk-lib';
import { readRirekiConfig } from './config.js';
import { RirekiStack } from './RirekiStack.js';

export interface CreateRirekiAppOptions {
  /** Context values, as `cdk.json` or `-c key=value` would give them. */
  readonly context?: Readonly<Record<string, unknown>>;
  /** Where `app.synth()` writes the cloud assembly. @defaultValue the CLI's, or a temp folder */
  readonly outdir?: string;
  /** Read for CDK_DEFAULT_ACCOUNT and CDK_DEFAULT_REGION. @defaultValue process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The CDK app with the rireki stack, configured from context. `bin/rireki.ts` runs it under the CDK
 * CLI; tests call it with their own context and synthesize in-process.
 *
 * @example
 * const { app, stack } = createRirekiApp({ context: { imageUri: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/rireki:1.0.0' } });
 * app.synth();
 */
export function createRirekiApp(options: CreateRirekiAppOptions = {}): { app: App; stack: RirekiStack } {
  const appProps: AppProps = {
    ...(options.context === undefined ? {} : { context: { ...options.context } }),
    ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
  };
  const app = new App(appProps);
  const config = readRirekiConfig((key) => app.node.tryGetContext(key), options.env ?? process.env);
  const env = {
    ...(config.account === undefined ? {} : { account: config.account }),
    ...(config.region === undefined ? {} : { region: config.region }),
  };
  const stack = new RirekiStack(app, config.stackName, {
    config,
    ...(Object.keys(env).length === 0 ? {} : { env }),
    description: 'rireki: action history of web apps (SQS in, Parquet lake on S3, Athena search)',
  });
  return { app, stack };
}
