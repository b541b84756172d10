/**
 * Báo cáo kiểm tra chữ ký (issue 18 item 7): GET /api/evidence/{id}/validation-report.json — the fixed fields per
 * signature in Vietnamese, the certificates the signatures carry, the verdict's time; the same 404 as opening the
 * document for anyone who may not open it.
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DATA_SOURCE } from '@lib/database';
import { WorkflowRunner } from '@lib/workflow';
import type { DataSource } from 'typeorm';
import { startTestApi, type TestApi } from '../support/apps';
import { truncateAll } from '../support/database';
import { createSession, type TestSession } from '../factories/session.factory';
import { createSheets, type SheetFixture } from '../factories/sheet.factory';
import { FIXTURE_SIGNER, makeDoublySignedPdf } from '../fixtures/pdf/make-pdfs';

const run = promisify(execFile);

interface Report {
  title: string;
  document: string;
  verdict: string;
  conclusion: string;
  verifiedAt: string;
  verifiedAtText: string;
  signatures: Array<{
    index: number;
    fields: Array<{ key: string; label: string; value: string }>;
    findings: string[];
    certificates: string[];
  }>;
}

const VIETNAMESE = /[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i;

describe('validation report of a document’s signatures', () => {
  let api: TestApi;
  let ds: DataSource;
  let fx: SheetFixture;
  let owner: TestSession;
  let evidenceId: number;
  let uploadedFrom: number;

  beforeAll(async () => {
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    await truncateAll(ds);
    await rm(api.config.uploads.dir, { recursive: true, force: true });
    fx = await createSheets(ds, api.app.get(WorkflowRunner));
    owner = await createSession(ds, api.config, api.url, fx.sheets[0].officer);
    const body = new FormData();
    body.append('criterionCodes', '1.1.1');
    for (const [k, v] of Object.entries({
      documentType: 'QĐ',
      documentNumber: '15/QĐ-UBND',
      issuedOn: '15/01/2023',
      issuingBody: FIXTURE_SIGNER.organisation,
      summary: 'Quyết định ban hành kế hoạch cải cách hành chính',
    })) {
      body.append(k, v);
    }
    body.append('file', new Blob([await makeDoublySignedPdf()], { type: 'application/pdf' }), 'qd-15.pdf');
    uploadedFrom = Date.now();
    const res = await owner.fetch(`/api/sheets/${fx.sheets[0].id}/evidence`, { method: 'POST', body });
    expect(res.status).toBe(201);
    evidenceId = ((await res.json()) as { id: number }).id;
  });
  afterAll(async () => {
    await api.close();
  });

  it('should download as the owner unit: the eight fixed fields per signature in Vietnamese, the certificates, the verdict time', async () => {
    const res = await owner.fetch(`/api/evidence/${evidenceId}/validation-report.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="bao-cao-kiem-tra-chu-ky-${evidenceId}.json"; filename*=UTF-8''bao-cao-kiem-tra-chu-ky-${evidenceId}.json`,
    );
    const report = (await res.json()) as Report;

    expect(report).toMatchObject({
      title: 'Báo cáo kiểm tra chữ ký số',
      document: 'QĐ 15/QĐ-UBND',
      // No trust anchors in the test configuration: integrity holds, trust is not established.
      verdict: 'indeterminate',
      conclusion: 'Chưa xác định được độ tin cậy',
    });
    expect(Date.parse(report.verifiedAt)).toBeGreaterThanOrEqual(uploadedFrom - 1000);
    expect(Date.parse(report.verifiedAt)).toBeLessThanOrEqual(Date.now());
    expect(report.verifiedAtText).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2} \(giờ Việt Nam\)$/);

    expect(report.signatures).toHaveLength(2);
    const field = (i: number, key: string) => report.signatures[i].fields.find((f) => f.key === key)?.value;
    for (const s of report.signatures) {
      expect(s.fields.map((f) => f.label)).toEqual([
        'Người ký',
        'Cơ quan',
        'Loại chữ ký',
        'Thời điểm ký và nguồn thời gian',
        'Chuỗi tin cậy',
        'Trạng thái thu hồi',
        'Toàn vẹn',
        'Kết luận',
      ]);
      expect(s.fields.filter((f) => !VIETNAMESE.test(f.value))).toEqual([]);
      expect(s.findings).toEqual([expect.stringContaining('chưa được cấu hình chứng thư gốc')]);
    }
    // The person signed, then the agency (CN = O): who, for which agency, which kind, when and by whose clock.
    expect([0, 1].map((i) => [field(i, 'signer'), field(i, 'organisation'), field(i, 'signatureType')])).toEqual([
      [FIXTURE_SIGNER.name, FIXTURE_SIGNER.organisation, 'Ký số cá nhân'],
      [FIXTURE_SIGNER.organisation, FIXTURE_SIGNER.organisation, 'Ký số cơ quan'],
    ]);
    expect(field(0, 'signingTime')).toBe(
      '15/01/2025 09:30:00 (giờ Việt Nam) — thời điểm do người ký khai báo trong chữ ký (không có dấu thời gian)',
    );
    expect(field(0, 'trustChain')).toBe('Chưa đối chiếu: hệ thống chưa được cấu hình chứng thư gốc');
    expect(field(0, 'revocation')).toBe('Chưa kiểm tra (chuỗi tin cậy chưa được xác lập)');
    expect(field(0, 'integrity')).toBe('Phần đã ký nguyên vẹn; sau chữ ký này tệp có bản bổ sung');
    expect(field(1, 'integrity')).toBe('Nguyên vẹn: nội dung không thay đổi từ khi ký');

    // The certificates the signatures carry, signer first: real X.509 a relying party can re-check.
    const subjects = report.signatures.map((s) => s.certificates.map((pem) => new X509Certificate(pem).subject));
    expect(subjects.map((list) => list[0])).toEqual([
      expect.stringContaining(`CN=${FIXTURE_SIGNER.name}`),
      expect.stringContaining(`CN=${FIXTURE_SIGNER.organisation}`),
    ]);
    expect(subjects.every((list) => list.length >= 1)).toBe(true);
  });

  it('should download the one-page PDF: the fixed fields and the verdict in Vietnamese, readable text (embedded font)', async () => {
    const res = await owner.fetch(`/api/evidence/${evidenceId}/validation-report.pdf`);
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    const dir = await mkdtemp(join(tmpdir(), 'report-'));
    const path = join(dir, 'report.pdf');
    await writeFile(path, Buffer.from(await res.arrayBuffer()));
    const info = (await run('pdfinfo', [path])).stdout;
    const text = (await run('pdftotext', ['-layout', path, '-'])).stdout.replace(/\s+/g, ' ');
    await rm(dir, { recursive: true, force: true });

    expect(info).toMatch(/Pages:\s+1\n/);
    for (const expected of [
      'BÁO CÁO KIỂM TRA CHỮ KÝ SỐ',
      'Kết luận chung: Chưa xác định được độ tin cậy',
      'Chữ ký 1',
      'Chữ ký 2',
      'Thời điểm ký và nguồn thời gian',
      'Trạng thái thu hồi',
      'Ký số cá nhân',
      'Ký số cơ quan',
      FIXTURE_SIGNER.name,
      'Chứng thư người ký',
    ]) {
      expect({ expected, found: text.includes(expected) }).toEqual({ expected, found: true });
    }
  });

  it('should answer a unit officer of another unit the same 404 as a document that does not exist', async () => {
    const other = await createSession(ds, api.config, api.url, fx.sheets[1].officer);
    expect((await other.fetch(`/api/evidence/${evidenceId}/validation-report.pdf`)).status).toBe(404);
    const notYours = await other.fetch(`/api/evidence/${evidenceId}/validation-report.json`);
    const missing = await owner.fetch(`/api/evidence/${evidenceId + 1000}/validation-report.json`);
    expect([notYours.status, missing.status]).toEqual([404, 404]);
    const error = async (res: Response) => {
      const { requestId: _, ...rest } = ((await res.json()) as { error: Record<string, unknown> }).error;
      return rest;
    };
    expect(await error(notYours)).toEqual(await error(missing));
  });
});
