import type { ContainerTools, ToolExecResult } from '../sandbox/types';

/**
 * ContainerTools over a map of files, for tests of the executor loop's talk with a provider's wire
 * format only (what the model is sent and what it answers). Whether the tools work in a real step
 * container is tested with real Docker in src-main/engine/agent-executor.spec.ts.
 */
export class MemoryContainerTools implements ContainerTools {
  readonly files = new Map<string, string>();
  readonly notes: string[] = [];
  readonly commands: string[][] = [];

  exec(argv: string[]): Promise<ToolExecResult> {
    this.commands.push(argv);
    return Promise.resolve({ exitCode: 0, stdout: '', stderr: '', timedOut: false, droppedBytes: 0 });
  }

  readFile(path: string): Promise<{ content: string; size: number; truncated: boolean } | null> {
    const content = this.files.get(path);
    return Promise.resolve(
      content === undefined ? null : { content, size: Buffer.byteLength(content), truncated: false },
    );
  }

  writeFile(path: string, content: string): Promise<void> {
    this.files.set(path, content);
    return Promise.resolve();
  }

  listFiles(): Promise<{ paths: string[]; truncated: boolean }> {
    return Promise.resolve({ paths: [...this.files.keys()].sort(), truncated: false });
  }

  note(text: string): void {
    this.notes.push(text);
  }

  /** There is no step clock here to stop. */
  whilePaused<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }
}
