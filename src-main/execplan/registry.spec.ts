import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeTempDir } from '../testing/temp-dir';
import { buildRegistry, registryHead, updateRegistry, type RegistryResult } from './registry';

function plan(id: string, title: string, extra: Record<string, string> = {}): string {
  const fields = {
    id,
    title: JSON.stringify(title),
    status: 'planned',
    kind: 'feature',
    domain: 'backend',
    owner: '"@trevor"',
    created: '2026-01-17',
    updated: '2026-01-18',
    tags: '[auth, sessions]',
    depends_on: '[]',
    supersedes: '[]',
    ...extra,
  };
  const yaml = Object.entries(fields)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  return `---\n${yaml}\n---\n\n# ${title}\n\n## Purpose / Big Picture\n\nUsers stay signed in.\n\n## Progress\n\n- [ ] Do it.\n`;
}

function milestone(title: string, status?: string): string {
  return `---\ntitle: ${JSON.stringify(title)}\n${status ? `status: ${status}\n` : ''}---\n\n# ${title}\n\nBody.\n`;
}

describe('ExecPlan registry', () => {
  let root: ReturnType<typeof makeTempDir>;
  const put = (path: string, text: string) => {
    const full = join(root.path, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  };
  const registryText = () => readFileSync(join(root.path, '.agent/exec_plans/registry.json'), 'utf8');

  beforeEach(() => {
    root = makeTempDir('planbox-registry-');
  });
  afterEach(() => root.cleanup());

  it('lists every plan from its front matter, with its milestones, sorted and with POSIX paths', () => {
    put('.agent/exec_plans/auth_refresh/EP-20260117-014_auth-refresh.md', plan('EP-20260117-014', 'Refactor auth'));
    put(
      '.agent/exec_plans/auth_refresh/milestones/active/EP-20260117-014_MS002_auth-refresh.md',
      milestone('Rotate tokens'),
    );
    put(
      '.agent/exec_plans/auth_refresh/milestones/archive/2026/01/18/EP-20260117-014_MS001_auth-refresh.md',
      milestone('Spike the refresh call'),
    );
    put(
      '.agent/exec_plans/billing/EP-20260116-001_billing.md',
      plan('EP-20260116-001', 'Billing export', { status: 'active', depends_on: '[EP-20260117-014]' }),
    );

    const result = buildRegistry(root.path);
    expect(result.findings).toEqual([]);
    expect(result.written).toBe(true);
    expect(result.scanned).toBe(4);
    expect(result.registry.plans.map((p) => p.id)).toEqual(['EP-20260116-001', 'EP-20260117-014']);
    expect(result.registry.plans[1]).toEqual({
      id: 'EP-20260117-014',
      title: 'Refactor auth',
      status: 'planned',
      kind: 'feature',
      domain: 'backend',
      owner: '@trevor',
      created: '2026-01-17',
      updated: '2026-01-18',
      tags: ['auth', 'sessions'],
      path: '.agent/exec_plans/auth_refresh/EP-20260117-014_auth-refresh.md',
      depends_on: [],
      supersedes: [],
      milestones: [
        {
          id: 'EP-20260117-014/MS001',
          title: 'Spike the refresh call',
          status: 'archived',
          path: '.agent/exec_plans/auth_refresh/milestones/archive/2026/01/18/EP-20260117-014_MS001_auth-refresh.md',
        },
        {
          id: 'EP-20260117-014/MS002',
          title: 'Rotate tokens',
          status: 'active',
          path: '.agent/exec_plans/auth_refresh/milestones/active/EP-20260117-014_MS002_auth-refresh.md',
        },
      ],
    });
    expect(result.registry.plans[0]!.depends_on).toEqual(['EP-20260117-014']);
    expect(JSON.parse(registryText())).toEqual(result.registry);
  });

  it('reports duplicate ids (both paths), ids that do not match the file name and unreadable front matter', () => {
    put('.agent/exec_plans/a/EP-20260117-001_a.md', plan('EP-20260117-001', 'A'));
    put('.agent/exec_plans/b/EP-20260117-001_b.md', plan('EP-20260117-001', 'B'));
    put('.agent/exec_plans/c/EP-20260117-003_c.md', plan('EP-20260117-009', 'C'));
    put('.agent/exec_plans/d/EP-20260117-004_d.md', '---\nid: [unclosed\ntitle: x\n---\n\n# D\n');
    put('.agent/exec_plans/e/EP-20260117-005_e.md', '# No front matter at all\n\nJust prose.\n');

    const result = buildRegistry(root.path);
    const byRule = (rule: string) => result.findings.filter((f) => f.rule === rule);
    const duplicates = byRule('registry.duplicate-id');
    expect(duplicates.map((f) => f.path)).toEqual([
      '.agent/exec_plans/a/EP-20260117-001_a.md',
      '.agent/exec_plans/b/EP-20260117-001_b.md',
    ]);
    expect(duplicates[0]!.message).toContain('.agent/exec_plans/b/EP-20260117-001_b.md');
    expect(duplicates[1]!.message).toContain('.agent/exec_plans/a/EP-20260117-001_a.md');
    expect(byRule('registry.id-mismatch')).toMatchObject([
      { severity: 'error', path: '.agent/exec_plans/c/EP-20260117-003_c.md' },
    ]);
    expect(byRule('registry.id-mismatch')[0]!.message).toMatch(/EP-20260117-009 does not match the file name/);
    expect(byRule('registry.front-matter').map((f) => f.path)).toEqual([
      '.agent/exec_plans/d/EP-20260117-004_d.md',
      '.agent/exec_plans/e/EP-20260117-005_e.md',
    ]);
    // Both duplicates stay listed; the unreadable ones are left out.
    expect(result.registry.plans.map((p) => p.path)).toEqual([
      '.agent/exec_plans/a/EP-20260117-001_a.md',
      '.agent/exec_plans/b/EP-20260117-001_b.md',
      '.agent/exec_plans/c/EP-20260117-003_c.md',
    ]);
  });

  it('warns about milestones without their plan and files misplaced in milestone folders', () => {
    put('.agent/exec_plans/x/milestones/active/EP-20260117-007_MS001_x.md', milestone('Orphan'));
    put('.agent/exec_plans/x/milestones/active/EP-notes.md', '# notes\n');
    const result = buildRegistry(root.path);
    expect(result.findings.map((f) => [f.rule, f.severity])).toEqual([
      ['registry.orphan-milestone', 'warning'],
      ['registry.milestone-name', 'warning'],
    ]);
  });

  it('takes the title from the # heading when the front matter has none', () => {
    put(
      '.agent/exec_plans/a/EP-20260117-001_a.md',
      '---\nid: EP-20260117-001\nstatus: planned\n---\n\n# Title from the `heading`\n\nBody.\n',
    );
    expect(buildRegistry(root.path).registry.plans[0]).toMatchObject({ title: 'Title from the heading', kind: null });
  });

  it('reports a missing .agent/exec_plans folder as a finding and writes nothing', () => {
    const result = buildRegistry(root.path);
    expect(result.findings).toMatchObject([{ rule: 'registry.no-folder', severity: 'error' }]);
    expect(result.written).toBe(false);
  });

  describe('update', () => {
    const planPath = '.agent/exec_plans/a/EP-20260117-001_a.md';
    beforeEach(() => {
      put(planPath, plan('EP-20260117-001', 'First'));
      put('.agent/exec_plans/b/EP-20260117-002_b.md', plan('EP-20260117-002', 'Second'));
    });

    it('is idempotent: a second run reads nothing and changes no byte', () => {
      buildRegistry(root.path);
      const before = registryText();
      const first = updateRegistry(root.path);
      const second = updateRegistry(root.path);
      expect([first.written, second.written]).toEqual([false, false]);
      expect([first.reread, second.reread]).toEqual([0, 0]);
      expect(registryText()).toBe(before);
    });

    it('gives the same registry as build, byte for byte, also without a previous build', () => {
      const updated = updateRegistry(root.path);
      expect(updated.reread).toBe(2);
      const text = registryText();
      buildRegistry(root.path);
      expect(registryText()).toBe(text);
    });

    it('reads again only a changed file, and drops a deleted one', () => {
      buildRegistry(root.path);
      put(planPath, plan('EP-20260117-001', 'First, renamed', { status: 'active' }));
      const changed = updateRegistry(root.path);
      expect(changed.reread).toBe(1);
      expect(changed.written).toBe(true);
      expect(changed.registry.plans[0]).toMatchObject({ title: 'First, renamed', status: 'active' });

      rmSync(join(root.path, '.agent/exec_plans/b'), { recursive: true });
      const removed = updateRegistry(root.path);
      expect(removed.registry.plans.map((p) => p.id)).toEqual(['EP-20260117-001']);
    });

    it('does not parse a file whose mtime changed but whose content did not', () => {
      const built = buildRegistry(root.path);
      const later = new Date(Date.now() + 60_000);
      utimesSync(join(root.path, planPath), later, later);
      const touched: RegistryResult = updateRegistry(root.path);
      expect(touched.reread).toBe(1);
      expect(touched.written).toBe(false);
      expect(touched.registry).toEqual(built.registry);
      expect(updateRegistry(root.path).reread).toBe(0);
    });

    it('rewrites a registry.json someone edited by hand', () => {
      buildRegistry(root.path);
      const good = registryText();
      writeFileSync(join(root.path, '.agent/exec_plans/registry.json'), '{}\n');
      expect(updateRegistry(root.path).written).toBe(true);
      expect(registryText()).toBe(good);
    });

    it('keeps per-file findings for files it did not read again', () => {
      put('.agent/exec_plans/c/EP-20260117-003_c.md', '# no front matter\n');
      const built = buildRegistry(root.path);
      const updated = updateRegistry(root.path);
      expect(updated.reread).toBe(0);
      expect(updated.findings).toEqual(built.findings);
      expect(updated.findings).toMatchObject([{ rule: 'registry.front-matter' }]);
    });
  });

  it('parses only the head of a plan: front matter, and the title when the front matter has none', () => {
    const text = '---\nid: EP-20260117-001\n---\n\n# Title\n\n## Purpose\n\nLong body.\n';
    expect(registryHead(text)).toBe('---\nid: EP-20260117-001\n---\n\n# Title\n');
    expect(registryHead('no front matter, no heading')).toBe('no front matter, no heading');
    expect(registryHead(text, false)).toBe('---\nid: EP-20260117-001\n---\n');
    const crlf = '---\r\nid: EP-20260117-001\r\n---\r\n# T\r\nrest\r\n';
    expect(registryHead(crlf)).toBe('---\r\nid: EP-20260117-001\r\n---\r\n# T\n');
  });
});
