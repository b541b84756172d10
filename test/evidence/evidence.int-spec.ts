import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { DATA_SOURCE, rows } from '@lib/database';
import { WorkflowRunner } from '@lib/workflow';
import type { DataSource } from 'typeorm';
import { startTestApi, type TestApi } from '../support/apps';
import { startTestS3, type TestS3 } from '../support/s3';
import { truncateAll } from '../support/database';
import { reportFileVia, requestReportJob } from '../support/reports';
import { createSession, type TestSession } from '../factories/session.factory';
import { createSheets, type SheetFixture } from '../factories/sheet.factory';
import {
  FIXTURE_SIGNER,
  appendIncrementalUpdate,
  flipByteInSignedRange,
  makeEmptyFile,
  makeJpegBytes,
  makeSignedPdf,
  makeUnsignedPdf,
  truncate,
} from '../fixtures/pdf/make-pdfs';
import { runPdfsig } from '../fixtures/pdf/pdfsig-oracle';

const run = promisify(execFile);

interface ErrorBody {
  error: { code: string; message: string; messageVi: string };
}
interface EvidenceBody {
  id: number;
  verdict: string;
  codes: string[];
  deduplicated: boolean;
  sha256: string;
  signatures: { signerName: string | null; signingTime: string | null; trust: string }[];
}

const REF = {
  documentType: 'KH',
  documentNumber: '15/KH-UBND',
  issuedOn: '15/01/2023',
  issuingBody: 'UBND phường Yên Thanh',
  summary: 'Kế hoạch cải cách hành chính năm 2023',
};

function form(file: Buffer, filename: string, codes: string[], ref: Record<string, string> = REF): FormData {
  const f = new FormData();
  for (const code of codes) {
    f.append('criterionCodes', code);
  }
  for (const [k, v] of Object.entries(ref)) {
    f.append(k, v);
  }
  // The file last, as browsers send it after the fields of a form.
  f.append('file', new Blob([file], { type: 'application/pdf' }), filename);
  return f;
}

async function filesUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (d: string) => {
    for (const entry of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) {
        await walk(p);
      } else {
        found.push(p);
      }
    }
  };
  await walk(dir);
  return found;
}

// The same suite against each storage backend: the local folder, and S3 through a real S3-protocol server.
describe.each(['local', 's3'] as const)('evidence API (%s storage)', (backend) => {
  let s3: TestS3 | undefined;
  let api: TestApi;
  let ds: DataSource;
  let runner: WorkflowRunner;
  let fx: SheetFixture;
  let s: TestSession;
  let signed: Buffer;

  beforeAll(async () => {
    s3 = backend === 's3' ? await startTestS3() : undefined;
    api = await startTestApi(s3?.env);
    ds = api.app.get<DataSource>(DATA_SOURCE);
    runner = api.app.get(WorkflowRunner);
    signed = await makeSignedPdf();
  });
  beforeEach(async () => {
    await truncateAll(ds);
    await rm(api.config.uploads.dir, { recursive: true, force: true });
    await s3?.empty();
    fx = await createSheets(ds, runner);
    s = await createSession(ds, api.config, api.url, fx.sheets[0].officer);
  });
  afterAll(async () => {
    await api.close();
    await s3?.close();
  });

  /** Every stored file: paths in the local folder (quarantine included) and, for S3, `s3:<key>` in the bucket. */
  const stored = async () => [
    ...(await filesUnder(api.config.uploads.dir)).map((p) => relative(api.config.uploads.dir, p)),
    ...((await s3?.keys()) ?? []).map((key) => `s3:${key}`),
  ];

  const upload = (body: FormData, sheetId = fx.sheets[0].id, session = s) =>
    session.fetch(`/api/sheets/${sheetId}/evidence`, { method: 'POST', body });
  const count = async (table: string) =>
    Number((await rows<{ n: number }>(ds.manager, `SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  it('should give each signature verdict, integrity as pdfsig -nocert judges it: indeterminate (no anchors), invalid, modifiedAfterSigning, unsigned', async () => {
    // [our verdict, pdfsig's integrity-only verdict, file]: no trust anchors are configured here, so a sound
    // signature is 'indeterminate' (trust not established) where pdfsig, ignoring certificates, says valid.
    const cases: [string, string, Buffer][] = [
      ['indeterminate', 'valid', signed],
      ['invalid', 'invalid', flipByteInSignedRange(signed)],
      ['modifiedAfterSigning', 'modifiedAfterSigning', appendIncrementalUpdate(signed)],
      ['unsigned', 'unsigned', await makeUnsignedPdf()],
    ];
    const dir = await mkdtemp(join(tmpdir(), 'par-evidence-'));
    try {
      for (const [expected, integrity, pdf] of cases) {
        const res = await upload(form(pdf, `${expected}.pdf`, ['1.2.1']));
        expect(res.status).toBe(201);
        const body = (await res.json()) as EvidenceBody;
        expect(body.verdict).toBe(expected);
        const path = join(dir, `${expected}.pdf`);
        await writeFile(path, pdf);
        expect((await runPdfsig(path)).verdict).toBe(integrity);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const valid = (
      await rows<{ signatures: string }>(
        ds.manager,
        "SELECT signatures FROM evidence_files WHERE signature_verdict = 'indeterminate'",
      )
    )[0];
    expect(JSON.parse(valid.signatures)).toEqual([
      expect.objectContaining({ signerName: FIXTURE_SIGNER.name, trust: 'notEvaluated', status: 'indeterminate' }),
    ]);
  });

  it('should reject a JPEG renamed .pdf, an empty file, a truncated PDF, 21 MB and a ../ name with a clear 4xx, leaving no file and no row', async () => {
    const big = Buffer.concat([signed, Buffer.alloc(21 * 1024 * 1024 - signed.length, 0x20)]);
    const cases: [string, Buffer, string, number, string][] = [
      ['jpeg', makeJpegBytes(), 'anh.pdf', 415, 'NOT_A_PDF'],
      ['empty', makeEmptyFile(), 'rong.pdf', 400, 'EMPTY_FILE'],
      ['truncated', truncate(signed), 'cut.pdf', 400, 'PDF_TRUNCATED'],
      ['21 MB', big, 'lon.pdf', 413, 'UPLOAD_TOO_LARGE'],
      ['../ name', signed, '../../etc/ke-hoach.pdf', 400, 'BAD_FILENAME'],
    ];
    for (const [what, file, name, status, code] of cases) {
      const res = await upload(form(file, name, ['1.2.1']));
      const body = (await res.json()) as ErrorBody;
      expect([what, res.status, body.error.code]).toEqual([what, status, code]);
      expect(body.error.messageVi.length).toBeGreaterThan(5);
      expect(body.error.message.length).toBeGreaterThan(5);
    }
    expect(await stored()).toEqual([]);
    expect([await count('evidence_files'), await count('evidence'), await count('evidence_links')]).toEqual([0, 0, 0]);
  });

  it('should refuse an upload after the deadline with 423 before reading the file, leaving nothing', async () => {
    const late = await createSheets(ds, runner, { units: 1, selfAssessmentDueAt: new Date(Date.now() - 60_000) });
    const session = await createSession(ds, api.config, api.url, late.sheets[0].officer);
    const res = await upload(form(signed, 'tre-han.pdf', ['1.1.1']), late.sheets[0].id, session);
    expect(res.status).toBe(423);
    expect(((await res.json()) as ErrorBody).error.messageVi).toContain('đã kết thúc');
    expect(await stored()).toEqual([]);
    expect(await count('evidence')).toBe(0);
  });

  it('should store the same file once: a second upload adds links to the same document', async () => {
    const first = (await (await upload(form(signed, 'ke-hoach.pdf', ['1.1.1']))).json()) as EvidenceBody;
    const second = (await (await upload(form(signed, 'ke-hoach.pdf', ['1.1.2', '1.1.1']))).json()) as EvidenceBody;
    expect(second).toMatchObject({ id: first.id, deduplicated: true, codes: ['1.1.1', '1.1.2'] });
    // Another unit uploading the same bytes gets its own document row, sharing the stored file.
    const other = await createSession(ds, api.config, api.url, fx.sheets[1].officer);
    expect((await upload(form(signed, 'ke-hoach.pdf', ['1.1.1']), fx.sheets[1].id, other)).status).toBe(201);
    expect([await count('evidence_files'), await count('evidence'), await count('evidence_links')]).toEqual([1, 2, 3]);
    const key = `files/${first.sha256.slice(0, 2)}/${first.sha256.slice(2, 4)}/${first.sha256}.pdf`;
    expect(await stored()).toEqual([backend === 's3' ? `s3:${key}` : key]);
  });

  it('should take a deadline leaf’s suggested points from the signing time and say which signature decided', async () => {
    expect((await upload(form(signed, 'ke-hoach.pdf', ['1.1.1']))).status).toBe(201);
    const view = (await (await s.fetch(`/api/sheets/${fx.sheets[0].id}`)).json()) as {
      nodes: {
        code: string;
        children: { code: string; children: { code: string; suggested: unknown; evidence: unknown[] }[] }[];
      }[];
    };
    const leaf = view.nodes[0].children[0].children.find((n) => n.code === '1.1.1')!;
    // The campaign assesses 2023 (plan due 01/02/2023); the fixture is signed on 15/01/2025 → late: 0.5.
    expect(leaf.suggested).toMatchObject({
      points: 0.5,
      decidedBy: {
        signerName: FIXTURE_SIGNER.name,
        signingTime: FIXTURE_SIGNER.signingTime.toISOString(),
        signatureIndex: 0,
        timeSource: 'claimed',
      },
    });
    expect((leaf.suggested as { explanation: string }).explanation).toContain('15/01/2025');
    // No timestamp in the fixture: the suggestion says the time is the signer's own claim (issue 18).
    expect((leaf.suggested as { explanation: string }).explanation).toContain('người ký tự khai');
    expect(leaf.evidence).toEqual([
      expect.objectContaining({ documentNumber: '15/KH-UBND', verdict: 'indeterminate', issuedOn: '2023-01-15' }),
    ]);
  });

  it('should download with attachment + UTF-8 name, nosniff and a sandbox CSP, and view inline', async () => {
    const up = (await (await upload(form(signed, 'Kế hoạch CCHC 2023.pdf', ['1.1.1']))).json()) as EvidenceBody;
    const res = await s.fetch(`/api/evidence/${up.id}/download`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="Ke hoach CCHC 2023.pdf"; filename*=UTF-8''${encodeURIComponent('Kế hoạch CCHC 2023.pdf')}`,
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe('sandbox');
    expect(Buffer.from(await res.arrayBuffer()).equals(signed)).toBe(true);
    const inline = await s.fetch(`/api/evidence/${up.id}/view`);
    expect(inline.headers.get('content-disposition')).toMatch(/^inline; /);
    expect(inline.headers.get('content-security-policy')).toBe('sandbox');
  });

  it('should answer 404 to a unit officer of another unit for every evidence URL', async () => {
    const up = (await (await upload(form(signed, 'a.pdf', ['1.1.1']))).json()) as EvidenceBody;
    const other = await createSession(ds, api.config, api.url, fx.sheets[1].officer);
    const answers = [
      await other.fetch(`/api/evidence/${up.id}/download`),
      await other.fetch(`/api/evidence/${up.id}/view`),
      await other.fetch(`/api/evidence/${up.id}/links/1.1.1`, { method: 'DELETE' }),
      await requestReportJob(other, fx.campaignId, { kind: 'evidence-zip', subjectId: fx.sheets[0].id }),
      await upload(form(signed, 'b.pdf', ['1.1.1']), fx.sheets[0].id, other),
    ];
    expect(answers.map((r) => r.status)).toEqual([404, 404, 404, 404, 404]);
    expect(await count('evidence_links')).toBe(1);
  });

  it('should answer the same 404 to unlinking another unit’s document as to unlinking one that does not exist', async () => {
    const up = (await (await upload(form(signed, 'a.pdf', ['1.1.1']))).json()) as EvidenceBody;
    const other = await createSession(ds, api.config, api.url, fx.sheets[1].officer);
    const answer = async (res: Response) => {
      const { error } = (await res.json()) as { error: { code: string; message: string; messageVi: string } };
      return { status: res.status, code: error.code, message: error.message, messageVi: error.messageVi };
    };
    const notYours = await answer(await other.fetch(`/api/evidence/${up.id}/links/1.1.1`, { method: 'DELETE' }));
    const missing = await answer(await other.fetch(`/api/evidence/${up.id + 1000}/links/1.1.1`, { method: 'DELETE' }));
    expect(notYours.status).toBe(404);
    expect(notYours).toEqual(missing);
    expect(await count('evidence_links')).toBe(1);
  });

  it('should export a ZIP with one folder per criterion code (a report job), and unlink while editable', async () => {
    await upload(form(signed, 'ke-hoach.pdf', ['1.1.1', '1.1.2']));
    await upload(form(await makeUnsignedPdf(), 'bao-cao.pdf', ['1.2.1'], { ...REF, documentNumber: '20/BC-UBND' }));
    // Built by the reports process's handler from this backend's storage, served from it (reports/…).
    const { jobId, file: res } = await reportFileVia(api.app, s, fx.campaignId, {
      kind: 'evidence-zip',
      subjectId: fx.sheets[0].id,
    });
    expect(res.status).toBe(200);
    // Progress counted in files: three entries (one document in two criterion folders).
    expect(await (await s.fetch(`/api/report-jobs/${jobId}`)).json()).toMatchObject({
      state: 'done',
      doneCount: 3,
      totalCount: 3,
    });
    expect(res.headers.get('content-type')).toBe('application/zip');
    const dir = await mkdtemp(join(tmpdir(), 'par-zip-'));
    try {
      await writeFile(join(dir, 'e.zip'), Buffer.from(await res.arrayBuffer()));
      const { stdout } = await run('unzip', ['-Z1', join(dir, 'e.zip')]);
      expect(stdout.trim().split('\n').sort()).toEqual([
        '1.1.1/ke-hoach.pdf',
        '1.1.2/ke-hoach.pdf',
        '1.2.1/bao-cao.pdf',
      ]);
      await run('unzip', ['-q', '-t', join(dir, 'e.zip')]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const [doc] = await rows<{ id: number }>(
      ds.manager,
      "SELECT id FROM evidence WHERE document_number = '20/BC-UBND'",
    );
    expect((await s.fetch(`/api/evidence/${doc.id}/links/1.2.1`, { method: 'DELETE' })).status).toBe(204);
    expect([await count('evidence'), await count('evidence_links')]).toEqual([1, 2]);
  });
});
