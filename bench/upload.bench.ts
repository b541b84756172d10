/**
 * upload: a 10 MB signed PDF through `POST /api/sheets/:id/evidence` (multipart streamed to quarantine with
 * SHA-256, `%PDF-`/structure check, signature verification, promotion, rows + audit) against the work no
 * upload can avoid: reading the file once, hashing it with SHA-256 and writing it to a new file on the same
 * disk (a bare copy would flatter the baseline: copy_file_range moves no bytes through the process). Then the
 * peak RSS of the process while 10 uploads of that file run at once.
 *
 * Limits: the api runs in this process (the client is curl, in its own process, so the RSS is the api's plus
 * this harness's fixtures); the same bytes are uploaded each time, so after the first upload promotion is a
 * dedupe (every check still runs).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
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

const bench: Benchmark = {
  name: 'upload',
  async run() {
    const { config, ds: scratch } = await benchDatabase('par_index_bench_upload');
    await scratch.destroy();
    const dir = await mkdtemp(join(tmpdir(), 'par-upload-bench-'));
    const app = await createApiApp({ ...config, uploads: { ...config.uploads, dir: join(dir, 'uploads') } });
    await app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
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

      await upload(0); // warm-up: the PDF checks, the verifier and the connection pool
      const uploads: number[] = [];
      const floors: number[] = [];
      for (let i = 1; i <= ROUNDS; i++) {
        uploads.push(sizeMb / (await timed(() => upload(i))));
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
      ).toFixed(0)} MB; curl clients)`;
      return [
        row('upload: 10 MB signed PDF vs hash + write', median(uploads), median(floors), 'MB/s', true, note, 0.5),
      ];
    } finally {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
