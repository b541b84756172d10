import { loadCriteriaSetYaml } from './catalog-yaml';
import { leafNode, parentNode, syntheticSet } from './test-helpers';
import type { CriteriaSet } from './types';
import { validateCriteriaSet } from './validate';

const kinds = (set: CriteriaSet, routing?: Record<string, string[]>) =>
  validateCriteriaSet(set, { routing }).map((p) => `${p.kind}@${p.code ?? ''}:${p.field ?? ''}`);

describe('validateCriteriaSet', () => {
  it('should accept a valid set', () => {
    expect(validateCriteriaSet(syntheticSet(3, 4))).toEqual([]);
  });

  it('should report duplicate codes', () => {
    const set = syntheticSet(1, 2);
    set.nodes[0].children[1].code = '1.1';
    expect(kinds(set)).toEqual(expect.arrayContaining(['duplicate-code@1.1:code', 'code-out-of-order@1.1:code']));
  });

  it('should report a parent whose max is not the sum of its children', () => {
    const set = syntheticSet(2, 2);
    set.nodes[1].maxPoints = 3000;
    set.totalPoints = 5000;
    const p = validateCriteriaSet(set);
    expect(p.map((x) => x.kind)).toEqual(['sum-mismatch']);
    expect(p[0]).toMatchObject({
      code: '2',
      field: 'maxPoints',
      messageVi: 'Điểm tối đa 3 khác tổng các mục con 2 (2.1: 1, 2.2: 1).',
    });
  });

  it('should report leaves without rule or content area', () => {
    const set: CriteriaSet = {
      key: 'k',
      title: 't',
      sample: false,
      totalPoints: 2000,
      nodes: [parentNode('1', [leafNode('1.1', 1000), leafNode('1.2', 1000)])],
    };
    delete set.nodes[0].children[0].rule;
    delete set.nodes[0].children[1].contentArea;
    expect(kinds(set)).toEqual(['missing-rule@1.1:rule', 'missing-content-area@1.2:contentArea']);
  });

  it('should report points outside 0..max in rules', () => {
    const set: CriteriaSet = {
      key: 'k',
      title: 't',
      sample: false,
      totalPoints: 1000,
      nodes: [
        parentNode('1', [
          leafNode('1.1', 1000, {
            kind: 'levels',
            levels: [
              { key: 'a', label: 'A', points: 1500 },
              { key: 'b', label: 'B', points: -1 },
            ],
          }),
        ]),
      ],
    };
    expect(kinds(set)).toEqual([
      'points-out-of-range@1.1:rule.levels[0].points',
      'points-out-of-range@1.1:rule.levels[1].points',
      'best-below-max@1.1:rule.levels',
    ]);
  });

  it('should report checklists that do not add up and bands that do not descend', () => {
    const set: CriteriaSet = {
      key: 'k',
      title: 't',
      sample: false,
      totalPoints: 2000,
      nodes: [
        parentNode('1', [
          leafNode('1.1', 1000, {
            kind: 'checklist',
            items: [1, 2, 3].map((i) => ({ key: `c${i}`, label: `C${i}`, points: 333 })),
          }),
          leafNode('1.2', 1000, {
            kind: 'bands',
            bands: [
              { min: '90', points: 1000 },
              { min: '95', points: 500 },
            ],
            otherwise: 0,
          }),
        ]),
      ],
    };
    expect(kinds(set)).toEqual(['checklist-sum-mismatch@1.1:rule.items', 'bands-not-descending@1.2:rule.bands[1].min']);
  });

  it('should report content areas without an appraiser when given the routing', () => {
    const set = syntheticSet(1, 2);
    set.nodes[0].children[1].contentArea = 'orphan';
    expect(kinds(set, { area: ['nv'] })).toEqual(['unknown-content-area@1.2:contentArea']);
    set.nodes[0].children[1].contentArea = 'area';
    expect(kinds(set, { area: [] })).toEqual(['no-appraiser@1.1:contentArea', 'no-appraiser@1.2:contentArea']);
  });

  it('should report codes out of order and not nested under their parent', () => {
    const set = syntheticSet(2, 2);
    set.nodes.reverse();
    set.nodes[0].children[0].code = '1.1';
    expect(kinds(set)).toEqual(expect.arrayContaining(['code-not-nested@1.1:code', 'code-out-of-order@1:code']));
    const bad = syntheticSet(1, 2);
    bad.nodes[0].children[0].code = '1.a';
    expect(kinds(bad)).toContain('invalid-code@1.a:code');
  });

  it('should report a declared total that differs from the fields', () => {
    const set = syntheticSet(1, 2);
    set.totalPoints = 100_000;
    expect(kinds(set)).toEqual(['total-mismatch@:totalPoints']);
  });

  it('should give YAML line numbers and keep going after the first problem', () => {
    const yaml = [
      'key: k', // 1
      'title: T', // 2
      'totalPoints: 3', // 3
      'nodes:', // 4
      '  - code: "1"', // 5
      '    title: Lĩnh vực', // 6
      '    maxPoints: 3', // 7
      '    contentArea: a', // 8
      '    children:', // 9
      '      - { code: "1.1", title: A, maxPoints: 1, rule: { kind: manual } }', // 10
      '      - { code: "1.1", title: B, maxPoints: abc, rule: { kind: manual } }', // 11
      '      - { code: "1.3", title: C, maxPoints: 1 }', // 12
    ].join('\n');
    const res = loadCriteriaSetYaml(yaml);
    expect(res.ok).toBe(false);
    expect(res.problems.map((p) => `${p.kind}:${p.line}`)).toEqual([
      'invalid-points:11',
      'sum-mismatch:5',
      'duplicate-code:11',
      'code-out-of-order:11',
      'missing-rule:12',
    ]);
  });
});
