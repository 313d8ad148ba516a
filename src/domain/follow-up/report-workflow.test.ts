import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleNames, examples, refusal } from '../../../test/support/methodology.ts';
import type { ActivityStatus } from '../strategy/types.ts';
import { assertReportEditable, defaultProgress, nextReportStatus, type ReportAction, type ReportStatus } from './report-workflow.ts';

// Worked examples: docs/methodology/report-workflow.md (test names = example names).



const REASON_ISSUES = [{ path: '/reason', message: 'is required (at least a few words)' }];

describe('allowed transitions', () => {
  examples<{ name: string; from: ReportStatus; action: ReportAction; reason: string | null; to: ReportStatus }>([
    { name: 'a reporter submits a draft', from: 'draft', action: 'submit', reason: null, to: 'submitted' },
    { name: 'a reason given with a submit is accepted', from: 'draft', action: 'submit', reason: 'Klar för granskning', to: 'submitted' },
    { name: 'the approver returns a submitted report with a reason', from: 'submitted', action: 'return', reason: 'Värdena för kvinnor och män saknas', to: 'draft' },
    { name: 'the approver approves a submitted report', from: 'submitted', action: 'approve', reason: null, to: 'approved' },
    { name: 'the approver locks an approved report', from: 'approved', action: 'lock', reason: null, to: 'locked' },
    { name: 'an approved report is reopened with a reason', from: 'approved', action: 'reopen', reason: 'Fel nämnare för andelen i sysselsättning', to: 'draft' },
    { name: 'a locked report is reopened with a reason', from: 'locked', action: 'reopen', reason: 'Revisorerna fann ett räknefel i nämnaren', to: 'draft' },
    { name: 'a three-letter reason is enough', from: 'submitted', action: 'return', reason: 'Fel', to: 'draft' },
  ], ({ from, action, reason, to }) => {
    expect(nextReportStatus(from, action, reason)).toBe(to);
  });
});

describe('refused transitions', () => {
  examples<{ name: string; from: ReportStatus; action: ReportAction; allowedFrom: ReportStatus[] }>([
    { name: 'a draft cannot be returned', from: 'draft', action: 'return', allowedFrom: ['submitted'] },
    { name: 'a draft cannot be approved without being submitted', from: 'draft', action: 'approve', allowedFrom: ['submitted'] },
    { name: 'a draft cannot be locked', from: 'draft', action: 'lock', allowedFrom: ['approved'] },
    { name: 'a draft cannot be reopened', from: 'draft', action: 'reopen', allowedFrom: ['approved', 'locked'] },
    { name: 'a submitted report cannot be submitted again', from: 'submitted', action: 'submit', allowedFrom: ['draft'] },
    { name: 'a submitted report cannot be locked before it is approved', from: 'submitted', action: 'lock', allowedFrom: ['approved'] },
    { name: 'a submitted report cannot be reopened, only returned', from: 'submitted', action: 'reopen', allowedFrom: ['approved', 'locked'] },
    { name: 'an approved report cannot be submitted', from: 'approved', action: 'submit', allowedFrom: ['draft'] },
    { name: 'an approved report cannot be returned, only reopened', from: 'approved', action: 'return', allowedFrom: ['submitted'] },
    { name: 'an approved report cannot be approved again', from: 'approved', action: 'approve', allowedFrom: ['submitted'] },
    { name: 'a locked report cannot be submitted', from: 'locked', action: 'submit', allowedFrom: ['draft'] },
    { name: 'a locked report cannot be returned', from: 'locked', action: 'return', allowedFrom: ['submitted'] },
    { name: 'a locked report cannot be approved', from: 'locked', action: 'approve', allowedFrom: ['submitted'] },
    { name: 'a locked report cannot be locked again', from: 'locked', action: 'lock', allowedFrom: ['approved'] },
  ], ({ from, action, allowedFrom }) => {
    // "whatever reason is given": refused without one and with a good one alike.
    for (const reason of [null, 'Ett ordentligt skäl']) {
      const e = refusal(() => nextReportStatus(from, action, reason));
      expect(e.code).toBe('invalid_transition');
      expect(e.details).toEqual({ reportStatus: from, action, allowedFrom });
      expect(e.message).toContain(from);
      expect(e.message).toContain(action);
    }
  });
});

describe('refused for want of a reason', () => {
  examples<{ name: string; from: ReportStatus; action: ReportAction; reason: string | null }>([
    { name: 'returning without a reason is refused', from: 'submitted', action: 'return', reason: null },
    { name: 'returning with only spaces as the reason is refused', from: 'submitted', action: 'return', reason: '   ' },
    { name: 'a two-letter reason is too short', from: 'submitted', action: 'return', reason: 'ok' },
    { name: 'reopening an approved report without a reason is refused', from: 'approved', action: 'reopen', reason: null },
    { name: 'reopening a locked report without a reason is refused', from: 'locked', action: 'reopen', reason: null },
  ], ({ from, action, reason }) => {
    const e = refusal(() => nextReportStatus(from, action, reason));
    expect(e.code).toBe('validation');
    expect(e.issues).toEqual(REASON_ISSUES);
    expect(e.message).toContain(action);
  });

  examples<{ name: string; from: ReportStatus; action: ReportAction; reason: string | null; allowedFrom: ReportStatus[] }>([
    { name: 'an action that is not allowed is refused before the reason is looked at', from: 'draft', action: 'return', reason: null, allowedFrom: ['submitted'] },
  ], ({ from, action, reason, allowedFrom }) => {
    const e = refusal(() => nextReportStatus(from, action, reason));
    expect(e.code).toBe('invalid_transition');
    expect(e.details).toEqual({ reportStatus: from, action, allowedFrom });
  });
});

describe('editable: a draft in an open period', () => {
  examples<{ name: string; status: ReportStatus; period: 'open' | 'closed' }>([
    { name: 'a draft in an open period can be edited', status: 'draft', period: 'open' },
  ], ({ status, period }) => {
    expect(() => assertReportEditable(status, period)).not.toThrow();
  });

  examples<{ name: string; status: ReportStatus }>([
    { name: 'a submitted report is frozen', status: 'submitted' },
    { name: 'an approved report is frozen', status: 'approved' },
    { name: 'a locked report is frozen', status: 'locked' },
  ], ({ status }) => {
    const e = refusal(() => assertReportEditable(status, 'open'));
    expect(e.code).toBe('document_frozen');
    expect(e.details).toEqual({ reportStatus: status });
    expect(e.message).toMatch(/return or reopen/);
  });

  examples<{ name: string; status: ReportStatus }>([
    { name: 'a closed period freezes a draft', status: 'draft' },
    { name: 'a closed period freezes a submitted report', status: 'submitted' },
    { name: 'a closed period freezes an approved report', status: 'approved' },
    { name: 'a closed period freezes a locked report', status: 'locked' },
  ], ({ status }) => {
    const e = refusal(() => assertReportEditable(status, 'closed'));
    expect(e.code).toBe('document_frozen');
    expect(e.details).toEqual({ periodStatus: 'closed' });
    expect(e.message).toMatch(/period is closed/);
  });
});

describe('default progress', () => {
  examples<{ name: string; status: ActivityStatus; progress: number }>([
    { name: 'a planned activity defaults to 0 %', status: 'planned', progress: 0 },
    { name: 'an ongoing activity defaults to 50 %', status: 'ongoing', progress: 50 },
    { name: 'a done activity defaults to 100 %', status: 'done', progress: 100 },
    { name: 'a postponed activity defaults to 0 %', status: 'postponed', progress: 0 },
    { name: 'a cancelled activity defaults to 0 %', status: 'cancelled', progress: 0 },
  ], ({ status, progress }) => {
    expect(defaultProgress(status)).toBe(progress);
  });
});

describe('docs/methodology/report-workflow.md', () => {
  it('has a test case for every worked example, and no test case that is not one', () => {
    const doc = fs.readFileSync(path.resolve(import.meta.dirname, '../../../docs/methodology/report-workflow.md'), 'utf8');
    const documented = exampleNames(doc);
    const tested = [import.meta.filename, path.resolve(import.meta.dirname, 'reporting.test.ts')].flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/\bname: '(.*?)'/g)].map((m) => m[1]!));
    expect(documented.length).toBe(57);
    expect(new Set(documented).size).toBe(documented.length);
    expect([...tested].sort()).toEqual([...documented].sort());
  });
});

