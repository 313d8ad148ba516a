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
      unitOfMeasure: null,
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

  it('an indicator’s headline is two choices among its own sexes and bands, and its gap threshold a number in its unit', () => {
    const form = itemForm('indicators', ',');
    const stored = { ...newItemDefaults('indicators'), name: 'Andel', sexes: ['total', 'women', 'men'], ageBands: ['16-64', '20-64'], headline: { sex: 'women', ageBand: '20-64' }, gapThreshold: 2.5 };
    const values = form.toForm(stored);
    expect(values).toMatchObject({ headlineSex: 'women', headlineAgeBand: '20-64', gapThreshold: '2,5', ageBands: '16-64, 20-64' });
    expect(form.fromForm(values).body).toMatchObject({ headline: { sex: 'women', ageBand: '20-64' }, gapThreshold: 2.5, ageBands: ['16-64', '20-64'] });
    // Both at the default: no headline of its own; an empty threshold is the default one.
    expect(form.fromForm({ ...values, headlineSex: '', headlineAgeBand: '', gapThreshold: '' }).body).toMatchObject({ headline: null, gapThreshold: null });
    // One of them chosen: the other is its default, so the headline is always one of the declared series.
    expect(form.fromForm({ ...values, headlineSex: '', headlineAgeBand: '20-64' }).body.headline).toEqual({ sex: 'total', ageBand: '20-64' });
    expect(form.fromForm({ ...values, headlineSex: 'men', headlineAgeBand: '' }).body.headline).toEqual({ sex: 'men', ageBand: '16-64' });
    expect(form.fromForm({ ...values, ageBands: '', headlineSex: 'men', headlineAgeBand: '' }).body.headline).toEqual({ sex: 'men', ageBand: null });
    // The choices follow what is ticked and typed in the same form.
    const sexField = form.fields.find((f) => f.name === 'headlineSex')!;
    const bandField = form.fields.find((f) => f.name === 'headlineAgeBand')!;
    const ctx = { goalLevels: [], units: [], indicators: [], series: [] };
    expect(sexField.options!(ctx, { ...values, sexes: ['women', 'men'] }).map((o) => o.value)).toEqual(['', 'women', 'men']);
    expect(bandField.options!(ctx, values).map((o) => o.value)).toEqual(['', '16-64', '20-64']);
    expect(bandField.options!(ctx, { ...values, ageBands: '' })).toEqual([{ value: '', labelId: 'editor.option.allAges' }]);
    expect(form.fromForm({ ...values, gapThreshold: 'fem' }).issues).toEqual([{ path: '/gapThreshold', messageId: 'editor.error.number' }]);
  });

  it('a target offers only its indicator’s own sexes, age bands and unit, and sends none (the headline, the indicator’s unit) by default', () => {
    const form = itemForm('targets', ',');
    const ctx = {
      goalLevels: [],
      units: [],
      indicators: [
        { key: 'syss', name: 'Sysselsättning', sexes: ['total', 'women', 'men'], ageBands: ['16-64', '20-64'], unitOfMeasure: 'percent' },
        { key: 'antal', name: 'Antal', sexes: ['total'], ageBands: [], unitOfMeasure: 'count' },
      ],
      series: [],
    };
    const field = (name: string) => form.fields.find((f) => f.name === name)!;
    const values = form.toForm({ ...newItemDefaults('targets'), statement: 'S', indicator: 'syss', value: 60 });
    expect(values).toMatchObject({ sex: '', ageBand: '', unitOfMeasure: '' });
    expect(form.fromForm(values).body).toMatchObject({ sex: null, ageBand: null, unitOfMeasure: null });
    expect(field('sex').options!(ctx, values).map((o) => o.value)).toEqual(['', 'total', 'women', 'men']);
    expect(field('ageBand').options!(ctx, values).map((o) => o.value)).toEqual(['', '16-64', '20-64']);
    expect(field('unitOfMeasure').options!(ctx, values).map((o) => o.value)).toEqual(['', 'percent']);
    const count = { ...values, indicator: 'antal' };
    expect(field('sex').options!(ctx, count).map((o) => o.value)).toEqual(['', 'total']);
    expect(field('ageBand').options!(ctx, count).map((o) => o.value)).toEqual(['']);
    expect(form.fromForm({ ...values, sex: 'women', ageBand: '20-64', unitOfMeasure: 'percent' }).body).toMatchObject({ sex: 'women', ageBand: '20-64', unitOfMeasure: 'percent' });
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

  it('puts a refused dimension or unit at its field: a target’s sex, age band and unit, an indicator’s headline', () => {
    const target = errorsByField(itemForm('targets', ',').fields, [
      { path: '/sex', message: 'the indicator "syss" is not split by sex "men" (it declares: total)' },
      { path: '/ageBand', message: 'the indicator "syss" declares no age band "20-64" (it declares: 16-64)' },
      { path: '/unitOfMeasure', message: 'the target is in "count" but its indicator "syss" is measured in "percent"; a target is assessed in its indicator\'s unit' },
    ]);
    expect(Object.keys(target.byField).sort()).toEqual(['ageBand', 'sex', 'unitOfMeasure']);
    expect(target.other).toEqual([]);
    const indicator = errorsByField(itemForm('indicators', ',').fields, [
      { path: '/headline/sex', message: 'x' },
      { path: '/headline/ageBand', message: 'y' },
      { path: '/gapThreshold', message: 'z' },
    ]);
    expect(Object.keys(indicator.byField).sort()).toEqual(['gapThreshold', 'headlineAgeBand', 'headlineSex']);
    expect(knownMessage('the indicator "syss" is not split by sex "men" (it declares: total)')).toEqual({ id: 'editor.error.sexNotDeclared.men' });
    expect(knownMessage('the indicator "syss" declares no age band "20-64" (it declares: 16-64, 65-)')).toEqual({ id: 'editor.error.ageBandNotDeclared', values: { band: '20-64', declared: '16-64, 65-' } });
    expect(knownMessage('the indicator "syss" declares no age band "20-64" (it declares none)')).toEqual({ id: 'editor.error.ageBandNoneDeclared', values: { band: '20-64' } });
    expect(knownMessage('the target is in "count" but its indicator "syss" is measured in "percent"; a target is assessed in its indicator\'s unit')).toEqual({ id: 'editor.error.targetUnit' });
    expect(knownMessage('the headline\'s age band must be one the indicator declares (16-64, 20-64)')).toEqual({ id: 'editor.error.headlineAgeBand', values: { declared: '16-64, 20-64' } });
    expect(knownMessage('must be an age band such as 16-64, or 65- for open-ended')).toEqual({ id: 'editor.error.ageBand' });
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
        for (const o of f.options?.(ctx, { sexes: [], ageBands: '' }) ?? []) if (o.labelId) ids.add(o.labelId);
      }
    }
    // Messages named by a server message (knownMessage), some with the value in their id.
    for (const sex of ['total', 'women', 'men']) ids.add(`editor.error.sexNotDeclared.${sex}`);
    const missing = [...ids].filter((id) => !(id in sv) && !(id in common));
    expect(missing).toEqual([]);
  });
});
