import { CatalogError, type PartitionRef, partitionKey } from '@rireki/contracts';
import type { PartitionCatalog } from '@rireki/ports';
import { describe, expect, it } from 'vitest';
import { CachedPartitionCatalog } from './CachedPartitionCatalog.js';

/** A catalog that records each call, can fail the next N registrations, and can hold them until released. */
class RecordingCatalog implements PartitionCatalog {
  readonly registered: string[] = [];
  readonly registrations = new Set<string>();
  listCalls = 0;
  failNext = 0;
  #held: Array<() => void> = [];
  #holding = false;

  hold(): void {
    this.#holding = true;
  }

  release(): void {
    this.#holding = false;
    for (const resume of this.#held.splice(0)) resume();
  }

  async remove(partition: PartitionRef): Promise<void> {
    this.registrations.delete(partitionKey(partition));
  }

  async register(partition: PartitionRef): Promise<void> {
    this.registered.push(partitionKey(partition));
    if (this.#holding) await new Promise<void>((resume) => this.#held.push(resume));
    if (this.failNext > 0) {
      this.failNext--;
      throw new CatalogError(`injected failure for ${partitionKey(partition)}`);
    }
    this.registrations.add(partitionKey(partition));
  }

  async list(): Promise<PartitionRef[]> {
    this.listCalls++;
    return [...this.registrations].sort().map((key) => {
      const [app, dt] = key.split('/').map((part) => part.slice(part.indexOf('=') + 1));
      return { app: app ?? '', dt: dt ?? '' };
    });
  }
}

const shop: PartitionRef = { app: 'shop', dt: '2026-11-24' };
const blog: PartitionRef = { app: 'blog', dt: '2026-11-24' };

describe('CachedPartitionCatalog', () => {
  it('asks the inner catalog once per partition, however often it is told', async () => {
    // Prepare
    const inner = new RecordingCatalog();
    const cached = new CachedPartitionCatalog(inner);

    // Act
    for (const partition of [shop, blog, shop, { ...shop }, blog, shop]) await cached.register(partition);

    // Assess
    expect(inner.registered).toEqual([partitionKey(shop), partitionKey(blog)]);
  });

  it('shares one inner call among concurrent registrations of a new partition', async () => {
    // Prepare
    const inner = new RecordingCatalog();
    const cached = new CachedPartitionCatalog(inner);
    inner.hold();

    // Act
    const calls = Array.from({ length: 5 }, () => cached.register(shop));
    inner.release();
    await Promise.all(calls);

    // Assess
    expect(inner.registered).toEqual([partitionKey(shop)]);
  });

  it('fails every caller sharing a failed call, then tries again on the next call', async () => {
    // Prepare
    const inner = new RecordingCatalog();
    const cached = new CachedPartitionCatalog(inner);
    inner.failNext = 1;
    inner.hold();

    // Act
    const shared = Array.from({ length: 3 }, () => cached.register(shop));
    inner.release();
    const outcomes = await Promise.allSettled(shared);
    await cached.register(shop);
    await cached.register(shop);

    // Assess
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(outcomes[0]).toMatchObject({ reason: expect.any(CatalogError) });
    expect(inner.registered).toEqual([partitionKey(shop), partitionKey(shop)]);
    expect(inner.registrations).toEqual(new Set([partitionKey(shop)]));
  });

  it('does not let a failure of one partition affect another', async () => {
    // Prepare
    const inner = new RecordingCatalog();
    const cached = new CachedPartitionCatalog(inner);
    await cached.register(blog);
    inner.failNext = 1;

    // Act
    const failed = cached.register(shop).then(
      () => 'registered',
      () => 'failed',
    );

    // Assess
    expect(await failed).toBe('failed');
    await cached.register(blog);
    expect(inner.registered).toEqual([partitionKey(blog), partitionKey(shop)]);
  });

  it('lists through the inner catalog every time', async () => {
    // Prepare
    const inner = new RecordingCatalog();
    const cached = new CachedPartitionCatalog(inner);
    await cached.register(shop);

    // Act
    const first = await cached.list();
    const second = await cached.list();

    // Assess
    expect(first).toEqual([shop]);
    expect(second).toEqual([shop]);
    expect(inner.listCalls).toBe(2);
  });

  it('forgets a removed partition, so that registering it again reaches the catalog', async () => {
    const inner = new RecordingCatalog();
    const cached = new CachedPartitionCatalog(inner);
    await cached.register({ app: 'shop', dt: '2026-11-24' });

    await cached.remove({ app: 'shop', dt: '2026-11-24' });
    await cached.register({ app: 'shop', dt: '2026-11-24' });

    expect(inner.registered).toEqual(['app=shop/dt=2026-11-24', 'app=shop/dt=2026-11-24']);
  });
});
