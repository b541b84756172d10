/**
 * The text of a PDF as a reader sees it, extracted with pdf.js (npm `pdfjs-dist`) — a library, not a system
 * tool — so export tests run on any machine. pdf.js ships ES modules that jest's module registry cannot load,
 * so the extraction runs in a plain Node child process (this Node, this node_modules) reading the PDF from
 * stdin. Lines are rebuilt from pdf.js text items (`hasEOL` ends a line); the result is NFC-normalised.
 */
import { execFile } from 'node:child_process';
import { repoRoot } from '@config';

const EXTRACT = `
const pdfjs = require('pdfjs-dist/legacy/build/pdf.mjs');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(Buffer.concat(chunks)), isEvalSupported: false, verbosity: 0 }).promise;
  const lines = [];
  let line = '';
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    for (const item of content.items) {
      if ('str' in item) {
        line += item.str;
        if (item.hasEOL) { lines.push(line); line = ''; }
      }
    }
    lines.push(line);
    line = '';
  }
  process.stdout.write(lines.join('\\n'));
});
`;

export function pdfText(pdf: Uint8Array): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['-e', EXTRACT],
      { cwd: repoRoot(), maxBuffer: 64 * 1024 * 1024, timeout: 60_000 },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`pdf.js text extraction failed: ${stderr || error.message}`))
          : resolve(stdout.normalize('NFC')),
    );
    child.stdin!.end(Buffer.from(pdf));
  });
}
