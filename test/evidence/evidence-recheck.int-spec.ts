/**
 * Re-evaluation of stored evidence when trust changes (issue 18 item 6). A document is uploaded under trust
 * configuration A (no anchors: indeterminate); the api and the reports process start again under B (the signer's
 * root as anchor, its CRL served by a local HTTP server): the reports process sees stored verdicts under another
 * key, re-checks them in the background, and the document now reads valid with the new check time, the earlier
 * verdict in its history. Then the CA revokes the certificate (dated before the signing): the secretariat asks
 * for "Kiểm tra lại chữ ký" (202, a run to follow) and the document reads invalid. Real MariaDB, Redis, BullMQ and
 * crypto throughout; the test PKI is made here.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_SOURCE } from '@lib/database';
import { WorkflowRunner } from '@lib/workflow';
import type { DataSource } from 'typeorm';
import { startTestApi, startTestReportsWorker, type TestApi } from '../support/apps';
import { truncateAll } from '../support/database';
import { eventually } from '../support/engine';
import { createSession, type TestSession } from '../factories/session.factory';
import { createSheets, type SheetFixture } from '../factories/sheet.factory';
import { createUser } from '../factories/user.factory';
import { makeUnsignedPdf, signPdf } from '../fixtures/pdf/make-pdfs';
import { freePort, issue, makeCrl, pem, toP12, type Entity } from '../fixtures/pdf/relying-party-pki';

interface Verdict {
  verdict: string;
  checkedAt: string;
  cause: string;
  current: boolean;
  trustFingerprint: string | null;
}
interface Run {
  id: number;
  cause: string;
  state: string;
  total: number | null;
  done: number;
  changed: number;
  percent: number;
  messageVi: string;
}

interface DocumentRef {
  id: number;
  verdict: string;
  checkedAt: string;
  verdictCurrent: boolean;
}

/** Every document listed under the sheet view's criteria (each leaf carries its `evidence`). */
function documentsOf(node: unknown): DocumentRef[] {
  if (Array.isArray(node)) {
    return node.flatMap(documentsOf);
  }
  if (node && typeof node === 'object') {
    const n = node as Record<string, unknown>;
    return [
      ...(Array.isArray(n.evidence) ? (n.evidence as DocumentRef[]) : []),
      ...Object.values(n).flatMap(documentsOf),
    ];
  }
  return [];
}

const SIGNED_AT = new Date('2025-02-10T03:00:00Z');

describe('re-checking stored evidence when the trust configuration changes', () => {
  let api: TestApi;
  let reports: INestApplicationContext | undefined;
  let ds: DataSource;
  let fx: SheetFixture;
  let dir: string;
  let crlServer: Server;
  let root: Entity;
  let person: Entity;
  const crls = new Map<string, Buffer>();
  let evidenceId: number;
  let uploadedCheckedAt: string;

  const sessions = async (a: TestApi): Promise<{ owner: TestSession; admin: TestSession }> => {
    const admin = await createUser(ds, { organisationId: fx.sheets[0].organisationId, roles: ['admin'] });
    return {
      owner: await createSession(ds, a.config, a.url, fx.sheets[0].officer),
      admin: await createSession(ds, a.config, a.url, admin),
    };
  };
  const verdicts = async (s: TestSession): Promise<Verdict[]> => {
    const res = await s.fetch(`/api/evidence/${evidenceId}/verdicts`);
    expect(res.status).toBe(200);
    return (await res.json()) as Verdict[];
  };
  const runs = async (s: TestSession): Promise<Run[]> => {
    const res = await s.fetch('/api/evidence-rechecks');
    expect(res.status).toBe(200);
    return (await res.json()) as Run[];
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recheck-'));
    const port = await freePort();
    crlServer = createServer((req, res) => {
      const body = crls.get(req.url ?? '');
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/pkix-crl' });
      res.end(body);
    });
    await new Promise<void>((resolve) => crlServer.listen(port, '127.0.0.1', resolve));
    root = await issue({ cn: 'Re-check Test Root', ca: true });
    person = await issue({ cn: 'Trần Thị Bình', issuer: root, crlUrl: `http://127.0.0.1:${port}/root.crl` });
    crls.set('/root.crl', await makeCrl(root, []));
    await writeFile(join(dir, 'root.pem'), pem(root));

    // Trust configuration A: no anchors.
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    await truncateAll(ds);
    await rm(api.config.uploads.dir, { recursive: true, force: true });
    fx = await createSheets(ds, api.app.get(WorkflowRunner));
    const { owner } = await sessions(api);
    const body = new FormData();
    for (const [k, v] of Object.entries({
      criterionCodes: '1.1.1',
      documentType: 'KH',
      documentNumber: '20/KH-UBND',
      issuedOn: '10/02/2025',
      issuingBody: 'UBND phường Yên Thanh',
      summary: 'Kế hoạch cải cách hành chính năm 2025',
    })) {
      body.append(k, v);
    }
    const pdf = await signPdf(await makeUnsignedPdf(), await toP12(person), SIGNED_AT);
    body.append('file', new Blob([pdf], { type: 'application/pdf' }), 'kh-20.pdf');
    const res = await owner.fetch(`/api/sheets/${fx.sheets[0].id}/evidence`, { method: 'POST', body });
    expect(res.status).toBe(201);
    const uploaded = (await res.json()) as { id: number; verdict: string; checkedAt: string; verdictCurrent: boolean };
    expect([uploaded.verdict, uploaded.verdictCurrent]).toEqual(['indeterminate', true]);
    evidenceId = uploaded.id;
    uploadedCheckedAt = uploaded.checkedAt;
    await api.close();
  });
  afterAll(async () => {
    await reports?.close();
    await api.close();
    await new Promise((resolve) => crlServer.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('should re-check at the start of the reports process under new anchors: valid now, checked later, the indeterminate verdict in the history', async () => {
    // Trust configuration B: the root as anchor. Both processes start again with it.
    api = await startTestApi({ TRUST_ANCHORS_DIR: dir });
    ds = api.app.get<DataSource>(DATA_SOURCE);
    reports = await startTestReportsWorker({ TRUST_ANCHORS_DIR: dir });
    const { owner, admin } = await sessions(api);

    const run = (await eventually(async () => (await runs(admin)).find((r) => r.state === 'done'), 60_000, 200))!;
    expect(run).toMatchObject({ cause: 'trustChanged', total: 1, done: 1, changed: 1, percent: 100 });
    expect(run.messageVi).toBe('Đã kiểm tra lại 1 tài liệu; 1 tài liệu có kết luận thay đổi.');

    const history = await verdicts(owner);
    expect(history.map((v) => [v.verdict, v.cause, v.current])).toEqual([
      ['valid', 'trustChanged', true],
      ['indeterminate', 'upload', false],
    ]);
    expect(history[0].trustFingerprint).not.toBe(history[1].trustFingerprint);
    expect(Date.parse(history[0].checkedAt)).toBeGreaterThan(Date.parse(uploadedCheckedAt));
    expect(history[1].checkedAt).toBe(uploadedCheckedAt);

    // What the unit and the appraisers read on the sheet: the current verdict and when it was checked.
    const sheet = await owner.fetch(`/api/sheets/${fx.sheets[0].id}`);
    expect(sheet.status).toBe(200);
    const doc = documentsOf(await sheet.json()).find((d) => d.id === evidenceId)!;
    expect([doc.id, doc.verdict, doc.checkedAt, doc.verdictCurrent]).toEqual([
      evidenceId,
      'valid',
      history[0].checkedAt,
      true,
    ]);
  });

  it('should re-check when the secretariat asks after a revocation became known: 202 with a run to follow, then invalid', async () => {
    const { owner, admin } = await sessions(api);
    crls.set('/root.crl', await makeCrl(root, [{ entity: person, at: new Date('2025-01-20T00:00:00Z') }]));

    const res = await admin.fetch('/api/evidence-rechecks', { method: 'POST' });
    expect(res.status).toBe(202);
    const accepted = (await res.json()) as { run: Run; created: boolean };
    expect(accepted).toMatchObject({ created: true, run: { cause: 'requested' } });
    const again = await admin.fetch('/api/evidence-rechecks', { method: 'POST' });
    const second = (await again.json()) as { run: Run; created: boolean };
    // A second click while it is queued or running is the same run (or, if it already ended, a fresh one).
    expect(second.created ? second.run.id > accepted.run.id : second.run.id === accepted.run.id).toBe(true);

    const ended = await eventually(
      async () => {
        const r = await admin.fetch(`/api/evidence-rechecks/${accepted.run.id}`);
        const run = (await r.json()) as Run;
        return run.state === 'done' ? run : undefined;
      },
      60_000,
      200,
    );
    expect(ended).toMatchObject({ total: 1, done: 1, changed: 1, percent: 100 });
    const history = await verdicts(owner);
    expect(history.map((v) => [v.verdict, v.cause])).toEqual(
      expect.arrayContaining([
        ['invalid', 'requested'],
        ['valid', 'trustChanged'],
        ['indeterminate', 'upload'],
      ]),
    );
    expect(history[0]).toMatchObject({ verdict: 'invalid', cause: 'requested', current: true });

    // Another authority's officer cannot read the history; a unit officer cannot start a re-check.
    const stranger = await createSession(ds, api.config, api.url, fx.sheets[1].officer);
    expect((await stranger.fetch(`/api/evidence/${evidenceId}/verdicts`)).status).toBe(404);
    expect((await owner.fetch('/api/evidence-rechecks', { method: 'POST' })).status).toBe(403);
  });
});
