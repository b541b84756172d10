import { DATA_SOURCE, rows } from '@lib/database';
import { WorkflowRunner } from '@lib/workflow';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createSession } from '../factories/session.factory';
import { createSheets } from '../factories/sheet.factory';
import { makeSignedPdf, makeUnsignedPdf } from '../fixtures/pdf/make-pdfs';
import { startTestApi, type TestApi } from '../support/apps';
import { truncateAll } from '../support/database';
import { startTestS3, type TestS3 } from '../support/s3';

interface ErrorBody {
  error: { code: string; message: string; messageVi: string };
}

function form(file: Buffer, number: string): FormData {
  const f = new FormData();
  f.append('criterionCodes', '1.1.1');
  for (const [k, v] of Object.entries({
    documentType: 'KH',
    documentNumber: number,
    issuedOn: '15/01/2023',
    issuingBody: 'UBND',
    summary: 'Kế hoạch',
  })) {
    f.append(k, v);
  }
  f.append('file', new Blob([file], { type: 'application/pdf' }), `${number.replace('/', '-')}.pdf`);
  return f;
}

// Object storage going away must not turn into a 500 or a half-saved upload: the person is told to try again.
describe('evidence with the object store down', () => {
  let s3: TestS3;
  let api: TestApi;

  beforeAll(async () => {
    s3 = await startTestS3();
    api = await startTestApi(s3.env);
    await rm(api.config.uploads.dir, { recursive: true, force: true });
  });
  afterAll(() => api.close());

  it('should answer 503 in Vietnamese to an upload and a download, saving nothing and leaving no quarantine file', async () => {
    const ds = api.app.get<DataSource>(DATA_SOURCE);
    await truncateAll(ds);
    const fx = await createSheets(ds, api.app.get(WorkflowRunner), { units: 1 });
    const s = await createSession(ds, api.config, api.url, fx.sheets[0].officer);
    const upload = (body: FormData) => s.fetch(`/api/sheets/${fx.sheets[0].id}/evidence`, { method: 'POST', body });
    const first = (await (await upload(form(await makeSignedPdf(), '1/KH'))).json()) as { id: number };
    expect(await s3.keys()).toHaveLength(1);

    await s3.close();
    const refused = await upload(form(await makeUnsignedPdf(), '2/KH'));
    const download = await s.fetch(`/api/evidence/${first.id}/download`);

    expect([refused.status, download.status]).toEqual([503, 503]);
    for (const body of [(await refused.json()) as ErrorBody, (await download.json()) as ErrorBody]) {
      expect(body.error.code).toBe('EVIDENCE_STORAGE_UNAVAILABLE');
      expect(body.error.messageVi).toContain('vui lòng thử lại');
    }
    const docs = await rows<{ document_number: string }>(ds.manager, 'SELECT document_number FROM evidence');
    expect(docs.map((d) => d.document_number)).toEqual(['1/KH']);
    expect(await readdir(join(api.config.uploads.dir, 'quarantine'))).toEqual([]);
  });
});
