import { readFileSync } from 'node:fs';
import { OPENAPI_PATH, generateOpenApi } from '../scripts/openapi';

describe('OpenAPI document', () => {
  it('should match the committed docs/openapi.json (run `npm run openapi` after changing the API)', async () => {
    const committed = readFileSync(OPENAPI_PATH, 'utf8');
    expect(await generateOpenApi()).toBe(committed);
  });
});
