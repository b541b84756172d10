// Writes docs/openapi.json from the code (controllers + DTO decorators). CI fails when the committed file is stale.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, repoRoot } from '@config';
import { buildOpenApiDocument, createApiApp } from '../apps/api/src/app.factory';

export async function generateOpenApi(): Promise<string> {
  // Preview mode: controllers and DTOs are scanned, no provider runs, so no MySQL or Redis is needed.
  const app = await createApiApp(loadConfig({ LOG_LEVEL: 'silent' }), { preview: true });
  const document = buildOpenApiDocument(app);
  await app.close();
  return `${JSON.stringify(document, null, 2)}\n`;
}

export const OPENAPI_PATH = join(repoRoot(), 'docs', 'openapi.json');

if (require.main === module) {
  generateOpenApi()
    .then((text) => {
      writeFileSync(OPENAPI_PATH, text);
      console.log(`Wrote ${OPENAPI_PATH}`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
