/**
 * The criteria-set model (Bộ tiêu chí): a tree of fields → criteria → sub-criteria whose leaves carry a
 * scoring rule. All point values are {@link Milli} (integer thousandths) once loaded; the YAML/xlsx forms
 * write ordinary decimals and are converted by the loaders.
 */
import type { Milli } from './points';

/** A named option of a `levels` rule ("Đúng hạn" → 1 điểm). */
export interface LevelOption {
  /** Stable key used in inputs (ASCII, e.g. `onTime`). */
  key: string;
  /** Vietnamese label shown to people. */
  label: string;
  points: Milli;
}

/** One condition of a `checklist` rule; the met conditions add up. */
export interface ChecklistItem {
  key: string;
  label: string;
  points: Milli;
}

/** One threshold of a `bands` rule: a value ≥ `min` earns `points`. */
export interface Band {
  /** Threshold as written (a decimal string such as "98" or "99.5"), inclusive (≥). */
  min: string;
  points: Milli;
}

/**
 * A date before which full points are earned. Either an absolute local date-time of the campaign time
 * zone (`"2024-02-01T00:00"`; an explicit offset is honoured) or a month/day relative to the assessed year
 * (`{ month: 2, day: 1 }` = 00:00 on 1 February of the assessed year, `yearOffset` shifts the year).
 * The instant itself is **not** on time: on time means strictly before it.
 */
export type DeadlineSpec = string | { month: number; day: number; yearOffset?: number };

/** `levels`: discrete named options, each worth fixed points. */
export interface LevelsRule {
  kind: 'levels';
  levels: LevelOption[];
}
/** `checklist`: the sum of the met conditions; the items sum to the leaf's max. */
export interface ChecklistRule {
  kind: 'checklist';
  items: ChecklistItem[];
}
/** `bands`: a measured value (a percentage or a score) → points by descending thresholds. */
export interface BandsRule {
  kind: 'bands';
  /** What is measured, for explanations ("Tỷ lệ hồ sơ giải quyết đúng hạn"). */
  metric?: string;
  /** Unit of the value: `%` (default) or e.g. `điểm`. */
  unit?: string;
  /** Thresholds, strictly descending by `min`. */
  bands: Band[];
  /** Points below the lowest threshold (default 0). */
  otherwise: Milli;
}
/**
 * `proportional`: points = rate × max.
 * - `mode: 'rate'` (default): full points when rate ≥ target, else rate × max.
 * - `mode: 'ofTarget'`: points = min(rate / target, 1) × max.
 * Results are rounded half-up to the milli-point.
 */
export interface ProportionalRule {
  kind: 'proportional';
  metric?: string;
  /** Target percentage as a decimal string, default "100". */
  target: string;
  mode: 'rate' | 'ofTarget';
}
/** `deadline`: full points when the document is signed strictly before `due` (the digital signature's date counts). */
export interface DeadlineRule {
  kind: 'deadline';
  due: DeadlineSpec;
  /** Points when signed at or after `due` (default 0). */
  latePoints: Milli;
  /** Points when there is no document (default 0). */
  missingPoints: Milli;
  /**
   * 'organisation': only an agency's signature (Ký số cơ quan, NĐ 68/2024) proves the date; a document signed
   * by persons only is reported as missing that signature. Absent: any verified signature counts.
   */
  signedBy?: 'organisation';
}
/** `perOccurrence`: max − occurrences × deduction, never below `floor`. */
export interface PerOccurrenceRule {
  kind: 'perOccurrence';
  /** What is counted, for explanations ("nhiệm vụ quá hạn"). */
  occurrence?: string;
  deduction: Milli;
  floor: Milli;
}
/**
 * `noOccurrenceFullMarks`: when nothing arose (no complaint, no late dossier) the leaf earns its max;
 * otherwise the `otherwise` rule decides (or the appraiser, when absent).
 */
export interface NoOccurrenceFullMarksRule {
  kind: 'noOccurrenceFullMarks';
  occurrence?: string;
  otherwise?: ScoringRule;
}
/** `survey`: not self-scored; filled from survey (or e-rating) data, through bands when given, else value% × max. */
export interface SurveyRule {
  kind: 'survey';
  source?: string;
  bands?: Band[];
  otherwise: Milli;
}
/** `manual`: the appraiser's judgement within 0..max. */
export interface ManualRule {
  kind: 'manual';
}

/** Every scoring rule a leaf may carry. */
export type ScoringRule =
  | LevelsRule
  | ChecklistRule
  | BandsRule
  | ProportionalRule
  | DeadlineRule
  | PerOccurrenceRule
  | NoOccurrenceFullMarksRule
  | SurveyRule
  | ManualRule;

/** The rule kinds, in the order the documentation lists them. */
export const RULE_KINDS = [
  'levels',
  'checklist',
  'bands',
  'proportional',
  'deadline',
  'perOccurrence',
  'noOccurrenceFullMarks',
  'survey',
  'manual',
] as const satisfies readonly ScoringRule['kind'][];

/** A rule kind. */
export type RuleKind = (typeof RULE_KINDS)[number];

/** Where a node came from, so problems can point at it. */
export interface SourceLocation {
  /** 1-based row in the xlsx sheet. */
  row?: number;
  /** 1-based line in the YAML text. */
  line?: number;
}

/** A node of the tree: a field (`1`), a criterion (`1.1`), a sub-criterion (`1.1.1`) or deeper. */
export interface CriterionNode {
  /** Dotted code, unique in the set ("1.1.2"). */
  code: string;
  /** Vietnamese title. */
  title: string;
  maxPoints: Milli;
  /** Content area (key into the campaign's routing table). Always set on leaves after loading (inherited). */
  contentArea?: string;
  /** True when `contentArea` was inherited from an ancestor rather than written on this node. */
  contentAreaInherited?: boolean;
  /** What evidence to attach (Tài liệu kiểm chứng). */
  evidenceHint?: string;
  /** Free-text scoring guidance as published (Hướng dẫn chấm). */
  guidance?: string;
  /** Leaves only. */
  rule?: ScoringRule;
  children: CriterionNode[];
  source?: SourceLocation;
}

/** One bonus or penalty item (Điểm thưởng / điểm trừ), e.g. "+1 for an initiative recognised by the province". */
export interface AdjustmentItem {
  code: string;
  title: string;
  /** Points per occurrence, positive (a penalty item's points are subtracted). */
  points: Milli;
  contentArea?: string;
}

/** The bonus or penalty block of a set; the cap is the campaign's unless the set states one. */
export interface AdjustmentBlock {
  /** Cap on the block's total, positive milli-points (bonus ≤ cap; penalty ≥ −cap). */
  cap?: Milli;
  items: AdjustmentItem[];
}

/** A loaded criteria set (Bộ tiêu chí) for one unit group. */
export interface CriteriaSet {
  /** Stable key (`agency-sample`). */
  key: string;
  title: string;
  /** True for reconstructed samples that must be replaced by the official appendix. */
  sample: boolean;
  /** Free text shown wherever the set is shown (e.g. the SAMPLE warning). */
  notice?: string;
  /** The legal source, when known ("Phụ lục I, Quyết định 6614/QĐ-UBND"). */
  source?: string;
  version?: string;
  /** Unit group the set is meant for (`agency`, `commune`). */
  unitGroup?: string;
  /** The declared total (normally 100 points). */
  totalPoints: Milli;
  /** Top-level nodes (fields). */
  nodes: CriterionNode[];
  bonus?: AdjustmentBlock;
  penalty?: AdjustmentBlock;
  /**
   * The sheet's wording of each content area key (an .xlsx imported outside a campaign writes appraisers' names,
   * "Phòng Nội vụ + Phòng Tư pháp"; the key is their slug): what the routing editor suggests from and shows.
   */
  contentAreaNames?: Record<string, string>;
}

/** Severity of a problem: errors block an import; warnings are shown but do not. */
export type Severity = 'error' | 'warning';

/** A problem found while loading or validating, with where and what. */
export interface Problem {
  severity: Severity;
  /** Machine-readable kind, e.g. `duplicate-code`, `sum-mismatch`. */
  kind: string;
  /** The criterion code concerned, when there is one. */
  code?: string;
  /** The field concerned (`maxPoints`, `rule.bands[1].min`, column "Điểm tối đa"…). */
  field?: string;
  /** 1-based xlsx row. */
  row?: number;
  /** 1-based YAML line. */
  line?: number;
  /** English message (the wire shape of every bilingual text: `message` in English, `messageVi` in Vietnamese). */
  message: string;
  /** Vietnamese message for people. */
  messageVi: string;
}

/** A result that is either a value (no errors) or the problems that prevented it. Warnings may accompany a value. */
export type LoadResult<T> = { ok: true; value: T; problems: Problem[] } | { ok: false; problems: Problem[] };
