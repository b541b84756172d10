/**
 * upload: a 10 MB signed PDF through `POST /api/sheets/:id/evidence` (multipart streamed to quarantine with
 * SHA-256, `%PDF-`/qpdf structure check, signature verification, promotion, rows + audit) against copying
 * the same file on the same disk — the floor any upload pays. Then the peak RSS of the process while 10
 * uploads of that file run at once.
 *
 * Limits: the api runs in this process (so the RSS includes the client's one shared 10 MB Blob); the same
 * bytes are uploaded each time, so after the first upload promotion is a dedupe (the checks still run).
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_SOURCE } from '@lib/database';
import { WorkflowRunner } from '@lib/workflow';
import { PDFDocument, PDFName } from 'pdf-lib';
import type { DataSource } from 'typeorm';
import { createApiApp } from '../apps/api/src/app.factory';
import { createSession } from '../test/factories/session.factory';
import { createSheets } from '../test/factories/sheet.factory';
import { signPdf } from '../test/fixtures/pdf/make-pdfs';
import { row, type Benchmark } from './harness';
import { benchDatabase } from './support';

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
      const blob = new Blob([pdf], { type: 'application/pdf' });
      const upload = async (i: number) => {
        const form = new FormData();
        form.append('criterionCodes', '1.1.1');
        form.append('documentType', 'KH');
        form.append('documentNumber', `${i}/KH-UBND`);
        form.append('issuedOn', '2023-01-15');
        form.append('issuingBody', 'UBND');
        form.append('summary', 'Kế hoạch CCHC');
        form.append('file', blob, `ke-hoach-${i}.pdf`);
        const res = await session.fetch(`/api/sheets/${fx.sheets[0].id}/evidence`, { method: 'POST', body: form });
        if (res.status !== 201) {
          throw new Error(`upload answered ${res.status}: ${await res.text()}`);
        }
        await res.arrayBuffer();
      };
      const timed = async (fn: () => Promise<unknown>) => {
        const start = performance.now();
        await fn();
        return (performance.now() - start) / 1000;
      };

      await upload(0); // warm-up: qpdf, the verifier and the connection pool
      const uploads: number[] = [];
      const copies: number[] = [];
      for (let i = 1; i <= ROUNDS; i++) {
        uploads.push(sizeMb / (await timed(() => upload(i))));
        copies.push(sizeMb / (await timed(() => copyFile(source, join(dir, `copy-${i}.pdf`)))));
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
      ).toFixed(0)} MB; api and client in one process)`;
      return [row('upload: 10 MB signed PDF vs file copy', median(uploads), median(copies), 'MB/s', true, note)];
    } finally {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
