import { indexByCode, leafNode, parentNode, toMilli, type CriteriaSet } from '@lib/criteria';
import { contentDisposition } from './content-disposition';
import { validateEntries } from './entry-validation';
import { decidingSignature, type LinkedDocument } from '@lib/criteria';

const set: CriteriaSet = {
  key: 't',
  title: 'T',
  sample: true,
  totalPoints: toMilli(4),
  nodes: [
    parentNode('1', [
      leafNode('1.1', toMilli(1), {
        kind: 'levels',
        levels: [
          { key: 'yes', label: 'Có', points: toMilli(1) },
          { key: 'no', label: 'Không', points: 0 },
        ],
      }),
      leafNode('1.2', toMilli(1), {
        kind: 'deadline',
        due: { month: 2, day: 1 },
        latePoints: toMilli(0.5),
        missingPoints: 0,
      }),
      leafNode('1.3', toMilli(2), { kind: 'survey', otherwise: 0 }),
    ]),
  ],
};
const doc = (signingTime: string, verdict = 'valid'): LinkedDocument => ({
  evidenceId: 1,
  documentNumber: '1/KH',
  verdict,
  signatures: [
    {
      index: 0,
      signerName: 'A',
      signerOrganisation: null,
      signingTime,
      byteRangeValid: true,
      digestMatches: true,
      signatureValid: true,
      trust: 'notEvaluated',
    },
  ],
});
const ctx = (documents: Record<string, LinkedDocument[]> = {}) => ({
  documents: new Map(Object.entries(documents)),
  timeZone: 'Asia/Ho_Chi_Minh',
  assessmentYear: 2023,
});

describe(validateEntries.name, () => {
  it('should accept a level score with an explanation and clear a score with null', () => {
    const { valid, problems } = validateEntries(
      indexByCode(set),
      [
        { code: '1.1', selfPoints: '1', explanation: ' Có ' },
        { code: '1.2', selfPoints: null },
      ],
      ctx(),
    );
    expect(problems).toEqual([]);
    expect(valid).toEqual([
      { code: '1.1', selfMilli: 1000, inputs: null, explanation: 'Có' },
      { code: '1.2', selfMilli: null, inputs: null, explanation: null },
    ]);
  });

  it('should hold a deadline leaf to the signing time of its evidence, and waive the explanation when evidence exists', () => {
    const late = validateEntries(
      indexByCode(set),
      [{ code: '1.2', selfPoints: 1 }],
      ctx({ '1.2': [doc('2023-02-03T00:00:00Z')] }),
    );
    expect(late.problems.map((p) => p.reason)).toEqual(['ruleMismatch']);
    const onTime = validateEntries(
      indexByCode(set),
      [{ code: '1.2', selfPoints: 1 }],
      ctx({ '1.2': [doc('2023-01-20T00:00:00Z')] }),
    );
    expect(onTime.problems).toEqual([]);
  });

  it('should refuse a self score on a survey leaf', () => {
    const { problems } = validateEntries(indexByCode(set), [{ code: '1.3', selfPoints: 1, explanation: 'x' }], ctx());
    expect(problems.map((p) => p.reason)).toEqual(['notSelfScorable']);
  });
});

describe(decidingSignature.name, () => {
  it('should take the earliest verified signature of a valid document and ignore modified ones', () => {
    expect(
      decidingSignature([doc('2023-01-20T00:00:00Z'), doc('2023-01-05T00:00:00Z', 'modifiedAfterSigning')]),
    ).toMatchObject({
      signingTime: '2023-01-20T00:00:00Z',
    });
    expect(decidingSignature([doc('2023-01-05T00:00:00Z', 'invalid')])).toBeNull();
  });
});

describe(contentDisposition.name, () => {
  it('should give an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('attachment', 'Kế hoạch "số 1".pdf')).toBe(
      `attachment; filename="Ke hoach _so 1_.pdf"; filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch%20%22s%E1%BB%91%201%22.pdf`,
    );
  });
});
