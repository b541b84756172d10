/**
 * The routing editor's suggestion (issue 15 item 4): each content area of a campaign's criteria sets → the
 * appraising organisations its sheet names in "Cơ quan thẩm định", matched accent-insensitively against the
 * authority's organisations (code, name, short name, aliases, or the start of a name: "Văn phòng HĐND và UBND"
 * finds "Văn phòng HĐND và UBND thành phố"). What cannot be matched is returned with the candidates, to be fixed
 * by a person — never a refusal of the whole sheet. Pure: the api passes the stored sets and organisations in.
 */
import { problem } from './problems';
import { normalizeVi } from './rule-text';
import { leaves } from './tree';
import type { CriteriaSet, Problem } from './types';

/** A content area key as the routing table stores it (lower-case ASCII, digits, dashes; ≤ 64). */
export const AREA_CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * The content area key a sheet's "Cơ quan thẩm định" text stands for: the text itself when it already is a key
 * (`tiep-cong-dan`), else its accent-free slug; a slug over 64 characters keeps a hash of the whole text so two
 * long names never share a key.
 */
export function areaKey(text: string): string {
  const trimmed = text.trim();
  if (AREA_CODE.test(trimmed)) {
    return trimmed;
  }
  const slug = normalizeVi(trimmed)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= 64 && slug) {
    return slug;
  }
  let h = 0;
  for (const ch of trimmed) {
    h = (Math.imul(h, 31) + ch.codePointAt(0)!) >>> 0;
  }
  return `${slug.slice(0, 55).replace(/-+$/, '') || 'nd'}-${h.toString(36)}`.slice(0, 64);
}

/** An organisation the suggestion may name. */
export interface RoutableOrganisation {
  code: string;
  name: string;
  shortName?: string | null;
  aliases?: readonly string[];
}

/** A content area of the sets: its key, its wording, and where it is used. */
export interface SetContentArea {
  code: string;
  /** The sheet's wording ("Phòng Nội vụ + Phòng Tư pháp"); the key when the set only has keys. */
  name: string;
  /** Leaves (and bonus/penalty items) routed to it. */
  criteria: number;
}

/** The distinct content areas of the sets' leaves and adjustment items, in order of first use. */
export function contentAreasOfSets(sets: readonly CriteriaSet[]): SetContentArea[] {
  const found = new Map<string, SetContentArea>();
  const add = (set: CriteriaSet, code: string | undefined) => {
    if (!code) {
      return;
    }
    const area = found.get(code) ?? { code, name: set.contentAreaNames?.[code] ?? code, criteria: 0 };
    area.criteria++;
    found.set(code, area);
  };
  for (const set of sets) {
    leaves(set).forEach((l) => add(set, l.contentArea));
    [...(set.bonus?.items ?? []), ...(set.penalty?.items ?? [])].forEach((i) => add(set, i.contentArea));
  }
  return [...found.values()];
}

/** One piece of a "Cơ quan thẩm định" cell that names no single organisation. */
export interface UnresolvedAppraiser {
  text: string;
  /** `unknown`: no organisation; `ambiguous`: several (the candidates). */
  kind: 'unknown' | 'ambiguous';
  candidates: string[];
  problem: Problem;
}

export interface SuggestedArea extends SetContentArea {
  /** Organisation codes suggested (several share one task). */
  appraisers: string[];
  /** Where the suggestion comes from: last campaign's routing, the sheet's names, or nothing. */
  source: 'previous' | 'sheet' | 'none';
  unresolved: UnresolvedAppraiser[];
}

/** The pieces of a cell naming several organisations ("A + B", "A; B", "A, B" — not "và", which names use). */
function pieces(text: string): string[] {
  return text
    .split(/[+;\n]|,(?!\d)/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** Organisations one piece names: an exact code/name/short name/alias, else those whose name starts with it. */
export function matchOrganisation(piece: string, organisations: readonly RoutableOrganisation[]): string[] {
  // Accents, case and punctuation aside ("Phòng Văn hóa, Thể thao" starts with "Phòng Văn hóa").
  const words = (s: string) =>
    normalizeVi(s)
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  const n = words(piece);
  const names = (o: RoutableOrganisation) =>
    [o.name, o.shortName ?? '', ...(o.aliases ?? [])].filter(Boolean).map(words);
  const exact = organisations.filter((o) => o.code === piece.trim() || names(o).includes(n));
  if (exact.length) {
    return exact.map((o) => o.code);
  }
  // "Văn phòng HĐND và UBND" → "Văn phòng HĐND và UBND thành phố": the piece is the start of a name, word-whole.
  const prefix = organisations.filter((o) => names(o).some((m) => m.startsWith(`${n} `)));
  return prefix.map((o) => o.code);
}

/**
 * The suggested routing of the sets' content areas: last campaign's appraisers for an area it already routed
 * (the authority's own decision wins), else the organisations the sheet's wording names; every piece that names
 * none or several is listed with a Vietnamese sentence saying what to choose.
 */
export function suggestRouting(
  areas: readonly SetContentArea[],
  organisations: readonly RoutableOrganisation[],
  previous: ReadonlyMap<string, { appraisers: readonly string[]; name?: string }> = new Map(),
): SuggestedArea[] {
  const known = new Set(organisations.map((o) => o.code));
  const byCode = new Map(organisations.map((o) => [o.code, o.name]));
  return areas.map((area) => {
    const last = previous.get(area.code);
    const before = (last?.appraisers ?? []).filter((c) => known.has(c));
    if (before.length) {
      // A set keyed by codes only (`tiep-cong-dan`) is named as the last campaign named the area.
      const name = area.name === area.code && last?.name ? last.name : area.name;
      return { ...area, name, appraisers: [...before], source: 'previous', unresolved: [] };
    }
    const appraisers: string[] = [];
    const unresolved: UnresolvedAppraiser[] = [];
    for (const text of pieces(area.name)) {
      const found = matchOrganisation(text, organisations);
      if (found.length === 1) {
        appraisers.push(found[0]);
      } else if (found.length === 0) {
        unresolved.push({
          text,
          kind: 'unknown',
          candidates: [],
          problem: problem(
            'unknown-appraiser',
            { field: 'routing', code: area.code },
            `"${text}" không khớp cơ quan nào của đơn vị: chọn cơ quan thẩm định trong danh sách (hoặc thêm cơ quan ở trang Đơn vị và cơ quan).`,
            `"${text}" matches no organisation: choose the appraiser from the list.`,
            'warning',
          ),
        });
      } else {
        unresolved.push({
          text,
          kind: 'ambiguous',
          candidates: found,
          problem: problem(
            'ambiguous-appraiser',
            { field: 'routing', code: area.code },
            `"${text}" khớp nhiều cơ quan (${found.map((c) => byCode.get(c) ?? c).join('; ')}): chọn đúng cơ quan thẩm định.`,
            `"${text}" matches several organisations (${found.join(', ')}): choose one.`,
            'warning',
          ),
        });
      }
    }
    return {
      ...area,
      appraisers: [...new Set(appraisers)],
      source: appraisers.length ? 'sheet' : 'none',
      unresolved,
    };
  });
}

/**
 * Content areas of the campaign's sets that the routing gives no appraiser: their sheets would never reach an
 * inbox, so the campaign is not created.
 */
export function unroutedAreas(
  areas: readonly SetContentArea[],
  routing: readonly { code: string; appraisers: readonly string[] }[],
): SetContentArea[] {
  const routed = new Set(routing.filter((r) => r.appraisers.length > 0).map((r) => r.code));
  return areas.filter((a) => !routed.has(a.code));
}
