import { HttpRequest } from '@azure/functions';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, createPortalHandler } from '../../../src/functions/portal.http';

// The sources hold the page and its styles; the build adds the scripts beside them in dist/portal.
const SOURCE = path.resolve(__dirname, '..', '..', '..', 'portal');
const serve = createPortalHandler(SOURCE);
const get = (pathname: string, file?: string) =>
  serve(
    new HttpRequest({
      url: `http://127.0.0.1:7071${pathname}`,
      method: 'GET',
      params: file === undefined ? {} : { path: file },
    }),
  );

describe('the portal function', () => {
  it('serves the page for any view path, allowing only its own import map as inline script', async () => {
    const page = await get('/portal/', '');
    expect(page.status).toBe(200);
    const headers = page.headers as Record<string, string>;
    expect(headers['content-type']).toBe('text/html; charset=utf-8');
    const html = readFileSync(path.join(SOURCE, 'index.html'), 'utf8');
    const importMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(importMap).digest('base64');
    expect(headers['content-security-policy']).toContain(`script-src 'self' 'sha256-${hash}'`);
    expect(contentSecurityPolicy(html)).toContain("connect-src 'self'");
    expect((await get('/portal/runs', 'runs')).body).toBe(html);
  });

  it('serves its assets with their content type', async () => {
    const css = await get('/portal/portal.css', 'portal.css');
    expect(css.status).toBe(200);
    expect((css.headers as Record<string, string>)['content-type']).toBe('text/css; charset=utf-8');
  });

  it('redirects /portal to /portal/ so the page can use relative URLs', async () => {
    const response = await get('/portal');
    expect(response.status).toBe(308);
    expect((response.headers as Record<string, string>).location).toBe('/portal/');
  });

  it('refuses paths that leave its folder, hidden files and unknown types, with ARM 404 bodies', async () => {
    for (const file of ['../package.json', 'js/../../x.js', '.env.js', 'tsconfig.json', 'missing.js']) {
      const response = await get(`/portal/${file}`, file);
      expect(response.status, file).toBe(404);
      expect(response.jsonBody).toMatchObject({ error: { code: 'NotFound' } });
    }
  });
});
