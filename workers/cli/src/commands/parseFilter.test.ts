import { describe, expect, it } from 'vitest';
import { parseFilter } from './parseFilter.js';

describe('parseFilter', () => {
  it.each([
    ['userId=42', ['userId', '42']],
    ['status=500', ['status', 500]],
    ['status=404|500', ['status', [404, 500]]],
    ['method=PUT|DELETE', ['method', ['PUT', 'DELETE']]],
    ['durationMs>=250', ['durationMs', { gte: 250 }]],
    ['durationMs>250', ['durationMs', { gt: 250 }]],
    ['status<400', ['status', { lt: 400 }]],
    ['status<=399', ['status', { lte: 399 }]],
    ['path^=/orders', ['path', { prefix: '/orders' }]],
    ['userAgent*=Firefox', ['userAgent', { contains: 'Firefox' }]],
    ['attributes.orderId=ORD-1', ['attributes.orderId', 'ORD-1']],
    ['path=/a=b', ['path', '/a=b']],
    ['status!=200', ['status', { not: 200 }]],
    ['status!=200|304', ['status', { not: [200, 304] }]],
    ['method!=GET', ['method', { not: 'GET' }]],
    ['path=/a!=b', ['path', '/a!=b']],
  ])('%s', (argument, expected) => {
    expect(parseFilter(argument)).toEqual(expected);
  });

  it.each([
    ['userId', /expected field=value/],
    ['status=ok', /status takes numbers/],
    ['status!=200|ok', /status takes numbers/],
    ['durationMs>=soon', />= takes a number/],
  ])('refuses %s', (argument, message) => {
    expect(() => parseFilter(argument)).toThrow(message);
  });
});
