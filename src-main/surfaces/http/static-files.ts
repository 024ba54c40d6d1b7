import { createReadStream, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { contentSecurityPolicy } from '../../security/content-security-policy';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** The built renderer, served as files; anything outside its folder does not exist. */
export function serveStatic(rendererDir: string, pathname: string, response: ServerResponse): void {
  const root = resolve(rendererDir);
  const wanted = pathname === '/' ? '/index.html' : decodeURIComponent(pathname);
  const file = resolve(join(root, wanted));
  const size = file.startsWith(root + sep) ? fileSize(file) : undefined;
  if (size === undefined) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not found: ${pathname}\n`);
    return;
  }
  const isPage = extname(file) === '.html';
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': size,
    // Bundled assets carry a content hash in their names; the page itself must always be fresh.
    'cache-control': isPage ? 'no-cache' : 'public, max-age=31536000, immutable',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    ...(isPage ? { 'content-security-policy': contentSecurityPolicy(), 'x-frame-options': 'DENY' } : {}),
  });
  createReadStream(file).pipe(response);
}

function fileSize(file: string): number | undefined {
  try {
    const stat = statSync(file);
    return stat.isFile() ? stat.size : undefined;
  } catch {
    return undefined;
  }
}
