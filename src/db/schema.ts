import type { ColumnType, Generated } from 'kysely';
import type { Role } from '../domain/access/policy.ts';
import type { CommentDecision, TargetKind } from '../domain/consultation/consultation.ts';
import type { NarrativeAssessment, ReportAction, ReportStatus } from '../domain/follow-up/report-workflow.ts';
import type { PeriodKind } from '../domain/periods/period.ts';
import type { ReportFormat, ReportKind, ReportLang } from '../domain/reports/kinds.ts';
import type {
  ActivityStatus,
  Comparator,
  DocumentStatus,
  DocumentType,
  Frequency,
  IndicatorUnit,
  Recurrence,
  SectionKind,
  Sex,
  SourceKind,
  UnitType,
} from '../domain/strategy/types.ts';

/**
 * Kysely table types, written to match the migrations (snake_case, singular). A column with a
 * `check (col in (...))` is typed as the union of its values (the domain's own union where there is one);
 * a column with a default is Generated. src/db/schema.test.ts checks all of it against a migrated database.
 * Only types are imported here: the db layer depends on nothing at run time.
 */

/** timestamptz with a default (now()): optional on insert. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** timestamptz, not null and without a default: every insert gives it. */
type RequiredTimestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** `date` columns are read as 'YYYY-MM-DD' strings (see open-db.ts type parsers). */
type DateCol = string | null;
type Json<T> = ColumnType<T, string, string>;
/** jsonb with a default: optional on insert. */
type JsonWithDefault<T> = ColumnType<T, string | undefined, string>;
type Numeric = ColumnType<string | null, number | null, number | null>;

interface ContentRow {
  id: Generated<string>;
  municipality_code: string;
  document_id: string;
  key: string;
  position: number;
  lock_version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MunicipalityTable {
  code: string;
  name: string;
  lock_version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrgUnitTable {
  id: Generated<string>;
  municipality_code: string;
  name: string;
  type: UnitType;
  parent_id: string | null;
  lock_version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DocumentTable {
  id: Generated<string>;
  municipality_code: string;
  key: string;
  version: number;
  type: DocumentType;
  type_label: string | null;
  title: string;
  subtitle: string | null;
  status: DocumentStatus;
  applies_to: string | null;
  adopted_by_body: string | null;
  adopted_by_paragraph: string | null;
  decision_date: DateCol;
  case_number: string | null;
  owner: string | null;
  valid_from: DateCol;
  valid_until: DateCol;
  valid_indefinitely: Generated<boolean>;
  implements_key: string | null;
  goal_levels: JsonWithDefault<string[]>;
  note: string | null;
  lock_version: Generated<number>;
  /** bigint from document_content_seq, read as a string. */
  content_version: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SectionTable extends ContentRow {
  kind: SectionKind;
  title: string | null;
  body: string;
}
export interface DefinitionTable extends ContentRow {
  term: string;
  text: string;
  note: string | null;
}
export interface AreaTable extends ContentRow {
  name: string;
  description: string | null;
}
export interface GoalTable extends ContentRow {
  area_id: string | null;
  parent_id: string | null;
  level: number;
  title: string;
  description: string | null;
  owner_unit_id: string | null;
}
export interface StrategyTable extends ContentRow {
  area_id: string | null;
  goal_id: string | null;
  text: string;
}
export interface IndicatorTable extends ContentRow {
  area_id: string | null;
  goal_id: string | null;
  name: string;
  definition: string | null;
  unit: IndicatorUnit;
  source_kind: SourceKind;
  source_ref: string | null;
  sexes: Json<string[]>;
  age_bands: Json<string[]>;
  population: string | null;
  frequency: Frequency;
  footnotes: Json<string[]>;
  headline_sex: Sex | null;
  headline_age_band: string | null;
  gap_threshold: Numeric;
}
export interface TargetTable extends ContentRow {
  goal_id: string;
  indicator_id: string | null;
  comparator: Comparator;
  value: Numeric;
  target_year: number | null;
  recurrence: Recurrence;
  baseline_value: Numeric;
  baseline_year: number | null;
  reference_indicator_id: string | null;
  age_band: string | null;
  sex: Sex | null;
  statement: string;
  unit_of_measure: IndicatorUnit | null;
}
export interface ActivityTable extends ContentRow {
  area_id: string | null;
  goal_id: string | null;
  problem: string | null;
  description: string | null;
  responsible_text: string | null;
  timeline_text: string | null;
  start_date: DateCol;
  end_date: DateCol;
  follow_up_text: string | null;
  status: ActivityStatus;
}
export interface ActivityResponsibleTable {
  municipality_code: string;
  activity_id: string;
  position: number;
  unit_id: string | null;
  role: string | null;
  lead: Generated<boolean>;
}

export interface PeriodTable {
  id: Generated<string>;
  municipality_code: string;
  key: string;
  kind: PeriodKind;
  year: number;
  label: string;
  start_date: string;
  end_date: string;
  status: Generated<'open' | 'closed'>;
  lock_version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface IndicatorValueTable {
  id: Generated<string>;
  municipality_code: string;
  /** The document series (every version's `key`) and the indicator's key: values belong to the series. */
  document_key: string;
  indicator_key: string;
  period_id: string;
  unit_id: string | null;
  sex: Sex;
  age_band: Generated<string>;
  value: ColumnType<string, number, number>;
  numerator: Numeric;
  denominator: Numeric;
  source: string | null;
  status: Generated<'preliminary' | 'final'>;
  note: string | null;
  series_break: Generated<boolean>;
  example: Generated<boolean>;
  lock_version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface ReportTable {
  id: Generated<string>;
  municipality_code: string;
  document_id: string;
  unit_id: string;
  period_id: string;
  status: Generated<ReportStatus>;
  lock_version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface ReportEventTable {
  id: Generated<string>;
  municipality_code: string;
  report_id: string;
  action: 'create' | ReportAction;
  /** from_status and to_status are not checked by the database (a ReportStatus as the application writes it). */
  from_status: string | null;
  to_status: string;
  actor: string;
  reason: string | null;
  at: Timestamp;
}
export interface ActivityFollowUpTable {
  id: Generated<string>;
  municipality_code: string;
  report_id: string;
  activity_id: string;
  status: ActivityStatus;
  progress: number;
  comment: string | null;
  evidence_url: string | null;
  updated_at: Timestamp;
}
export interface GoalAssessmentTable {
  id: Generated<string>;
  municipality_code: string;
  report_id: string;
  goal_id: string;
  assessment: NarrativeAssessment;
  text: string | null;
  updated_at: Timestamp;
}

export interface ConsultationTable {
  id: Generated<string>;
  municipality_code: string;
  document_id: string;
  deadline: string;
  message: string | null;
  sent_at: Timestamp;
  closed_at: NullableTimestamp;
  lock_version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface ConsultationRecipientTable {
  municipality_code: string;
  consultation_id: string;
  unit_id: string;
  position: number;
  answered_at: NullableTimestamp;
  no_comments: Generated<boolean>;
  role: string | null;
}
export interface ConsultationCommentTable {
  id: Generated<string>;
  /** Identity: the order comments were written in. */
  seq: ColumnType<string, never, never>;
  municipality_code: string;
  consultation_id: string;
  unit_id: string;
  role: string | null;
  target_kind: TargetKind;
  target_key: string | null;
  text: string;
  created_at: Timestamp;
  decision: CommentDecision | null;
  reply: string | null;
  decided_at: NullableTimestamp;
  lock_version: Generated<number>;
  updated_at: Timestamp;
}

/** A generated document made in the background (migration 006). */
export interface ReportJobTable {
  id: Generated<string>;
  municipality_code: string;
  kind: ReportKind;
  format: ReportFormat;
  lang: ReportLang;
  params: ColumnType<unknown, string, string>;
  status: Generated<'queued' | 'running' | 'done' | 'failed'>;
  progress: Generated<number>;
  stage: string | null;
  attempts: Generated<number>;
  worker: string | null;
  locked_until: NullableTimestamp;
  error: ColumnType<unknown, string | null | undefined, string | null>;
  file_name: string | null;
  content_type: string | null;
  result: ColumnType<Buffer | Uint8Array | null, Buffer | null | undefined, Buffer | null>;
  result_size: number | null;
  created_at: Timestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
}

/** One changed row (migration 007); written only by the audit trigger. */
export interface AuditLogTable {
  id: ColumnType<string, never, never>;
  at: ColumnType<Date, never, never>;
  municipality_code: string | null;
  actor: string;
  request_id: string | null;
  reason: string | null;
  entity: string;
  entity_id: string;
  action: 'insert' | 'update' | 'delete';
  document_id: string | null;
  /** The document series of the row (migration 009). */
  document_key: string | null;
  before: unknown;
  after: unknown;
}

export interface AppUserTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string | null;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  instance_admin: Generated<boolean>;
  demo: Generated<boolean>;
  disabled: Generated<boolean>;
  last_login_at: NullableTimestamp;
  lock_version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RoleGrantTable {
  id: Generated<string>;
  user_id: string;
  municipality_code: string;
  role: Role;
  unit_id: string | null;
  /** Given locally (an administrator, the CLI) or named by the identity provider at sign-in (migration 010). */
  source: Generated<'local' | 'oidc'>;
  created_at: Timestamp;
}

export interface UserSessionTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  via: 'password' | 'oidc' | 'demo';
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: RequiredTimestamp;
}

export interface ApiTokenTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  scope: 'read' | 'write';
  expires_at: NullableTimestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface LoginAttemptTable {
  /** An identity (bigint, read as a string): never inserted. */
  id: ColumnType<string, never, never>;
  key: string;
  at: Timestamp;
}

export interface OidcFlowTable {
  state_hash: string;
  code_verifier: string;
  nonce: string;
  return_to: string;
  created_at: Timestamp;
}

export interface Database {
  app_user: AppUserTable;
  role_grant: RoleGrantTable;
  user_session: UserSessionTable;
  api_token: ApiTokenTable;
  login_attempt: LoginAttemptTable;
  oidc_flow: OidcFlowTable;
  audit_log: AuditLogTable;
  report_job: ReportJobTable;
  consultation: ConsultationTable;
  consultation_recipient: ConsultationRecipientTable;
  consultation_comment: ConsultationCommentTable;
  period: PeriodTable;
  indicator_value: IndicatorValueTable;
  report: ReportTable;
  report_event: ReportEventTable;
  activity_follow_up: ActivityFollowUpTable;
  goal_assessment: GoalAssessmentTable;
  municipality: MunicipalityTable;
  org_unit: OrgUnitTable;
  document: DocumentTable;
  section: SectionTable;
  definition: DefinitionTable;
  area: AreaTable;
  goal: GoalTable;
  strategy: StrategyTable;
  indicator: IndicatorTable;
  target: TargetTable;
  activity: ActivityTable;
  activity_responsible: ActivityResponsibleTable;
}
