import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOkResponse } from '@nestjs/swagger';
import { AppError } from '@lib/common';

/**
 * A 200 answer that is a file: the document names its media type (what a client may expect in Content-Type) and
 * a binary body. `@ApiProduces` alone leaves a response without content in OpenAPI 3.
 */
export function ApiFileResponse(mediaType: string, description: string): MethodDecorator & ClassDecorator {
  return ApiOkResponse({ description, content: { [mediaType]: { schema: { type: 'string', format: 'binary' } } } });
}

/**
 * A request that uploads one file (an import sheet) in the multipart field `file`, held in memory up to
 * `maxBytes`: the interceptor that reads it and the request body the document describes. The handler takes it
 * with `@UploadedFile()` and passes it through `requireFile`.
 */
export function ApiFileUpload(maxBytes: number): MethodDecorator {
  return applyDecorators(
    UseInterceptors(FileInterceptor('file', { limits: { fileSize: maxBytes, files: 1 } })),
    ApiConsumes('multipart/form-data'),
    ApiBody({
      schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
    }),
  );
}

/** The uploaded file; a request without one is refused, saying to choose it. */
export function requireFile<F>(file: F | undefined): F {
  if (!file) {
    throw new AppError(
      'invalid',
      'IMPORT_FILE_MISSING',
      'Chưa chọn tệp: hãy chọn tệp rồi gửi lại.',
      'No file was sent (form field "file").',
    );
  }
  return file;
}
