/**
 * What a report job can build: one entry per kind, with who may ask for it (and read it afterwards), whether it
 * names a publication revision, and the file it yields. The same roles as the synchronous routes these jobs
 * replaced: the consolidated table for the authority-wide roles, a publication's documents for anyone of the
 * authority signed in (they are public once published).
 */
import type { Role } from '@lib/database';
import { DOCX, PDF, XLSX } from '../exports/send-file';

export const REPORT_KINDS = ['consolidation-xlsx', 'rankings-xlsx', 'appendix-docx', 'appendix-pdf'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface ReportKindSpec {
  /** null: any signed-in user of the authority. */
  roles: readonly Role[] | null;
  needsRevision: boolean;
  extension: 'xlsx' | 'docx' | 'pdf';
  contentType: string;
  /** What the file is, in Vietnamese (messages and the "Tệp đang chuẩn bị" list). */
  labelVi: string;
}

export const REPORT_KIND_SPECS: { readonly [K in ReportKind]: ReportKindSpec } = {
  'consolidation-xlsx': {
    roles: ['admin', 'leader', 'council_member', 'viewer'],
    needsRevision: false,
    extension: 'xlsx',
    contentType: XLSX,
    labelVi: 'Bảng tổng hợp (.xlsx)',
  },
  'rankings-xlsx': {
    roles: null,
    needsRevision: true,
    extension: 'xlsx',
    contentType: XLSX,
    labelVi: 'Bảng xếp hạng (.xlsx)',
  },
  'appendix-docx': {
    roles: null,
    needsRevision: true,
    extension: 'docx',
    contentType: DOCX,
    labelVi: 'Phụ lục quyết định (.docx)',
  },
  'appendix-pdf': {
    roles: null,
    needsRevision: true,
    extension: 'pdf',
    contentType: PDF,
    labelVi: 'Phụ lục quyết định (.pdf)',
  },
};

/** Whether a caller with these roles may request, follow and download a job of this kind. */
export function mayUseKind(kind: ReportKind, roles: readonly Role[]): boolean {
  const allowed = REPORT_KIND_SPECS[kind].roles;
  return allowed === null || roles.some((r) => allowed.includes(r));
}

/** The business key of a running job: the same file of the same campaign (and revision) is built once at a time. */
export function activeKeyOf(kind: ReportKind, campaignId: number, revision: number | null): string {
  return `${kind}-${campaignId}-${revision ?? 0}`;
}
