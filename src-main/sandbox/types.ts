/**
 * The sandbox's vocabulary. Everything that talks to Docker lives in src-main/sandbox/; the engine
 * sees only these types and the Sandbox class.
 */

/** Labels on every container and image Planbox makes, so it can find (and clean up) its own. */
export const LABELS = {
  managed: 'planbox.managed',
  plan: 'planbox.plan',
  step: 'planbox.step',
  attempt: 'planbox.attempt',
  kind: 'planbox.kind', // 'base' | 'step' | 'flattened' for images; 'step' | 'probe' for containers
  depth: 'planbox.depth',
} as const;

/** The folder inside every sandbox container where the workspace lives. */
export const WORKSPACE_DIR = '/workspace';

/** What the Docker engine says about itself. */
export interface EngineInfo {
  version: string;
  apiVersion: string;
  os: string;
  arch: string;
  storageDriver: string;
  /** The address Planbox reached it at. */
  host: string;
}

/** A committed snapshot image. `depth` counts the stacked layers above the plan's base image. */
export interface SnapshotRef {
  imageId: string;
  depth: number;
}

export interface SandboxLimits {
  cpus: number;
  memoryMb: number;
  pidsLimit: number;
  env: Record<string, string>;
  user?: string | undefined;
}

/** What a step does, already translated from its kind. */
export type StepAction =
  | { type: 'shell'; command: string }
  | { type: 'write'; path: string; content: string }
  | { type: 'patch'; path: string; patch: string }
  | { type: 'delete'; path: string }
  | { type: 'none' }
  | { type: 'agent'; run: (tools: ContainerTools, signal: AbortSignal) => Promise<AgentActionResult> };

/** How an agent action ended; not ok fails the step like a failed command. */
export interface AgentActionResult {
  ok: boolean;
  reason?: string;
  summary?: string;
}

/** A command run for an agent: exit code (null when it timed out) and its output, capped. */
export interface ToolExecResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Bytes of output left out of stdout and stderr (the cap). */
  droppedBytes: number;
}

/**
 * What an agent may do in the step's running container. Paths are relative to the workspace and
 * may not leave it. The work happens as the step's user, under the step's limits and signal.
 */
export interface ContainerTools {
  /**
   * Runs argv in the workspace folder. With `echo` its output also goes to the step's output
   * (stored with the attempt and shown live). A timed-out command is no longer waited for.
   */
  exec(argv: string[], options: { timeoutMs: number; echo: boolean; maxOutputBytes?: number }): Promise<ToolExecResult>;
  /** A file's text, null when there is no such file; `truncated` when it was larger than maxBytes. */
  readFile(path: string, maxBytes: number): Promise<{ content: string; size: number; truncated: boolean } | null>;
  /** Creates or replaces a file (an existing one keeps its mode and owner; parent folders are made). */
  writeFile(path: string, content: string): Promise<void>;
  /** Paths under a folder (relative to the workspace; folders end in '/'), skipping .git and node_modules. */
  listFiles(
    path: string,
    options: { maxDepth: number; maxEntries: number },
  ): Promise<{ paths: string[]; truncated: boolean }>;
  /** Adds text to the step's output as a system line. */
  note(text: string): void;
  /**
   * Runs `work` (a person deciding on a held call) with the step's time limit stopped: the limit
   * measures the step's work, not how long someone took to answer. A cancel still stops it.
   */
  whilePaused<T>(work: () => Promise<T>): Promise<T>;
}

export interface OutputChunk {
  stream: 'stdout' | 'stderr' | 'system';
  /** 'action', or 'acceptance' with the index of the check. */
  phase: 'action' | 'acceptance';
  check?: number;
  text: string;
}

export interface RunStepRequest {
  planId: string;
  stepId: string;
  attempt: number;
  from: SnapshotRef;
  limits: SandboxLimits;
  /** True when the plan or the step allows network access. */
  network: boolean;
  action: StepAction;
  acceptance: { description: string; command?: string | undefined }[];
  timeoutMs: number;
  /** Output kept per step: the head and the tail, with the count of bytes dropped between. */
  outputCapBytes: number;
  onOutput?: (chunk: OutputChunk) => void;
  /** Aborting stops the step at once (cancel). */
  signal?: AbortSignal;
}

/** `agent`: an agent action did not finish its task (a budget ran out, the model gave up or failed). */
export type FailureKind = 'exit' | 'timeout' | 'oom' | 'acceptance' | 'agent' | 'cancelled' | 'error';

export interface FileChange {
  /** Relative to the workspace. */
  path: string;
  kind: 'added' | 'modified' | 'deleted';
  /** Text before and after, for text files under the size limit; null when absent, binary or too large. */
  before: string | null;
  after: string | null;
  binary: boolean;
  tooLarge: boolean;
  /** Permission bits (0o644, 0o755) on each side, null where absent; a change here alone is 'modified'. */
  mode?: { before: number | null; after: number | null };
  /** Set when either side is a symlink: its target on each side (null where absent or not a symlink). */
  linkTarget?: { before: string | null; after: string | null };
}

export interface AcceptanceResult {
  description: string;
  command?: string | undefined;
  exitCode: number | null;
  ok: boolean;
}

export interface RunStepResult {
  ok: boolean;
  failure?: { kind: FailureKind; message: string };
  exitCode: number | null;
  acceptance: AcceptanceResult[];
  output: { text: string; droppedBytes: number };
  /** Changes inside the workspace (paths relative to it). */
  changes: FileChange[];
  /** Paths changed outside the workspace (e.g. /tmp, /etc): reported, kept in the snapshot. */
  outsideChanges: string[];
  /** Set on success: the committed snapshot the next step starts from. */
  snapshot?: SnapshotRef;
  /** Set when the new snapshot reached the flatten depth and was squashed (its depth is then 0). */
  flattened?: { ms: number };
  durationMs: number;
}

export interface WorkspaceManifestEntry {
  size: number;
  sha256: string;
}

export interface ImportWorkspaceRequest {
  planId: string;
  image: string;
  hostPath: string;
  /** Extra ignore patterns (gitignore syntax) from the plan's workspace.exclude. */
  exclude: string[];
  maxBytes: number;
}

export interface ImportWorkspaceResult {
  snapshot: SnapshotRef;
  /** What was copied, by relative path: compared with the host folder at apply time. */
  manifest: Record<string, WorkspaceManifestEntry>;
  files: number;
  bytes: number;
  skippedSymlinks: string[];
  durationMs: number;
}
