import type { DisclosureRules } from '../../domain/disclosure/suppression.ts';
import { DomainError } from '../../domain/errors.ts';
import { latestActionPlan, mainDocument } from '../../domain/strategy/main-document.ts';
import { defaultYear } from '../../domain/strategy/plan-table.ts';
import { buildActionPlanReport, buildFollowUpReport, type ActionPlanReport, type ConsultationAppendix, type FollowUpInput, type FollowUpReport, type ProposalReport } from '../../io/reports/model.ts';
import { compileConsultationAnswers, listConsultations } from '../consultation/consultation.service.ts';
import { compile } from '../follow-up/compilation.service.ts';
import { getMunicipality } from '../municipalities/municipalities.service.ts';
import type { Db } from '../strategy/document.repo.ts';
import { getDocument, getTree, listDocuments, type DocumentDto } from '../strategy/documents.service.ts';

/**
 * Gathers what a generated document says from the database (the document tree, the yearly
 * compilation, the consultation) and hands it to the pure builders in src/io/reports/model.ts.
 */

export interface Clock {
  /** ISO timestamp the report says it was generated at; now by default. */
  now?: string;
}

const nowOf = (c: Clock) => c.now ?? new Date().toISOString();

/** The municipality's documents (the caller has found the municipality). */
async function documentsOf(db: Db, code: string): Promise<DocumentDto[]> {
  return (await listDocuments(db, { municipality: code, limit: 10_000, offset: 0 })).items;
}

async function documentOf(db: Db, code: string, documentId: string): Promise<DocumentDto> {
  const doc = await getDocument(db, documentId);
  // Answered as if there were no such document: another municipality's document is not the asker's to know of.
  if (doc.municipalityCode !== code) throw new DomainError('not_found', `There is no document with the id ${documentId}`, { details: { id: documentId } });
  return doc;
}

export interface FollowUpRequest {
  municipality: string;
  year: number;
  /** The strategy; by default the municipality's main document in force at the end of the year. */
  documentId?: string | null;
  rules: DisclosureRules;
}

/** The yearly follow-up report of a strategy. */
export async function followUpReportData(db: Db, req: FollowUpRequest, clock: Clock = {}): Promise<FollowUpReport> {
  return buildFollowUpReport(await followUpInput(db, req, clock));
}

/**
 * What the follow-up report is built from: the document tree and the year's compilation (every status
 * with its sentence, every age band), as the pure builder takes them.
 */
export async function followUpInput(db: Db, req: FollowUpRequest, clock: Clock = {}): Promise<FollowUpInput> {
  const municipality = await getMunicipality(db, req.municipality);
  let doc: DocumentDto | undefined;
  if (req.documentId) doc = await documentOf(db, req.municipality, req.documentId);
  else doc = mainDocument(await documentsOf(db, req.municipality), `${req.year}-12-31`);
  if (!doc) throw new DomainError('not_found', `Municipality ${req.municipality} has no strategy or other steering document to follow up`, { details: { municipality: req.municipality } });
  // Staleness is judged as of the report's own date.
  const compilation = await compile(db, doc.id, { year: req.year, today: nowOf(clock).slice(0, 10) });
  const tree = await getTree(db, compilation.document.id);
  return { municipality: { code: municipality.code, name: municipality.name }, tree, compilation, generatedAt: nowOf(clock), rules: req.rules };
}

export interface ActionPlanRequest {
  municipality: string;
  /** By default the municipality's latest adopted action plan, even one whose validity has ended. */
  documentId?: string | null;
  /** By default the last full year, or the plan's last valid year when it has ended. */
  year?: number | null;
}

/** The action plan as adopted, with the year's status and follow-up. */
export async function actionPlanReportData(db: Db, req: ActionPlanRequest, clock: Clock = {}): Promise<ActionPlanReport> {
  const municipality = await getMunicipality(db, req.municipality);
  const doc = req.documentId ? await documentOf(db, req.municipality, req.documentId) : latestActionPlan(await documentsOf(db, req.municipality));
  if (!doc) throw new DomainError('not_found', `Municipality ${req.municipality} has no action plan`, { details: { municipality: req.municipality } });
  if (doc.type !== 'action_plan') throw new DomainError('validation', `Document ${doc.id} is a ${doc.type}, not an action plan`, { issues: [{ path: '/documentId', message: 'Choose an action plan (type action_plan)' }] });
  const now = nowOf(clock);
  const year = req.year ?? defaultYear(doc, now.slice(0, 10), Number(now.slice(0, 4)) - 1);
  const [tree, compilation] = await Promise.all([getTree(db, doc.id), compile(db, doc.id, { year })]);
  return buildActionPlanReport({ municipality: { code: municipality.code, name: municipality.name }, tree, activities: compilation.activities, year, generatedAt: now });
}

export interface ProposalRequest {
  municipality: string;
  documentId: string;
  committee?: string | null;
  administration?: string | null;
  date?: string | null;
  caseNumber?: string | null;
  title?: string | null;
  route?: string[] | null;
  proposals?: string[] | null;
  description?: string[] | null;
  signatures?: string[] | null;
}

/**
 * The decision proposal (tjänsteskrivelse) for adopting or revising a document, as Tyresö's
 * seed shows it. What the request leaves out is taken from the document and the organisation: the
 * administration named in the document's owner and the committee above it; the route through the
 * executive board to the body that adopts; the case description from the document's purpose and
 * background. Proposals and signing roles left empty get the report's standard wording.
 */
export async function proposalReportData(db: Db, req: ProposalRequest, clock: Clock = {}): Promise<ProposalReport> {
  const municipality = await getMunicipality(db, req.municipality);
  const doc = await documentOf(db, req.municipality, req.documentId);
  const tree = await getTree(db, doc.id);
  const units = await db.selectFrom('org_unit').select(['id', 'name', 'type', 'parent_id']).where('municipality_code', '=', req.municipality).orderBy('name').execute();
  const owner = (doc.owner ?? '').toLocaleLowerCase('sv');
  const administration = units.find((u) => u.type === 'administration' && owner.includes(u.name.toLocaleLowerCase('sv'))) ?? units.find((u) => u.type === 'administration');
  const committee = units.find((u) => u.id === administration?.parent_id && u.type === 'committee') ?? units.find((u) => u.type === 'committee');
  const board = units.find((u) => u.type === 'executive_board');
  const council = units.find((u) => u.type === 'council');
  const adopter = doc.adoptedBy?.body ?? council?.name ?? null;
  const route = [board?.name, adopter].filter((x): x is string => !!x && x !== committee?.name);
  const description = tree.sections.filter((s) => s.kind === 'purpose' || s.kind === 'background').flatMap((s) => s.body.split(/\n{2,}/)).map((p) => p.trim()).filter(Boolean);

  let consultation: ConsultationAppendix | null = null;
  const consultations = await listConsultations(db, doc.id);
  const latest = consultations.sort((a, b) => b.sentAt.localeCompare(a.sentAt))[0];
  if (latest) {
    const c = await compileConsultationAnswers(db, latest.id);
    consultation = {
      title: latest.document.title,
      deadline: c.deadline,
      answered: c.recipients.answered.map((r) => r.unitName),
      notAnswered: c.recipients.notAnswered.map((r) => r.unitName),
      comments: c.targets.flatMap((t) => t.comments.map((x) => ({ unit: x.unitName, item: t.label, text: x.text, decision: x.decision, reply: x.reply }))),
    };
  }
  const now = nowOf(clock);
  return {
    kind: 'proposal',
    municipality: { code: municipality.code, name: municipality.name },
    document: { ...tree.document },
    committee: req.committee ?? committee?.name ?? '',
    administration: req.administration ?? administration?.name ?? '',
    date: req.date ?? now.slice(0, 10),
    caseNumber: req.caseNumber ?? doc.caseNumber,
    title: req.title ?? doc.subtitle ?? doc.title,
    route: req.route ?? route,
    proposals: req.proposals ?? [],
    description: req.description ?? description,
    signatures: req.signatures ?? [],
    appendix: { document: tree, consultation },
    generatedAt: now,
  };
}
