import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { makePdfFixtureSet, type PdfFixtureSet } from '../../../../test/fixtures/pdf/make-pdfs';
import type { PdfCheckResult } from './pdf-check';

interface Answer {
  result: PdfCheckResult;
  /** Bytes left in the memory of the buffer handed to the check, afterwards. */
  left: number;
  /** The bytes of the whole of that memory are still the file's, afterwards. */
  intact: boolean;
}

/**
 * `checkPdf(buffer, { handOver: true })` in a thread, as the inspector runs it (pdf.js does not run under jest's
 * module system), on a buffer that is the whole of its memory (`extra` 0) or a view of a larger one.
 */
function checkHandedOver(pdf: Buffer, extra: number): Promise<Answer> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { checkPdf } = require(${JSON.stringify(join(__dirname, 'pdf-check.ts'))});
    const memory = Buffer.allocUnsafeSlow(workerData.pdf.length + workerData.extra);
    memory.fill(0);
    Buffer.from(workerData.pdf).copy(memory);
    const handed = workerData.extra ? memory.subarray(0, workerData.pdf.length) : memory;
    checkPdf(handed, { handOver: true }).then((result) => parentPort.postMessage({
      result,
      left: memory.buffer.byteLength,
      intact: memory.buffer.byteLength > 0 && memory.subarray(0, workerData.pdf.length).equals(Buffer.from(workerData.pdf)),
    }));`;
  const worker = new Worker(code, {
    eval: true,
    workerData: { pdf: new Uint8Array(pdf), extra },
    execArgv: ['-r', join(__dirname, '../../../../scripts/register-ts.js')],
  });
  return new Promise<Answer>((resolve, reject) => {
    worker.once('message', (answer: Answer) => {
      resolve(answer);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe('checkPdf handOver', () => {
  let fixtures: PdfFixtureSet;

  beforeAll(async () => {
    fixtures = await makePdfFixtureSet();
  });

  it('should let pdf.js take a buffer that is the whole of its memory without a copy, and copy a view of a larger one', async () => {
    const [whole, view] = await Promise.all([
      checkHandedOver(fixtures.signed, 0),
      checkHandedOver(fixtures.signed, 64),
    ]);

    expect(whole.result).toMatchObject({ pdfVersion: '1.7', flags: [], encrypted: false, pages: 1 });
    expect(view.result).toEqual(whole.result);
    // Taken: the caller's memory is detached (why only the check's last reader hands its buffer over). Copied: the
    // larger buffer is left whole, its bytes unchanged.
    expect(whole.left).toBe(0);
    expect(view).toMatchObject({ left: fixtures.signed.length + 64, intact: true });
  });
});
