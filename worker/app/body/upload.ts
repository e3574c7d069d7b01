import { XLSX_MEDIA_TYPE } from '../negotiate.js';
import { HttpProblem } from '../problem.js';
import { assertDeclaredLength, limitedBody } from './limit.js';
import { parseMediaType } from './media-type.js';
import { openMultipartFile } from './multipart.js';

/** A report upload: its bytes as they arrive (never buffered whole), with what the client said about it. */
export interface Upload {
  bytes: AsyncIterable<Uint8Array>;
  /** The multipart part's filename, if any. */
  fileName: string | null;
  /** The charset the client declared for the report (Content-Type of the body or of the file part). */
  charset: string | undefined;
}

/** Media types a report may be sent as; the reader detects the delimiter, whatever the label says. */
export const REPORT_MEDIA_TYPES = ['text/csv', 'text/tab-separated-values', 'text/plain'] as const;
/** An .xlsx workbook (a claim sheet saved from Excel) may be sent as itself; the ZIP signature, not the label, makes it one (import/xlsx-upload.ts). */
export const UPLOAD_MEDIA_TYPES = [...REPORT_MEDIA_TYPES, XLSX_MEDIA_TYPE, 'multipart/form-data'] as const;

/**
 * Opens the request body as a report: 415 for other media types or a compressed body, 413 at once for a
 * Content-Length over the limit (and later, while streaming, for a body that grows past it). `stop`
 * (shutdown) ends the reading with an error.
 */
export async function openUpload(request: Request, limitBytes: number, stop: AbortSignal): Promise<Upload> {
  const encoding = request.headers.get('content-encoding');
  if (encoding && encoding.trim().toLowerCase() !== 'identity') {
    throw unsupportedMediaType(`Content-Encoding "${encoding}" is not supported: send the report uncompressed.`);
  }
  const mediaType = parseMediaType(request.headers.get('content-type'));
  if (!mediaType || !(UPLOAD_MEDIA_TYPES as readonly string[]).includes(mediaType.essence)) {
    const got = mediaType ? `"${mediaType.essence}"` : 'no Content-Type';
    throw unsupportedMediaType(`The report was sent as ${got}; send it as ${UPLOAD_MEDIA_TYPES.join(', ')} (one file part).`);
  }
  assertDeclaredLength(request.headers, limitBytes);
  const bytes = limitedBody(request.body, limitBytes, stop);
  if (mediaType.essence !== 'multipart/form-data') return { bytes, fileName: null, charset: mediaType.params['charset'] };

  const boundary = mediaType.params['boundary'];
  if (!boundary) {
    await bytes.return();
    throw new HttpProblem(400, 'invalid-multipart', 'Invalid multipart body', 'multipart/form-data needs a boundary parameter in its Content-Type.');
  }
  const file = await openMultipartFile(bytes, boundary);
  return { bytes: file.bytes, fileName: file.fileName, charset: file.contentType?.params['charset'] };
}

const unsupportedMediaType = (detail: string) => new HttpProblem(415, 'unsupported-media-type', 'Unsupported media type', detail);
