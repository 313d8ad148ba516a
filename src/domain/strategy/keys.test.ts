import { describe, expect, it } from 'vitest';
import { keyFromText, uniqueKey } from './keys.ts';

/** Tierp's first goal in the area Arbete: 110 characters, longer than a key may be. */
const tierpGoal = 'Ge varje individ förutsättningar för att så snabbt som möjligt komma ut i arbetslivet och nå egen försörjning.';

describe('keyFromText', () => {
  const rows: Array<{ name: string; text: string; maxLength?: number; key: string }> = [
    { name: 'Swedish letters become plain letters', text: 'Arbete och sysselsättning', key: 'arbete-och-sysselsattning' },
    { name: 'capital Å, Ä and Ö become a, a and o', text: 'ÅTGÄRDER FÖR ÖKAD DELAKTIGHET', key: 'atgarder-for-okad-delaktighet' },
    { name: 'punctuation and spaces become one hyphen', text: 'Mål 1.2: Fler i arbete!', key: 'mal-1-2-fler-i-arbete' },
    { name: 'a hyphen followed by a space stays one hyphen', text: 'Kultur- och fritidschef', key: 'kultur-och-fritidschef' },
    { name: 'other accents are dropped from their letter', text: 'Café på Möbeln', key: 'cafe-pa-mobeln' },
    { name: 'a letter with no plain form is dropped', text: 'Tromsø kommun', key: 'troms-kommun' },
    { name: 'marks at either end are trimmed', text: '  \u2013 Språk \u2013 ', key: 'sprak' },
    { name: 'digits are kept', text: 'Integrationsstrategi 2018', key: 'integrationsstrategi-2018' },
    { name: 'a long title is cut at 60 characters', text: tierpGoal, key: 'ge-varje-individ-forutsattningar-for-att-sa-snabbt-som-mojli' },
    { name: 'a cut that ends on a hyphen drops the hyphen', text: tierpGoal, maxLength: 55, key: 'ge-varje-individ-forutsattningar-for-att-sa-snabbt-som' },
    { name: 'a text without letters or digits becomes item', text: '\u2013?!', key: 'item' },
    { name: 'an empty text becomes item', text: '', key: 'item' },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const key = row.maxLength === undefined ? keyFromText(row.text) : keyFromText(row.text, row.maxLength);
      expect(key).toBe(row.key);
      expect(key).toMatch(/^[a-z0-9][a-z0-9-]{0,79}$/);
    });
  }
});

describe('uniqueKey', () => {
  const long = 'a'.repeat(80);
  const rows: Array<{ name: string; wanted: string; taken: string[]; key: string }> = [
    { name: 'a free key is kept', wanted: 'arbete', taken: ['boende'], key: 'arbete' },
    { name: 'a taken key gets -2', wanted: 'arbete', taken: ['arbete'], key: 'arbete-2' },
    { name: 'the first free number is used', wanted: 'arbete', taken: ['arbete', 'arbete-2', 'arbete-3'], key: 'arbete-4' },
    { name: 'a gap in the numbers is filled', wanted: 'arbete', taken: ['arbete', 'arbete-3'], key: 'arbete-2' },
    { name: 'a key that already ends in a number gets another', wanted: 'mal-2', taken: ['mal-2'], key: 'mal-2-2' },
    { name: 'a long key is cut to leave room for the number', wanted: long, taken: [long], key: `${'a'.repeat(75)}-2` },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const key = uniqueKey(row.wanted, new Set(row.taken));
      expect(key).toBe(row.key);
      expect(row.taken).not.toContain(key);
      expect(key.length).toBeLessThanOrEqual(80);
    });
  }

  it('the same title twice gets a second key', () => {
    const taken = new Set<string>();
    const first = uniqueKey(keyFromText('Språk'), taken);
    taken.add(first);
    const second = uniqueKey(keyFromText('Språk'), taken);
    expect([first, second]).toEqual(['sprak', 'sprak-2']);
  });
});
