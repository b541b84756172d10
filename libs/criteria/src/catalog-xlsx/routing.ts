/** The "Cơ quan thẩm định" column: a content area named directly, or the organisations that appraise it. */
import { normalizeVi } from '../rule-text';

/** Routing context for the "Cơ quan thẩm định" column: lets it name a content area or the appraising organisations. */
export interface XlsxRoutingContext {
  contentAreas: readonly { code: string; name: string; appraisers: readonly string[] }[];
  organisations: readonly { code: string; name: string; shortName?: string }[];
}

/**
 * The content area a cell names: a content area (code or name), or the set of appraising organisations that
 * matches exactly one area (the inherited one wins a tie). Without a routing context the text is the area.
 */
export function resolveArea(
  text: string,
  inherited: string | undefined,
  ctx: XlsxRoutingContext | undefined,
): { area?: string; error?: { vi: string; en: string } } {
  if (!ctx) {
    return { area: text };
  }
  const n = normalizeVi(text);
  const direct = ctx.contentAreas.find((a) => a.code === text || normalizeVi(a.name) === n);
  if (direct) {
    return { area: direct.code };
  }
  const pieces = text
    .split(/[+,;\n]/)
    .map((p) => p.trim())
    .filter(Boolean);
  const orgs: string[] = [];
  for (const p of pieces) {
    const pn = normalizeVi(p);
    const org = ctx.organisations.find(
      (o) => o.code === p || normalizeVi(o.name) === pn || (o.shortName && normalizeVi(o.shortName) === pn),
    );
    if (!org) {
      return {
        error: {
          vi: `"${p}" không phải nội dung thẩm định hay cơ quan thẩm định đã biết.`,
          en: `"${p}" is neither a known content area nor a known appraiser.`,
        },
      };
    }
    orgs.push(org.code);
  }
  const want = [...new Set(orgs)].sort().join(',');
  const candidates = ctx.contentAreas.filter((a) => [...new Set(a.appraisers)].sort().join(',') === want);
  if (inherited && candidates.some((c) => c.code === inherited)) {
    return { area: inherited };
  }
  if (candidates.length === 1) {
    return { area: candidates[0].code };
  }
  if (candidates.length === 0) {
    return {
      error: {
        vi: `Không có nội dung thẩm định nào do đúng "${text}" thẩm định.`,
        en: `No content area is appraised by exactly "${text}".`,
      },
    };
  }
  return {
    error: {
      vi: `"${text}" thẩm định nhiều nội dung (${candidates.map((c) => c.name).join('; ')}): ghi tên nội dung ở dòng lĩnh vực hoặc dòng này.`,
      en: `"${text}" appraises several content areas (${candidates.map((c) => c.code).join(', ')}): name the content area on this row or its field row.`,
    },
  };
}
