import { hit, quote, type RuleHit } from './rules';
import { findSection } from './sections';
import type { ValidationContext } from './validation-context';

/** The sections kept up to date while working: Progress with timestamps, checklists only there, complete log entries. */
export function checkLivingSections({ doc }: ValidationContext): RuleHit[] {
  const hits: RuleHit[] = [];
  const progress = findSection(doc, 'Progress');
  if (progress && doc.progress.length === 0) {
    hits.push(
      hit(
        'progress.no-items',
        progress.line,
        'the Progress section has no checklist; list the steps as - [ ] items',
        'Write one "- [ ] step" per granular step and tick it with a timestamp when done: - [x] (2026-01-17 14:05Z) step.',
      ),
    );
  }
  for (const item of doc.progress) {
    if (!item.checked || item.timestamp !== null) continue;
    hits.push(
      hit(
        'progress.missing-timestamp',
        item.line,
        `ticked Progress item ${quote(item.text)} has no timestamp; add when it was done`,
        'Put the UTC time after the box, e.g. - [x] (2026-01-17 14:05Z) …, so the pace of the work can be read off the list.',
      ),
    );
  }
  for (const item of doc.strayChecklists) {
    hits.push(
      hit(
        'checklist.outside-progress',
        item.line,
        `checklist item ${quote(item.text)} is outside the Progress section; move it there or write it as prose`,
        'Checklists belong only in Progress; other sections describe the work in sentences.',
      ),
    );
  }
  for (const entry of doc.decisions) {
    const missing = [
      entry.decision ? undefined : 'Decision',
      entry.rationale ? undefined : 'Rationale',
      entry.dateAuthor ? undefined : 'Date/Author',
    ].filter((label) => label !== undefined);
    if (missing.length === 0) continue;
    hits.push(
      hit(
        'decision.incomplete',
        entry.line,
        `Decision Log entry ${quote(entry.decision || '(empty)')} has no ${missing.join(' or ')}; add ${missing.length > 1 ? 'them' : 'it'}`,
        'Record each decision as three labelled lines: Decision: …, Rationale: …, Date/Author: 2026-01-17, @handle.',
      ),
    );
  }
  for (const entry of doc.surprises) {
    if (entry.observation && entry.evidence) continue;
    hits.push(
      hit(
        'surprise.incomplete',
        entry.line,
        `Surprises entry ${quote(entry.observation || '(empty)')} has no ${entry.observation ? 'Evidence' : 'Observation'}; add it`,
        'Pair each Observation: … with Evidence: … such as a short test output or log line.',
      ),
    );
  }
  return hits;
}
