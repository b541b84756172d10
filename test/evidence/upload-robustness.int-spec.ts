/**
 * Uploads that cannot hurt the process (issue 12 items 1–2): the api runs as a real child process (as
 * `npm start` runs it), so "the api exits" and "the api freezes" are observable; clients are raw sockets that
 * end the body early, disconnect after the file part's headers, or go quiet, and hostile PDFs are uploaded
 * ten at a time while another request must still be answered.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { createServer, connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { testConfig, testEnv } from '@config';
import { rows } from '@lib/database';
import { createSession, type TestSession } from '../factories/session.factory';
import { createSheets, type SheetFixture } from '../factories/sheet.factory';
import {
  byteRangeNames,
  corruptFlateStream,
  deepNesting,
  flateBomb,
  garbageBody,
  manyObjects,
  passwordProtected,
} from '../fixtures/pdf/hostile-pdfs';
import { makeJpegBytes, makeSignedPdf, truncate } from '../fixtures/pdf/make-pdfs';
import { createEngine, type Engine } from '../support/engine';
import { truncateAll } from '../support/database';
import { spawnTs, waitForOutput } from '../support/process';

// The api's upload idle timeout here: short, so the quiet-body test is quick, but not so short that a busy machine's
// pause between two chunks of a big hostile upload (ten at once) ends it — 1 s once did, under a loaded CI run.
const IDLE_MS = 3000;
const FIELDS: Record<string, string> = {
  criterionCodes: '1.2.1',
  documentType: 'KH',
  documentNumber: '15/KH-UBND',
  issuedOn: '15/01/2023',
  issuingBody: 'UBND phường Yên Thanh',
  summary: 'Kế hoạch cải cách hành chính năm 2023',
};

interface RawAnswer {
  status: number | null;
  body: string;
  /** The server closed the connection. */
  closed: boolean;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The multipart body of an upload, split where the tests cut it: fields + file part headers, file, closing. */
function multipart(file: Buffer): { boundary: string; head: Buffer; file: Buffer; tail: Buffer } {
  const boundary = `----parindex${randomBytes(8).toString('hex')}`;
  const fields = Object.entries(FIELDS)
    .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join('');
  const fileHeaders = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="ke-hoach.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
  return {
    boundary,
    head: Buffer.from(fields + fileHeaders, 'utf8'),
    file,
    tail: Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'),
  };
}

describe('evidence uploads that cannot hurt the process', () => {
  let engine: Engine;
  let fx: SheetFixture;
  let session: TestSession;
  let api: ChildProcess;
  let port: number;
  let log = '';
  const uploadDir = testConfig().uploads.dir;

  beforeAll(async () => {
    engine = await createEngine();
    await truncateAll(engine.ds);
    fx = await createSheets(engine.ds, engine.runner, { units: 1 });
    port = await freePort();
    api = spawnTs(
      'apps/api/src/main.ts',
      testEnv({
        PORT: String(port),
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
        UPLOAD_IDLE_TIMEOUT_MS: String(IDLE_MS),
      }),
    );
    api.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    api.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    await waitForOutput(api, /listening on/, 120_000);
    session = await createSession(engine.ds, testConfig(), `http://127.0.0.1:${port}`, fx.sheets[0].officer);
  }, 180_000);

  afterAll(async () => {
    if (api.exitCode === null) {
      const exited = new Promise((resolve) => api.once('exit', resolve));
      api.kill('SIGTERM');
      await exited;
    }
    await engine.close();
  });

  /** Opens a socket and sends the request head with `contentLength`; the caller sends (part of) the body. */
  /** `close`: ask the server to close after its answer (the answer is read to the socket's end). */
  function openUpload(
    boundary: string,
    contentLength: number,
    close = false,
  ): { socket: Socket; answer: Promise<RawAnswer> } {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    let received = '';
    const answer = new Promise<RawAnswer>((resolve) => {
      socket.on('data', (d: Buffer) => (received += d.toString('utf8')));
      socket.on('close', () => {
        const status = /^HTTP\/1\.1 (\d{3})/.exec(received);
        resolve({
          status: status ? Number(status[1]) : null,
          body: received.split('\r\n\r\n').slice(1).join(''),
          closed: true,
        });
      });
    });
    socket.write(
      [
        `POST /api/sheets/${fx.sheets[0].id}/evidence HTTP/1.1`,
        `Host: 127.0.0.1:${port}`,
        `Cookie: ${session.cookie}`,
        `X-CSRF-Token: ${session.csrfToken}`,
        `Content-Type: multipart/form-data; boundary=${boundary}`,
        `Content-Length: ${contentLength}`,
        ...(close ? ['Connection: close'] : []),
        '',
        '',
      ].join('\r\n'),
    );
    return { socket, answer };
  }

  async function alive(): Promise<void> {
    expect(api.exitCode).toBeNull();
    const res = await fetch(`http://127.0.0.1:${port}/health/live`);
    expect(res.status).toBe(200);
  }

  async function nothingLeft(): Promise<void> {
    const quarantine = await readdir(join(uploadDir, 'quarantine')).catch(() => []);
    expect(quarantine).toEqual([]);
    const count = async (table: string) =>
      Number((await rows<{ n: number }>(engine.ds.manager, `SELECT COUNT(*) AS n FROM ${table}`))[0].n);
    expect([await count('evidence_files'), await count('evidence')]).toEqual([0, 0]);
  }

  /** Resolves once a quarantine file exists: the server is streaming the file part. */
  async function quarantineFileAppears(): Promise<void> {
    for (;;) {
      const files = await readdir(join(uploadDir, 'quarantine')).catch(() => [] as string[]);
      if (files.length > 0) {
        return;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  const errorLines = () =>
    log
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg: string })
      .filter((entry) => entry.level >= 50);

  it('should answer a body that ends in the middle of the file part with a 400, and stay up', async () => {
    const body = multipart((await makeSignedPdf()).subarray(0, 40));
    const sent = Buffer.concat([body.head, body.file]); // no closing boundary: "Unexpected end of form"
    const warned = waitForOutput(api, /"level":40[^\n]*ended early: UPLOAD_INTERRUPTED/);
    // The whole declared body arrives, so the connection itself is sound and would stay open for the next request.
    const { socket, answer } = openUpload(body.boundary, sent.length, true);
    socket.write(sent);

    const res = await answer;
    await warned;

    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'UPLOAD_INTERRUPTED' } });
    expect(JSON.parse(res.body).error.messageVi).toContain('bị gián đoạn');
    await alive();
    await nothingLeft();
  });

  it('should end the upload of a client that disconnects after the file part began, leaving no file and no row', async () => {
    const signed = await makeSignedPdf();
    const body = multipart(signed);
    const { socket } = openUpload(body.boundary, body.head.length + body.file.length + body.tail.length);
    socket.write(Buffer.concat([body.head, body.file.subarray(0, 1000)]));
    await quarantineFileAppears();
    const warned = waitForOutput(api, /"level":40[^\n]*ended early: UPLOAD_INTERRUPTED/);

    socket.destroy();

    await warned;
    await alive();
    await nothingLeft();
  });

  it('should end a body that goes quiet with 408 after the idle timeout and close the connection', async () => {
    const body = multipart(await makeSignedPdf());
    const { socket, answer } = openUpload(body.boundary, body.head.length + body.file.length + body.tail.length);
    socket.write(Buffer.concat([body.head, body.file.subarray(0, 100)]));

    const res = await answer; // the server answers and closes; the client never sends the rest

    expect(res).toMatchObject({ status: 408, closed: true });
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'UPLOAD_IDLE_TIMEOUT' } });
    await alive();
    await nothingLeft();
  });

  it('should answer ten hostile PDFs at once with a verdict or a clear 4xx, and another request meanwhile', async () => {
    const hostile: [string, Buffer, number, string][] = [
      ['5,000 /ByteRange names', byteRangeNames(5_000), 201, 'unsigned'],
      ['10,000 /ByteRange names', byteRangeNames(10_000), 201, 'unsigned'],
      ['200,000 arrays deep', deepNesting(200_000), 201, 'unsigned'],
      ['200,000 objects', manyObjects(200_000), 201, 'unsigned'],
      ['flate bomb in a page', await flateBomb(1024 ** 3, 'content'), 400, 'PDF_TOO_COMPLEX'],
      ['flate bomb in an object stream', await flateBomb(1024 ** 3, 'objectStream'), 400, 'PDF_TOO_COMPLEX'],
      ['corrupt deflate data', corruptFlateStream(), 400, 'MALFORMED_PDF'],
      ['password protected', passwordProtected(), 400, 'PDF_ENCRYPTED'],
      ['garbage body', garbageBody(), 400, 'MALFORMED_PDF'],
      ['truncated', truncate(await makeSignedPdf()), 400, 'PDF_TRUNCATED'],
      ['JPEG', makeJpegBytes(), 415, 'NOT_A_PDF'],
    ];
    const upload = async ([what, file]: [string, Buffer, number, string], i: number) => {
      const form = new FormData();
      for (const [k, v] of Object.entries({ ...FIELDS, documentNumber: `${i}/KH-UBND` })) {
        form.append(k, v);
      }
      form.append('file', new Blob([file], { type: 'application/pdf' }), `${i}.pdf`);
      const res = await session.fetch(`/api/sheets/${fx.sheets[0].id}/evidence`, { method: 'POST', body: form });
      const body = (await res.json()) as { verdict?: string; error?: { code: string; messageVi: string } };
      return [what, res.status, body.verdict ?? body.error?.code, (body.error?.messageVi ?? 'accepted').length > 3];
    };

    const uploads = Promise.all(hostile.map((h, i) => upload(h, i)));
    const meanwhile = await fetch(`http://127.0.0.1:${port}/api/auth/me`, { headers: { cookie: session.cookie } });
    const answers = await uploads;

    expect(meanwhile.status).toBe(200);
    expect(answers).toEqual(hostile.map(([what, , status, verdict]) => [what, status, verdict, true]));
    await alive();
    expect(errorLines()).toEqual([]);
  }, 240_000);
});
