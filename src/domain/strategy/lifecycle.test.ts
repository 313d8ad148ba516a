import { describe, expect, it } from 'vitest';
import { examples, refusal } from '../../../test/support/methodology.ts';
import { LIFECYCLE_ACTIONS, adoptionIssues, assertEditable, decisionReference, isEditable, nextStatus, type LifecycleAction } from './lifecycle.ts';
import { DOCUMENT_STATUSES, type DocumentStatus } from './types.ts';

// Worked examples: docs/methodology/document-lifecycle.md (test names = example names).



describe('transitions', () => {
  examples<{ name: string; from: DocumentStatus; action: LifecycleAction; to: DocumentStatus }>([
    { name: 'a draft is sent out for consultation', from: 'draft', action: 'send_to_consultation', to: 'consultation' },
    { name: 'a consultation version goes back to draft', from: 'consultation', action: 'return_to_draft', to: 'draft' },
    { name: 'a consultation version is adopted', from: 'consultation', action: 'adopt', to: 'adopted' },
    { name: 'a draft is adopted without consultation', from: 'draft', action: 'adopt', to: 'adopted' },
    { name: 'an adopted version expires', from: 'adopted', action: 'expire', to: 'expired' },
    { name: 'an adopted version is revised', from: 'adopted', action: 'revise', to: 'adopted' },
    { name: 'a superseded version can be revised', from: 'superseded', action: 'revise', to: 'superseded' },
    { name: 'an expired version can be revised', from: 'expired', action: 'revise', to: 'expired' },
  ], ({ from, action, to }) => {
    expect(nextStatus(from, action)).toBe(to);
  });

  it('adopting the next version supersedes this one', () => {
    // The successor's own step is an adoption…
    expect(nextStatus('draft', 'adopt')).toBe('adopted');
    // …and no action on a version turns it into `superseded` by itself: the service does that.
    for (const status of DOCUMENT_STATUSES.filter((s) => s !== 'superseded')) {
      for (const action of LIFECYCLE_ACTIONS) {
        let after: DocumentStatus | 'refused';
        try {
          after = nextStatus(status, action);
        } catch {
          after = 'refused';
        }
        expect(after, `${status} + ${action}`).not.toBe('superseded');
      }
    }
  });
});

describe('refused transitions', () => {
  examples<{ name: string; from: DocumentStatus; action: LifecycleAction; allowedFrom: DocumentStatus[] }>([
    { name: 'a draft cannot expire', from: 'draft', action: 'expire', allowedFrom: ['adopted'] },
    { name: 'a version out for consultation cannot expire', from: 'consultation', action: 'expire', allowedFrom: ['adopted'] },
    { name: 'an adopted version cannot go back to consultation', from: 'adopted', action: 'send_to_consultation', allowedFrom: ['draft'] },
    { name: 'an adopted version cannot be adopted again', from: 'adopted', action: 'adopt', allowedFrom: ['draft', 'consultation'] },
    { name: 'an adopted version cannot go back to draft', from: 'adopted', action: 'return_to_draft', allowedFrom: ['consultation'] },
    { name: 'a draft cannot be revised', from: 'draft', action: 'revise', allowedFrom: ['adopted', 'superseded', 'expired'] },
    { name: 'a superseded version cannot be adopted again', from: 'superseded', action: 'adopt', allowedFrom: ['draft', 'consultation'] },
  ], ({ from, action, allowedFrom }) => {
    const e = refusal(() => nextStatus(from, action));
    expect(e.code).toBe('invalid_transition');
    expect(e.details).toEqual({ documentStatus: from, action, allowedFrom });
    expect(e.message).toContain(from);
    expect(e.message).toContain(action);
  });
});

describe('editing', () => {
  it('a draft can be edited', () => {
    expect(isEditable('draft')).toBe(true);
    expect(() => assertEditable('draft')).not.toThrow();
  });

  examples<{ name: string; status: DocumentStatus }>([
    { name: 'a version out for consultation is frozen', status: 'consultation' },
    { name: 'an adopted version is frozen', status: 'adopted' },
    { name: 'a superseded version is frozen', status: 'superseded' },
    { name: 'an expired version is frozen', status: 'expired' },
  ], ({ status }) => {
    expect(isEditable(status)).toBe(false);
    const e = refusal(() => assertEditable(status));
    expect(e.code).toBe('document_frozen');
    expect(e.details).toEqual({ documentStatus: status });
    expect(e.message).toMatch(/revise/i);
  });
});

describe('changing an adopted document: the decision must be named', () => {
  examples<{ name: string; replaces: boolean; body: string; paragraph: string | null; date: string; reason: string | null }>(
    [
      { name: 'a first adoption without a paragraph is accepted', replaces: false, body: 'Kommunfullmäktige', paragraph: null, date: '2017-05-30', reason: 'Kommunfullmäktige, 2017-05-30' },
      { name: 'a revision adopted with body, paragraph and date is accepted', replaces: true, body: 'Kommunfullmäktige', paragraph: '§ 45', date: '2026-03-01', reason: 'Kommunfullmäktige § 45, 2026-03-01' },
      { name: 'a revision adopted without a paragraph is refused', replaces: true, body: 'Kommunfullmäktige', paragraph: null, date: '2026-03-01', reason: null },
      { name: 'a revision adopted with a blank paragraph is refused', replaces: true, body: 'Kommunstyrelsen', paragraph: '  ', date: '2026-03-01', reason: null },
    ],
    ({ replaces, body, paragraph, date, reason }) => {
      const adoption = { adoptedBy: { body, paragraph }, decisionDate: date };
      const issues = adoptionIssues(replaces, adoption);
      if (reason === null) {
        expect(issues.map((i) => i.path)).toEqual(['/adoptedBy/paragraph']);
      } else {
        expect(issues).toEqual([]);
        expect(decisionReference(adoption)).toBe(reason);
      }
    },
  );
});
