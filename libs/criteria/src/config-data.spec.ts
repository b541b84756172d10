/**
 * The seed data in config/data: both sample catalogs validate and total 100, the Uông Bí 2023 plan loads,
 * and every leaf of both catalogs routes to at least one appraising organisation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkCatalogRouting, classesFor, conflictReviewer, loadCampaignPlan, routingTable, unitsOf } from './campaign';
import { loadCriteriaSetYaml } from './catalog-yaml';
import { leaves } from './tree';
import type { CriteriaSet } from './types';

const dataDir = join(__dirname, '..', '..', '..', 'config', 'data');
const read = (...p: string[]) => readFileSync(join(dataDir, ...p), 'utf8');

function loadPlan() {
  const res = loadCampaignPlan(read('campaigns', 'uong-bi-2023.yaml'));
  if (!res.ok) {
    throw new Error(JSON.stringify(res.problems, null, 2));
  }
  return res.value;
}

function loadSet(name: string): CriteriaSet {
  const res = loadCriteriaSetYaml(read('catalogs', `${name}.yaml`), { routing: routingTable(loadPlan()) });
  expect(res.problems).toEqual([]);
  if (!res.ok) {
    throw new Error(name);
  }
  return res.value;
}

describe('config/data', () => {
  it.each(['agency-sample', 'commune-sample'])('%s validates, is labelled a sample and totals 100', (name) => {
    const set = loadSet(name);
    expect(set.sample).toBe(true);
    expect(set.notice).toMatch(/MẪU/);
    expect(set.source).toMatch(/6614/);
    expect(set.totalPoints).toBe(100_000);
    expect(set.nodes.reduce((a, n) => a + n.maxPoints, 0)).toBe(100_000);
    expect(set.nodes.map((n) => n.code)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(leaves(set).every((l) => l.rule && l.contentArea)).toBe(true);
    expect(set.bonus?.cap).toBe(2000);
    expect(set.penalty?.cap).toBe(3000);
    expect(read('catalogs', `${name}.yaml`)).toMatch(/SAMPLE — a criteria set .*RECONSTRUCTED/);
  });

  it('uses every rule kind across the two samples', () => {
    const kinds = new Set(
      [...leaves(loadSet('agency-sample')), ...leaves(loadSet('commune-sample'))].map((l) => l.rule!.kind),
    );
    expect([...kinds].sort()).toEqual([
      'bands',
      'checklist',
      'deadline',
      'levels',
      'noOccurrenceFullMarks',
      'perOccurrence',
      'proportional',
      'survey',
    ]);
  });

  it('loads the Uông Bí 2023 plan: authority, 12 agencies, 10 communes/wards, appraisers, phases', () => {
    const plan = loadPlan();
    expect(plan.authority).toEqual({
      code: 'ubnd-uong-bi',
      name: 'Ủy ban nhân dân thành phố Uông Bí',
      secretariat: 'nv',
    });
    expect(plan.year).toBe(2023);
    expect(unitsOf(plan, 'agency').map((o) => o.code)).toEqual([
      'vp',
      'vhtt',
      'tp',
      'ldtbxh',
      'kt',
      'tnmt',
      'qldt',
      'yt',
      'tckh',
      'gddt',
      'nv',
      'ttr',
    ]);
    expect(unitsOf(plan, 'commune').map((o) => o.shortName)).toEqual([
      'Phường Bắc Sơn',
      'Phường Nam Khê',
      'Phường Phương Đông',
      'Phường Phương Nam',
      'Phường Quang Trung',
      'Phường Thanh Sơn',
      'Phường Trưng Vương',
      'Phường Vàng Danh',
      'Phường Yên Thanh',
      'Xã Thượng Yên Công',
    ]);
    expect(plan.organisations.filter((o) => !o.unitGroup).map((o) => o.code)).toEqual(['tthcc', 'btcd', 'ttvh']);
    expect(plan.unitGroups.map((g) => [g.key, g.catalog, g.table])).toEqual([
      ['agency', 'agency-sample', 1],
      ['commune', 'commune-sample', 2],
    ]);
    expect(plan.phases.map((p) => [p.key, p.deadline, p.deadlineUtc])).toEqual([
      ['selfAssessment', '2024-03-16T00:00:00+07:00', '2024-03-15T17:00:00Z'],
      ['appraisal', '2024-03-26T00:00:00+07:00', '2024-03-25T17:00:00Z'],
      ['councilReview', '2024-04-01T00:00:00+07:00', '2024-03-31T17:00:00Z'],
      ['approval', '2024-05-01T00:00:00+07:00', '2024-04-30T17:00:00Z'],
    ]);
    expect(classesFor(plan, 'commune').map((c) => [c.name, c.min])).toEqual([
      ['Xuất sắc', '90'],
      ['Tốt', '80'],
      ['Khá', '70'],
      ['Trung bình', '50'],
      ['Yếu', '0'],
    ]);
    expect(plan.scoring).toEqual({ bonusCap: 2000, penaltyCap: 3000, indexCapHundredths: 10000, decimals: 2 });
  });

  it('routes content areas as the plan says', () => {
    const r = routingTable(loadPlan());
    expect(r.get('chi-dao-dieu-hanh')).toEqual(['nv']);
    expect(r.get('cai-cach-the-che')).toEqual(['tp']);
    expect(r.get('thu-tuc-hanh-chinh')).toEqual(['vp', 'tthcc']);
    expect(r.get('nhiem-vu-duoc-giao')).toEqual(['vp', 'tthcc']);
    expect(r.get('iso-9001')).toEqual(['vp', 'tthcc']);
    expect(r.get('tai-chinh-cong')).toEqual(['tckh']);
    expect(r.get('chinh-quyen-so')).toEqual(['vhtt']);
    expect(r.get('tiep-cong-dan')).toEqual(['btcd', 'ttr']);
  });

  it('routes every leaf of both catalogs to at least one appraising organisation', () => {
    const plan = loadPlan();
    expect(checkCatalogRouting(plan, [loadSet('agency-sample'), loadSet('commune-sample')])).toEqual([]);
    expect(checkCatalogRouting(plan, [loadSet('agency-sample')]).map((p) => p.kind)).toEqual(['missing-catalog']);
  });

  it('flags an agency appraising its own sheet and names who confirms', () => {
    const plan = loadPlan();
    expect(conflictReviewer(plan, 'tp', 'cai-cach-the-che')).toBe('nv');
    expect(conflictReviewer(plan, 'nv', 'chi-dao-dieu-hanh')).toBe('council');
    expect(conflictReviewer(plan, 'kt', 'cai-cach-the-che')).toBeNull();
  });
});
