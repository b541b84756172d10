/**
 * hostile-upload: the api's event-loop delay (perf_hooks.monitorEventLoopDelay, p99) while 10 hostile PDFs are
 * uploaded at once — arrays of 5,000 and 10,000 `/ByteRange` names (the old scan blocked the loop 9 s on
 * 5,000), 200,000 nested arrays, 200,000 objects, flate bombs in a page and in an object stream, corrupt
 * deflate data, a password, garbage — against the same delay while 10 small signed PDFs are uploaded at once.
 * Target: p99 under 100 ms. The PDF work runs in worker threads, so what the loop pays is HTTP, multipart
 * parsing, hashing and the database.
 *
 * Limits: the api runs in this process (its loop is the one measured); clients are curl processes, so their
 * work is not on this loop. Two cores are shared with the worker threads, MariaDB and curl.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DATA_SOURCE } from '@lib/database';
import { WorkflowRunner } from '@lib/workflow';
import type { DataSource } from 'typeorm';
import { createApiApp } from '../apps/api/src/app.factory';
import { createSession } from '../test/factories/session.factory';
import { createSheets } from '../test/factories/sheet.factory';
import {
  byteRangeNames,
  corruptFlateStream,
  deepNesting,
  flateBomb,
  garbageBody,
  manyObjects,
  passwordProtected,
} from '../test/fixtures/pdf/hostile-pdfs';
import { makeSignedPdf } from '../test/fixtures/pdf/make-pdfs';
import { row, type Benchmark } from './harness';
import { benchDatabase, curlEvidenceUpload } from './support';

const bench: Benchmark = {
  name: 'hostile-upload',
  async run() {
    const { config, ds: scratch } = await benchDatabase('par_index_bench_hostile');
    await scratch.destroy();
    const dir = await mkdtemp(join(tmpdir(), 'par-hostile-bench-'));
    const app = await createApiApp({ ...config, uploads: { ...config.uploads, dir: join(dir, 'uploads') } });
    await app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    try {
      const ds = app.get<DataSource>(DATA_SOURCE);
      const fx = await createSheets(ds, app.get(WorkflowRunner), { units: 1 });
      const session = await createSession(ds, config, url, fx.sheets[0].officer);
      const signed = await makeSignedPdf();
      const hostile: Buffer[] = [
        byteRangeNames(5_000),
        byteRangeNames(10_000),
        byteRangeNames(50_000),
        deepNesting(200_000),
        manyObjects(200_000),
        await flateBomb(1024 ** 3, 'content'),
        await flateBomb(1024 ** 3, 'objectStream'),
        corruptFlateStream(),
        passwordProtected(),
        garbageBody(),
      ];
      const paths = async (name: string, files: Buffer[]) =>
        Promise.all(
          files.map(async (file, i) => {
            const path = join(dir, `${name}-${i}.pdf`);
            await writeFile(path, file);
            return path;
          }),
        );
      const hostilePaths = await paths('hostile', hostile);
      const benignPaths = await paths(
        'benign',
        hostile.map(() => signed),
      );

      const upload = (path: string, i: number): Promise<string> =>
        curlEvidenceUpload(url, session, fx.sheets[0].id, path, i);
      /** p99 and max of the loop delay (ms) while all `files` upload at once; also the answers. */
      const measure = async (files: string[], offset: number) => {
        const histogram = monitorEventLoopDelay({ resolution: 10 });
        histogram.enable();
        const started = performance.now();
        const statuses = await Promise.all(files.map((path, i) => upload(path, offset + i)));
        const seconds = (performance.now() - started) / 1000;
        histogram.disable();
        return { p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6, statuses, seconds };
      };

      await upload(benignPaths[0], 0); // warm-up: worker threads, pdf.js, the connection pool
      const benign = await measure(benignPaths, 100);
      const attack = await measure(hostilePaths, 200);
      const note = `10 at once; hostile answers ${attack.statuses.join(',')} in ${attack.seconds.toFixed(1)} s, max delay ${attack.max.toFixed(0)} ms; benign answers ${benign.statuses.join(',')} in ${benign.seconds.toFixed(1)} s, max ${benign.max.toFixed(0)} ms; target p99 < 100 ms`;
      return [
        row(
          'hostile-upload: event-loop delay p99, hostile vs signed PDFs',
          attack.p99,
          benign.p99,
          'ms p99',
          false,
          note,
        ),
      ];
    } finally {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
