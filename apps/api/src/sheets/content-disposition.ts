/**
 * `Content-Disposition` with a UTF-8 file name (RFC 6266 + RFC 8187): an ASCII fallback in `filename=` for
 * old clients and the exact name in `filename*=UTF-8''…` — Vietnamese names survive, and no quote, slash
 * or control character from a stored name can break the header.
 */
export function contentDisposition(kind: 'attachment' | 'inline', filename: string): string {
  const fallback =
    filename
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D')
      .replace(/[^\x20-\x7e]|["\\/;%]/g, '_') || 'file';
  const encoded = encodeURIComponent(filename).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export const attachmentDisposition = (filename: string): string => contentDisposition('attachment', filename);
