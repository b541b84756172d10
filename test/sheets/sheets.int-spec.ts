import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { leaves, syntheticSet } from '@lib/criteria';
import { DATA_SOURCE, rows } from '@lib/database';
import { WorkflowRunner } from '@lib/workflow';
import type { DataSource } from 'typeorm';
import { startTestApi, type TestApi } from '../support/apps';
import { requestReportJob } from '../support/reports';
import { truncateAll } from '../support/database';
import { completeEntries } from '../factories/scores.factory';
import { createSession, type TestSession } from '../factories/session.factory';
import { createSheets } from '../factories/sheet.factory';
import { createUser } from '../factories/user.factory';
import { appendIncrementalUpdate, makeSignedPdf } from '../fixtures/pdf/make-pdfs';

const run = promisify(execFile);

interface ErrorBody {
  error: { code: string; message: string; messageVi: string; details?: { problems?: Problem[] } };
}
interface Problem {
  index: number;
  row?: number;
  code: string;
  reason: string;
}
interface Node {
  code: string;
  leaf: boolean;
  selfPoints?: number | null;
  explanation?: string | null;
  suggested?: { points: number | null; explanation: string; selfScorable: boolean };
  rule?: { kind: string; description: string };
  totals: { self: number; selfIndex: number };
  children: Node[];
}
interface Sheet {
  id: number;
  status: string;
  editable: boolean;
  selfTotal: number;
  maxPoints: number;
  deadline: { dueAt: string; generation: number; extended: boolean; closed: boolean; secondsLeft: number };
  nodes: Node[];
  index: { self: number };
  fields: { code: string; self: number; selfIndex: number }[];
}

/** RFC 4180 lines → cells (LibreOffice quotes cells holding commas or newlines). */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell);
      out.push(row);
      row = [];
      cell = '';
    } else {
      cell += c;
    }
  }
  if (cell || row.length) {
    row.push(cell);
    out.push(row);
  }
  return out;
}

const flat = (nodes: Node[]): Node[] => nodes.flatMap((n) => [n, ...flat(n.children)]);
const put = (s: TestSession, id: number, entries: unknown[]) =>
  s.fetch(`/api/sheets/${id}/entries`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ entries }),
  });
const post = (s: TestSession, path: string, body?: unknown) =>
  s.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('score sheets API', () => {
  let api: TestApi;
  let ds: DataSource;
  let runner: WorkflowRunner;

  beforeAll(async () => {
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    runner = api.app.get(WorkflowRunner);
  });
  beforeEach(() => truncateAll(ds));
  afterAll(() => api.close());

  const sessionOf = (user: { id: number }) => createSession(ds, api.config, api.url, user);

  it('should answer 404 to a unit officer for every sheet URL of another unit, and list only its own', async () => {
    const fx = await createSheets(ds, runner);
    const [a, b] = fx.sheets;
    const s = await sessionOf(a.officer);
    const list = (await (await s.fetch(`/api/sheets?campaignId=${fx.campaignId}`)).json()) as { id: number }[];
    expect(list.map((x) => x.id)).toEqual([a.id]);
    expect((await s.fetch(`/api/sheets/${a.id}`)).status).toBe(200);
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('x')]), 'bieu.xlsx');
    const answers = [
      await s.fetch(`/api/sheets/${b.id}`),
      await put(s, b.id, [{ code: '1.2.1', selfPoints: 1, explanation: 'x' }]),
      await post(s, `/api/sheets/${b.id}/submit`),
      await s.fetch(`/api/sheets/${b.id}/export.xlsx`),
      await s.fetch(`/api/sheets/${b.id}/import`, { method: 'POST', body: form }),
      await requestReportJob(s, fx.campaignId, { kind: 'evidence-zip', subjectId: b.id }),
      await s.fetch(`/api/sheets/999999`),
    ];
    expect(answers.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404, 404]);
    const [entries] = await rows<{ n: number }>(ds.manager, 'SELECT COUNT(*) AS n FROM score_entries');
    expect(Number(entries.n)).toBe(0);
    // An admin of the authority reads both, but may not write a unit's self-assessment.
    const admin = await sessionOf(await createUser(ds, { roles: ['admin'], organisationId: a.organisationId }));
    expect((await admin.fetch(`/api/sheets/${b.id}`)).status).toBe(200);
  });

  it('should show the tree with rules, suggestions, totals and the deadline; a saved sheet survives an api restart', async () => {
    const fx = await createSheets(ds, runner);
    const [a] = fx.sheets;
    const s = await sessionOf(a.officer);
    const saved = await put(s, a.id, [
      { code: '1.2.1', selfPoints: 1, inputs: { level: 'allOnTime' }, explanation: 'Đủ 4 báo cáo, đúng hạn' },
      { code: '1.1.2', selfPoints: '0,667', inputs: { met: ['tasks', 'deadlines'] }, explanation: 'Thiếu sản phẩm' },
      { code: '1.1.3', selfPoints: 1, inputs: { numerator: 17, denominator: 20 }, explanation: '17/20 nhiệm vụ' },
    ]);
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ saved: 3 });

    await api.close();
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    runner = api.app.get(WorkflowRunner);
    const again = await createSession(ds, api.config, api.url, a.officer);
    const res = await again.fetch(`/api/sheets/${a.id}`);
    expect(res.status).toBe(200);
    const view = (await res.json()) as Sheet;
    const byCode = new Map(flat(view.nodes).map((n) => [n.code, n]));
    expect(byCode.get('1.2.1')).toMatchObject({
      leaf: true,
      selfPoints: 1,
      explanation: 'Đủ 4 báo cáo, đúng hạn',
      rule: { kind: 'levels' },
      suggested: { points: 1, selfScorable: true },
    });
    expect(byCode.get('1.1.2')?.selfPoints).toBe(0.667);
    expect(byCode.get('1.1.3')?.suggested?.explanation).toContain('85');
    expect(byCode.get('8.1')?.suggested?.selfScorable).toBe(false);
    expect(byCode.get('1.1')?.totals.self).toBe(1.667);
    expect(byCode.get('1')?.totals.self).toBe(2.667);
    expect(view.selfTotal).toBe(2.667);
    expect(view.index.self).toBe(2.67);
    expect(view.fields[0]).toMatchObject({ code: '1', self: 2.667 });
    expect(view).toMatchObject({ status: 'draft', editable: true, deadline: { generation: 1, closed: false } });
    expect(view.deadline.secondsLeft).toBeGreaterThan(29 * 24 * 3600);
  });

  it('should save a batch of 100 entries in one transaction: a bad 100th entry leaves the first 99 unsaved', async () => {
    const fx = await createSheets(ds, runner, { set: syntheticSet(2, 60, 1000), units: 1 });
    const [a] = fx.sheets;
    const s = await sessionOf(a.officer);
    const codes = leaves(fx.set)
      .map((n) => n.code)
      .slice(0, 100);
    const entries = codes.map((code) => ({ code, selfPoints: 0.5, explanation: `Giải thích ${code}` }));
    const audits = async () =>
      Number(
        (
          await rows<{ n: number }>(
            ds.manager,
            "SELECT COUNT(*) AS n FROM audit_log WHERE entity_type = 'scoreSheet' AND entity_id = ? AND action = 'sheet.entriesSaved'",
            [a.id],
          )
        )[0].n,
      );
    const count = async () =>
      Number((await rows<{ n: number }>(ds.manager, 'SELECT COUNT(*) AS n FROM score_entries'))[0].n);

    const bad = await put(s, a.id, [...entries.slice(0, 99), { ...entries[99], selfPoints: 1.5 }]);
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as ErrorBody;
    expect(body.error.code).toBe('SHEET_ENTRIES_INVALID');
    expect(body.error.details?.problems).toEqual([
      expect.objectContaining({ index: 99, code: codes[99], reason: 'outOfRange' }),
    ]);
    expect(await count()).toBe(0);
    expect(await audits()).toBe(0);

    const good = await put(s, a.id, entries);
    expect(good.status).toBe(200);
    expect(await good.json()).toEqual({ saved: 100 });
    expect(await count()).toBe(100);
    // One save = one audit row listing the 100 codes.
    expect(await audits()).toBe(1);
    const [audit] = await rows<{ data: string }>(
      ds.manager,
      "SELECT data FROM audit_log WHERE entity_type = 'scoreSheet' AND entity_id = ? AND action = 'sheet.entriesSaved'",
      [a.id],
    );
    expect((JSON.parse(audit.data) as { count: number }).count).toBe(100);
  });

  it('should list every bad entry with its reason and save nothing', async () => {
    const fx = await createSheets(ds, runner, { units: 1 });
    const s = await sessionOf(fx.sheets[0].officer);
    const res = await put(s, fx.sheets[0].id, [
      { code: '9.9.9', selfPoints: 1, explanation: 'x' },
      { code: '1.1', selfPoints: 1, explanation: 'x' },
      { code: '1.2.1', selfPoints: 0.5, explanation: 'x' },
      { code: '1.2.2', selfPoints: 1, inputs: { level: 'notMet' }, explanation: 'x' },
      { code: '8.1', selfPoints: 3, explanation: 'x' },
      { code: '1.3', selfPoints: 2 },
      { code: '1.4', selfPoints: 'nhiều', explanation: 'x' },
      { code: '1.5', selfPoints: 1, explanation: 'Hợp lệ' },
    ]);
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.messageVi).toContain('chưa lưu mục nào');
    expect(body.error.message).toContain('nothing was saved');
    expect(body.error.details?.problems?.map((p) => [p.index, p.reason])).toEqual([
      [0, 'unknownCode'],
      [1, 'notALeaf'],
      [2, 'ruleMismatch'],
      [3, 'ruleMismatch'],
      [4, 'notSelfScorable'],
      [5, 'explanationRequired'],
      [6, 'notANumber'],
    ]);
    const [n] = await rows<{ n: number }>(ds.manager, 'SELECT COUNT(*) AS n FROM score_entries');
    expect(Number(n.n)).toBe(0);
  });

  it('should refuse saves and submission after the deadline with 423 naming it, until an admin extends the unit', async () => {
    const fx = await createSheets(ds, runner, { units: 1, selfAssessmentDueAt: new Date(Date.now() - 60_000) });
    const [a] = fx.sheets;
    const s = await sessionOf(a.officer);
    const late = await put(s, a.id, [{ code: '1.2.1', selfPoints: 1, explanation: 'x' }]);
    expect(late.status).toBe(423);
    const body = (await late.json()) as ErrorBody;
    expect(body.error.code).toBe('PHASE_CLOSED');
    expect(body.error.messageVi).toMatch(
      /Giai đoạn tự đánh giá, chấm điểm đã kết thúc lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4}/,
    );
    expect(body.error.message).toContain('self-assessment phase closed at');
    expect((await post(s, `/api/sheets/${a.id}/submit`)).status).toBe(423);
    const view = (await (await s.fetch(`/api/sheets/${a.id}`)).json()) as Sheet;
    expect(view).toMatchObject({ editable: false, deadline: { closed: true, secondsLeft: 0 } });

    const dueAt = new Date(Date.now() + 3 * 24 * 3600_000).toISOString();
    expect((await post(s, `/api/admin/sheets/${a.id}/extension`, { dueAt, reason: 'Sự cố mạng' })).status).toBe(403);
    const admin = await sessionOf(await createUser(ds, { roles: ['admin'], organisationId: a.organisationId }));
    const ext = await post(admin, `/api/admin/sheets/${a.id}/extension`, { dueAt, reason: 'Sự cố mạng' });
    expect(ext.status).toBe(200);
    expect(await ext.json()).toMatchObject({ dueAt, generation: 2, extended: true, closed: false });
    expect((await put(s, a.id, [{ code: '1.2.1', selfPoints: 1, explanation: 'x' }])).status).toBe(200);
    const [audit] = await rows<{ data: string }>(
      ds.manager,
      "SELECT data FROM audit_log WHERE entity_type = 'scoreSheet' AND entity_id = ? AND action = 'extension.granted'",
      [a.id],
    );
    expect(JSON.parse(audit.data)).toMatchObject({ reason: 'Sự cố mạng' });
  });

  it('should submit through the workflow, then be read-only to the unit', async () => {
    const fx = await createSheets(ds, runner, { units: 1 });
    const [a] = fx.sheets;
    const s = await sessionOf(a.officer);
    expect((await put(s, a.id, completeEntries(fx.set))).status).toBe(200);
    const res = await post(s, `/api/sheets/${a.id}/submit`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'submitted', editable: false });
    const again = await put(s, a.id, [{ code: '1.2.1', selfPoints: 0, explanation: 'x' }]);
    expect(again.status).toBe(409);
    expect(((await again.json()) as ErrorBody).error.code).toBe('SHEET_NOT_EDITABLE');
    expect((await post(s, `/api/sheets/${a.id}/submit`)).status).toBe(409);
    const [outbox] = await rows<{ n: number }>(
      ds.manager,
      "SELECT COUNT(*) AS n FROM outbox WHERE kind = 'sheet.submitted' AND business_key LIKE ?",
      [`%${a.id}%`],
    );
    expect(Number(outbox.n)).toBe(1);
    const [sheet] = await rows<{ submitted_at: Date | null }>(
      ds.manager,
      'SELECT submitted_at FROM score_sheets WHERE id = ?',
      [a.id],
    );
    expect(sheet.submitted_at).toBeInstanceOf(Date);
  });

  it('should refuse an incomplete submit with 422 listing every unscored and unexplained leaf, naming tampered documents, then accept it once complete', async () => {
    const fx = await createSheets(ds, runner, { units: 1 });
    const [a] = fx.sheets;
    const s = await sessionOf(a.officer);
    const all = completeEntries(fx.set);
    const scorable = all.map((e) => e.code);
    // Everything but two leaves scored; a third scored with 0 (a score) and explained.
    const [skipA, skipB, zero, tampered] = scorable;
    const entries = all
      .filter((e) => e.code !== skipA && e.code !== skipB)
      .map((e) => (e.code === zero ? { ...e, selfPoints: 0 } : e));
    expect((await put(s, a.id, entries)).status).toBe(200);
    // A document changed after signing, the only evidence of `tampered`, whose explanation is then removed.
    const f = new FormData();
    f.append('criterionCodes', tampered);
    for (const [k, v] of Object.entries({
      documentType: 'KH',
      documentNumber: '15/KH-TP',
      issuedOn: '15/01/2023',
      issuingBody: 'Phòng Tư pháp',
      summary: 'Kế hoạch năm 2023',
    })) {
      f.append(k, v);
    }
    f.append('file', new Blob([appendIncrementalUpdate(await makeSignedPdf())], { type: 'application/pdf' }), 'kh.pdf');
    const uploaded = await s.fetch(`/api/sheets/${a.id}/evidence`, { method: 'POST', body: f });
    expect(uploaded.status).toBe(201);
    const tamperedEntry = all.find((e) => e.code === tampered)!;
    expect((await put(s, a.id, [{ ...tamperedEntry, explanation: null }])).status).toBe(200);

    const refused = await post(s, `/api/sheets/${a.id}/submit`);
    expect(refused.status).toBe(422);
    const body = (await refused.json()) as {
      error: {
        code: string;
        messageVi: string;
        details: { problems: { reason: string; code: string; blocking: boolean; documentNumber?: string }[] };
      };
    };
    expect(body.error.code).toBe('SHEET_INCOMPLETE');
    expect(body.error.messageVi).toContain('2 tiêu chí chưa chấm, 1 tiêu chí có điểm nhưng thiếu tài liệu');
    const listed = body.error.details.problems.map((p) => `${p.reason}:${p.code}:${p.blocking}`);
    expect(listed).toEqual([
      `unscored:${skipA}:true`,
      `unscored:${skipB}:true`,
      `unexplained:${tampered}:true`,
      `invalidSignature:${tampered}:false`,
    ]);
    expect(body.error.details.problems[3].documentNumber).toBe('15/KH-TP');
    // The view carries the same list for the confirmation; the sheet is still a draft with no outbox event.
    const view = (await (await s.fetch(`/api/sheets/${a.id}`)).json()) as Sheet & {
      submitProblems: { reason: string; code: string }[];
    };
    expect(view.status).toBe('draft');
    expect(view.submitProblems.map((p) => `${p.reason}:${p.code}`)).toEqual(
      body.error.details.problems.map((p) => `${p.reason}:${p.code}`),
    );
    const [outbox] = await rows<{ n: number }>(
      ds.manager,
      "SELECT COUNT(*) AS n FROM outbox WHERE kind = 'sheet.submitted' AND business_key LIKE ?",
      [`%${a.id}%`],
    );
    expect(Number(outbox.n)).toBe(0);

    // Completed: the two leaves scored, the tampered one explained → submitted; the tampered document is still named.
    const fix = all.filter((e) => e.code === skipA || e.code === skipB || e.code === tampered);
    expect((await put(s, a.id, fix)).status).toBe(200);
    const ok = await post(s, `/api/sheets/${a.id}/submit`);
    expect(ok.status).toBe(200);
    const submitted = (await ok.json()) as Sheet & { submitProblems: { reason: string }[] };
    expect(submitted.status).toBe('submitted');
    expect(submitted.submitProblems.map((p) => p.reason)).toEqual(['invalidSignature']);
  });

  it('should export the Biểu tự chấm điểm as xlsx that LibreOffice opens with the right totals, and import it back with row-numbered errors', async () => {
    const fx = await createSheets(ds, runner, { units: 1 });
    const [a] = fx.sheets;
    const s = await sessionOf(a.officer);
    expect(
      (
        await put(s, a.id, [
          { code: '1.2.1', selfPoints: 1, explanation: 'Đủ báo cáo' },
          { code: '1.3', selfPoints: 2, explanation: 'Đã khắc phục' },
          { code: '2.1', selfPoints: 1, explanation: 'Một phần' },
        ])
      ).status,
    ).toBe(200);
    const res = await s.fetch(`/api/sheets/${a.id}/export.xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="bieu-tu-cham-diem-.*\.xlsx"; filename\*=UTF-8''/,
    );
    const xlsx = Buffer.from(await res.arrayBuffer());
    const dir = await mkdtemp(join(tmpdir(), 'par-xlsx-'));
    try {
      await writeFile(join(dir, 'bieu.xlsx'), xlsx);
      await run(
        'libreoffice',
        [
          '--headless',
          `-env:UserInstallation=file://${dir}/lo`,
          '--convert-to',
          'csv:Text - txt - csv (StarCalc):44,34,76',
          '--outdir',
          dir,
          join(dir, 'bieu.xlsx'),
        ],
        { timeout: 120_000 },
      );
      const table = parseCsv(await readFile(join(dir, 'bieu.csv'), 'utf8'));
      const line = (first: string) => table.find((r) => r[0] === first);
      expect(line('STT/Mã')?.slice(0, 6)).toEqual([
        'STT/Mã',
        'Lĩnh vực/Tiêu chí/Tiêu chí thành phần',
        'Điểm tối đa',
        'Điểm tự chấm',
        'Tài liệu kiểm chứng (số/ký hiệu, ngày, cơ quan ban hành, trích yếu)',
        'Giải thích cách tính',
      ]);
      const total = table.find((r) => r[1] === 'Tổng cộng')!;
      expect(total.slice(2, 4)).toEqual(['100', '4']);
      expect(table.find((r) => r[1] === 'Chỉ số (%)')?.[3]).toBe('4');
      expect(line('1.2.1')?.slice(3, 6)).toEqual(['1', '', 'Đủ báo cáo']);
      expect(line('1')?.[3]).toBe('3');
      expect(line('2')?.[3]).toBe('1');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    // Fill the workbook: two bad rows and one good; nothing may be saved.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const rowOf = (code: string) => {
      let found = 0;
      ws.eachRow((row, n) => {
        if (row.getCell(1).value === code) {
          found = n;
        }
      });
      return found;
    };
    ws.getRow(rowOf('1.2.2')).getCell(4).value = 7;
    ws.getRow(rowOf('1.4')).getCell(4).value = 2;
    ws.getRow(rowOf('1.5')).getCell(4).value = 1;
    ws.getRow(rowOf('1.5')).getCell(6).value = 'Áp dụng trong cơ quan';
    const upload = async (book: ExcelJS.Workbook) => {
      const form = new FormData();
      form.append('file', new Blob([Buffer.from(await book.xlsx.writeBuffer())]), 'bieu.xlsx');
      return s.fetch(`/api/sheets/${a.id}/import`, { method: 'POST', body: form });
    };
    const bad = await upload(wb);
    expect(bad.status).toBe(400);
    const problems = ((await bad.json()) as ErrorBody).error.details!.problems!;
    expect(problems.map((p) => [p.row, p.code, p.reason])).toEqual([
      [rowOf('1.2.2'), '1.2.2', 'outOfRange'],
      [rowOf('1.2.2'), '1.2.2', 'explanationRequired'],
      [rowOf('1.4'), '1.4', 'explanationRequired'],
    ]);
    const [n] = await rows<{ n: number }>(
      ds.manager,
      'SELECT COUNT(*) AS n FROM score_entries WHERE self_milli IS NOT NULL',
    );
    expect(Number(n.n)).toBe(3);

    ws.getRow(rowOf('1.2.2')).getCell(4).value = 1;
    ws.getRow(rowOf('1.2.2')).getCell(6).value = 'Đúng đề cương';
    ws.getRow(rowOf('1.4')).getCell(6).value = 'Có kế hoạch, thực hiện đủ';
    const good = await upload(wb);
    expect(good.status).toBe(200);
    const view = (await (await s.fetch(`/api/sheets/${a.id}`)).json()) as Sheet;
    expect(view.selfTotal).toBe(8);
  });
});
