import type { PathRule } from './types';
import { baseName, leavesWorkspace, pathSegments } from './workspace-path';

/**
 * Rules over the paths a step touches (its own `path` and its declared effects). Names are
 * matched wherever they sit in the tree, so a monorepo's `packages/api/.env` counts like `.env`.
 */

// Templates of .env files are committed on purpose and hold no secrets.
const ENV_FILE = /^\.env(?:\..+)?$/;
const ENV_TEMPLATE = /^\.env\.(?:example|sample|template|dist|defaults)$/;

// Private keys, keystores and registry credentials. A `.pub` key is public and left out.
const CREDENTIAL_FILE =
  /^(?:.+\.(?:pem|key|p12|pfx|jks|keystore)|id_(?:rsa|dsa|ecdsa|ed25519)(?!.*\.pub$).*|\.npmrc|\.pypirc|\.netrc|\.git-credentials|credentials.*\.json)$/;
const CREDENTIAL_DIRS = /(?:^|\/)(?:\.ssh|\.aws|\.gnupg)\//;

const CI_FILE = /^(?:\.gitlab-ci\.ya?ml|Jenkinsfile|azure-pipelines\.ya?ml|bitbucket-pipelines\.yml|\.travis\.yml)$/;
const CI_DIR = /(?:^|\/)(?:\.github\/workflows|\.circleci|\.buildkite)\//;

const MANIFEST_FILE =
  /^(?:package(?:-lock)?\.json|npm-shrinkwrap\.json|pnpm-(?:lock|workspace)\.yaml|yarn\.lock|bun\.lockb?|requirements.*\.txt|pyproject\.toml|poetry\.lock|Pipfile(?:\.lock)?|uv\.lock|setup\.(?:py|cfg)|Cargo\.(?:toml|lock)|go\.(?:mod|sum)|Gemfile(?:\.lock)?|composer\.(?:json|lock))$/;

// Dockerfile.dev counts; Dockerfile.md is documentation about one.
const CONTAINER_FILE =
  /^(?:Dockerfile(?:\.(?!md$|txt$)[\w.-]+)?|.+\.Dockerfile|(?:docker-)?compose(?:[.-].+)?\.ya?ml|Containerfile)$/;

export const PATH_RULES: readonly PathRule[] = [
  {
    id: 'path.outside-workspace',
    level: 'CRITICAL',
    message: 'reaches outside the workspace (a .. segment or an absolute path)',
    test: leavesWorkspace,
  },
  {
    id: 'path.git-internals',
    level: 'CRITICAL',
    message: "edits git's own data in .git/, which can corrupt the repository's history",
    test: (path) => pathSegments(path).includes('.git'),
  },
  {
    id: 'path.credentials',
    level: 'CRITICAL',
    message: 'touches private keys or credentials',
    test: (path) => CREDENTIAL_FILE.test(baseName(path)) || CREDENTIAL_DIRS.test(path),
  },
  {
    id: 'path.env-file',
    level: 'HIGH',
    message: 'touches a .env file, which usually holds secrets',
    test: (path) => ENV_FILE.test(baseName(path)) && !ENV_TEMPLATE.test(baseName(path)),
  },
  {
    id: 'path.ci-config',
    level: 'HIGH',
    message: 'changes CI configuration, which runs with the repository’s secrets on every push',
    test: (path) => CI_FILE.test(baseName(path)) || CI_DIR.test(path),
  },
  {
    id: 'path.dependency-manifest',
    level: 'MEDIUM',
    message: 'changes dependency manifests or lockfiles, which decide what third-party code is installed',
    test: (path) => MANIFEST_FILE.test(baseName(path)),
  },
  {
    id: 'path.container-config',
    level: 'MEDIUM',
    message: 'changes container build or compose files',
    test: (path) => CONTAINER_FILE.test(baseName(path)),
  },
];

/** Declared deletions are at least HIGH whatever the path, even on a step whose kind is not delete_file. */
export const DELETE_PATH_RULE: PathRule = {
  id: 'path.delete',
  level: 'HIGH',
  message: 'deletes files',
  test: () => true,
};
