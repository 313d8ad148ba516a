import type { ColumnType, Generated } from 'kysely';

/** Kysely table types, written to match the migrations (snake_case, singular). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** `date` columns are read as 'YYYY-MM-DD' strings (see open-db.ts type parsers). */
type DateCol = string | null;
type Json<T> = ColumnType<T, string, string>;
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
  type: string;
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
  type: string;
  type_label: string | null;
  title: string;
  subtitle: string | null;
  status: string;
  applies_to: string | null;
  adopted_by_body: string | null;
  adopted_by_paragraph: string | null;
  decision_date: DateCol;
  case_number: string | null;
  owner: string | null;
  valid_from: DateCol;
  valid_until: DateCol;
  valid_indefinitely: boolean;
  implements_key: string | null;
  goal_levels: Json<string[]>;
  note: string | null;
  lock_version: Generated<number>;
  /** bigint from document_content_seq, read as a string. */
  content_version: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SectionTable extends ContentRow {
  kind: string;
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
  unit: string;
  source_kind: string;
  source_ref: string | null;
  sexes: Json<string[]>;
  age_bands: Json<string[]>;
  population: string | null;
  frequency: string;
  footnotes: Json<string[]>;
  headline_sex: string | null;
  headline_age_band: string | null;
  gap_threshold: Numeric;
}
export interface TargetTable extends ContentRow {
  goal_id: string;
  indicator_id: string | null;
  comparator: string;
  value: Numeric;
  target_year: number | null;
  recurrence: string;
  baseline_value: Numeric;
  baseline_year: number | null;
  reference_indicator_id: string | null;
  age_band: string | null;
  sex: string | null;
  statement: string;
  unit_of_measure: string | null;
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
  status: string;
}
export interface ActivityResponsibleTable {
  municipality_code: string;
  activity_id: string;
  position: number;
  unit_id: string | null;
  role: string | null;
  lead: boolean;
}

export interface PeriodTable {
  id: Generated<string>;
  municipality_code: string;
  key: string;
  kind: string;
  year: number;
  label: string;
  start_date: string;
  end_date: string;
  status: Generated<string>;
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
  sex: string;
  age_band: Generated<string>;
  value: ColumnType<string, number, number>;
  numerator: Numeric;
  denominator: Numeric;
  source: string | null;
  status: Generated<string>;
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
  status: Generated<string>;
  lock_version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface ReportEventTable {
  id: Generated<string>;
  municipality_code: string;
  report_id: string;
  action: string;
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
  status: string;
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
  assessment: string;
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
  closed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  lock_version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface ConsultationRecipientTable {
  municipality_code: string;
  consultation_id: string;
  unit_id: string;
  position: number;
  answered_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
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
  target_kind: string;
  target_key: string | null;
  text: string;
  created_at: Timestamp;
  decision: string | null;
  reply: string | null;
  decided_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  lock_version: Generated<number>;
  updated_at: Timestamp;
}

/** A generated document made in the background (migration 006). */
export interface ReportJobTable {
  id: Generated<string>;
  municipality_code: string;
  kind: string;
  format: string;
  lang: string;
  params: ColumnType<unknown, string, string>;
  status: Generated<string>;
  progress: Generated<number>;
  stage: string | null;
  attempts: Generated<number>;
  worker: string | null;
  locked_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  error: ColumnType<unknown, string | null | undefined, string | null>;
  file_name: string | null;
  content_type: string | null;
  result: ColumnType<Buffer | Uint8Array | null, Buffer | null | undefined, Buffer | null>;
  result_size: number | null;
  created_at: Timestamp;
  started_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
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
  action: string;
  document_id: string | null;
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
  role: string;
  unit_id: string | null;
  created_at: Timestamp;
}

export interface UserSessionTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  via: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiTokenTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  scope: string;
  expires_at: NullableTimestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface LoginAttemptTable {
  id: Generated<string>;
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
