/**
 * upload: a 10 MB signed PDF through `POST /api/sheets/:id/evidence` (multipart streamed to quarantine with
 * SHA-256, `%PDF-`/structure check, signature verification, promotion, rows + audit) against the work no
 * upload can avoid: receiving the same request from the same client (curl, started the same way) over HTTP,
 * hashing the bytes with SHA-256 on the way and writing them to a new file on the same disk — a bare Node HTTP
 * server in this process that does only that. The in-process floor (read the file, hash, write; no client, no
 * socket) is in the note: the first version of this bench used it as the baseline, which counted curl's start and
 * the transfer against the application only. Then the peak RSS of the process while 10 uploads of that file run
 * at once.
 *
 * Limits: the api runs in this process (the client is curl, in its own process, so the RSS is the api's plus
 * this harness's fixtures); the same bytes are uploaded each time, so after the first upload promotion is a
 * dedupe (every check still runs).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DATA_SOURCE } from '@lib/database';
import { WorkflowRunner } from '@lib/workflow';
import { PDFDocument, PDFName } from 'pdf-lib';
import type { DataSource } from 'typeorm';
import { createApiApp } from '../apps/api/src/app.factory';
import { createSession } from '../test/factories/session.factory';
import { createSheets } from '../test/factories/sheet.factory';
import { signPdf } from '../test/fixtures/pdf/make-pdfs';
import { row, type Benchmark } from './harness';
import { benchDatabase, curlEvidenceUpload } from './support';

const MB = 1024 * 1024;
const ROUNDS = 5;
const CONCURRENT = 10;
const WARM_UP = 20;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A signed PDF of about `bytes`: one page plus an incompressible stream object, signed once. */
async function bigSignedPdf(bytes: number): Promise<Buffer> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.addPage([595, 842]);
  const blob = doc.context.register(doc.context.stream(randomBytes(bytes), { Length: bytes }));
  doc.catalog.set(PDFName.of('PARIndexPadding'), blob);
  return signPdf(Buffer.from(await doc.save({ useObjectStreams: false })));
}

/** The unavoidable part of any upload: read the bytes once, SHA-256 them on the way, write them to a new file. */
async function hashAndWrite(source: string, target: string): Promise<string> {
  const hash = createHash('sha256');
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  await pipeline(createReadStream(source), meter, createWriteStream(target, { flags: 'wx' }));
  return hash.digest('hex');
}

/**
 * The baseline's server: every request's body streamed through SHA-256 into a new file, then 201 — what an upload
 * endpoint does with nothing else (no multipart parsing, no checks, no database).
 */
async function hashAndWriteServer(dir: string): Promise<{ server: Server; url: string }> {
  let n = 0;
  const server = createServer((req, res) => {
    const hash = createHash('sha256');
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    pipeline(req, meter, createWriteStream(join(dir, `received-${++n}.bin`), { flags: 'wx' })).then(
      () => res.writeHead(201).end(hash.digest('hex')),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

const bench: Benchmark = {
  name: 'upload',
  async run() {
    const { config, ds: scratch } = await benchDatabase('par_index_bench_upload');
    await scratch.destroy();
    const dir = await mkdtemp(join(tmpdir(), 'par-upload-bench-'));
    const app = await createApiApp({ ...config, uploads: { ...config.uploads, dir: join(dir, 'uploads') } });
    await app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const bare = await hashAndWriteServer(dir);
    try {
      const ds = app.get<DataSource>(DATA_SOURCE);
      const fx = await createSheets(ds, app.get(WorkflowRunner), { units: 1 });
      const session = await createSession(ds, config, url, fx.sheets[0].officer);
      const pdf = await bigSignedPdf(10 * MB);
      const sizeMb = pdf.length / MB;
      const source = join(dir, 'source.pdf');
      await writeFile(source, pdf);
      // curl as the client, in its own process (see curlEvidenceUpload).
      const upload = async (i: number) => {
        const status = await curlEvidenceUpload(url, session, fx.sheets[0].id, source, i);
        if (status !== '201') {
          throw new Error(`upload answered ${status}`);
        }
      };
      const timed = async (fn: () => Promise<unknown>) => {
        const start = performance.now();
        await fn();
        return (performance.now() - start) / 1000;
      };

      const received = async (i: number) => {
        const status = await curlEvidenceUpload(bare.url, session, fx.sheets[0].id, source, i);
        if (status !== '201') {
          throw new Error(`the bare server answered ${status}`);
        }
      };

      // Warm-up to the steady state both sides are measured in: enough uploads that every PDF-checking thread has
      // run both parts of the check often enough for them to be compiled (one upload left the second thread cold;
      // with a 10 MB file's parts split over both threads, 6 uploads still left the CMS parsing half-compiled,
      // 10–17 ms where a warm thread takes 5), and the connection pool is open.
      for (let w = 0; w < WARM_UP; w++) {
        await upload(1000 + w);
        await received(1000 + w);
      }
      const uploads: number[] = [];
      const baselines: number[] = [];
      const floors: number[] = [];
      for (let i = 1; i <= ROUNDS; i++) {
        uploads.push(sizeMb / (await timed(() => upload(i))));
        baselines.push(sizeMb / (await timed(() => received(i))));
        floors.push(sizeMb / (await timed(() => hashAndWrite(source, join(dir, `copy-${i}.pdf`)))));
      }

      global.gc?.();
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 5);
      const wall = await timed(() => Promise.all(Array.from({ length: CONCURRENT }, (_, i) => upload(100 + i))));
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);

      const note = `${sizeMb.toFixed(1)} MB signed PDF, median of ${ROUNDS}; ${CONCURRENT} concurrent uploads: ${(
        (CONCURRENT * sizeMb) /
        wall
      ).toFixed(1)} MB/s aggregate, peak RSS ${(peak / MB).toFixed(0)} MB (from ${(before / MB).toFixed(0)} MB, +${(
        (peak - before) /
        MB
      ).toFixed(0)} MB; curl clients); in-process floor without client or socket (read + SHA-256 + write) ${median(
        floors,
      ).toFixed(0)} MB/s, so ${(median(uploads) / median(floors)).toFixed(3)} of it`;
      return [
        row(
          'upload: 10 MB signed PDF vs the same request received, hashed and written',
          median(uploads),
          median(baselines),
          'MB/s',
          true,
          note,
          0.5,
        ),
      ];
    } finally {
      await new Promise((resolve) => bare.server.close(resolve));
      await app.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
