import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePdfFixtureSet, type PdfFixtureSet } from '../../../../../test/fixtures/pdf/make-pdfs';
import {
  EmptyFileError,
  EvidenceFileError,
  MalformedPdfError,
  NotAPdfError,
  PdfCheckTimeoutError,
  TruncatedPdfError,
} from './evidence-file.errors';
import { checkPdf } from './pdf-check';

/** Children of this jest worker whose command is `name` (zombies included: they stay listed until reaped). */
function childProcessesNamed(name: string): string[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=,stat=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  } catch {
    // ps exits 1 when there is no child at all
  }
  return out.split('\n').filter((line) => line.includes(name));
}

describe(checkPdf.name, () => {
  let dir: string;
  let fixtures: PdfFixtureSet;

  async function fixture(name: keyof PdfFixtureSet): Promise<string> {
    const path = join(dir, `${name}.pdf`);
    await writeFile(path, fixtures[name]);
    return path;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pdf-check-'));
    fixtures = await makePdfFixtureSet();
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should pass a signed PDF and report no risk flags', async () => {
    const result = await checkPdf(await fixture('signed'), { timeoutMs: 10_000 });

    expect(result).toMatchObject({ pdfVersion: '1.7', flags: [], encrypted: false });
  });

  it('should flag JavaScript and OpenAction even inside a compressed object stream', async () => {
    const result = await checkPdf(await fixture('withJavaScript'), { timeoutMs: 10_000 });

    expect(result.flags).toEqual(['JS', 'JavaScript', 'OpenAction']);
  });

  it('should reject a JPEG renamed to .pdf with NotAPdfError', async () => {
    const error: unknown = await checkPdf(await fixture('jpeg'), { timeoutMs: 10_000 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NotAPdfError);
    expect(error).toMatchObject({
      code: 'NOT_A_PDF',
      messageVi: 'Tệp không phải PDF',
      messageEn: 'The file is not a PDF',
    });
  });

  it('should reject an empty file with EmptyFileError', async () => {
    await expect(checkPdf(await fixture('empty'), { timeoutMs: 10_000 })).rejects.toBeInstanceOf(EmptyFileError);
  });

  it('should reject a truncated PDF with TruncatedPdfError, a MalformedPdfError', async () => {
    const error: unknown = await checkPdf(await fixture('truncated'), { timeoutMs: 10_000 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TruncatedPdfError);
    expect(error).toBeInstanceOf(MalformedPdfError);
    expect(error).toMatchObject({ code: 'PDF_TRUNCATED' });
  });

  it('should reject a PDF whose structure does not parse, with a short reason that hides the server path', async () => {
    const path = join(dir, 'garbage.pdf');
    await writeFile(path, '%PDF-1.4\nthis is not a pdf body\n%%EOF\n');

    const error: unknown = await checkPdf(path, { timeoutMs: 10_000 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MalformedPdfError);
    expect(error).toMatchObject({ code: 'MALFORMED_PDF' });
    expect((error as MalformedPdfError).reason).toMatch(/trailer/);
    expect((error as MalformedPdfError).reason).not.toContain(dir);
  });

  it('should enforce an absurdly short timeout on the real parser and leave no qpdf process behind', async () => {
    const error: unknown = await checkPdf(await fixture('signedTwice'), { timeoutMs: 1 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PdfCheckTimeoutError);
    expect(error).toBeInstanceOf(MalformedPdfError);
    expect(error).toMatchObject({ code: 'PDF_CHECK_TIMEOUT', timeoutMs: 1 });
    expect(childProcessesNamed('qpdf')).toEqual([]);
  });

  it('should kill and reap a parser that hangs', async () => {
    const hanging = join(dir, 'hanging-qpdf.sh');
    await writeFile(hanging, '#!/bin/sh\nexec sleep 30\n');
    await chmod(hanging, 0o755);
    const started = Date.now();

    const error: unknown = await checkPdf(await fixture('signed'), { timeoutMs: 300, qpdfPath: hanging }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(PdfCheckTimeoutError);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(childProcessesNamed('sleep')).toEqual([]);
  });

  it('should fail as a server error, not a bad upload, when qpdf is missing', async () => {
    const error: unknown = await checkPdf(await fixture('signed'), {
      timeoutMs: 5_000,
      qpdfPath: join(dir, 'no-such-qpdf'),
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(EvidenceFileError);
    expect((error as Error).message).toMatch(/no-such-qpdf/);
  });
});
