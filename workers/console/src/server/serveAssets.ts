import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { MiddlewareHandler } from 'hono';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

interface Asset {
  readonly body: Buffer;
  readonly type: string;
  /** Built file names carry their content's hash, so they can be kept for good. */
  readonly immutable: boolean;
}

/**
 * The built page, read once at start: only the files the build wrote are ever served, so no path
 * in a request can reach another file. Any other GET is the page itself, which reads its state
 * from the URL (a permalink).
 */
export function serveAssets(dir: string): MiddlewareHandler {
  const assets = new Map<string, Asset>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const key = `/${relative(dir, path).split(sep).join('/')}`;
    assets.set(key, {
      body: readFileSync(path),
      type: TYPES[extname(path)] ?? 'application/octet-stream',
      immutable: key.startsWith('/assets/'),
    });
  }
  const index = assets.get('/index.html');
  if (index === undefined) throw new Error(`the console page is not built: no index.html in ${dir}`);
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const path = c.req.path;
    const asset =
      assets.get(path) ?? (path.startsWith('/assets/') || path.startsWith('/api/') ? undefined : index);
    if (asset === undefined) return c.text('not found', 404);
    c.header('Content-Type', asset.type);
    c.header('Cache-Control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-store');
    return c.body(new Uint8Array(asset.body));
  };
}
