import { loadDemoConsultations } from '../../src/cli/commands/demo-consultation.ts';
import { loadDemoFollowUp } from '../../src/cli/commands/demo-follow-up.ts';
import { loadDemo } from '../../src/cli/commands/demo-load.ts';
import { DEFAULT_DISCLOSURE_RULES } from '../../src/domain/disclosure/suppression.ts';
import type { Db } from '../../src/db/open-db.ts';
import type { ActionPlanReport, FollowUpInput, FollowUpReport, ProposalReport } from '../../src/io/reports/model.ts';
import { actionPlanReportData, followUpInput, followUpReportData, proposalReportData } from '../../src/services/reports/report-data.service.ts';
import { listDocuments } from '../../src/services/strategy/documents.service.ts';
import { createTestDb } from './test-db.ts';

/** The moment the fixture reports say they were generated: fixed, so documents compare. */
export const FIXED_NOW = '2026-03-02T09:00:00.000Z';

/** A test database of its own with every demo municipality, its follow-up 2016–2025 and the consultation. */
export async function demoDatabase(): Promise<Db> {
  const db = await createTestDb();
  await loadDemo(db.db);
  await loadDemoFollowUp(db.db);
  await loadDemoConsultations(db.db);
  return db;
}

export interface DemoReports {
  /** Tyresö's policy followed up for 2025. */
  tyreso: FollowUpReport;
  /** Östersund's strategy 2020 followed up for 2025: the largest demo report. */
  ostersund: FollowUpReport;
  /** Östersund's strategy followed up for 2020, its target year: most targets get their verdict. */
  ostersund2020: FollowUpReport;
  /** Tierp's action plan 2017–2018 with the 2018 status (its last valid year). */
  tierpPlan: ActionPlanReport;
  /** The tjänsteskrivelse for Tyresö's draft revision, with the consultation as an appendix. */
  tyresoProposal: ProposalReport;
}

/** The demo reports, built through the real services on the demo data. */
export async function demoReports(db: Db): Promise<DemoReports> {
  const clock = { now: FIXED_NOW };
  const rules = DEFAULT_DISCLOSURE_RULES;
  const tyresoDocs = (await listDocuments(db.db, { municipality: '0138', limit: 100, offset: 0 })).items;
  const draft = tyresoDocs.find((d) => d.status === 'consultation' || d.status === 'draft');
  if (!draft) throw new Error('The demo data has no draft revision of Tyresö’s policy');
  return {
    tyreso: await followUpReportData(db.db, { municipality: '0138', year: 2025, rules }, clock),
    ostersund: await followUpReportData(db.db, { municipality: '2380', year: 2025, rules }, clock),
    ostersund2020: await followUpReportData(db.db, { municipality: '2380', year: 2020, rules }, clock),
    tierpPlan: await actionPlanReportData(db.db, { municipality: '0360' }, clock),
    tyresoProposal: await proposalReportData(db.db, { municipality: '0138', documentId: draft.id }, clock),
  };
}

/**
 * What a demo follow-up report is built from (the tree and the compilation), for tests that change a
 * value or an age band before building the report with `buildFollowUpReport`.
 */
export async function demoFollowUpInput(db: Db, municipality: string, year: number): Promise<FollowUpInput> {
  return followUpInput(db.db, { municipality, year, rules: DEFAULT_DISCLOSURE_RULES }, { now: FIXED_NOW });
}
