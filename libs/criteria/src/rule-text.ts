/**
 * Scoring rules as the short Vietnamese text of a "Hướng dẫn chấm / Cách tính" column, both ways.
 * Only simple, regular forms are recognised — anything else becomes `manual` (the appraiser judges), with
 * a warning, because guessing a rule from prose would score units wrongly without anyone noticing.
 *
 * Recognised forms (segments separated by ";" or new lines, decimals with "," or "."):
 * - levels:        `Đúng hạn: 1; Chậm: 0,5; Không: 0`
 * - checklist:     `+ Có nhiệm vụ: 0,333;` one per line, each line starting with "+"
 * - bands:         `≥ 100%: 3; ≥ 98%: 2; ≥ 95%: 1; còn lại: 0` (also `>=`, `từ 98% trở lên`)
 * - proportional:  `Điểm = tỷ lệ × điểm tối đa` (optionally `; chỉ tiêu 80%`, or `tỷ lệ / chỉ tiêu 80% × điểm tối đa`)
 * - deadline:      `Ký trước ngày 01/02: 1; sau hạn: 0,5; không có: 0` (dd/mm = relative to the assessed year; dd/mm/yyyy absolute)
 * - perOccurrence: `Mỗi lần trừ 0,5 điểm, tối thiểu 0`
 * - noOccurrenceFullMarks: a segment `Không phát sinh: <max>` in front of any of the above
 * - survey:        text mentioning `khảo sát` / `điều tra xã hội học`, optionally followed by bands
 * - manual:        `Chấm theo thực tế`
 */
import { parseDecimal, parsePoints, type Milli } from './points';
import { fmtPts } from './rules';
import type { Band, DeadlineSpec, ScoringRule } from './types';

/** Lower-case, no diacritics, đ → d, single spaces: for matching headers and phrases. */
export function normalizeVi(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Result of {@link parseRuleText}: the rule, and whether it was recognised (false → manual fallback). */
export interface RuleTextResult {
  rule: ScoringRule;
  recognised: boolean;
}

const NUM = String.raw`(\d+(?:[.,]\d+)?)`;

function pts(s: string): Milli | undefined {
  return parsePoints(s.replace(',', '.'));
}

function splitSegments(text: string): string[] {
  return text
    .split(/[;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** "label: points" / "label → points" / "label = points"; the points may be followed by "điểm". */
function labelPoints(seg: string): { label: string; points: Milli } | undefined {
  const m = new RegExp(String.raw`^(.*?)\s*(?::|→|->|=)\s*${NUM}\s*(?:điểm|đ)?\.?$`, 'i').exec(seg);
  if (!m) {
    return undefined;
  }
  const p = pts(m[2]);
  return p === undefined || !m[1].trim() ? undefined : { label: m[1].trim(), points: p };
}

/** A band threshold label ("≥ 98%", ">= 98", "từ 98% trở lên", "100%") → its decimal text. */
function threshold(label: string): string | undefined {
  const n = normalizeVi(label);
  const m =
    new RegExp(String.raw`^(?:≥|>=|tu)\s*${NUM}\s*%?(?: tro len)?$`).exec(n) ??
    new RegExp(String.raw`^${NUM}\s*%$`).exec(n);
  if (!m) {
    return undefined;
  }
  const r = parseDecimal(m[1].replace(',', '.'));
  return r ? String(Number(m[1].replace(',', '.'))) : undefined;
}

const OTHERWISE = /^(con lai|khac|duoi .*|< ?.*|truong hop khac|khong dat)$/;

function parseBands(segs: string[]): { bands: Band[]; otherwise: Milli } | undefined {
  const bands: Band[] = [];
  let otherwise: Milli | undefined;
  for (const seg of segs) {
    const lp = labelPoints(seg);
    if (!lp) {
      return undefined;
    }
    const t = threshold(lp.label);
    if (t !== undefined && otherwise === undefined) {
      bands.push({ min: t, points: lp.points });
    } else if (OTHERWISE.test(normalizeVi(lp.label)) && otherwise === undefined) {
      otherwise = lp.points;
    } else {
      return undefined;
    }
  }
  return bands.length ? { bands, otherwise: otherwise ?? 0 } : undefined;
}

function parseDeadline(segs: string[]): ScoringRule | undefined {
  let due: DeadlineSpec | undefined;
  let onTime: Milli | undefined;
  let late: Milli = 0;
  let missing: Milli = 0;
  // "Ký (chữ ký số cơ quan) trước ngày …", as ruleToText writes a rule that requires an agency's signature: without
  // reading it back, an edit of the text in the criteria form silently dropped the requirement.
  let agency = false;
  for (const seg of segs) {
    const lp = labelPoints(seg);
    if (!lp) {
      return undefined;
    }
    const n = normalizeVi(lp.label);
    agency ||= /\bky so (cua )?co quan\b/.test(n);
    const d = /truoc(?: ngay)? (\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?/.exec(n);
    if (d) {
      const day = Number(d[1]);
      const month = Number(d[2]);
      if (d[3]) {
        const hh = d[4] ? d[4].padStart(2, '0') : '00';
        const mm = d[5] ?? '00';
        const ss = d[6] ? `:${d[6]}` : '';
        due = `${d[3]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T${hh}:${mm}${ss}`;
      } else {
        due = { month, day };
      }
      onTime = lp.points;
    } else if (/^(sau|cham|tre|qua han|sau han)/.test(n)) {
      late = lp.points;
    } else if (/^khong (co|ban hanh)|^khong$/.test(n)) {
      missing = lp.points;
    } else {
      return undefined;
    }
  }
  return due !== undefined && onTime !== undefined
    ? {
        kind: 'deadline',
        due,
        latePoints: late,
        missingPoints: missing,
        ...(agency ? { signedBy: 'organisation' } : {}),
      }
    : undefined;
}

/**
 * Parse the guidance text of one leaf. `maxPoints` is used to recognise "không phát sinh" = full marks.
 * Never throws: unrecognised text gives `{ rule: { kind: 'manual' }, recognised: false }`.
 */
export function parseRuleText(text: string | undefined, maxPoints: Milli): RuleTextResult {
  const manual: RuleTextResult = { rule: { kind: 'manual' }, recognised: false };
  if (!text || !text.trim()) {
    return manual;
  }
  const n = normalizeVi(text);
  if (/^cham theo thuc te/.test(n)) {
    return { rule: { kind: 'manual' }, recognised: true };
  }
  if (/khao sat|dieu tra xa hoi hoc/.test(n)) {
    const segs = splitSegments(text.replace(/^[^:]*khảo sát[^:]*:\s*/i, ''));
    const b = parseBands(segs);
    return {
      rule: b ? { kind: 'survey', otherwise: b.otherwise, bands: b.bands } : { kind: 'survey', otherwise: 0 },
      recognised: true,
    };
  }
  let segs = splitSegments(text);
  // "Không phát sinh: max" in front of another rule.
  const noOcc = segs.findIndex((s) => {
    const lp = labelPoints(s);
    return !!lp && /^khong phat sinh/.test(normalizeVi(lp.label)) && lp.points === maxPoints;
  });
  if (noOcc >= 0) {
    segs = segs.filter((_, i) => i !== noOcc);
    if (segs.length === 0) {
      return { rule: { kind: 'noOccurrenceFullMarks' }, recognised: true };
    }
    const inner = parseRuleText(segs.join('\n'), maxPoints);
    if (!inner.recognised || inner.rule.kind === 'survey' || inner.rule.kind === 'noOccurrenceFullMarks') {
      return manual;
    }
    return { rule: { kind: 'noOccurrenceFullMarks', otherwise: inner.rule }, recognised: true };
  }
  const joined = normalizeVi(segs.join(' '));
  const prop = /ty le(?: \/ chi tieu (\d+(?:[.,]\d+)?) ?%)? ?[x×*] ?diem toi da/.exec(joined);
  if (prop) {
    const target = prop[1] ?? /chi tieu (\d+(?:[.,]\d+)?) ?%/.exec(joined)?.[1];
    return {
      rule: {
        kind: 'proportional',
        target: target ? String(Number(target.replace(',', '.'))) : '100',
        mode: prop[1] ? 'ofTarget' : 'rate',
      },
      recognised: true,
    };
  }
  const per = /tru (\d+(?:[.,]\d+)?) ?diem/.exec(joined);
  if (per && /moi/.test(joined)) {
    const deduction = pts(per[1]);
    const floorM = /toi thieu (\d+(?:[.,]\d+)?)/.exec(joined);
    const floor = floorM ? pts(floorM[1]) : 0;
    if (deduction !== undefined && floor !== undefined) {
      return { rule: { kind: 'perOccurrence', deduction, floor }, recognised: true };
    }
  }
  if (segs.every((s) => s.startsWith('+'))) {
    const items = segs.map((s) => labelPoints(s.slice(1).trim()));
    if (items.every((i) => i)) {
      return {
        rule: {
          kind: 'checklist',
          items: items.map((i, k) => ({ key: `c${k + 1}`, label: i!.label, points: i!.points })),
        },
        recognised: true,
      };
    }
  }
  const bands = parseBands(segs);
  if (bands) {
    return { rule: { kind: 'bands', ...bands }, recognised: true };
  }
  const deadline = parseDeadline(segs);
  if (deadline) {
    return { rule: deadline, recognised: true };
  }
  const levels = segs.map(labelPoints);
  if (levels.length && levels.every((l) => l)) {
    return {
      rule: {
        kind: 'levels',
        levels: levels.map((l, k) => ({ key: `l${k + 1}`, label: l!.label, points: l!.points })),
      },
      recognised: true,
    };
  }
  return manual;
}

function bandsText(bands: readonly Band[], otherwise: Milli): string {
  return [
    ...bands.map((b) => `≥ ${b.min.replace('.', ',')}%: ${fmtPts(b.points)}`),
    `còn lại: ${fmtPts(otherwise)}`,
  ].join('; ');
}

/** The short Vietnamese text of a rule, in the forms {@link parseRuleText} reads. */
export function ruleToText(rule: ScoringRule, maxPoints: Milli): string {
  switch (rule.kind) {
    case 'levels':
      return rule.levels.map((l) => `${l.label}: ${fmtPts(l.points)}`).join('; ');
    // Segments end with ";" even where a line break follows: a screen that shows the text on one line keeps
    // them apart ("Không phát sinh: 2; Tất cả đúng hạn: 2"), and both separators read back the same.
    case 'checklist':
      return rule.items.map((i) => `+ ${i.label}: ${fmtPts(i.points)}`).join(';\n');
    case 'bands':
      return bandsText(rule.bands, rule.otherwise);
    case 'proportional': {
      const t = rule.target.replace('.', ',');
      if (rule.mode === 'ofTarget') {
        return `Điểm = tỷ lệ / chỉ tiêu ${t}% × điểm tối đa`;
      }
      return rule.target === '100' ? 'Điểm = tỷ lệ × điểm tối đa' : `Điểm = tỷ lệ × điểm tối đa; chỉ tiêu ${t}%`;
    }
    case 'deadline': {
      let when: string;
      if (typeof rule.due === 'string') {
        // The deadline as precise as the rule stores it: a time to the second is not shown as its minute.
        const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(rule.due);
        const seconds = m?.[6] && m[6] !== '00' ? `:${m[6]}` : '';
        const time = m?.[4] ? `${m[4]}:${m[5]}${seconds}` : '00:00';
        when = m ? `${m[3]}/${m[2]}/${m[1]}${time !== '00:00' ? ` ${time}` : ''}` : rule.due;
      } else {
        when = `${String(rule.due.day).padStart(2, '0')}/${String(rule.due.month).padStart(2, '0')}`;
      }
      const who = rule.signedBy === 'organisation' ? ' (chữ ký số cơ quan)' : '';
      return `Ký${who} trước ngày ${when}: ${fmtPts(maxPoints)}; sau hạn: ${fmtPts(rule.latePoints)}; không có: ${fmtPts(rule.missingPoints)}`;
    }
    case 'perOccurrence':
      return `Mỗi lần trừ ${fmtPts(rule.deduction)} điểm, tối thiểu ${fmtPts(rule.floor)}`;
    case 'noOccurrenceFullMarks':
      return [
        `Không phát sinh: ${fmtPts(maxPoints)}`,
        ...(rule.otherwise ? [ruleToText(rule.otherwise, maxPoints)] : []),
      ].join(';\n');
    case 'survey':
      return rule.bands
        ? `Theo kết quả khảo sát: ${bandsText(rule.bands, rule.otherwise)}`
        : 'Theo kết quả khảo sát (không tự chấm)';
    case 'manual':
      return `Chấm theo thực tế (0–${fmtPts(maxPoints)})`;
  }
}
