/**
 * What a report job can build: one entry per kind, with who may ask for it (and read it afterwards), whether it
 * names a publication revision or a subject of the campaign, and the file it yields. The same roles as the
 * synchronous routes these jobs replaced: the consolidated table, a unit's result sheet (it states the unit's rank,
 * so the whole campaign is consolidated) and a council's minutes for the authority-wide roles, a publication's
 * documents for anyone of the authority signed in (they are public once published), a sheet's evidence ZIP for
 * whoever may read the sheet (checked per sheet, not by role).
 */
import type { Role } from '@lib/database';
import { AUTHORITY_WIDE_ROLES } from '../common/unit-scope';
import { DOCX, PDF, XLSX, ZIP } from '../exports/send-file';

export const REPORT_KINDS = [
  'consolidation-xlsx',
  'rankings-xlsx',
  'appendix-docx',
  'appendix-pdf',
  'unit-result-xlsx',
  'evidence-zip',
  'minutes-docx',
] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/**
 * Jobs that write instead of building a file: a publication (revision 1) and a correction (revision n+1)
 * consolidate the whole campaign and freeze its tables, which for the national fixture takes seconds — so they run
 * in the reports process too (issue 19 item 3). They are started by POST …/publications and …/corrections (which
 * check synchronously whether the write may happen), never by POST …/report-jobs, and they yield no file.
 */
export const PUBLICATION_JOB_KINDS = ['publication', 'correction'] as const;
export type PublicationJobKind = (typeof PUBLICATION_JOB_KINDS)[number];
/**
 * Jobs that compute what a screen shows: the consolidated table of a campaign too large to consolidate inside a
 * request (GET …/consolidation answers 202 with this job). Its result is stored as a JSON file and served by that
 * GET while the campaign's data version (consolidationVersion, kept in `params`) is unchanged. Started by that
 * GET only, never by POST …/report-jobs; the same roles as the route.
 */
export const SCREEN_JOB_KINDS = ['consolidation'] as const;
export type ScreenJobKind = (typeof SCREEN_JOB_KINDS)[number];
export const JOB_KINDS = [...REPORT_KINDS, ...PUBLICATION_JOB_KINDS, ...SCREEN_JOB_KINDS] as const;
export type JobKind = ReportKind | PublicationJobKind | ScreenJobKind;

export function isPublicationJob(kind: JobKind): kind is PublicationJobKind {
  return (PUBLICATION_JOB_KINDS as readonly string[]).includes(kind);
}

/** A screen's computation (its result is the screen's, not a file to download). */
export function isScreenJob(kind: JobKind): kind is ScreenJobKind {
  return (SCREEN_JOB_KINDS as readonly string[]).includes(kind);
}

/** What `subjectId` names for a kind that is about one thing of the campaign. */
export type ReportSubject = 'unit' | 'sheet' | 'session';

const WIDE = AUTHORITY_WIDE_ROLES;

export interface ReportKindSpec {
  /** null: any signed-in user of the authority. */
  roles: readonly Role[] | null;
  needsRevision: boolean;
  /** null: the whole campaign (or a publication revision). */
  subject: ReportSubject | null;
  /** null: the job writes (a publication) and yields no file; json: what a screen shows (not a download). */
  extension: 'xlsx' | 'docx' | 'pdf' | 'zip' | 'json' | null;
  contentType: string | null;
  /** What the file is, in Vietnamese (messages and the "Tệp đang chuẩn bị" list). */
  labelVi: string;
}

export const REPORT_KIND_SPECS: { readonly [K in JobKind]: ReportKindSpec } = {
  'consolidation-xlsx': {
    roles: WIDE,
    needsRevision: false,
    subject: null,
    extension: 'xlsx',
    contentType: XLSX,
    labelVi: 'Bảng tổng hợp (.xlsx)',
  },
  'rankings-xlsx': {
    roles: null,
    needsRevision: true,
    subject: null,
    extension: 'xlsx',
    contentType: XLSX,
    labelVi: 'Bảng xếp hạng (.xlsx)',
  },
  'appendix-docx': {
    roles: null,
    needsRevision: true,
    subject: null,
    extension: 'docx',
    contentType: DOCX,
    labelVi: 'Phụ lục quyết định (.docx)',
  },
  'appendix-pdf': {
    roles: null,
    needsRevision: true,
    subject: null,
    extension: 'pdf',
    contentType: PDF,
    labelVi: 'Phụ lục quyết định (.pdf)',
  },
  'unit-result-xlsx': {
    roles: WIDE,
    needsRevision: false,
    subject: 'unit',
    extension: 'xlsx',
    contentType: XLSX,
    labelVi: 'Kết quả chi tiết của đơn vị (.xlsx)',
  },
  'evidence-zip': {
    roles: null,
    needsRevision: false,
    subject: 'sheet',
    extension: 'zip',
    contentType: ZIP,
    labelVi: 'Tài liệu kiểm chứng của đơn vị (.zip)',
  },
  'minutes-docx': {
    roles: WIDE,
    needsRevision: false,
    subject: 'session',
    extension: 'docx',
    contentType: DOCX,
    labelVi: 'Biên bản họp Hội đồng (.docx)',
  },
  // The roles of the routes that start them (PublicationController).
  publication: {
    roles: ['admin', 'leader'],
    needsRevision: true,
    subject: null,
    extension: null,
    contentType: null,
    labelVi: 'Công bố kết quả',
  },
  correction: {
    roles: ['admin'],
    needsRevision: true,
    subject: null,
    extension: null,
    contentType: null,
    labelVi: 'Đính chính kết quả',
  },
  // The roles of GET …/consolidation (ConsolidationController).
  consolidation: {
    roles: WIDE,
    needsRevision: false,
    subject: null,
    extension: 'json',
    contentType: 'application/json',
    labelVi: 'Bảng tổng hợp kết quả',
  },
};

/** Whether a caller with these roles may request, follow and download a job of this kind. */
export function mayUseKind(kind: JobKind, roles: readonly Role[]): boolean {
  const allowed = REPORT_KIND_SPECS[kind].roles;
  return allowed === null || roles.some((r) => allowed.includes(r));
}

/**
 * The business key of a running job: the same file of the same campaign (and revision, and subject) is built once
 * at a time.
 */
export function activeKeyOf(
  kind: JobKind,
  campaignId: number,
  revision: number | null,
  subjectId: number | null,
  /** What else the job's result depends on (a consolidation: its data version's hash). */
  inputs?: string,
): string {
  // Without a subject, the key of the jobs made before subjects existed: a job still running across an upgrade holds.
  return `${kind}-${campaignId}-${revision ?? 0}${subjectId === null ? '' : `-s${subjectId}`}${inputs === undefined ? '' : `-v${inputs}`}`;
}
