import { TZDate } from '@date-fns/tz';

/** Zones offered first in the picker; any IANA zone the browser knows can be typed. */
export const COMMON_ZONES = [
  'UTC',
  'Asia/Tokyo',
  'Asia/Seoul',
  'Asia/Kolkata',
  'Europe/London',
  'Europe/Paris',
  'America/New_York',
  'America/Los_Angeles',
];

/** The browser's own zone, UTC when it does not say. */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function isZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * The instant of a wall-clock time in a zone, as RFC 3339 UTC: `2026-11-24` is midnight there,
 * `2026-11-24 14:30` that minute there. Null when the text is neither.
 */
export function instantOf(text: string, zone: string): string | null {
  const match = LOCAL.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = match;
  const date = new TZDate(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), zone);
  if (Number.isNaN(date.getTime()) || date.getDate() !== Number(d)) return null;
  return new Date(date.getTime()).toISOString();
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** An instant as `2026-11-24 14:30:05.123` on the zone's clock. */
export function formatInZone(iso: string, zone: string): string {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('sv-SE', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      fractionalSecondDigits: 3,
      hourCycle: 'h23',
    });
    formatters.set(zone, format);
  }
  return format.format(new Date(iso)).replace(',', '.');
}

/** The wall-clock minute of an instant in a zone, as the range inputs take it (`2026-11-24 14:30`). */
export function wallClockOf(iso: string, zone: string): string {
  return formatInZone(iso, zone).slice(0, 16);
}
