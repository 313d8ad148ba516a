import fs from 'node:fs';
import path from 'node:path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';

/**
 * The interface text: one JSON file per feature and language, flat keys prefixed with the file's
 * name, ICU MessageFormat. Swedish is the reference; every other language has the same keys with
 * the same placeholders, and every id the web app names exists.
 */
const DIR = import.meta.dirname;
const WEB = path.resolve(DIR, '../../web');
const LANGUAGES = fs.readdirSync(DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
const read = (lang: string, file: string) => JSON.parse(fs.readFileSync(path.join(DIR, lang, file), 'utf8')) as Record<string, string>;
const filesOf = (lang: string) => fs.readdirSync(path.join(DIR, lang)).filter((f) => f.endsWith('.json')).sort();

function placeholders(elements: MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.argument || e.type === TYPE.number || e.type === TYPE.date || e.type === TYPE.time) out.add(e.value);
    if (e.type === TYPE.plural || e.type === TYPE.select) {
      out.add(e.value);
      for (const o of Object.values(e.options)) placeholders(o.value, out);
    }
    if (e.type === TYPE.tag) {
      out.add(`<${e.value}>`);
      placeholders(e.children, out);
    }
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe('locale files', () => {
  it('has Swedish and English', () => {
    expect(LANGUAGES).toEqual(expect.arrayContaining(['sv', 'en']));
  });

  it('has the same files in every language', () => {
    for (const lang of LANGUAGES) expect(filesOf(lang), lang).toEqual(filesOf('sv'));
  });

  it('prefixes every key with its file name', () => {
    const wrong = LANGUAGES.flatMap((lang) =>
      filesOf(lang).flatMap((file) => Object.keys(read(lang, file)).filter((k) => !k.startsWith(`${file.replace(/\.json$/, '')}.`)).map((k) => `${lang}/${file}: ${k}`)),
    );
    expect(wrong).toEqual([]);
  });

  it('gives every language the same keys and the same placeholders as Swedish', () => {
    const problems: string[] = [];
    for (const file of filesOf('sv')) {
      const sv = read('sv', file);
      for (const lang of LANGUAGES.filter((l) => l !== 'sv')) {
        const other = read(lang, file);
        for (const k of Object.keys(sv)) if (!(k in other)) problems.push(`${lang}/${file} lacks ${k}`);
        for (const k of Object.keys(other)) if (!(k in sv)) problems.push(`${lang}/${file} has ${k}, Swedish does not`);
        for (const k of Object.keys(sv).filter((x) => x in other)) {
          const a = [...placeholders(parse(sv[k]!))].sort();
          const b = [...placeholders(parse(other[k]!))].sort();
          if (a.join() !== b.join()) problems.push(`${lang}/${file} ${k}: placeholders ${b.join(',')} differ from Swedish ${a.join(',')}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('parses every message as ICU MessageFormat', () => {
    const bad: string[] = [];
    for (const lang of LANGUAGES)
      for (const file of filesOf(lang))
        for (const [k, v] of Object.entries(read(lang, file))) {
          try {
            parse(v);
          } catch (e) {
            bad.push(`${lang}/${file} ${k}: ${(e as Error).message}`);
          }
        }
    expect(bad).toEqual([]);
  });

  it('has a Swedish message for every id the web app names', () => {
    const sv = Object.assign({}, ...filesOf('sv').map((f) => read('sv', f))) as Record<string, string>;
    const missing: string[] = [];
    const files = sourceFiles(WEB);
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      // Literal ids only: id="x.y" and id: 'x.y' (ids built from a value, such as common.status.${s}, are checked below).
      for (const m of text.matchAll(/\bid(?:=|:\s*)['"]([a-zA-Z]+\.[\w.-]+)['"]/g)) if (!(m[1]! in sv)) missing.push(`${path.relative(WEB, file)}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });

  it('names every status, reason and type the domain can produce', async () => {
    const { ATTAINMENT_STATUSES, ATTAINMENT_REASONS } = await import('../../domain/attainment/attainment.ts');
    const { NARRATIVE_ASSESSMENTS, REPORT_STATUSES } = await import('../../domain/follow-up/report-workflow.ts');
    const { ACTIVITY_STATUSES, DOCUMENT_STATUSES, DOCUMENT_TYPES, SEXES } = await import('../../domain/strategy/types.ts');
    const expected = [
      ...ATTAINMENT_STATUSES.map((s) => `common.status.${s}`),
      ...ATTAINMENT_REASONS.map((s) => `common.reason.${s}`),
      ...NARRATIVE_ASSESSMENTS.map((s) => `common.narrative.${s}`),
      ...REPORT_STATUSES.map((s) => `common.reportStatus.${s}`),
      ...ACTIVITY_STATUSES.map((s) => `common.activityStatus.${s}`),
      ...DOCUMENT_STATUSES.map((s) => `common.documentStatus.${s}`),
      ...DOCUMENT_TYPES.map((s) => `common.documentType.${s}`),
      ...SEXES.map((s) => `common.sex.${s}`),
    ];
    for (const lang of LANGUAGES) {
      const common = read(lang, 'common.json');
      expect(expected.filter((k) => !(k in common)), lang).toEqual([]);
    }
  });
});
