import { describe, expect, it } from 'vitest';
import { recordCounter } from './recordCounter.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('recordCounter', () => {
  it('counts a CSV record once when a quoted value holds newlines and doubled quotes, across chunks', () => {
    const counter = recordCounter('csv');
    counter.add(bytes('app,path\nshop,"/a\n'));
    counter.add(bytes('b ""x""\n"\nshop,/c\n'));

    expect(counter.add(new Uint8Array())).toBe(3);
  });

  it('counts every NDJSON line, whose quotes say nothing of newlines', () => {
    const counter = recordCounter('ndjson');

    expect(counter.add(bytes('{"path":"a\\"\\n"}\n{"path":"\\""}\n'))).toBe(2);
  });
});
