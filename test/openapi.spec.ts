import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import openapiTS, { COMMENT_HEADER, astToString } from 'openapi-typescript';
import { repoRoot } from '@config';
import { OPENAPI_PATH, generateOpenApi } from '../scripts/openapi';

const CLIENT_SCHEMA_PATH = join(repoRoot(), 'apps', 'web', 'src', 'api', 'schema.d.ts');

describe('OpenAPI document', () => {
  it('should match the committed docs/openapi.json (run `npm run openapi` after changing the API)', async () => {
    const committed = readFileSync(OPENAPI_PATH, 'utf8');
    expect(await generateOpenApi()).toBe(committed);
  });

  it('should match the committed web client types (run `npm run client:generate` after `npm run openapi`)', async () => {
    // The same call as the openapi-typescript CLI behind `npm run client:generate` (no flags).
    const generated = `${COMMENT_HEADER}${astToString(await openapiTS(pathToFileURL(OPENAPI_PATH), { silent: true }))}`;
    const committed = readFileSync(CLIENT_SCHEMA_PATH, 'utf8');
    expect(generated === committed).toBe(true);
  });
});
