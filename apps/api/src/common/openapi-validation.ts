import type { OpenAPIObject, SchemaObject } from '@nestjs/swagger';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/** Where class-validator keeps the decorated classes (a Map since 0.14; private in its typings). */
interface ValidationStorage {
  validationMetadatas: Map<Function, ValidationMetadata[]>; // eslint-disable-line @typescript-eslint/no-unsafe-function-type
}

/**
 * The request constraints the api enforces, stated in docs/openapi.json from the same decorators that enforce them:
 * for every component schema named after a class with class-validator decorators (the request DTOs), each
 * property gets `integer`, `minimum`/`maximum`, `minLength`/`maxLength`, `pattern`, `enum`, `minItems`/`maxItems`,
 * `uniqueItems`, and `required` exactly when the property has validators and no `@IsOptional`/`@ValidateIf`.
 * Written by hand in `@ApiProperty`, these drifted ("reason" documented as any string, validated as 5–2000
 * characters). A JSON body with no required property is optional. A `pattern` is only stated for a property without `@Transform`: a transformed value (trimmed,
 * lower-cased) is checked after the change, so the pattern would not describe what a client may send.
 */
export function documentValidation(document: OpenAPIObject): OpenAPIObject {
  const storage = getMetadataStorage();
  const classes = (storage as unknown as ValidationStorage).validationMetadatas;
  if (!(classes instanceof Map)) {
    throw new Error('class-validator changed how it stores metadata; update apps/api/src/common/openapi-validation.ts');
  }
  const schemas = document.components?.schemas ?? {};
  for (const target of classes.keys()) {
    const schema = schemas[target.name] as SchemaObject | undefined;
    if (!schema?.properties) {
      continue;
    }
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const m of storage.getTargetValidationMetadatas(target, '', true, false)) {
      byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
    }
    const required = new Set(schema.required ?? []);
    for (const [name, metadata] of byProperty) {
      const property = schema.properties[name] as SchemaObject | undefined;
      if (!property) {
        continue;
      }
      const optional = metadata.some((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION);
      const validates = metadata.some((m) => m.type === ValidationTypes.CUSTOM_VALIDATION);
      if (optional) {
        required.delete(name);
      } else if (validates) {
        required.add(name);
      }
      const transformed = defaultMetadataStorage.findTransformMetadatas(target, name, 2 /* PLAIN_TO_CLASS */).length;
      for (const m of metadata) {
        if (m.type !== ValidationTypes.CUSTOM_VALIDATION || !m.name) {
          continue;
        }
        const into =
          m.each && property.type === 'array' && property.items && !('$ref' in property.items)
            ? property.items
            : m.each
              ? undefined
              : property;
        if (into) {
          constrain(into, m.name, m.constraints ?? [], transformed > 0);
        }
      }
    }
    schema.required = [...required];
    if (schema.required.length === 0) {
      delete schema.required;
    }
  }
  // A JSON body whose every property is optional may be left out: the ValidationPipe reads a missing body as {}.
  for (const item of Object.values(document.paths)) {
    for (const method of ['put', 'post', 'patch', 'delete'] as const) {
      const body = item[method]?.requestBody;
      const ref = body && 'content' in body ? body.content['application/json']?.schema : undefined;
      const name = ref && '$ref' in ref ? ref.$ref.replace('#/components/schemas/', '') : undefined;
      const target = name ? (schemas[name] as SchemaObject | undefined) : undefined;
      if (body && 'content' in body && target?.properties && !target.required?.length) {
        body.required = false;
      }
    }
  }
  return document;
}

function constrain(s: SchemaObject, name: string, c: unknown[], transformed: boolean): void {
  const n = (i: number) => (typeof c[i] === 'number' ? c[i] : undefined);
  switch (name) {
    case 'isInt':
      s.type = 'integer';
      break;
    case 'min':
      s.minimum = n(0);
      break;
    case 'max':
      s.maximum = n(0);
      break;
    case 'isPositive':
      s.exclusiveMinimum = true;
      s.minimum = 0;
      break;
    case 'minLength':
      s.minLength = n(0);
      break;
    case 'maxLength':
      s.maxLength = n(0);
      break;
    case 'isLength':
      s.minLength = n(0) || undefined;
      s.maxLength = n(1);
      break;
    case 'isNotEmpty':
      if (s.type === 'string') {
        s.minLength ??= 1;
      }
      break;
    case 'matches':
      if (!transformed && c[0] instanceof RegExp && c[0].flags === '') {
        s.pattern = c[0].source;
      }
      break;
    case 'isIn':
      if (Array.isArray(c[0])) {
        s.enum = c[0] as unknown[];
      }
      break;
    case 'arrayMinSize':
      s.minItems = n(0);
      break;
    case 'arrayNotEmpty':
      s.minItems = Math.max(s.minItems ?? 0, 1);
      break;
    case 'arrayMaxSize':
      s.maxItems = n(0);
      break;
    case 'arrayUnique':
      s.uniqueItems = true;
      break;
  }
  for (const key of ['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems'] as const) {
    if (s[key] === undefined) {
      delete s[key];
    }
  }
}
