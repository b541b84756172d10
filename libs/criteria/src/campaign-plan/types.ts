/** The campaign plan's shape (see ../campaign.ts for how it is built and read). */
import type { Phase } from '../phases';
import type { ClassThreshold } from '../ranking';
import type { ScoringPolicy } from '../scoring';

/** The assessing authority (Cơ quan chủ trì đánh giá): the tenant. */
export interface AuthorityPlan {
  code: string;
  name: string;
  /** Organisation code of the secretariat (the home-affairs office), which consolidates and chairs the council. */
  secretariat: string;
}

/** An organisation: an assessed unit (when `unitGroup` is set), an appraiser, or both. */
export interface OrganisationPlan {
  /** Stable ASCII code; other code keys on it (`nv`, `p-bac-son`). */
  code: string;
  /** Full Vietnamese name. */
  name: string;
  /** Short name for tables ("Nội vụ"). */
  shortName?: string;
  /** The unit group this organisation is assessed in; absent for appraisers that are not assessed. */
  unitGroup?: string;
  /** Codes of the units this one succeeds (mergers), for year-on-year comparison. */
  predecessors?: string[];
}

/** A unit group: one ranking table, one criteria set. */
export interface UnitGroupPlan {
  key: string;
  name: string;
  /** Key of the criteria set (`agency-sample`). */
  catalog: string;
  /** Number of the ranking table in the publication decision (Bảng 1, Bảng 2). */
  table?: number;
  /** Classes for this group; the campaign's when absent. */
  classes?: ClassThreshold[];
}

/** A content area (nội dung thẩm định) and the organisations that appraise it; several share the task. */
export interface ContentAreaPlan {
  code: string;
  name: string;
  appraisers: string[];
}

/** A phase and its deadline. */
export interface PhasePlan {
  key: Phase;
  name: string;
  /** The deadline as written (ISO 8601 with offset), exclusive: the phase is open strictly before it. */
  deadline: string;
  /** The same instant in UTC (ISO, `Z`), as stored. */
  deadlineUtc: string;
  /** The plan's wording ("trước ngày 16/3/2024"). */
  window?: string;
}

/** The whole plan. */
export interface CampaignPlan {
  key: string;
  title: string;
  /** The assessed year (2023 for the 2023 index). */
  year: number;
  /** IANA time zone of the campaign (Asia/Ho_Chi_Minh). */
  timeZone: string;
  /** Legal basis, free text (plan number, decision on the criteria). */
  basis: Record<string, string>;
  authority: AuthorityPlan;
  organisations: OrganisationPlan[];
  unitGroups: UnitGroupPlan[];
  contentAreas: ContentAreaPlan[];
  phases: PhasePlan[];
  classes: ClassThreshold[];
  scoring: ScoringPolicy & {
    /** Decimals shown and ranked on (2). */
    decimals: number;
  };
  /** Who confirms a score when an agency appraises its own sheet: an organisation code, or `council`. */
  conflictOfInterest: { confirmBy: string; fallback: string };
}
