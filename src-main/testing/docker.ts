import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from './cli-runner';

/** Makes sure the local test images exist (built from Debian packages; no registry needed). */
export function buildTestImages(): void {
  execFileSync('bash', ['scripts/build-test-image.sh'], { cwd: REPO_ROOT, stdio: 'pipe' });
}

/** Containers Planbox labelled for a plan (left running or stopped): there should be none between steps. */
export function planContainers(planId: string): string[] {
  const out = execFileSync('docker', ['ps', '-aq', '--filter', `label=planbox.plan=${planId}`], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

export function planImages(planId: string): string[] {
  const out = execFileSync('docker', ['images', '-q', '--filter', `label=planbox.plan=${planId}`], {
    encoding: 'utf8',
  });
  return out.split('\n').filter(Boolean);
}
