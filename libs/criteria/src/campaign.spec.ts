import { loadCampaignPlan } from './campaign';

const base = `
kind: campaignPlan
key: demo
year: 2025
title: Demo
authority: { code: ubnd-x, name: UBND X, secretariat: nv }
unitGroups:
  - { key: commune, name: Xã, catalog: commune-sample }
organisations:
  - { code: nv, name: Sở Nội vụ }
  - { code: x-a, name: Xã A, unitGroup: commune }
contentAreas:
  - { code: a, name: A, appraisers: [nv] }
phases:
  - { key: selfAssessment, name: S, deadline: "2026-01-16T00:00:00+07:00" }
  - { key: appraisal, name: A, deadline: "2026-02-01T00:00:00+07:00" }
  - { key: councilReview, name: C, deadline: "2026-02-15T00:00:00+07:00" }
  - { key: approval, name: P, deadline: "2026-03-01T00:00:00+07:00" }
`;

describe('loadCampaignPlan', () => {
  it('should load a minimal plan for any authority, with defaults', () => {
    const res = loadCampaignPlan(base);
    expect(res.problems).toEqual([]);
    expect(res.ok && res.value.classes.length).toBe(5);
    expect(res.ok && res.value.timeZone).toBe('Asia/Ho_Chi_Minh');
  });

  it('should report every problem with its line', () => {
    const bad = base
      .replace('secretariat: nv', 'secretariat: none')
      .replace('appraisers: [nv]', 'appraisers: [ghost]')
      .replace('"2026-02-01T00:00:00+07:00"', '"2026-02-01T00:00"')
      .replace('{ code: x-a, name: Xã A, unitGroup: commune }', '{ code: X A, name: Xã A, unitGroup: ward }');
    const res = loadCampaignPlan(bad);
    expect(res.ok).toBe(false);
    expect(res.problems.map((p) => `${p.kind}:${p.line}`)).toEqual([
      'invalid-code:11',
      'unknown-organisation:6',
      'unknown-group:11',
      'empty-group:8',
      'unknown-organisation:13',
      'invalid-deadline:16',
    ]);
  });

  it('should refuse deadlines that go backwards and phases out of order', () => {
    const res = loadCampaignPlan(base.replace('"2026-02-15T00:00:00+07:00"', '"2026-01-01T00:00:00+07:00"'));
    expect(res.problems.map((p) => [p.kind, p.line, p.messageVi])).toEqual([
      ['deadline-order', 17, 'Hạn họp Hội đồng thẩm định (31/12/2025) phải sau hạn thẩm định (31/01/2026).'],
    ]);
    const swapped = loadCampaignPlan(
      base
        .replace('key: appraisal', 'key: tmp')
        .replace('key: councilReview', 'key: appraisal')
        .replace('key: tmp', 'key: councilReview'),
    );
    expect(swapped.problems.map((p) => p.kind)).toEqual(['phases-order']);
  });

  it('should report YAML syntax errors', () => {
    expect(loadCampaignPlan('key: [unclosed').problems[0].kind).toBe('yaml-syntax');
  });
});
