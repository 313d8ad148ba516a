/** The generated documents, the formats each is made in, and their languages: one list for every layer. */
export const REPORT_KINDS = ['follow-up', 'action-plan', 'proposal'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_FORMATS = ['docx', 'pdf', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_LANGS = ['sv', 'en'] as const;
export type ReportLang = (typeof REPORT_LANGS)[number];

/** Which formats each kind is made in: the proposal is a letter, not a table. */
export const FORMATS_OF: Readonly<Record<ReportKind, readonly ReportFormat[]>> = {
  'follow-up': ['docx', 'pdf', 'xlsx'],
  'action-plan': ['docx', 'pdf', 'xlsx'],
  proposal: ['docx', 'pdf'],
};
