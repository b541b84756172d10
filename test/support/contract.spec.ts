import { ContractDocument, checkExchange, contractDocument, type Exchange } from './contract';

/** A small document with the shapes the real one uses (Nest's output): $ref, nullable, allOf, 4XX, files. */
const doc = new ContractDocument({
  paths: {
    '/api/things/{id}': {
      get: {
        operationId: 'Things_get',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'number' } }],
        responses: {
          200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          '4XX': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        },
      },
      put: {
        operationId: 'Things_put',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'number' } }],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingInput' } } },
        },
        responses: {
          204: { description: '' },
          '4XX': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        },
      },
    },
    '/api/things/special': {
      get: { operationId: 'Things_special', responses: { 200: { description: '' } } },
    },
    '/api/things/{id}/file.pdf': {
      get: {
        operationId: 'Things_file',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'number' } },
          { name: 'inline', in: 'query', required: false, schema: { type: 'boolean' } },
        ],
        responses: { 200: { content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } } },
      },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        properties: {
          id: { type: 'number' },
          note: { type: 'string', nullable: true },
          parent: { nullable: true, allOf: [{ $ref: '#/components/schemas/Ref' }] },
        },
        required: ['id', 'note'],
      },
      Ref: { type: 'object', properties: { id: { type: 'number' } }, required: ['id'] },
      ThingInput: {
        type: 'object',
        properties: { explanation: { type: 'string', example: 'why' } },
        required: ['explanation'],
      },
      Error: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: { code: { type: 'string' }, details: {} },
            required: ['code'],
          },
        },
        required: ['error'],
      },
    },
  },
});

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const exchange = (e: Partial<Exchange>): Exchange => ({
  method: 'GET',
  url: '/api/things/1',
  requestHasBody: false,
  status: 200,
  responseContentType: 'application/json; charset=utf-8',
  responseHasBody: true,
  ...e,
});
const check = (e: Partial<Exchange>) =>
  checkExchange(doc, exchange(e)).map((v) => `${v.operation} | ${v.part} | ${v.path} | ${v.message}`);

describe('contract check', () => {
  it('should accept an answer that keeps to the document (nullable, allOf + nullable)', () => {
    expect(check({ responseBody: json({ id: 1, note: null, parent: null }) })).toEqual([]);
    expect(check({ responseBody: json({ id: 1, note: 'x', parent: { id: 2 } }) })).toEqual([]);
  });

  it('should name the operation and the JSON path of a wrong type, a missing and an undocumented property', () => {
    expect(check({ responseBody: json({ id: '1', parent: { id: 2, extra: true } }) })).toEqual([
      "GET /api/things/{id} (Things_get) | response 200 body |  | must have required property 'note'",
      'GET /api/things/{id} (Things_get) | response 200 body | /id | must be number',
      'GET /api/things/{id} (Things_get) | response 200 body | /parent | has "extra", which the document does not list',
    ]);
  });

  it('should refuse an undocumented status, and check 4xx bodies against the 4XX entry', () => {
    expect(check({ status: 201, responseBody: json({ id: 1, note: null }) })).toEqual([
      'GET /api/things/{id} (Things_get) | response status |  | 201 is not documented (documented: 200, 4XX)',
    ]);
    expect(check({ status: 404, responseBody: json({ error: { code: 'NOT_FOUND' } }) })).toEqual([]);
    expect(check({ status: 404, responseBody: json({ message: 'nope' }) })).toHaveLength(2);
  });

  it('should flag a request the document calls invalid only when the api accepted it', () => {
    const put = {
      method: 'PUT',
      requestHasBody: true,
      requestContentType: 'application/json',
      requestJson: { explanation: { text: 'x' } },
      responseHasBody: false,
    };
    expect(check({ ...put, status: 204 })).toEqual([
      'PUT /api/things/{id} (Things_put) | request body | /explanation | must be string — the document calls this request invalid, yet the api accepted it',
    ]);
    const refusal = json({ error: { code: 'BAD_REQUEST', details: ['explanation must be a string'] } });
    expect(check({ ...put, status: 400, responseHasBody: true, responseBody: refusal })).toEqual([]);
  });

  it("should flag a request the document calls valid when the api's input validation refused it", () => {
    const put = {
      method: 'PUT',
      requestHasBody: true,
      requestContentType: 'application/json',
      requestJson: { explanation: 'x' },
      status: 400,
      responseBody: json({ error: { code: 'BAD_REQUEST', details: ['explanation must be an object'] } }),
    };
    expect(check(put)).toEqual([
      'PUT /api/things/{id} (Things_put) | request |  | valid by the document, but the api\'s input validation refused it: ["explanation must be an object"]',
    ]);
    // A domain refusal (its own code) is not about the document.
    expect(check({ ...put, responseBody: json({ error: { code: 'ENTRY_INVALID' } }) })).toEqual([]);
  });

  it('should check a body where the document promises none, and an answer nobody documented', () => {
    expect(check({ method: 'PUT', status: 204, responseHasBody: true, responseBody: json({}) })).toEqual([
      'PUT /api/things/{id} (Things_put) | request body |  | missing, but the operation requires one — the document calls this request invalid, yet the api accepted it',
      'PUT /api/things/{id} (Things_put) | response body |  | a 204 answer must have no body',
    ]);
    expect(check({ method: 'DELETE', status: 200 })).toEqual([
      'DELETE /api/things/1 | route |  | answered 200 but the document has no such operation',
    ]);
    expect(check({ method: 'DELETE', status: 404 })).toEqual([]);
    expect(check({ url: '/assets/index.js', status: 200, responseContentType: 'text/javascript' })).toEqual([]);
  });

  it('should match a literal segment before a parameter, and check files by content type and query by schema', () => {
    expect(check({ url: '/api/things/special', responseHasBody: false })).toEqual([]);
    expect(check({ url: '/api/things/1/file.pdf?inline=true', responseContentType: 'application/pdf' })).toEqual([]);
    expect(check({ url: '/api/things/1/file.pdf', responseContentType: 'text/html' })).toEqual([
      'GET /api/things/{id}/file.pdf (Things_file) | response content-type |  | text/html is not one of the documented application/pdf',
    ]);
    expect(
      check({ url: '/api/things/1/file.pdf?inline=perhaps&page=2', responseContentType: 'application/pdf' }),
    ).toEqual([
      'GET /api/things/{id}/file.pdf (Things_file) | request query |  | has "page", which the document does not list — the document calls this request invalid, yet the api accepted it',
      'GET /api/things/{id}/file.pdf (Things_file) | request query | /inline | must be boolean — the document calls this request invalid, yet the api accepted it',
    ]);
  });

  it('should compile the committed docs/openapi.json', () => {
    const real = contractDocument();
    expect(real.match('GET', '/api/sheets/12')?.route.template).toBe('/api/sheets/{id}');
    expect(real.match('POST', '/api/inbox/tasks/bulk/claim')?.route.template).toBe('/api/inbox/tasks/bulk/claim');
  });
});
