import type {
  EngineInfo,
  FileChange,
  ImportWorkspaceRequest,
  ImportWorkspaceResult,
  RunStepRequest,
  RunStepResult,
} from '../sandbox/types';

export type { EngineInfo };

export interface WorkspaceFile {
  type: 'file' | 'symlink' | 'directory';
  mode: number;
  content?: Buffer;
  linkTarget?: string;
}

export interface ManagedContainer {
  id: string;
  labels: Record<string, string>;
  state: string;
  /** Creation time, seconds since the epoch. */
  created: number;
}

/**
 * What the engine needs from the sandbox. The real implementation (src-main/sandbox) talks to
 * Docker; the engine never does, which keeps orchestration readable and the layers one-way.
 */
export interface SandboxPort {
  check(): Promise<EngineInfo>;
  ensureImage(name: string): Promise<{ id: string; built: boolean }>;
  importWorkspace(request: ImportWorkspaceRequest): Promise<ImportWorkspaceResult>;
  runStep(request: RunStepRequest): Promise<RunStepResult>;
  diffSnapshots(fromImageId: string, toImageId: string): Promise<FileChange[]>;
  /** Files of a snapshot's workspace (paths relative to it), with their full content. */
  readFiles(imageId: string, paths: string[]): Promise<Map<string, WorkspaceFile>>;
  imageExists(imageId: string): Promise<boolean>;
  removeImages(imageIds: string[]): Promise<{ removed: string[]; failed: { id: string; reason: string }[] }>;
  listManagedContainers(planId?: string): Promise<ManagedContainer[]>;
  removeContainers(ids: string[]): Promise<void>;
  /** Disk used by the snapshots of these plans (one store's plans; others may share the engine). */
  diskUsage(planIds?: readonly string[]): Promise<{ images: number; bytes: number }>;
}
