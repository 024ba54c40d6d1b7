import { request as httpRequest } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/temp-dir';
import { createPlanbox, type Planbox } from '../../app/create-planbox';
import { startWebServer, type WebServer } from './web-server';

const examples = join(import.meta.dirname, '../../../resources/examples');

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** node:http rather than fetch, because these tests must be able to send any Host header. */
function send(
  server: WebServer,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: options.method ?? 'GET',
        headers: { host: `127.0.0.1:${server.port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('web mode server', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let planbox: Planbox;
  let server: WebServer;
  const token = 'test-token-0123456789';
  const api = (method: string, input: unknown, headers: Record<string, string> = {}) =>
    send(server, `/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-planbox-token': token, ...headers },
      body: JSON.stringify(input),
    });

  beforeEach(async () => {
    dir = makeTempDir();
    const rendererDir = join(dir.path, 'renderer');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Planbox</title>');
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir.path, 'secret.txt'), 'not for the web');
    planbox = createPlanbox({ dataDir: join(dir.path, 'data') });
    server = await startWebServer({
      planbox,
      rendererDir,
      token,
      actor: { actor: 'user', surface: 'ui', actorName: 'ada' },
    });
  });
  afterEach(async () => {
    await server.close();
    planbox.close();
    dir.cleanup();
  });

  it('prints a URL on 127.0.0.1 that carries the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${token}`);
  });

  it('answers 401 to any request without the token, and changes nothing', async () => {
    const before = planbox.audit.list({ limit: 10 }).length;
    const call = await send(server, '/api/planImport', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'name: x\nsteps: []', fileName: 'x.yaml' }),
    });
    expect(call.status).toBe(401);
    expect(JSON.parse(call.body).error.kind).toBe('unauthorized');
    expect((await send(server, '/')).status).toBe(401);
    expect((await send(server, '/assets/app.js')).status).toBe(401);
    expect((await send(server, '/api/planList', { headers: { 'x-planbox-token': 'wrong' } })).status).toBe(401);
    expect(planbox.audit.list({ limit: 10 })).toHaveLength(before);
  });

  it('refuses a foreign Origin and a foreign Host (DNS rebinding), even with the token', async () => {
    const foreignOrigin = await api('planList', {}, { origin: 'https://evil.example' });
    expect(foreignOrigin.status).toBe(403);
    expect(foreignOrigin.body).toContain('evil.example');
    const rebound = await api('planList', {}, { host: `evil.example:${server.port}` });
    expect(rebound.status).toBe(403);
    const sameOrigin = await api('planList', {}, { origin: `http://127.0.0.1:${server.port}` });
    expect(sameOrigin.status).toBe(200);
  });

  it('trades the token in the address for a strict cookie that then opens pages and the API', async () => {
    const first = await send(server, `/?token=${token}`);
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const page = await send(server, '/', { headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const list = await send(server, '/api/planList', {
      method: 'POST',
      headers: { cookie: cookie.split(';')[0]!, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(JSON.parse(list.body)).toEqual({ result: [] });
  });

  it('calls contract methods and answers errors as envelopes with fitting statuses', async () => {
    const text = readFileSync(join(examples, 'diamond.yaml'), 'utf8');
    const imported = await api('planImport', { text, fileName: 'diamond.yaml' });
    expect(imported.status).toBe(200);
    const plan = JSON.parse(imported.body).result.plan;
    expect(plan.steps.length).toBeGreaterThan(1);
    expect(planbox.audit.list({ limit: 1 })[0]).toMatchObject({ surface: 'ui', actorName: 'ada' });

    const missing = await api('planGet', { plan: 'no-such-plan' });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body).error).toMatchObject({ kind: 'not_found' });

    const badInput = await api('planList', { limit: 'ten' });
    expect(badInput.status).toBe(400);
    expect(JSON.parse(badInput.body).error.message).toMatch(/^limit: /);

    expect((await api('noSuchMethod', {})).status).toBe(404);
    expect((await api('__proto__', {})).status).toBe(404);
    const notJson = await send(server, '/api/planList', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-planbox-token': token },
      body: '{}',
    });
    expect(notJson.status).toBe(415);
    const broken = await send(server, '/api/planList', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-planbox-token': token },
      body: '{"limit":',
    });
    expect(broken.status).toBe(400);
  });

  it('serves only files inside the renderer folder', async () => {
    const headers = { 'x-planbox-token': token };
    expect((await send(server, '/assets/app.js', { headers })).status).toBe(200);
    expect((await send(server, '/../secret.txt', { headers })).status).toBe(404);
    expect((await send(server, '/%2e%2e/secret.txt', { headers })).status).toBe(404);
    expect((await send(server, '/assets', { headers })).status).toBe(404);
  });

  it('streams events, including changes made by another process on the same data folder', async () => {
    const received: string[] = [];
    let opened!: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    const done = new Promise<void>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: server.port,
          path: `/api/events?token=${token}`,
          headers: { host: `127.0.0.1:${server.port}` },
        },
        (res) => {
          expect(res.headers['content-type']).toContain('text/event-stream');
          res.on('data', (chunk: Buffer) => {
            received.push(chunk.toString());
            opened();
            if (received.join('').includes('event: plan.changed')) {
              req.destroy();
              resolve();
            }
          });
        },
      );
      req.on('error', (e) => (received.join('').includes('plan.changed') ? resolve() : reject(e)));
      req.end();
    });
    // The change comes after the stream opened, so the event cannot be missed.
    await open;
    const other = createPlanbox({ dataDir: planbox.dataDir });
    const text = readFileSync(join(examples, 'diamond.yaml'), 'utf8');
    await other.plans.import({ text, fileName: 'diamond.yaml' }, { actor: 'agent', surface: 'mcp' });
    other.close();
    planbox.pollChanges();
    await done;
    expect(received.join('')).toMatch(/event: plan\.changed\ndata: \{"planId":"[^"]+","reason":"plan\.created"\}/);
  });
});
