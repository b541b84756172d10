import { formatIndex } from '@lib/criteria';
/** What the publication documents are built from: a frozen publication and its ranking tables. */
/** A frozen ranking row, as published. */
export interface PublishedRow {
  position: number;
  rank: number;
  tied: boolean;
  unitId: number;
  unitCode: string;
  unitName: string;
  indexHundredths: number;
  achievedMilli: number;
  maxMilli: number;
  classKey: string | null;
  className: string | null;
  fields: Array<{ code: string; title: string; achievedMilli: number; maxMilli: number; indexHundredths: number }>;
  /**
   * Excluded by the secretariat (rank 0: not ranked), with the reason. Present only on such rows, so the snapshot
   * hash of a table without exclusions is what it was before exclusions existed.
   */
  excludedReason?: string;
}

/** The rank as the documents write it: "3", "3 (đồng hạng)", or "Không xếp hạng" for an excluded unit. */
export function rankText(r: Pick<PublishedRow, 'rank' | 'tied' | 'excludedReason'>): string {
  if (r.excludedReason !== undefined) {
    return 'Không xếp hạng';
  }
  return r.tied ? `${r.rank} (đồng hạng)` : String(r.rank);
}

export interface PublishedTable {
  tableNo: number;
  group: string;
  groupName: string;
  /** "Bảng 1: Các cơ quan chuyên môn" */
  title: string;
  rows: PublishedRow[];
}

/** What the document builders need of a publication. */
export interface PublicationDoc {
  campaignName: string;
  year: number;
  revision: number;
  decisionNumber: string;
  /** yyyy-mm-dd */
  decisionDate: string;
  signerName: string;
  signerTitle: string | null;
  correctionReason: string | null;
  tables: PublishedTable[];
}

/** dd/mm/yyyy from yyyy-mm-dd. */
export function viDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** The appendix table's rows: position, unit, index (Vietnamese decimal comma), rank (tied noted), class. */
export function appendixRows(t: PublishedTable): string[][] {
  return t.rows.map((r) => [
    String(r.position),
    r.unitName,
    formatIndex(r.indexHundredths),
    rankText(r),
    r.className ?? '',
  ]);
}

export const APPENDIX_HEAD = ['STT', 'Cơ quan, đơn vị', 'Chỉ số CCHC (%)', 'Xếp hạng', 'Xếp loại'];
