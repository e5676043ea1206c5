import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type { Construct } from 'constructs';

/** `<account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>[:<tag>][@sha256:<digest>]` */
const ECR_IMAGE =
  /^(?<account>\d{12})\.dkr\.ecr\.(?<region>[a-z0-9-]+)\.amazonaws\.com(?<cn>\.cn)?\/(?<repository>[a-z0-9._/-]+?)(?::(?<tag>[\w][\w.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}))?$/;

/**
 * The workers' image. From ECR, through the repository, so the execution role may pull it; from any
 * other registry as given; or, with `fromAsset`, built from the repository's Dockerfile by `cdk deploy`
 * (synth only stages the files: no Docker needed until then).
 */
export function workerImage(
  scope: Construct,
  options: { imageUri: string; fromAsset: boolean },
): ecs.ContainerImage {
  if (options.fromAsset) {
    return ecs.ContainerImage.fromAsset(findRepositoryRoot(), { platform: Platform.LINUX_AMD64 });
  }
  const ecrImage = ECR_IMAGE.exec(options.imageUri)?.groups;
  if (ecrImage?.account === undefined || ecrImage.region === undefined || ecrImage.repository === undefined) {
    return ecs.ContainerImage.fromRegistry(options.imageUri);
  }
  const partition = ecrImage.cn === undefined ? 'aws' : 'aws-cn';
  const repository = ecr.Repository.fromRepositoryAttributes(scope, 'WorkerRepository', {
    repositoryName: ecrImage.repository,
    repositoryArn: `arn:${partition}:ecr:${ecrImage.region}:${ecrImage.account}:repository/${ecrImage.repository}`,
  });
  return ecs.ContainerImage.fromEcrRepository(repository, ecrImage.digest ?? ecrImage.tag ?? 'latest');
}

/** The nearest folder above this file with the Dockerfile and the lockfile (from lib/ or dist/lib/). */
function findRepositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!(existsSync(join(dir, 'Dockerfile')) && existsSync(join(dir, 'package-lock.json')))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('no folder above infra/ holds the Dockerfile and package-lock.json');
    dir = parent;
  }
  return dir;
}
