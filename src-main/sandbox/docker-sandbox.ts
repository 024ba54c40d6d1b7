import type Dockerode from 'dockerode';
import type { SandboxPort } from '../engine/sandbox-port';
import { checkEngine, connectDocker } from './docker-connection';
import { ensureImage } from './images';
import { importWorkspace } from './workspace-import';
import { readWorkspaceFiles } from './workspace-files';
import { diffSnapshots } from './snapshot-diff';
import { listManagedContainers, removeContainers, removeImages, snapshotDiskUsage } from './housekeeping';
import { runStep } from './step-runner';

/** The sandbox on a Docker engine: what the engine's SandboxPort asks for, on dockerode. */
export class DockerSandbox implements SandboxPort {
  private readonly docker: Dockerode;

  constructor(options: { host?: string | null } = {}) {
    this.docker = connectDocker(options);
  }

  check() {
    return checkEngine(this.docker);
  }

  ensureImage(name: string) {
    return ensureImage(this.docker, name);
  }

  importWorkspace(request: Parameters<SandboxPort['importWorkspace']>[0]) {
    return importWorkspace(this.docker, request);
  }

  runStep(request: Parameters<SandboxPort['runStep']>[0]) {
    return runStep(this.docker, request);
  }

  diffSnapshots(fromImageId: string, toImageId: string) {
    return diffSnapshots(this.docker, fromImageId, toImageId);
  }

  readFiles(imageId: string, paths: string[]) {
    return paths.length ? readWorkspaceFiles(this.docker, imageId, { paths }) : Promise.resolve(new Map());
  }

  async imageExists(imageId: string): Promise<boolean> {
    try {
      await this.docker.getImage(imageId).inspect();
      return true;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return false;
      throw error;
    }
  }

  removeImages(imageIds: string[]) {
    return removeImages(this.docker, imageIds);
  }

  async listManagedContainers(planId?: string) {
    return listManagedContainers(this.docker, planId);
  }

  async removeContainers(ids: string[]): Promise<void> {
    await removeContainers(this.docker, ids);
  }

  diskUsage(planIds?: readonly string[]) {
    return snapshotDiskUsage(this.docker, planIds);
  }
}
