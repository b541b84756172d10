import { ApiOkResponse } from '@nestjs/swagger';

/**
 * A 200 answer that is a file: the document names its media type (what a client may expect in Content-Type) and
 * a binary body. `@ApiProduces` alone leaves a response without content in OpenAPI 3.
 */
export function ApiFileResponse(mediaType: string, description: string): MethodDecorator & ClassDecorator {
  return ApiOkResponse({ description, content: { [mediaType]: { schema: { type: 'string', format: 'binary' } } } });
}
