/** One step a fake of the lake saw, in the order they happened. */
export type LakeStep =
  | { readonly kind: 'put'; readonly key: string; readonly ok: boolean }
  | { readonly kind: 'register'; readonly partition: string }
  | { readonly kind: 'register-failed'; readonly partition: string };

/** Where a fake reports its steps; a suite merges them with its own (e.g. SQS deletes) into one timeline. */
export type RecordLakeStep = (step: LakeStep) => void;
