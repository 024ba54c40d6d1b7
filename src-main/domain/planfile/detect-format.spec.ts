import { describe, expect, it } from 'vitest';
import { detectFormat } from './detect-format';

describe('detectFormat', () => {
  it('recognises Context Engine plans by step_number', () => {
    expect(detectFormat({ steps: [{ step_number: 1, title: 'a' }] })).toBe('context-engine');
  });

  it('recognises Context Engine plans by goal and its step keys', () => {
    expect(detectFormat({ goal: 'g', steps: [{ title: 'a', files_to_create: ['x'] }] })).toBe('context-engine');
    expect(detectFormat({ goal: 'g', steps: [{ title: 'a', depends_on: [] }] })).toBe('context-engine');
    expect(detectFormat({ goal: 'g', steps: [{ title: 'a', acceptance_criteria: [] }] })).toBe('context-engine');
  });

  it('recognises TinyCode plans by step type, target, or description with risk_level', () => {
    expect(detectFormat({ steps: [{ type: 'create_file', target: 'a.py' }] })).toBe('tinycode');
    expect(detectFormat({ steps: [{ type: 'refactor_code' }] })).toBe('tinycode');
    expect(detectFormat({ steps: [{ target: 'a.py' }] })).toBe('tinycode');
    expect(detectFormat({ description: 'd', risk_level: 'LOW', steps: [] })).toBe('tinycode');
  });

  it('takes everything else as a Planbox plan, so its schema errors name the real mistake', () => {
    expect(detectFormat({ name: 'p', goal: 'g', steps: [{ id: 'a', kind: 'command' }] })).toBe('planbox');
    expect(detectFormat({ name: 'p', steps: [{ id: 'a', type: 'command' }] })).toBe('planbox');
    expect(detectFormat({ goal: 'g', steps: [] })).toBe('planbox');
    expect(detectFormat(null)).toBe('planbox');
    expect(detectFormat('text')).toBe('planbox');
    expect(detectFormat([])).toBe('planbox');
  });

  it('trusts an explicit kind over keys that look like a seed format', () => {
    expect(detectFormat({ name: 'p', steps: [{ id: 'a', kind: 'manual', target: 'x' }] })).toBe('planbox');
  });
});
