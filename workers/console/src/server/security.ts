import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

/** The header every API call of the page carries; a cross-site form or image cannot send it. */
export const API_HEADER = 'x-rireki-console';
/** The cookie that holds the access token once a person has opened the start URL. */
export const TOKEN_COOKIE = 'rireki_console';

/**
 * What the page may load and run: only its own built files. Inline script and style are refused,
 * so a value from the lake that ever reached the DOM as markup could still run nothing.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Security headers on every response. */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Cache-Control', c.res.headers.get('Cache-Control') ?? 'no-store');
  };
}

/**
 * Refuses a request whose Host is not one the console is served as. A page of another site that
 * points its own name at 127.0.0.1 (DNS rebinding) sends its own name as Host. Null: any Host,
 * for a console bound beyond loopback, whose names are not known here and which needs its token.
 */
export function hostCheck(allowed: () => ReadonlySet<string> | null): MiddlewareHandler {
  return async (c, next) => {
    const host = (c.req.header('host') ?? '').toLowerCase();
    const allowedHosts = allowed();
    if (allowedHosts !== null && !allowedHosts.has(host)) {
      return c.text(`unknown host "${host}": the console answers as ${[...allowedHosts].join(', ')}`, 421);
    }
    await next();
  };
}

/**
 * Refuses cross-site API calls (CSRF): the API header is required, which a cross-site request can
 * only send after a CORS preflight the console never grants, and where the browser says where a
 * request comes from (Sec-Fetch-Site, Origin), it must be this console.
 */
export function sameOriginApi(): MiddlewareHandler {
  return async (c, next) => {
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    const host = c.req.header('host') ?? '';
    if (c.req.header(API_HEADER) !== '1') return refuse(c, 'the API is called only by the console page');
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      return refuse(c, `cross-site request (Sec-Fetch-Site: ${site})`);
    }
    if (origin !== undefined && origin !== `http://${host}` && origin !== `https://${host}`) {
      return refuse(c, `cross-origin request (Origin: ${origin})`);
    }
    await next();
  };
}

/**
 * When the console is reachable beyond this machine, every request needs the token: given once in
 * the start URL (`/?token=…`), then kept in an HttpOnly, SameSite=Strict cookie the page's
 * scripts cannot read.
 */
export function tokenCheck(token: string | null): MiddlewareHandler {
  return async (c, next) => {
    if (token === null) return next();
    const given = c.req.query('token');
    if (given !== undefined && sameSecret(given, token)) {
      setCookie(c, TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/' });
      const url = new URL(c.req.url);
      url.searchParams.delete('token');
      return c.redirect(`${url.pathname}${url.search}`, 303);
    }
    const cookie = getCookie(c, TOKEN_COOKIE);
    if (cookie === undefined || !sameSecret(cookie, token)) {
      return c.json(
        {
          error: {
            code: 'UNAUTHORIZED',
            message: 'this console needs its access token: open the URL it printed at start (…/?token=…)',
          },
        },
        401,
      );
    }
    await next();
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuse(c: Parameters<MiddlewareHandler>[0], reason: string) {
  return c.json({ error: { code: 'FORBIDDEN', message: reason } }, 403);
}
