import { describe, expect, it } from 'vitest';
import { MessageLedger } from './MessageLedger.js';

const ids = (messages: ReadonlyArray<{ messageId: string }>) =>
  messages.map((message) => message.messageId).sort();

describe('MessageLedger', () => {
  it('hands a message out only once all of its rows are settled, with its receipt handle', () => {
    // Prepare
    const ledger = new MessageLedger();
    const m1 = ledger.track('m1', 'rh-1', 3, 60_000);

    // Act
    const afterTwo = ledger.settle(new Map([[m1, 2]]));
    const afterThree = ledger.settle(new Map([[m1, 1]]));

    // Assess
    expect(afterTwo).toEqual([]);
    expect(afterThree).toEqual([
      {
        messageId: 'm1',
        deliveryKey: m1,
        receiptHandle: 'rh-1',
        pendingRows: 0,
        visibleUntilMs: 60_000,
        lapsed: false,
      },
    ]);
    expect(ledger.size).toBe(0);
  });

  it('settles many messages from one file, handing out only the finished ones', () => {
    // Prepare
    const ledger = new MessageLedger();
    const m1 = ledger.track('m1', 'rh-1', 1, 60_000);
    const m2 = ledger.track('m2', 'rh-2', 2, 60_000);
    const m3 = ledger.track('m3', 'rh-3', 1, 60_000);

    // Act
    const done = ledger.settle(
      new Map([
        [m1, 1],
        [m2, 1],
        [m3, 1],
      ]),
    );

    // Assess
    expect(ids(done)).toEqual(['m1', 'm3']);
    expect(ids(ledger.all())).toEqual(['m2']);
  });

  it('ignores settlements for deliveries it does not track', () => {
    // Prepare
    const ledger = new MessageLedger();
    ledger.track('m1', 'rh-1', 1, 60_000);

    // Act
    const done = ledger.settle(new Map([['unknown#1', 5]]));

    // Assess
    expect(done).toEqual([]);
    expect(ids(ledger.all())).toEqual(['m1']);
  });

  it('keeps the delivery of a message received again while tracked, renewing its receipt handle', () => {
    // Prepare
    const ledger = new MessageLedger();
    const first = ledger.track('m1', 'rh-old', 2, 30_000);

    // Act
    const second = ledger.track('m1', 'rh-new', 2, 90_000);
    const afterFirstCopy = ledger.settle(new Map([[first, 2]]));
    const afterSecondCopy = ledger.settle(new Map([[second, 2]]));

    // Assess
    expect(second).toBe(first);
    expect(afterFirstCopy).toEqual([]);
    expect(afterSecondCopy).toEqual([
      {
        messageId: 'm1',
        deliveryKey: first,
        receiptHandle: 'rh-new',
        pendingRows: 0,
        visibleUntilMs: 90_000,
        lapsed: false,
      },
    ]);
  });

  it('gives a message received again after it was abandoned a new delivery that old rows cannot settle', () => {
    // Prepare: the first delivery is given up while one of its rows is still buffered elsewhere.
    const ledger = new MessageLedger();
    const first = ledger.track('m1', 'rh-1', 2, 60_000);
    ledger.abandon([first]);

    // Act
    const second = ledger.track('m1', 'rh-2', 2, 120_000);
    const byLeftover = ledger.settle(new Map([[first, 1]]));
    const byNewRows = ledger.settle(new Map([[second, 2]]));

    // Assess
    expect(second).not.toBe(first);
    expect(byLeftover).toEqual([]);
    expect(ids(byNewRows)).toEqual(['m1']);
  });

  it('takes only the deliveries with nothing pending as settled', () => {
    // Prepare
    const ledger = new MessageLedger();
    const quarantinedOnly = ledger.track('all-quarantined', 'rh-1', 0, 60_000);
    const withRows = ledger.track('has-rows', 'rh-2', 1, 60_000);

    // Act
    const done = ledger.takeSettled([quarantinedOnly, withRows, 'unknown#9']);

    // Assess
    expect(ids(done)).toEqual(['all-quarantined']);
    expect(ids(ledger.all())).toEqual(['has-rows']);
  });

  it('forgets abandoned deliveries, so that their later settlement hands nothing out', () => {
    // Prepare
    const ledger = new MessageLedger();
    const m1 = ledger.track('m1', 'rh-1', 2, 60_000);
    ledger.track('m2', 'rh-2', 1, 60_000);

    // Act
    const dropped = ledger.abandon([m1, 'unknown#9']);
    const settledLater = ledger.settle(new Map([[m1, 2]]));

    // Assess
    expect(ids(dropped)).toEqual(['m1']);
    expect(settledLater).toEqual([]);
    expect(ids(ledger.all())).toEqual(['m2']);
    expect(ledger.size).toBe(1);
  });

  it('lists the messages whose visibility ends within the window, the boundary included', () => {
    // Prepare
    const ledger = new MessageLedger();
    ledger.track('past', 'rh-0', 1, 4_000);
    ledger.track('soon', 'rh-1', 1, 10_000);
    ledger.track('boundary', 'rh-2', 1, 20_000);
    ledger.track('later', 'rh-3', 1, 20_001);

    // Act
    const expiring = ledger.expiringWithin(5_000, 15_000);

    // Assess
    expect(ids(expiring)).toEqual(['boundary', 'past', 'soon']);
  });

  it('sees a renewed visibility after a redelivery', () => {
    // Prepare
    const ledger = new MessageLedger();
    ledger.track('m1', 'rh-1', 1, 10_000);

    // Act
    ledger.track('m1', 'rh-2', 1, 70_000);

    // Assess
    expect(ledger.expiringWithin(5_000, 15_000)).toEqual([]);
  });

  it('marks messages whose visibility ended as lapsed once, and stops offering them for extension', () => {
    // Prepare: the worker stalled until 25 s; m1 and m2 ran out at 10 s and 20 s, m3 runs until 40 s.
    const ledger = new MessageLedger();
    ledger.track('m1', 'rh-1', 1, 10_000);
    ledger.track('m2', 'rh-2', 1, 20_000);
    ledger.track('m3', 'rh-3', 1, 40_000);

    // Act
    const lapsed = ledger.takeLapsed(25_000);
    const again = ledger.takeLapsed(26_000);
    const expiring = ledger.expiringWithin(26_000, 15_000);

    // Assess
    expect(ids(lapsed)).toEqual(['m1', 'm2']);
    expect(again).toEqual([]);
    expect(ids(expiring)).toEqual(['m3']);
  });

  it('checks settled messages it no longer tracks for a lapse when they are passed in', () => {
    // Prepare
    const ledger = new MessageLedger();
    const m1 = ledger.track('m1', 'rh-1', 1, 10_000);
    const settled = ledger.settle(new Map([[m1, 1]]));

    // Act
    const lapsed = ledger.takeLapsed(12_000, settled);

    // Assess
    expect(ids(lapsed)).toEqual(['m1']);
    expect(ledger.takeLapsed(13_000, settled)).toEqual([]);
  });

  it('takes a lapsed message back as its own when this worker receives it again', () => {
    // Prepare
    const ledger = new MessageLedger();
    ledger.track('m1', 'rh-1', 1, 10_000);
    ledger.takeLapsed(11_000);

    // Act
    ledger.track('m1', 'rh-2', 1, 41_000);

    // Assess: its new handle is fresh, so it is extended again when due.
    expect(ledger.all()).toEqual([expect.objectContaining({ receiptHandle: 'rh-2', lapsed: false })]);
    expect(ids(ledger.expiringWithin(30_000, 15_000))).toEqual(['m1']);
  });
});
