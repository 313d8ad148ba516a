import fs from 'node:fs';
import path from 'node:path';
import { parse } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { CONTENT_KINDS } from '../../../domain/strategy/types.ts';
import { adoptForm, diffVersions, documentForm, errorsByField, firstInvalid, itemForm, knownMessage, mergeChoices, newItemDefaults, parseDecimal } from './forms.ts';

describe('form values and request bodies', () => {
  it('reads numbers as a Swede writes them and refuses what is not a number', () => {
    expect(parseDecimal('12,5')).toBe(12.5);
    expect(parseDecimal(' 1 234 ')).toBe(1234);
    expect(parseDecimal('−3')).toBe(-3);
    expect(parseDecimal('')).toBeNull();
    expect(parseDecimal('tio')).toBeNaN();
  });

  it('a target round-trips through its form, with the baseline in two fields and a decimal comma', () => {
    const form = itemForm('targets', ',');
    const stored = {
      key: 'x',
      goal: 'g',
      indicator: 'ind',
      comparator: 'at_least',
      value: 12.5,
      targetYear: 2020,
      recurrence: 'once',
      baseline: { value: 8.25, year: 2015 },
      referenceIndicator: null,
      ageBand: '20-64',
      sex: null,
      statement: 'Minst 12,5 procent år 2020.',
    };
    const values = form.toForm(stored);
    expect(values).toMatchObject({ value: '12,5', baselineValue: '8,25', baselineYear: '2015', referenceIndicator: '', sex: '' });
    const { body, issues } = form.fromForm(values);
    expect(issues).toEqual([]);
    const { key: _k, goal: _g, ...rest } = stored;
    expect(body).toEqual(rest);
  });

  it('a number that is not one, or half a baseline, is named at its field before anything is sent', () => {
    const form = itemForm('targets', ',');
    const values = { ...form.toForm({ ...newItemDefaults('targets'), statement: 'S' }), value: 'femtio', baselineYear: '2015' };
    expect(form.fromForm(values).issues).toEqual([
      { path: '/value', messageId: 'editor.error.number' },
      { path: '/baseline/value', messageId: 'editor.error.baselineBoth' },
    ]);
  });

  it('empty optional text is null; required text is sent as typed so the server can say what is missing', () => {
    const form = documentForm(',');
    const values = form.toForm({ title: 'Integrationsstrategi', subtitle: null, type: 'strategy', goalLevels: ['Mål'], validIndefinitely: false });
    const { body } = form.fromForm({ ...values, title: '', owner: '  ' });
    expect(body).toMatchObject({ title: '', owner: null, subtitle: null, implements: null, goalLevels: ['Mål'], validIndefinitely: false });
  });

  it('an activity keeps its responsible units and roles; indicators their age bands and footnotes', () => {
    const act = itemForm('activities', ',');
    const values = act.toForm({ ...newItemDefaults('activities'), responsible: [{ unit: 'Kommunledningsgruppen', role: null, lead: true }] });
    expect(act.fromForm(values).body.responsible).toEqual([{ unit: 'Kommunledningsgruppen', role: null, lead: true }]);
    const ind = itemForm('indicators', ',');
    const iv = { ...ind.toForm({ ...newItemDefaults('indicators'), name: 'Andel' }), ageBands: '16–64, 65-', footnotes: 'Första\n\n Andra ' };
    expect(ind.fromForm(iv).body).toMatchObject({ ageBands: ['16-64', '65-'], footnotes: ['Första', 'Andra'], sexes: ['total'] });
  });

  it('every kind has a form whose fields all come back in the body', () => {
    for (const kind of CONTENT_KINDS) {
      const form = itemForm(kind, ',');
      const { body } = form.fromForm(form.toForm(newItemDefaults(kind)));
      expect(Object.keys(body).length, kind).toBeGreaterThan(0);
    }
  });
});

describe('server errors at their fields', () => {
  it('sorts paths onto fields, including nested ones and the document prefix, and finds the first invalid field in form order', () => {
    const form = itemForm('targets', ',');
    const { byField, other } = errorsByField(form.fields, [
      { path: '/baseline/year', message: 'x' },
      { path: '/value', message: 'a target "at least" needs a value' },
      { path: '/goals/3/level', message: 'y' },
    ]);
    expect(Object.keys(byField)).toEqual(['baselineYear', 'value']);
    expect(other).toEqual([{ path: '/goals/3/level', message: 'y' }]);
    expect(firstInvalid(form.fields, byField)).toBe('value');
    const doc = errorsByField(documentForm(',').fields, [{ path: '/document/validUntil', message: 'z' }, { path: '/goalLevels/1', message: 'must not be empty' }]);
    expect(Object.keys(doc.byField).sort()).toEqual(['goalLevels', 'validUntil']);
  });

  it('knows the common server messages so a Swedish page can say them in Swedish', () => {
    expect(knownMessage('must not be empty')).toEqual({ id: 'editor.error.empty' });
    expect(knownMessage('a target "at least" needs a value')).toEqual({ id: 'editor.error.targetNeedsValue' });
    expect(knownMessage('level 3 does not exist: the document names 2 goal level(s)')).toEqual({ id: 'editor.error.levelMissing', values: { level: 3, n: 2 } });
    expect(knownMessage('Too big: expected string to have <=300 characters')).toEqual({ id: 'editor.error.tooLong', values: { max: 300 } });
    expect(knownMessage('something new')).toBeNull();
  });
});

describe('two versions side by side', () => {
  it('keeps her own changes and the colleague’s other changes unless she picks otherwise', () => {
    const form = documentForm(',');
    const base = form.toForm({ title: 'A', subtitle: 'B', owner: 'Kommunchef', type: 'strategy', goalLevels: ['Mål'] });
    const mine = { ...base, subtitle: 'Mitt' };
    const theirs = { ...base, subtitle: 'Deras', owner: 'Integrationssamordnare' };
    const rows = diffVersions(form.fields, base, mine, theirs);
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(byName.subtitle).toMatchObject({ differs: true, changedByMe: true, changedByThem: true, choice: 'mine' });
    expect(byName.owner).toMatchObject({ differs: true, changedByMe: false, changedByThem: true, choice: 'theirs' });
    expect(byName.title).toMatchObject({ differs: false });
    expect(mergeChoices(rows, {})).toMatchObject({ subtitle: 'Mitt', owner: 'Integrationssamordnare', title: 'A' });
    expect(mergeChoices(rows, { subtitle: 'theirs', owner: 'mine' })).toMatchObject({ subtitle: 'Deras', owner: 'Kommunchef' });
  });
});

describe('the editor’s locale files', () => {
  const dir = path.resolve(import.meta.dirname, '../../../shared/locales');
  const sv = JSON.parse(fs.readFileSync(path.join(dir, 'sv/editor.json'), 'utf8')) as Record<string, string>;
  const en = JSON.parse(fs.readFileSync(path.join(dir, 'en/editor.json'), 'utf8')) as Record<string, string>;

  it('have the same keys, all prefixed editor., all valid ICU messages', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(sv).sort());
    for (const [k, v] of [...Object.entries(sv), ...Object.entries(en)]) {
      expect(k.startsWith('editor.'), k).toBe(true);
      expect(() => parse(v), k).not.toThrow();
    }
  });

  it('have every message id the forms name', () => {
    const ids = new Set<string>();
    const common = JSON.parse(fs.readFileSync(path.join(dir, 'sv/common.json'), 'utf8')) as Record<string, string>;
    const ctx = { goalLevels: ['Mål'], units: ['Enhet'], indicators: [{ key: 'i', name: 'I' }], series: [] };
    for (const form of [documentForm(','), adoptForm(','), ...CONTENT_KINDS.map((k) => itemForm(k, ','))]) {
      for (const f of form.fields) {
        ids.add(f.labelId);
        if (f.hint) ids.add(`${f.labelId}Hint`);
        for (const o of f.options?.(ctx) ?? []) if (o.labelId) ids.add(o.labelId);
      }
    }
    const missing = [...ids].filter((id) => !(id in sv) && !(id in common));
    expect(missing).toEqual([]);
  });
});
