import { suggest, type LinkedDocument, type StoredSignature } from './suggestion';
import { parseRule } from './rule-schema';
import type { CriterionNode, Problem } from './types';

function parse(raw: Record<string, unknown>): { rule: ReturnType<typeof parseRule>; problems: Problem[] } {
  const problems: Problem[] = [];
  return { rule: parseRule(raw, { code: '1.1.1' }, problems), problems };
}

/** A verified signature as the verifier stores it (the fields the suggestion reads). */
function signature(over: Partial<StoredSignature>): StoredSignature {
  return {
    index: 0,
    signerName: 'Nguyễn Văn An',
    signerOrganisation: 'UBND phường Yên Thanh',
    signingTime: '2023-01-20T02:00:00.000Z',
    byteRangeValid: true,
    digestMatches: true,
    signatureValid: true,
    trust: 'trusted',
    status: 'valid',
    signerKind: 'person',
    ...over,
  };
}

const doc = (...signatures: StoredSignature[]): LinkedDocument => ({
  evidenceId: 7,
  documentNumber: '15/KH-UBND',
  verdict: 'valid',
  signatures: signatures.map((s, index) => ({ ...s, index })),
});

const leaf = (rule: Record<string, unknown>): CriterionNode => {
  const parsed = parse(rule);
  if (!parsed.rule) {
    throw new Error(JSON.stringify(parsed.problems));
  }
  return { code: '1.1.1', title: 'Kế hoạch CCHC', maxPoints: 1000, rule: parsed.rule, children: [] };
};

const ctx = { timeZone: 'Asia/Ho_Chi_Minh', assessmentYear: 2023 };
const deadline = { kind: 'deadline', due: '2023-02-01T00:00', latePoints: 0.5 };

describe('deadline suggestion (issue 18): the trusted time, and an organisation signature when required', () => {
  it('should decide by the verified timestamp, not the claimed time, and say so', () => {
    // Claimed 20/01 (on time) but stamped 03/02 (late): the timestamp is what a relying party can stand behind.
    const stamped = signature({ trustedTime: '2023-02-03T01:00:00.000Z', timeSource: 'timestamp' });

    const s = suggest(leaf(deadline), null, [doc(stamped)], ctx);

    expect(s.points).toBe(500);
    expect(s.decidedBy).toMatchObject({ signingTime: '2023-02-03T01:00:00.000Z', timeSource: 'timestamp' });
    expect(s.explanation).toContain('theo dấu thời gian đã kiểm tra');
  });

  it('should use the claimed time without a timestamp and say it is the signer’s claim', () => {
    const s = suggest(leaf(deadline), null, [doc(signature({ trustedTime: '2023-01-20T02:00:00.000Z' }))], ctx);

    expect(s.points).toBe(1000);
    expect(s.decidedBy).toMatchObject({ timeSource: 'claimed' });
    expect(s.explanation).toContain('người ký tự khai');
  });

  it('should say the organisation signature is missing when only a person signed', () => {
    const s = suggest(leaf({ ...deadline, signedBy: 'organisation' }), null, [doc(signature({}))], ctx);

    expect(s.points).toBeNull();
    expect(s.decidedBy).toBeNull();
    expect(s.explanation).toMatch(/yêu cầu văn bản có chữ ký số cơ quan.*chỉ có chữ ký số cá nhân/);
  });

  it('should take the organisation’s signature when a person signed first and the agency after', () => {
    const person = signature({ signingTime: '2023-01-10T02:00:00.000Z' });
    const agency = signature({ signingTime: '2023-02-05T02:00:00.000Z', signerKind: 'organisation' });

    const s = suggest(leaf({ ...deadline, signedBy: 'organisation' }), null, [doc(person, agency)], ctx);

    // The person's earlier date does not count: the agency signed after the deadline.
    expect(s.points).toBe(500);
    expect(s.decidedBy).toMatchObject({ signatureIndex: 1, signingTime: '2023-02-05T02:00:00.000Z' });
  });

  it('should refuse any other signedBy value in the rule data, in Vietnamese', () => {
    expect(parse({ ...deadline, signedBy: 'person' }).problems).toEqual([
      expect.objectContaining({ kind: 'invalid-signed-by', messageVi: expect.stringContaining('chữ ký số cơ quan') }),
    ]);
  });
});
