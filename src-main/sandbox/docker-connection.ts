import type { EngineInfo } from './types';
import Dockerode from 'dockerode';
import { existsSync, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { EngineUnavailableError, SandboxError, engineReason } from './errors';

/**
 * Where Planbox finds its Docker engine: the `docker.host` setting, else DOCKER_HOST, else the local
 * socket. The address is parsed here rather than left to docker-modem because docker-modem only reads
 * DOCKER_HOST (a setting would lose TLS), and with DOCKER_CERT_PATH but no DOCKER_TLS_VERIFY it sends
 * plain HTTP to a TLS port. docker-modem still merges its own reading of the environment into
 * whatever we pass, so every connection field is set explicitly (undefined included).
 */
export interface ConnectDockerOptions {
  /** The docker.host setting: unix:///path, tcp://host[:port], ssh://user@host[:port], npipe://... */
  host?: string | null;
  /** Defaults to process.env; tests pass their own. */
  env?: NodeJS.ProcessEnv;
}

export type { EngineInfo };

const addresses = new WeakMap<Dockerode, string>();

export function connectDocker(options: ConnectDockerOptions = {}): Dockerode {
  const env = options.env ?? process.env;
  const requested = options.host?.trim() || env.DOCKER_HOST?.trim() || '';
  const { address, modem } = resolveAddress(requested, env);
  let docker: Dockerode;
  try {
    docker = new Dockerode(modem);
  } catch (error) {
    // docker-modem parses process.env.DOCKER_HOST / DOCKER_CERT_PATH itself, even when overridden.
    throw new SandboxError(
      `cannot use the Docker settings in the environment (${engineReason(error)}): fix or unset DOCKER_HOST and DOCKER_CERT_PATH`,
      { cause: error },
    );
  }
  addresses.set(docker, address);
  return docker;
}

/** The address a client talks to, for messages: what connectDocker resolved, else read off the modem. */
export function engineAddress(docker: Dockerode): string {
  const known = addresses.get(docker);
  if (known) return known;
  const modem = docker.modem as { socketPath?: unknown; host?: string; port?: string | number; protocol?: string };
  if (typeof modem.socketPath === 'string') return `unix://${modem.socketPath}`;
  if (modem.host) return `${modem.protocol === 'ssh' ? 'ssh' : 'tcp'}://${modem.host}:${modem.port ?? ''}`;
  return 'the default Docker socket';
}

/** Asks the engine who it is; any failure within `timeoutMs` becomes one actionable line. */
export async function checkEngine(docker: Dockerode, timeoutMs = 5000): Promise<EngineInfo> {
  const address = engineAddress(docker);
  const abortSignal = AbortSignal.timeout(timeoutMs);
  // dockerode passes abortSignal through for these calls; its type declarations just omit the option.
  const withSignal = <T>(call: (opts: { abortSignal: AbortSignal }) => Promise<T>) => call({ abortSignal });
  try {
    const [version, info] = await Promise.all([
      withSignal(docker.version.bind(docker) as (o: object) => Promise<Dockerode.DockerVersion>),
      withSignal(docker.info.bind(docker) as (o: object) => Promise<{ Driver?: string }>),
    ]);
    return {
      version: version.Version,
      apiVersion: version.ApiVersion,
      os: version.Os,
      arch: version.Arch,
      storageDriver: info.Driver ?? 'unknown',
      host: address,
    };
  } catch (error) {
    throw new EngineUnavailableError(address, unavailableMessage(address, error, abortSignal.aborted, timeoutMs), {
      cause: error,
    });
  }
}

const WHAT_TO_DO =
  'start Docker (systemctl start docker, or Docker Desktop), or point Planbox at one with DOCKER_HOST or the docker.host setting';

function unavailableMessage(address: string, error: unknown, timedOut: boolean, timeoutMs: number): string {
  const code = (error as { code?: string }).code;
  if (timedOut) return `no Docker engine answered at ${address} within ${timeoutMs / 1000} s: ${WHAT_TO_DO}`;
  if (code === 'EACCES') {
    return `permission denied on ${address}: add your user to the docker group (then log in again), or point Planbox at another engine with DOCKER_HOST or the docker.host setting`;
  }
  if (code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EHOSTUNREACH') {
    return `no Docker engine answers at ${address}: ${WHAT_TO_DO}`;
  }
  return `no Docker engine answers at ${address} (${engineReason(error)}): ${WHAT_TO_DO}`;
}

interface ResolvedAddress {
  address: string;
  modem: Dockerode.DockerOptions & { pathPrefix?: string };
}

/** Every field docker-modem might have filled from the environment, cleared. */
const BLANK: ResolvedAddress['modem'] = {
  socketPath: undefined,
  host: undefined,
  port: undefined,
  protocol: undefined,
  username: undefined,
  ca: undefined,
  cert: undefined,
  key: undefined,
  timeout: undefined, // DOCKER_CLIENT_TIMEOUT would cut long builds and attaches; callers time their own calls
  sshOptions: undefined,
  pathPrefix: '/',
};

function resolveAddress(requested: string, env: NodeJS.ProcessEnv): ResolvedAddress {
  if (!requested) {
    const socketPath = defaultSocket();
    return {
      address: `${socketPath.startsWith('//') ? 'npipe' : 'unix'}://${socketPath}`,
      modem: { ...BLANK, socketPath },
    };
  }
  if (requested.startsWith('unix://') || requested.startsWith('npipe://')) {
    const socketPath = requested.replace(/^\w+:\/\//, '') || defaultSocket();
    return { address: requested, modem: { ...BLANK, socketPath } };
  }
  const withScheme = requested.includes('://') ? requested : `tcp://${requested}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw badAddress(requested);
  }
  if (url.protocol === 'ssh:') return sshAddress(url, env);
  if (!['tcp:', 'http:', 'https:'].includes(url.protocol) || !url.hostname) throw badAddress(requested);
  const tls = tlsFiles(env, url.protocol === 'https:' || url.port === '2376');
  const port = url.port || (tls ? '2376' : '2375');
  return {
    address: `tcp://${url.hostname}:${port}${tls ? ' (TLS)' : ''}`,
    modem: { ...BLANK, host: url.hostname.replace(/^\[|\]$/g, ''), port, protocol: tls ? 'https' : 'http', ...tls },
  };
}

/**
 * TLS when DOCKER_TLS_VERIFY or DOCKER_CERT_PATH is set (or the address asks for it), with the
 * client certificate and CA from DOCKER_CERT_PATH (default ~/.docker, as the docker CLI). The server
 * certificate is always verified: unlike `docker --tls` without --tlsverify, Planbox has no insecure mode.
 */
function tlsFiles(env: NodeJS.ProcessEnv, requested: boolean): { ca?: Buffer; cert?: Buffer; key?: Buffer } | null {
  const verify = !!env.DOCKER_TLS_VERIFY && !['0', 'false'].includes(env.DOCKER_TLS_VERIFY.toLowerCase());
  const certPath = env.DOCKER_CERT_PATH || (verify || requested ? join(homedir(), '.docker') : '');
  if (!verify && !requested && !env.DOCKER_CERT_PATH) return null;
  const read = (name: string) => {
    const file = join(certPath, name);
    return existsSync(file) ? readFileSync(file) : undefined;
  };
  const files = { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') };
  if (env.DOCKER_CERT_PATH && !files.cert && !files.ca) {
    throw new SandboxError(
      `DOCKER_CERT_PATH ${certPath} holds neither ca.pem nor cert.pem: point it at the folder with the engine's TLS files, or unset it`,
    );
  }
  return Object.fromEntries(Object.entries(files).filter(([, v]) => v !== undefined));
}

/** ssh://user@host runs `docker system dial-stdio` there (docker-modem's ssh transport, via ssh2). */
function sshAddress(url: URL, env: NodeJS.ProcessEnv): ResolvedAddress {
  const username = decodeURIComponent(url.username) || userInfo().username;
  const port = url.port || '22';
  const privateKeyFile = ['id_ed25519', 'id_ecdsa', 'id_rsa']
    .map((name) => join(homedir(), '.ssh', name))
    .find((file) => existsSync(file));
  // ssh2 does not read ~/.ssh/config like the ssh binary: use the agent, else the usual key file.
  const sshOptions = env.SSH_AUTH_SOCK
    ? { agent: env.SSH_AUTH_SOCK }
    : privateKeyFile
      ? { privateKey: readFileSync(privateKeyFile) }
      : {};
  return {
    address: `ssh://${username}@${url.hostname}:${port}`,
    modem: {
      ...BLANK,
      protocol: 'ssh',
      host: url.hostname,
      port,
      username,
      sshOptions: { ...sshOptions, readyTimeout: 10_000 },
    },
  };
}

function defaultSocket(): string {
  if (process.platform === 'win32') return '//./pipe/docker_engine';
  const desktop = join(homedir(), '.docker', 'run', 'docker.sock');
  return existsSync(desktop) ? desktop : '/var/run/docker.sock';
}

function badAddress(requested: string): SandboxError {
  return new SandboxError(
    `'${requested}' is not a Docker address Planbox understands: use unix:///path/to/docker.sock, tcp://host:port or ssh://user@host`,
  );
}
