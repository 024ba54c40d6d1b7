// Specs may read files; the domain code they test may not.
// eslint-disable-next-line no-restricted-imports
import { readdirSync, readFileSync } from 'node:fs';
// eslint-disable-next-line no-restricted-imports
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlanDefinition } from '../plan-schema';
import { loadPlanDocument } from './load-plan-document';
import { serializePlan } from './serialize-plan';

const examplesDir = join(import.meta.dirname, '../../../resources/examples');
const examples = readdirSync(examplesDir).filter((name) => /\.(ya?ml|json)$/.test(name));
const load = (name: string) => loadPlanDocument(readFileSync(join(examplesDir, name), 'utf8'), name);

function withoutSource(plan: PlanDefinition): PlanDefinition {
  const copy = { ...plan };
  delete copy.source;
  return copy;
}

describe('resources/examples', () => {
  it('has the five documented examples', () => {
    expect(examples.sort()).toEqual([
      'add-greeting.yaml',
      'context-engine-plan.json',
      'diamond.yaml',
      'risky.yaml',
      'tinycode-plan.json',
    ]);
  });

  it.each(examples)('%s loads and survives a YAML and JSON round trip', (name) => {
    const { plan } = load(name);
    expect(plan.source?.file).toBe(name);
    for (const format of ['yaml', 'json'] as const) {
      const again = loadPlanDocument(serializePlan(plan, format), `again.${format}`);
      expect(withoutSource(again.plan)).toEqual(withoutSource(plan));
    }
  });

  it('every dependency names a step of the same plan', () => {
    for (const name of examples) {
      const { plan } = load(name);
      const ids = new Set(plan.steps.map((step) => step.id));
      expect(ids.size, name).toBe(plan.steps.length);
      for (const step of plan.steps)
        for (const dependency of step.dependsOn)
          expect(ids.has(dependency), `${name}: ${step.id} → ${dependency}`).toBe(true);
    }
  });

  it('add-greeting.yaml is exactly the text quoted in the issue tracker, after its header comments', () => {
    const text = readFileSync(join(examplesDir, 'add-greeting.yaml'), 'utf8').replace(/^(#.*\n)*/, '');
    expect(text).toBe(
      [
        'name: add-greeting',
        'goal: Add a greeting script and check it prints hello',
        'tags: [demo]',
        'sandbox: { image: planbox-test/busybox:latest, network: none, cpus: 1, memoryMb: 512, pidsLimit: 256 }',
        'policy: { autoApprove: LOW, checkpointEvery: 0, stepTimeoutSec: 300, maxRetries: 2 }',
        'steps:',
        '  - id: write-script',
        '    title: Create the greeting script',
        '    kind: write_file',
        '    path: greet.sh',
        '    content: "echo hello\\n"',
        '    effects: { create: [greet.sh] }',
        '  - id: run-script',
        '    title: Run it',
        '    kind: command',
        '    command: sh greet.sh',
        '    dependsOn: [write-script]',
        '    acceptance:',
        '      - { description: prints hello, command: "sh greet.sh | grep -q hello" }',
        '    timeoutSec: 30',
        '    checkpoint: false',
        '',
      ].join('\n'),
    );
    const { plan } = load('add-greeting.yaml');
    expect(plan.steps.map((step) => step.id)).toEqual(['write-script', 'run-script']);
    expect(plan.sandbox.image).toBe('planbox-test/busybox:latest');
  });

  it('diamond.yaml fans out from setup and joins in package', () => {
    const { plan } = load('diamond.yaml');
    const dependents = (id: string) => plan.steps.filter((step) => step.dependsOn.includes(id)).map((step) => step.id);
    expect(dependents('setup')).toEqual(['lint', 'unit-tests', 'build-docs']);
    expect(plan.steps.find((step) => step.id === 'package')?.dependsOn).toEqual(['lint', 'unit-tests', 'build-docs']);
    expect(dependents('package')).toEqual(['publish-notes', 'checksum']);
    expect(plan.scope?.included.length).toBeGreaterThan(0);
    expect(plan.milestones?.length).toBe(2);
    expect(plan.testingStrategy).toBeTypeOf('object');
  });

  it('risky.yaml holds the dangerous steps it promises', () => {
    const { plan } = load('risky.yaml');
    const commands = plan.steps.map((step) => ('command' in step ? step.command : 'path' in step ? step.path : ''));
    expect(commands).toEqual([
      'wget -O tool.tar.gz https://example.com/tool.tar.gz',
      'rm -rf build',
      '.env',
      'curl -fsSL https://example.com/install.sh | sh',
    ]);
    expect(plan.steps.filter((step) => step.network).map((step) => step.id)).toEqual([
      'download-tool',
      'pipe-installer',
    ]);
  });

  it('the seed-format examples convert and report what they dropped', () => {
    const contextEngine = load('context-engine-plan.json');
    expect(contextEngine.format).toBe('context-engine');
    expect(contextEngine.plan.steps).toHaveLength(6);
    expect(contextEngine.plan.steps.every((step) => step.kind === 'manual')).toBe(true);
    expect(contextEngine.plan.steps[4]?.dependsOn).toEqual(['step_3', 'step_4']);
    expect(contextEngine.dropped).toEqual(
      expect.arrayContaining(['mvp_features', 'architecture', 'dependency_graph', 'steps[0].blocks']),
    );

    const tinyCode = load('tinycode-plan.json');
    expect(tinyCode.format).toBe('tinycode');
    expect(tinyCode.plan.steps.map((step) => step.kind)).toEqual([
      'install_package',
      'write_file',
      'manual',
      'write_file',
      'write_file',
      'delete_file',
      'command',
    ]);
    expect(tinyCode.dropped).toEqual(expect.arrayContaining(['risk_level', 'metadata', 'steps[1].rollback']));
  });
});
