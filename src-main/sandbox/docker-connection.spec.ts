import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { makeTempDir } from '../testing/temp-dir';
import { checkEngine, connectDocker, engineAddress } from './docker-connection';
import { EngineUnavailableError, SandboxError } from './errors';

/** A port on 127.0.0.1 nothing listens on: bound once by the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function listen(server: Server | HttpsServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('connectDocker and checkEngine', () => {
  it('reaches the local engine through the default socket', async () => {
    const docker = connectDocker({ env: {} });
    const engine = await checkEngine(docker);
    expect(engine.version).toMatch(/^\d+\.\d+/);
    expect(engine.apiVersion).toMatch(/^1\.\d+$/);
    expect(engine.os).toBe('linux');
    expect(engine.storageDriver).not.toBe('');
    expect(engine.host).toBe('unix:///var/run/docker.sock');
  });

  it('names a missing unix socket and says what to do', async () => {
    const docker = connectDocker({ host: 'unix:///nonexistent/planbox/docker.sock', env: {} });
    const error = await checkEngine(docker).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineUnavailableError);
    expect((error as Error).message).toBe(
      'no Docker engine answers at unix:///nonexistent/planbox/docker.sock: start Docker (systemctl start docker, or Docker Desktop), or point Planbox at one with DOCKER_HOST or the docker.host setting',
    );
  });

  it('names a closed tcp port; DOCKER_HOST is used when there is no setting', async () => {
    const port = await closedPort();
    const docker = connectDocker({ env: { DOCKER_HOST: `tcp://127.0.0.1:${port}` } });
    const error = await checkEngine(docker).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineUnavailableError);
    expect((error as Error).message).toContain(`no Docker engine answers at tcp://127.0.0.1:${port}: start Docker`);
  });

  it('prefers the docker.host setting over DOCKER_HOST', async () => {
    const port = await closedPort();
    const docker = connectDocker({
      host: 'unix:///var/run/docker.sock',
      env: { DOCKER_HOST: `tcp://127.0.0.1:${port}` },
    });
    expect(engineAddress(docker)).toBe('unix:///var/run/docker.sock');
    await expect(checkEngine(docker)).resolves.toMatchObject({ host: 'unix:///var/run/docker.sock' });
  });

  it('is not overridden by docker-modem reading DOCKER_HOST from the process environment itself', async () => {
    const port = await closedPort();
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = `tcp://127.0.0.1:${port}`;
    try {
      const docker = connectDocker({ host: 'unix:///var/run/docker.sock' });
      await expect(checkEngine(docker)).resolves.toMatchObject({ host: 'unix:///var/run/docker.sock' });
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });

  it('gives up after the timeout when something listens but never answers', async () => {
    const silent = createTcpServer(() => {});
    const port = await listen(silent);
    try {
      const docker = connectDocker({ host: `tcp://127.0.0.1:${port}`, env: {} });
      const error = await checkEngine(docker, 300).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EngineUnavailableError);
      expect((error as Error).message).toContain(`no Docker engine answered at tcp://127.0.0.1:${port} within 0.3 s`);
    } finally {
      silent.close();
    }
  });

  it('reports an ssh address it cannot reach as the same kind of error', async () => {
    const port = await closedPort();
    const docker = connectDocker({ host: `ssh://planbox@127.0.0.1:${port}`, env: {} });
    const error = await checkEngine(docker).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineUnavailableError);
    expect((error as Error).message).toContain(`at ssh://planbox@127.0.0.1:${port}`);
  });

  it('refuses an address it does not understand', () => {
    expect(() => connectDocker({ host: 'ftp://example.org', env: {} })).toThrow(SandboxError);
    expect(() => connectDocker({ host: 'ftp://example.org', env: {} })).toThrow(/use unix:\/\/\/path/);
  });

  describe('over TLS with DOCKER_CERT_PATH', () => {
    // A real TLS endpoint: an https server demanding a client certificate, forwarding to the local
    // engine's socket. Certificates are made with openssl for 127.0.0.1.
    let certs: ReturnType<typeof makeTempDir>;
    let server: HttpsServer;
    let port: number;

    beforeAll(async () => {
      certs = makeTempDir('planbox-tls-');
      const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: certs.path, stdio: 'pipe' });
      ssl(
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'ca-key.pem',
        '-out',
        'ca.pem',
        '-days',
        '1',
        '-subj',
        '/CN=planbox-test-ca',
      );
      writeFileSync(join(certs.path, 'san.cnf'), 'subjectAltName=IP:127.0.0.1\n');
      ssl(
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'server-key.pem',
        '-out',
        'server.csr',
        '-subj',
        '/CN=127.0.0.1',
      );
      ssl(
        'x509',
        '-req',
        '-in',
        'server.csr',
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca-key.pem',
        '-CAcreateserial',
        '-out',
        'server-cert.pem',
        '-days',
        '1',
        '-extfile',
        'san.cnf',
      );
      ssl(
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'key.pem',
        '-out',
        'client.csr',
        '-subj',
        '/CN=planbox-client',
      );
      ssl(
        'x509',
        '-req',
        '-in',
        'client.csr',
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca-key.pem',
        '-CAcreateserial',
        '-out',
        'cert.pem',
        '-days',
        '1',
      );
      const file = (name: string) => readFileSync(join(certs.path, name));
      server = createHttpsServer(
        {
          key: file('server-key.pem'),
          cert: file('server-cert.pem'),
          ca: file('ca.pem'),
          requestCert: true,
          rejectUnauthorized: true,
        },
        (req, res) => {
          const upstream = httpRequest(
            { socketPath: '/var/run/docker.sock', path: req.url, method: req.method, headers: req.headers },
            (answer) => {
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              answer.pipe(res);
            },
          );
          req.pipe(upstream);
        },
      );
      port = await listen(server);
    });

    afterAll(() => {
      server?.close();
      certs?.cleanup();
    });

    it('connects to a tcp setting with the certificates, without DOCKER_TLS_VERIFY', async () => {
      const docker = connectDocker({ host: `tcp://127.0.0.1:${port}`, env: { DOCKER_CERT_PATH: certs.path } });
      const engine = await checkEngine(docker);
      expect(engine.host).toBe(`tcp://127.0.0.1:${port} (TLS)`);
      expect(engine.version).toMatch(/^\d+\.\d+/);
    });

    it('connects through DOCKER_HOST with DOCKER_TLS_VERIFY', async () => {
      const env = { DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_CERT_PATH: certs.path, DOCKER_TLS_VERIFY: '1' };
      await expect(checkEngine(connectDocker({ env }))).resolves.toMatchObject({ os: 'linux' });
    });

    it('fails as unavailable without the client certificate', async () => {
      const docker = connectDocker({ host: `tcp://127.0.0.1:${port}`, env: {} });
      await expect(checkEngine(docker)).rejects.toBeInstanceOf(EngineUnavailableError);
    });
  });
});
