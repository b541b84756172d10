/**
 * The import idiom shared by the spreadsheet imports (criteria sets, organisations): choose a file → dry run
 * (what would be written, every problem with its row) → confirm, which writes everything or nothing.
 */
import { Steps } from 'antd';
import { useState, type CSSProperties } from 'react';
import { uploadWithProgress } from '../api/client';
import { useLang } from '../lib/i18n';

export interface ImportUpload<R> {
  /** The chosen file (kept for the confirm and for its name in the summary). */
  file: File | undefined;
  /** Upload percent while a request is on its way. */
  progress: number | undefined;
  /** The last answer: the dry run's, then the import's. */
  result: R | undefined;
  setResult: (r: R | undefined) => void;
  error: unknown;
  importing: boolean;
  /** Send `f` to `url` as a dry run (the url says dryRun=true). */
  preview: (f: File, url: string) => Promise<void>;
  /** Send the chosen file to `url` for real; `onRefused` may put a refusal's rows in place of the preview's. */
  confirm: (url: string, onDone: (r: R) => void, onRefused?: (e: unknown) => void) => Promise<void>;
}

export function useImportUpload<R>(): ImportUpload<R> {
  const [file, setFile] = useState<File>();
  const [progress, setProgress] = useState<number>();
  const [result, setResult] = useState<R>();
  const [error, setError] = useState<unknown>();
  const [importing, setImporting] = useState(false);

  const send = (url: string, f: File) => {
    const body = new FormData();
    body.append('file', f);
    return uploadWithProgress<R>(url, body, setProgress);
  };

  const preview = async (f: File, url: string) => {
    setFile(f);
    setResult(undefined);
    setError(undefined);
    setProgress(0);
    try {
      setResult(await send(url, f));
    } catch (e) {
      setError(e);
    } finally {
      setProgress(undefined);
    }
  };

  const confirm = async (url: string, onDone: (r: R) => void, onRefused?: (e: unknown) => void) => {
    if (!file) {
      return;
    }
    setImporting(true);
    setError(undefined);
    try {
      const done = await send(url, file);
      setResult(done);
      onDone(done);
    } catch (e) {
      onRefused?.(e);
      setError(e);
    } finally {
      setImporting(false);
      setProgress(undefined);
    }
  };

  return { file, progress, result, setResult, error, importing, preview, confirm };
}

/** The three steps of an import, `current` 0 (choose), 1 (previewed) or 2 (imported). */
export function ImportSteps({ current, style }: { current: number; style?: CSSProperties }) {
  const { t } = useLang();
  return (
    <Steps
      size="small"
      current={current}
      style={style}
      items={[
        { title: t('Chọn tệp', 'Choose a file') },
        { title: t('Xem trước (chạy thử)', 'Preview (dry run)') },
        { title: t('Nhập', 'Import') },
      ]}
    />
  );
}
