import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotDatabase } from '../../../test/support/db-snapshot.ts';
import { createTestDb } from '../../../test/support/test-db.ts';
import type { Db } from '../../db/open-db.ts';
import { compileConsultationAnswers, getConsultation, listConsultations } from '../../services/consultation/consultation.service.ts';
import { listDocuments } from '../../services/strategy/documents.service.ts';
import { CONSULTATIONS_FILE, loadDemoConsultations, readConsultationPlan } from './demo-consultation.ts';
import { loadDemo, loadDemoIfEmpty, readBundleFile } from './demo-load.ts';

let db: Db;
let first: { consultations: number };
const plan = readConsultationPlan(CONSULTATIONS_FILE)[0]!;

beforeAll(async () => {
  db = await createTestDb();
  await loadDemo(db.db);
  first = await loadDemoConsultations(db.db);
});
afterAll(() => db.close());

async function tyresoVersions() {
  return (await listDocuments(db.db, { municipality: '0138', key: 'integrationsstrategi', limit: 50, offset: 0 })).items;
}

describe('loadDemoConsultations', () => {
  it('puts a draft revision of Tyresö’s strategy out for consultation, beside the adopted version', async () => {
    expect(first).toEqual({ consultations: 1 });
    const versions = await tyresoVersions();
    expect(versions.map((v) => [v.version, v.status])).toEqual([
      [2, 'consultation'],
      [1, 'adopted'],
    ]);
    expect(versions[0]!.subtitle).toBe('Integrationsstrategi 2027 – remissversion');
    const consultations = await listConsultations(db.db, versions[0]!.id, { today: plan.today });
    expect(consultations).toHaveLength(1);
    expect(consultations[0]).toMatchObject({ deadline: '2027-01-31', status: 'open', deadlinePassed: false });
    expect(await listConsultations(db.db, versions[1]!.id)).toEqual([]);
  });

  it('sends it to units of Tyresö’s own organisation, and shows units that have not answered', async () => {
    const bundle = readBundleFile(path.join(path.dirname(CONSULTATIONS_FILE), '0138-tyreso.yaml'));
    const names = new Set(bundle.organisation.map((u) => u.name));
    const id = (await listConsultations(db.db, (await tyresoVersions())[0]!.id))[0]!.id;
    const c = await getConsultation(db.db, id, { today: plan.today });
    expect(c.recipients.length).toBeGreaterThanOrEqual(3);
    for (const r of c.recipients) expect(names.has(r.unitName)).toBe(true);
    const notAnswered = c.recipients.filter((r) => r.status === 'not_answered');
    expect(notAnswered.length).toBeGreaterThanOrEqual(1);
    expect(notAnswered.some((r) => r.comments > 0), 'a unit that has commented but not yet answered').toBe(true);
  });

  it('holds 5–8 comments from several units on the whole, a goal and an activity, some decided each way and some not', async () => {
    const id = (await listConsultations(db.db, (await tyresoVersions())[0]!.id))[0]!.id;
    const c = await compileConsultationAnswers(db.db, id, { today: plan.today });
    expect(c.counts.total).toBeGreaterThanOrEqual(5);
    expect(c.counts.total).toBeLessThanOrEqual(8);
    for (const k of ['accepted', 'partly_accepted', 'rejected', 'undecided'] as const) expect(c.counts[k], k).toBeGreaterThan(0);
    const kinds = new Set(c.targets.map((t) => t.target.kind));
    for (const k of ['document', 'goals', 'activities'] as const) expect(kinds.has(k), k).toBe(true);
    expect(c.targets.every((t) => t.inDocument)).toBe(true);
    const comments = c.targets.flatMap((t) => t.comments);
    expect(new Set(comments.map((x) => x.unitName)).size).toBeGreaterThanOrEqual(3);
    for (const x of comments.filter((x) => x.decision === 'rejected' || x.decision === 'partly_accepted')) expect(x.reply).toBeTruthy();
    // Made-up texts say so, as in the demo follow-up.
    for (const x of comments) {
      expect(x.text.startsWith('Exempeltext:')).toBe(true);
      if (x.reply !== null) expect(x.reply.startsWith('Exempeltext:')).toBe(true);
    }
    expect(c.consultation.message?.startsWith('Exempeltext:')).toBe(true);
  });

  it('writes nothing the second time', async () => {
    const before = await snapshotDatabase(db.db);
    expect(await loadDemoConsultations(db.db)).toEqual({ consultations: 0 });
    expect(await snapshotDatabase(db.db)).toEqual(before);
  });

  it('refuses a plan that names a unit the municipality does not have, and writes nothing', async () => {
    const other = await createTestDb();
    try {
      await loadDemo(other.db);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samspel-remiss-'));
      const file = path.join(dir, 'consultations.yaml');
      fs.writeFileSync(file, fs.readFileSync(CONSULTATIONS_FILE, 'utf8').replace('      - Servicecenter\n', '      - Socialförvaltningen\n'));
      const before = await snapshotDatabase(other.db);
      await expect(loadDemoConsultations(other.db, file)).rejects.toThrow(/no unit named "Socialförvaltningen" \(recipients\/3\)/);
      expect(await snapshotDatabase(other.db)).toEqual(before);
      fs.rmSync(dir, { recursive: true, force: true });
    } finally {
      await other.close();
    }
  });
});

describe('loadDemoIfEmpty', () => {
  it('loads the consultation with the rest of the demo data into an empty database', async () => {
    const other = await createTestDb();
    try {
      expect(await loadDemoIfEmpty(other.db)).toBe(true);
      const versions = (await listDocuments(other.db, { municipality: '0138', key: 'integrationsstrategi', limit: 50, offset: 0 })).items;
      expect(versions.map((v) => v.status)).toEqual(['consultation', 'adopted']);
      expect(await listConsultations(other.db, versions[0]!.id)).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});
