import { describe, expect, it } from 'vitest';
import { type QueryEngine, QueryEngineError, type SqlStatement } from '../QueryEngine.js';
import { type Opened, openPerTest } from './openPerTest.js';

/** The one row SAMPLE statements yield, as every engine must hand it to the workers. */
export const SAMPLE_ROW = {
  text: "o'brien ✓ 100%",
  count: 42,
  ratio: 12.5,
  flag: true,
  missing: null,
  at: Date.UTC(2026, 10, 24, 0, 30, 0, 123),
  attributes: { orderId: 'ORD-1' },
} as const;

/**
 * Statements in the engine's own dialect for the cases the contract checks. Each engine writes them
 * in its SQL; an engine that cannot run here answers them from a fake of its service.
 */
export interface EngineScenarios {
  /** Yields SAMPLE_ROW, with `text` bound as the statement's one parameter. */
  readonly sample: SqlStatement;
  /** Fails in the engine (e.g. an unknown table). */
  readonly failing: SqlStatement;
  /** Runs far longer than any test waits. */
  readonly endless: SqlStatement;
}

/** A new engine for one test, the statements of its scenarios, and how to remove what it made. */
export interface OpenedQueryEngine extends Opened {
  readonly engine: QueryEngine;
  readonly scenarios: EngineScenarios;
}

const caught = (run: Promise<unknown>) =>
  run.then(
    () => 'succeeded',
    (error: unknown) => error,
  );

/** What every QueryEngine promises the query worker, run against each engine. */
export function queryEngineContract(name: string, open: () => Promise<OpenedQueryEngine>): void {
  describe(`${name} (QueryEngine contract)`, () => {
    const fresh = openPerTest(open);

    it('has a name for search stats, and no source for no partitions', async () => {
      const { engine } = await fresh();

      expect(engine.name).toMatch(/^[a-z]+$/);
      expect(await engine.source([])).toBeNull();
    });

    it('hands back values as plain JavaScript: numbers, booleans, null, epoch ms and objects for maps', async () => {
      const { engine, scenarios } = await fresh();

      const result = await engine.query(scenarios.sample, { timeoutMs: 10_000 });

      expect(scenarios.sample.params).toEqual([SAMPLE_ROW.text]);
      expect(scenarios.sample.sql).not.toContain(SAMPLE_ROW.text);
      expect(result.rows).toEqual([SAMPLE_ROW]);
    });

    it('rejects a failing statement with a QueryEngineError that did not time out', async () => {
      const { engine, scenarios } = await fresh();

      const failure = await caught(engine.query(scenarios.failing, { timeoutMs: 10_000 }));

      expect(failure).toBeInstanceOf(QueryEngineError);
      expect(failure).toMatchObject({ timedOut: false });
    });

    it('cancels a statement past its time limit with a QueryEngineError that timed out, and runs the next', async () => {
      const { engine, scenarios } = await fresh();

      const failure = await caught(engine.query(scenarios.endless, { timeoutMs: 300 }));

      expect(failure).toBeInstanceOf(QueryEngineError);
      expect(failure).toMatchObject({ timedOut: true });
      expect((await engine.query(scenarios.sample, { timeoutMs: 10_000 })).rows).toEqual([SAMPLE_ROW]);
    });

    it('refuses every query once closed', async () => {
      const { engine, scenarios } = await fresh();
      await engine.close();

      const failure = await caught(engine.query(scenarios.sample, { timeoutMs: 10_000 }));

      expect(failure).toBeInstanceOf(QueryEngineError);
    });
  });
}
