/**
 * Issue 18: a stored file's verdict is the latest computed one, not the first. The same bytes uploaded again
 * after the trust anchors changed must answer with the new verdict (it used to keep the first forever).
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
    };
    const first = await ds.transaction((em) => upsertEvidenceFile(em, file));
    const signedAt = new Date('2025-01-15T02:30:00Z');
    const again = await ds.transaction((em) => upsertEvidenceFile(em, { ...file, verdict: 'valid', signedAt }));

    expect(again).toBe(first);
    const rows: Array<{ n: number; signature_verdict: string; signed_at: Date }> = await ds.query(
      'SELECT COUNT(*) OVER () AS n, signature_verdict, signed_at FROM evidence_files',
    );
    expect(rows.map((r) => [Number(r.n), r.signature_verdict, new Date(r.signed_at).toISOString()])).toEqual([
      [1, 'valid', signedAt.toISOString()],
    ]);
  });
});
