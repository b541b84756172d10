import ExcelJS from 'exceljs';
import { exportCriteriaXlsx, importCriteriaXlsx } from './catalog-xlsx';
import { areaKey, contentAreasOfSets, suggestRouting, unroutedAreas } from './routing-suggestion';
import { leaves } from './tree';

const ORGS = [
  { code: 'nv', name: 'Phòng Nội vụ', aliases: ['Nội vụ'] },
  { code: 'tp', name: 'Phòng Tư pháp' },
  { code: 'vp', name: 'Văn phòng HĐND và UBND thành phố', shortName: 'VP HĐND-UBND' },
  { code: 'vh', name: 'Phòng Văn hóa và Thông tin' },
  { code: 'vhtt', name: 'Phòng Văn hóa, Thể thao' },
];

async function sheet(data: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Phụ lục');
  data.forEach((r) => ws.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('routing suggestion', () => {
  it('should key a sheet wording accent-free, keep keys as they are, and never give two long names one key', () => {
    expect(areaKey('Phòng Nội vụ + Phòng Tư pháp')).toBe('phong-noi-vu-phong-tu-phap');
    expect(areaKey('tiep-cong-dan')).toBe('tiep-cong-dan');
    const long = 'Văn phòng Hội đồng nhân dân và Ủy ban nhân dân thành phố + Trung tâm Phục vụ hành chính công';
    expect(areaKey(long).length).toBeLessThanOrEqual(64);
    expect(areaKey(long)).not.toBe(areaKey(`${long} tỉnh`));
  });

  it('should suggest organisations by name, alias and the start of a name, and list the unknown and ambiguous', () => {
    const areas = [
      { code: 'a', name: 'Văn phòng HĐND và UBND', criteria: 2 },
      { code: 'b', name: 'nội vụ + PHONG TU PHAP', criteria: 1 },
      { code: 'c', name: 'Phòng Văn hóa', criteria: 1 },
      { code: 'd', name: 'Sở Xây dựng', criteria: 1 },
      { code: 'e', name: 'e', criteria: 1 },
    ];
    const out = suggestRouting(areas, ORGS, new Map([['e', { appraisers: ['tp', 'gone'], name: 'Tư pháp' }]]));
    expect(out.map((a) => [a.code, a.appraisers, a.source, a.unresolved.map((u) => [u.kind, u.candidates])])).toEqual([
      ['a', ['vp'], 'sheet', []],
      ['b', ['nv', 'tp'], 'sheet', []],
      ['c', [], 'none', [['ambiguous', ['vh', 'vhtt']]]],
      ['d', [], 'none', [['unknown', []]]],
      ['e', ['tp'], 'previous', []],
    ]);
    expect(out[2].unresolved[0].problem.messageVi).toContain('Phòng Văn hóa và Thông tin; Phòng Văn hóa, Thể thao');
    expect(out[4].name).toBe('Tư pháp');
    expect(unroutedAreas(areas, out).map((a) => a.code)).toEqual(['c', 'd']);
  });

  it('should key an .xlsx imported outside a campaign by its wording, and export the wording back', async () => {
    const buf = await sheet([
      ['STT', 'Lĩnh vực/Tiêu chí/TCTP', 'Điểm tối đa', 'Hướng dẫn chấm', 'Tài liệu kiểm chứng', 'Cơ quan thẩm định'],
      ['1', 'Cải cách TTHC', 2, null, null, 'Văn phòng HĐND và UBND'],
      ['1.1', 'Công khai TTHC', 1, 'Đạt: 1; Không đạt: 0', null, null],
      ['1.2', 'Tiếp nhận hồ sơ', 1, 'Đạt: 1; Không đạt: 0', null, 'Phòng Nội vụ + Phòng Tư pháp'],
      [null, 'Tổng cộng', 2],
    ]);
    const res = await importCriteriaXlsx(buf, { key: 'k', totalPoints: 2000 });
    expect(res.ok).toBe(true);
    if (!res.ok) {
      return;
    }
    expect(leaves(res.value).map((l) => l.contentArea)).toEqual([
      'van-phong-hdnd-va-ubnd',
      'phong-noi-vu-phong-tu-phap',
    ]);
    expect(contentAreasOfSets([res.value]).map((a) => a.name)).toEqual([
      'Văn phòng HĐND và UBND',
      'Phòng Nội vụ + Phòng Tư pháp',
    ]);
    const again = await importCriteriaXlsx(await exportCriteriaXlsx(res.value), { key: 'k' });
    expect(again.ok && again.value.contentAreaNames).toEqual(res.value.contentAreaNames);
  });
});
