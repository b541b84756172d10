/**
 * Issue 18: a stored file's verdict is the latest computed one, not the first. The same bytes uploaded again
 * after the trust anchors changed must answer with the new verdict (it used to keep the first forever), under its
 * key (verifier version, trust fingerprint), and the earlier verdict stays in evidence_verdicts.
 */
import type { DataSource } from 'typeorm';
import { upsertEvidenceFile, type EvidenceFileWrite } from '../../apps/api/src/app.factory';
import { openTestDataSource, truncateAll } from '../support/database';

describe('evidence file verdict on re-upload', () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = await openTestDataSource();
    await truncateAll(ds);
  });
  afterAll(async () => {
    await truncateAll(ds);
    await ds.destroy();
  });

  it('should keep one row per content and take the verdict and signatures of the latest check', async () => {
    const file: EvidenceFileWrite = {
      sha256: 'a'.repeat(64),
      sizeBytes: 1234,
      storageKey: `aa/${'a'.repeat(64)}`,
      pdfVersion: '1.7',
      riskFlags: [],
      verdict: 'indeterminate',
      signatures: [],
      signedAt: null,
      verifierVersion: 'v1',
      trustFingerprint: '0'.repeat(64),
      checkedAt: new Date('2026-01-01T00:00:00Z'),
    };
    const first = await ds.transaction((em) => upsertEvidenceFile(em, file));
    const signedAt = new Date('2025-01-15T02:30:00Z');
    const again = await ds.transaction((em) =>
      upsertEvidenceFile(em, {
        ...file,
        verdict: 'valid',
        signedAt,
        trustFingerprint: 'b'.repeat(64),
        checkedAt: new Date('2026-01-02T00:00:00Z'),
      }),
    );

    expect(again).toBe(first);
    const rows: Array<{ n: number; signature_verdict: string; signed_at: Date }> = await ds.query(
      'SELECT COUNT(*) OVER () AS n, signature_verdict, signed_at FROM evidence_files',
    );
    expect(rows.map((r) => [Number(r.n), r.signature_verdict, new Date(r.signed_at).toISOString()])).toEqual([
      [1, 'valid', signedAt.toISOString()],
    ]);
    const [key]: Array<{ trust_fingerprint: string; checked_at: Date }> = await ds.query(
      'SELECT trust_fingerprint, checked_at FROM evidence_files',
    );
    expect([key.trust_fingerprint, new Date(key.checked_at).toISOString()]).toEqual([
      'b'.repeat(64),
      '2026-01-02T00:00:00.000Z',
    ]);
    const history: Array<{ signature_verdict: string; trust_fingerprint: string; cause: string }> = await ds.query(
      'SELECT signature_verdict, trust_fingerprint, cause FROM evidence_verdicts ORDER BY checked_at',
    );
    expect(history.map((h) => [h.signature_verdict, h.trust_fingerprint[0], h.cause])).toEqual([
      ['indeterminate', '0', 'upload'],
      ['valid', 'b', 'upload'],
    ]);
  });
});
