/**
 * A sheet's evidence as a ZIP, one folder per criterion code (1.1.1/, 1.1.2/ …) as the plan asks; a document
 * supporting several criteria appears in each folder. Built by the reports process ('evidence-zip' jobs): a unit's
 * 100 criteria with 1–3 signed PDFs of up to 5 MB each is hundreds of MB to read and deflate, no work for an HTTP
 * request. Streamed: each file is opened only when its turn comes, and the archive goes straight to `out`.
 */
import { loadArchiver } from '@lib/common';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EntityManager } from 'typeorm';
import type { EvidenceStorage } from './evidence-storage';
import { loadDocuments, sheetCodes } from './evidence.queries';

/** The file name of a sheet's ZIP (unit and campaign codes), or undefined when the sheet is not of this authority. */
export async function evidenceZipName(
  em: EntityManager,
  sheetId: number,
  authorityId: number,
): Promise<string | undefined> {
  const codes = await sheetCodes(em, sheetId, authorityId);
  return codes ? `tai-lieu-kiem-chung-${codes.unitCode}-${codes.campaignCode}.zip` : undefined;
}

/**
 * Write the ZIP of the sheet's evidence to `out`; `onProgress(done, total)` after each file (total: the archive's
 * entries, a document counted once per criterion folder it is in).
 */
export async function writeEvidenceZip(
  em: EntityManager,
  storage: EvidenceStorage,
  sheetId: number,
  out: Writable,
  onProgress: (done: number, total: number) => void,
): Promise<{ entries: number }> {
  const docs = await loadDocuments(em, sheetId);
  const archive = new (await loadArchiver()).ZipArchive({ zlib: { level: 6 } });
  const used = new Set<string>();
  let total = 0;
  for (const doc of docs) {
    for (const code of doc.codes) {
      archive.append(storage.openLazily(doc.storageKey), {
        name: uniqueName(used, code, doc.filename),
        date: doc.uploadedAt,
      });
      total++;
    }
  }
  let done = 0;
  archive.on('entry', () => onProgress(++done, total));
  const written = pipeline(archive, out);
  // finalize() resolves when the archive is complete; pipeline() when it is flushed to `out` (or rejects on an error
  // of either side, e.g. a file missing from storage).
  await Promise.all([archive.finalize(), written]);
  if (!out.writableFinished) {
    await once(out, 'finish');
  }
  return { entries: total };
}

function uniqueName(used: Set<string>, folder: string, filename: string): string {
  const dot = filename.lastIndexOf('.');
  const stem = dot > 0 ? filename.slice(0, dot) : filename;
  const ext = dot > 0 ? filename.slice(dot) : '';
  let candidate = `${folder}/${filename}`;
  for (let n = 2; used.has(candidate); n++) {
    candidate = `${folder}/${stem} (${n})${ext}`;
  }
  used.add(candidate);
  return candidate;
}
