import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { errorResponse } from '../api/error-response';
import { ArmError } from '../api/errors';

/** Where `npm run build` puts the portal (portal/build.mjs): dist/portal beside this file's dist/src/functions. */
export const PORTAL_ROOT = path.resolve(__dirname, '..', '..', 'portal');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

/** Each segment a plain file or folder name: no `..`, no hidden files, nothing outside the portal's folder. */
const SAFE_PATH = /^[\w-][\w.-]*(\/[\w-][\w.-]*)*$/;
const IMPORT_MAP = /<script type="importmap">([\s\S]*?)<\/script>/;

/**
 * The page's one inline script is its import map (browsers take no external one); the policy allows exactly that
 * script by its hash, so everything else the page runs comes from the app's own origin.
 */
export function contentSecurityPolicy(html: string): string {
  const importMap = IMPORT_MAP.exec(html)?.[1] ?? '';
  const hash = createHash('sha256').update(importMap).digest('base64');
  return [
    "default-src 'self'",
    `script-src 'self' 'sha256-${hash}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Serves the portal's files from `root`; any path without a file extension is the page (its views are in the hash). */
export function createPortalHandler(root: string): (request: HttpRequest) => Promise<HttpResponseInit> {
  const files = new Map<string, Promise<string>>();
  const read = (file: string): Promise<string> => {
    let text = files.get(file);
    if (!text) {
      text = readFile(path.join(root, file), 'utf8');
      files.set(file, text);
      text.catch(() => files.delete(file));
    }
    return text;
  };
  return async (request) => {
    const { pathname } = new URL(request.url);
    // The page's relative URLs (./js, ./vendor) resolve against /portal/, never /.
    if (/\/portal$/i.test(pathname)) return { status: 308, headers: { location: `${pathname}/` } };
    const asked = request.params.path ?? '';
    const file = path.extname(asked) === '' ? 'index.html' : asked;
    const type = CONTENT_TYPES[path.extname(file)];
    if (!SAFE_PATH.test(file) || type === undefined) return notFound(pathname);
    let body: string;
    try {
      body = await read(file);
    } catch {
      return notFound(pathname);
    }
    const headers: Record<string, string> = {
      'content-type': type,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    };
    if (file === 'index.html') headers['content-security-policy'] = contentSecurityPolicy(body);
    return { status: 200, body: request.method === 'HEAD' ? '' : body, headers };
  };
}

function notFound(pathname: string): HttpResponseInit {
  return errorResponse(new ArmError('NotFound', `The portal has no file at '${pathname}'.`));
}

export const getPortalFile = createPortalHandler(PORTAL_ROOT);

/** The page and its assets: no role needed to load them; every API call the page makes is checked as any other. */
app.http('portal', {
  route: 'portal/{*path}',
  methods: ['GET', 'HEAD'],
  authLevel: 'anonymous',
  handler: getPortalFile,
});
