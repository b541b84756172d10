import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCampaignPlan } from './campaign';
import { loadCriteriaSetYaml } from './catalog-yaml';
import { exportCriteriaXlsx, importCriteriaXlsx } from './catalog-xlsx';
import { parseRuleText, ruleToText } from './rule-text';
import { leaves } from './tree';
import type { CriteriaSet, CriterionNode, ScoringRule } from './types';

const dataDir = join(__dirname, '..', '..', '..', 'config', 'data');

async function sheet(rows: (string | number | null)[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Phụ lục I');
  rows.forEach((r) => ws.addRow(r));
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const HEADER = [
  'STT',
  'Lĩnh vực/Tiêu chí/TCTP',
  'Điểm tối đa',
  'Hướng dẫn chấm',
  'Tài liệu kiểm chứng',
  'Cơ quan thẩm định',
];

/** Strip source locations, which legitimately differ between a YAML and an xlsx origin. */
function strip(set: CriteriaSet): CriteriaSet {
  const node = (n: CriterionNode): CriterionNode => {
    const { source: _s, ...rest } = n;
    return { ...rest, children: n.children.map(node) };
  };
  return { ...set, nodes: set.nodes.map(node) };
}

describe('importCriteriaXlsx', () => {
  it('should import the usual layout, finding the header below title rows (diacritics-insensitive)', async () => {
    const buf = await sheet([
      ['PHỤ LỤC I — Bộ tiêu chí'],
      [],
      ['stt/ma', 'LINH VUC/TIEU CHI/TCTP', 'diem toi da', 'Cách tính', 'Tai lieu kiem chung', 'Co quan tham dinh'],
      ['1', 'Công tác chỉ đạo, điều hành', 4, null, null, 'chi-dao'],
      ['1.1', 'Kế hoạch CCHC', 1, 'Ký trước ngày 01/02: 1; sau hạn: 0,5; không có: 0', 'Kế hoạch', null],
      ['1.2', 'Tỷ lệ hồ sơ đúng hạn', 3, '≥ 100%: 3; ≥ 98%: 2; ≥ 95%: 1; còn lại: 0', null, null],
      [null, 'Tổng cộng', 4],
    ]);
    const res = await importCriteriaXlsx(buf, { key: 'k' });
    expect(res.problems).toEqual([]);
    expect(res.ok).toBe(true);
    expect(res.headerRow).toBe(3);
    if (!res.ok) {
      return;
    }
    const [f] = res.value.nodes;
    expect(f.children.map((c) => [c.code, c.maxPoints, c.contentArea, c.rule?.kind, c.source?.row])).toEqual([
      ['1.1', 1000, 'chi-dao', 'deadline', 5],
      ['1.2', 3000, 'chi-dao', 'bands', 6],
    ]);
    expect(res.value.totalPoints).toBe(4000);
  });

  it('should report every problem of a malformed sheet with its row, and import nothing', async () => {
    const buf = await sheet([
      HEADER, // 1
      ['1', 'Lĩnh vực 1', 3, null, null, 'a'], // 2: max 3 ≠ 1 + 1 + 0,5 (sum mismatch)
      ['1.1', 'Tiêu chí A', 1, 'Đạt: 1; Không đạt: 0', null, null], // 3
      ['1.2', 'Tiêu chí B', 'một điểm', 'Đạt: 1; Không đạt: 0', null, null], // 4: text in a points cell
      ['1.1', 'Tiêu chí A lặp', 1, 'Đạt: 1; Không đạt: 0', null, null], // 5: duplicate code
      ['1.3', 'Tiêu chí C', 0.5, 'Đạt: 0,5; Không: 0', null, null], // 6
    ]);
    const res = await importCriteriaXlsx(buf, { key: 'k', totalPoints: 3000 });
    expect(res.ok).toBe(false);
    expect('value' in res).toBe(false);
    const found = res.problems.map((p) => `${p.row}:${p.kind}`);
    expect(found).toEqual(expect.arrayContaining(['2:sum-mismatch', '4:invalid-points', '5:duplicate-code']));
    const invalid = res.problems.find((p) => p.kind === 'invalid-points')!;
    expect(invalid).toMatchObject({ row: 4, code: '1.2', field: 'Điểm tối đa' });
    expect(invalid.messageVi).toContain('"một điểm"');
    expect(res.problems.find((p) => p.kind === 'duplicate-code')!.messageVi).toBe(
      'Mã "1.1" bị trùng (đã có ở dòng 3).',
    );
  });

  it('should report a missing column on the header row', async () => {
    const buf = await sheet([
      ['STT', 'Lĩnh vực/Tiêu chí/TCTP', 'Hướng dẫn chấm', 'Cơ quan thẩm định'],
      ['1', 'Lĩnh vực', null, 'a'],
      ['1.1', 'Tiêu chí', 'Đạt: 1; Không đạt: 0', null],
    ]);
    const res = await importCriteriaXlsx(buf, { key: 'k' });
    expect(res.ok).toBe(false);
    expect(res.problems.filter((p) => p.severity === 'error').map((p) => [p.row, p.kind, p.field])).toContainEqual([
      1,
      'missing-column',
      'Điểm tối đa',
    ]);
  });

  it('should report a sheet with no header at all', async () => {
    const res = await importCriteriaXlsx(
      await sheet([
        ['a', 'b'],
        ['c', 'd'],
      ]),
    );
    expect(res).toMatchObject({ ok: false, problems: [{ kind: 'missing-header' }] });
  });

  it('should fall back to manual (with a warning) for prose it cannot read', async () => {
    const buf = await sheet([
      HEADER,
      ['1', 'L', 2, null, null, 'a'],
      ['1.1', 'T', 2, 'Căn cứ mức độ thực hiện để chấm', null, null],
    ]);
    const res = await importCriteriaXlsx(buf, { key: 'k', totalPoints: 2000 });
    expect(res.ok).toBe(true);
    expect(res.problems.map((p) => [p.row, p.kind, p.severity])).toEqual([[3, 'rule-not-recognised', 'warning']]);
    expect(res.ok && res.value.nodes[0].children[0]).toMatchObject({
      rule: { kind: 'manual' },
      guidance: 'Căn cứ mức độ thực hiện để chấm',
    });
  });

  it('should resolve appraiser names through a campaign plan and flag ambiguity', async () => {
    const plan = loadCampaignPlan(readFileSync(join(dataDir, 'campaigns', 'uong-bi-2023.yaml'), 'utf8'));
    if (!plan.ok) {
      throw new Error('plan');
    }
    const routing = { contentAreas: plan.value.contentAreas, organisations: plan.value.organisations };
    const buf = await sheet([
      HEADER,
      ['1', 'Cải cách TTHC', 2, null, null, 'Văn phòng HĐND và UBND thành phố + Trung tâm Hành chính công'], // 2: two areas share vp+tthcc → ambiguous
      ['1.1', 'A', 1, 'Đạt: 1; Không: 0', null, 'Cải cách thủ tục hành chính'], // 3: by area name
      ['1.2', 'B', 1, 'Đạt: 1; Không: 0', null, 'Phòng Tư pháp'], // 4: by organisation → cai-cach-the-che
      ['2', 'Nội vụ', 1, null, null, 'Phòng Nội vụ'], // 5: ambiguous (Nội vụ appraises several areas)
      ['2.1', 'C', 1, 'Đạt: 1; Không: 0', null, null], // 6
    ]);
    const res = await importCriteriaXlsx(buf, { key: 'k', totalPoints: 3000, routing });
    expect(res.problems.filter((p) => p.severity === 'error').map((p) => `${p.row}:${p.kind}`)).toEqual([
      '2:unknown-appraiser',
      '5:unknown-appraiser',
      '6:missing-content-area',
    ]);
  });
});

describe('exportCriteriaXlsx', () => {
  it.each(['agency-sample', 'commune-sample'])('should round-trip %s through xlsx', async (name) => {
    const loaded = loadCriteriaSetYaml(readFileSync(join(dataDir, 'catalogs', `${name}.yaml`), 'utf8'));
    if (!loaded.ok) {
      throw new Error(JSON.stringify(loaded.problems));
    }
    const buf = await exportCriteriaXlsx(loaded.value);
    const back = await importCriteriaXlsx(buf);
    expect(back.problems).toEqual([]);
    expect(back.ok && strip(back.value)).toEqual(strip(loaded.value));
  });

  it('should round-trip through the guidance text alone for simple rules', async () => {
    const loaded = loadCriteriaSetYaml(readFileSync(join(dataDir, 'catalogs', 'commune-sample.yaml'), 'utf8'));
    if (!loaded.ok) {
      throw new Error('load');
    }
    const back = await importCriteriaXlsx(await exportCriteriaXlsx(loaded.value, { omitRuleJson: true }));
    expect(back.ok).toBe(true);
    if (!back.ok) {
      return;
    }
    // Keys and labels are regenerated from the text (l1, c1…); kinds, points and thresholds survive.
    // Leaves whose guidance is free prose (1.1.3, 7.3, 7.4) come back as manual, with a warning.
    const shape = (s: CriteriaSet) => leaves(s).map((l) => [l.code, l.maxPoints, l.contentArea, l.rule?.kind]);
    const expected = leaves(loaded.value).map((l) => [
      l.code,
      l.maxPoints,
      l.contentArea,
      l.guidance ? 'manual' : l.rule?.kind,
    ]);
    expect(shape(back.value)).toEqual(expected);
    expect(back.problems.map((p) => p.code)).toEqual(['1.1.3', '7.3', '7.4']);
    const prose = new Set(
      leaves(loaded.value)
        .filter((l) => l.guidance)
        .map((l) => l.code),
    );
    const points = (s: CriteriaSet) =>
      leaves(s)
        .filter((l) => !prose.has(l.code))
        .map((l) =>
          JSON.stringify(l.rule, (k, v: unknown) =>
            ['key', 'label', 'metric', 'occurrence', 'unit', 'source'].includes(k) ? undefined : v,
          ),
        );
    expect(points(back.value)).toEqual(points(loaded.value));
  });
});

describe('parseRuleText', () => {
  it.each([
    ['Đúng hạn: 1; Chậm: 0,5; Không: 0', 'levels'],
    ['100% → 2; ≥80% → 1; <80% → 0', 'bands'],
    ['Từ 98% trở lên: 2; còn lại: 0', 'bands'],
    ['+ A: 0,333\n+ B: 0,333\n+ C: 0,334', 'checklist'],
    ['Điểm = Tỷ lệ × điểm tối đa', 'proportional'],
    ['Mỗi nhiệm vụ quá hạn trừ 0,5 điểm, tối thiểu 0', 'perOccurrence'],
    ['Không phát sinh: 2; ≥ 100%: 2; còn lại: 0', 'noOccurrenceFullMarks'],
    ['Không tự chấm; theo kết quả điều tra xã hội học', 'survey'],
    ['Ký trước ngày 01/02/2024 08:30: 1; sau hạn: 0', 'deadline'],
  ])('should read "%s" as %s', (text, kind) => {
    const r = parseRuleText(text, 2000);
    expect(r.recognised).toBe(true);
    expect(r.rule.kind).toBe(kind);
  });

  it('should write segments that stay apart on one line, and read them back', () => {
    const levels: ScoringRule = {
      kind: 'levels',
      levels: [
        { key: 'l1', label: 'Tất cả đúng hạn', points: 2000 },
        { key: 'l2', label: 'Có chậm', points: 1000 },
      ],
    };
    const checklist: ScoringRule = {
      kind: 'checklist',
      items: [
        { key: 'c1', label: 'Có kế hoạch', points: 1000 },
        { key: 'c2', label: 'Có báo cáo', points: 1000 },
      ],
    };
    const oneLine = (rule: ScoringRule) => ruleToText(rule, 2000).replace(/\s+/g, ' ');
    // A screen collapses the line breaks: "Không phát sinh: 2 Tất cả đúng hạn: 2" ran together (issue 16).
    expect(oneLine({ kind: 'noOccurrenceFullMarks', otherwise: levels })).toBe(
      'Không phát sinh: 2; Tất cả đúng hạn: 2; Có chậm: 1',
    );
    expect(oneLine(checklist)).toBe('+ Có kế hoạch: 1; + Có báo cáo: 1');
    for (const rule of [levels, checklist, { kind: 'noOccurrenceFullMarks', otherwise: checklist } as ScoringRule]) {
      expect(parseRuleText(ruleToText(rule, 2000), 2000)).toEqual({ rule, recognised: true });
    }
  });

  it('should state a deadline to the second when the rule stores seconds, and read it back', () => {
    const rule: ScoringRule = { kind: 'deadline', due: '2024-02-01T08:30:45', latePoints: 0, missingPoints: 0 };
    expect(ruleToText(rule, 1000)).toBe('Ký trước ngày 01/02/2024 08:30:45: 1; sau hạn: 0; không có: 0');
    expect(parseRuleText(ruleToText(rule, 1000), 1000).rule).toEqual(rule);
  });

  it('should read back a deadline that requires an agency signature (the form edits the text, not the rule)', () => {
    const rule: ScoringRule = {
      kind: 'deadline',
      due: { month: 3, day: 15 },
      latePoints: 500,
      missingPoints: 0,
      signedBy: 'organisation',
    };
    expect(ruleToText(rule, 1000)).toBe('Ký (chữ ký số cơ quan) trước ngày 15/03: 1; sau hạn: 0,5; không có: 0');
    expect(parseRuleText(ruleToText(rule, 1000), 1000)).toEqual({ rule, recognised: true });
    expect(parseRuleText('Ký số của cơ quan trước ngày 15/03: 1; sau hạn: 0', 1000).rule).toMatchObject({
      signedBy: 'organisation',
    });
    expect(parseRuleText('Ký trước ngày 15/03: 1; sau hạn: 0', 1000).rule).not.toHaveProperty('signedBy');
  });
  it('should read an absolute deadline with its time', () => {
    expect(parseRuleText('Ký trước ngày 01/02/2024 08:30: 1; sau hạn: 0', 1000).rule).toEqual({
      kind: 'deadline',
      due: '2024-02-01T08:30',
      latePoints: 0,
      missingPoints: 0,
    });
    expect(ruleToText({ kind: 'deadline', due: '2024-02-01T08:30', latePoints: 0, missingPoints: 0 }, 1000)).toBe(
      'Ký trước ngày 01/02/2024 08:30: 1; sau hạn: 0; không có: 0',
    );
  });
});
