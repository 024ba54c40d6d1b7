/**
 * A small plan that validates with no findings at all, and helpers to change one part of it. Rule
 * tests start from it, so that each test's document differs from a clean one in exactly one way.
 */
export const MINIMAL_PLAN = `---
id: EP-20260117-014
title: "Refactor auth refresh flow"
status: active
kind: refactor
domain: backend
owner: "@trevor"
created: 2026-01-17
updated: 2026-01-18
tags: [auth]
touches: [api]
risk: med
breaking: false
migration: false
links:
  issue: ""
depends_on: []
supersedes: []
---

# Refactor auth refresh flow

This plan is kept current while the work runs.

## Purpose / Big Picture

Users stay signed in when two tabs refresh their token at the same moment.

## Progress

- [x] (2026-01-17 10:00Z) Reproduced the sign-out with the two-tab script.
- [ ] Move the route onto the new service.

## Surprises & Discoveries

- Observation: Both tabs refresh within one millisecond of each other.
  Evidence: the script's log shows 0.4 ms between the two requests.

## Decision Log

- Decision: Answer a repeated refresh within 20 seconds with the same token pair.
  Rationale: One session keeps exactly one live refresh token.
  Date/Author: 2026-01-17, @trevor

## Outcomes & Retrospective

The service exists; the route change remains.

## Context and Orientation

The route is in src/http/routes/auth.ts and the new service in src/auth/refresh-service.ts.

## Plan of Work

Add RefreshService.rotate, then call it from the route.

## Concrete Steps

From the repository root:

    npx vitest run src/auth

## Validation and Acceptance

Run \`npm test\` and expect 412 passed; the two-tab script prints "both tabs refreshed".

## Idempotence and Recovery

Every step can be repeated; reverting the commit restores the old route.

## Artifacts and Notes

    100 runs: both tabs refreshed 100, session revoked 0

## Interfaces and Dependencies

In src/auth/refresh-service.ts, export class RefreshService with rotate(token: string, now: Date).
`;

/** The plan with the body of section `name` (everything between its heading and the next heading) replaced. */
export function withSectionBody(plan: string, name: string, body: string): string {
  const heading = `## ${name}\n\n`;
  const start = plan.indexOf(heading);
  if (start === -1) throw new Error(`section '${name}' is not in the plan`);
  const bodyStart = start + heading.length;
  const next = plan.indexOf('\n## ', bodyStart);
  return `${plan.slice(0, bodyStart)}${body.trimEnd()}\n${next === -1 ? '' : plan.slice(next)}`;
}

/** The plan without section `name` (heading and body). */
export function withoutSection(plan: string, name: string): string {
  const start = plan.indexOf(`## ${name}\n`);
  if (start === -1) throw new Error(`section '${name}' is not in the plan`);
  const next = plan.indexOf('\n## ', start + 1);
  return plan.slice(0, start) + (next === -1 ? '' : plan.slice(next + 1));
}

/** The plan with front matter line `key: …` replaced by `line`, or removed when `line` is null. */
export function withFrontMatterLine(plan: string, key: string, line: string | null): string {
  const pattern = new RegExp(`^${key}:.*\\n`, 'm');
  if (!pattern.test(plan)) throw new Error(`front matter has no '${key}' line`);
  return plan.replace(pattern, line === null ? '' : `${line}\n`);
}

/** The plan with `text` appended to the body of section `name`. */
export function appendToSection(plan: string, name: string, text: string): string {
  const heading = `## ${name}\n\n`;
  const start = plan.indexOf(heading);
  if (start === -1) throw new Error(`section '${name}' is not in the plan`);
  const next = plan.indexOf('\n## ', start + heading.length);
  const end = next === -1 ? plan.length : next;
  return `${plan.slice(0, end).trimEnd()}\n\n${text.trimEnd()}\n${plan.slice(end)}`;
}
