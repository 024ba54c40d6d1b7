import type { AppInfoView } from '../../src-preload/contract';
import { sandboxSchema } from '../domain/plan-schema';

/** Planbox's version, as package.json has it (the CLI's --version says the same). */
export const PLANBOX_VERSION = '0.1.0';

/** What the settings view shows about this installation. */
export function appInfo(dataDir: string): AppInfoView {
  const { image, network, cpus, memoryMb, pidsLimit } = sandboxSchema.parse({});
  return { version: PLANBOX_VERSION, dataDir, sandboxDefaults: { image, network, cpus, memoryMb, pidsLimit } };
}
