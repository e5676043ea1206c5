import { afterEach } from 'vitest';

/** What a contract suite's `open` gives: a new subject for one test, and how to remove what it made. */
export interface Opened {
  readonly close?: () => Promise<void>;
}

/**
 * Gives each test of a contract suite its own subject from `open`, and closes every one after the
 * test, so that no test sees another's state.
 */
export function openPerTest<T extends Opened>(open: () => Promise<T>): () => Promise<T> {
  const opened: T[] = [];
  afterEach(async () => {
    for (const { close } of opened.splice(0)) await close?.();
  });
  return async () => {
    const next = await open();
    opened.push(next);
    return next;
  };
}
