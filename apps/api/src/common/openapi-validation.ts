import { ParseIntPipe, type INestApplicationContext } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject, ParameterObject, SchemaObject } from '@nestjs/swagger';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

type Class = Function; // eslint-disable-line @typescript-eslint/no-unsafe-function-type

/** Where class-validator keeps the decorated classes (a Map since 0.14; private in its typings). */
interface ValidationStorage {
  validationMetadatas: Map<Class, ValidationMetadata[]>;
}

/**
 * The request constraints the api enforces, stated in docs/openapi.json from the same decorators that enforce them.
 * Written by hand in `@ApiProperty`, these drifted ("reason" documented as any string, validated as 5–2000
 * characters; ids documented as any number, refused unless whole).
 *
 * - Request bodies: every component schema named after a class with class-validator decorators (the request DTOs).
 * - Path and query parameters: the `@Param()`/`@Query()` DTO of each controller method (operation ids are
 *   `Controller_method`), and `@Param('id', ParseIntPipe)` (an integer).
 *
 * Each property gets `integer`, `minimum`/`maximum`, `minLength`/`maxLength`, `pattern`, `enum`,
 * `minItems`/`maxItems`, `uniqueItems`, and is required exactly when it has validators and no
 * `@IsOptional`/`@ValidateIf`. A JSON body with no required property is optional (the ValidationPipe reads a
 * missing body as {}). A `pattern` is only stated for a property without `@Transform`: a transformed value
 * (trimmed, lower-cased) is checked after the change, so the pattern would not describe what a client may send.
 */
export function documentValidation(document: OpenAPIObject, app: INestApplicationContext): OpenAPIObject {
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
    const required = new Set(schema.required ?? []);
    constrainProperties(target, schema.properties as Record<string, SchemaObject>, required);
    schema.required = [...required];
    if (schema.required.length === 0) {
      delete schema.required;
    }
  }
  const operations = new Map(
    Object.values(document.paths)
      .flatMap((item) =>
        (['get', 'put', 'post', 'delete', 'patch'] as const).flatMap((m) => (item[m] ? [item[m]] : [])),
      )
      .map((op) => [op.operationId, op]),
  );
  for (const controller of controllersOf(app)) {
    const prototype = controller.prototype as Record<string, unknown>;
    for (const method of Object.getOwnPropertyNames(prototype)) {
      const operation = operations.get(`${controller.name}_${method}`);
      if (!operation?.parameters) {
        continue;
      }
      const parameters = operation.parameters as ParameterObject[];
      const types = (Reflect.getMetadata('design:paramtypes', prototype, method) ?? []) as Class[];
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
        string,
        { index: number; data?: unknown; pipes?: unknown[] }
      >;
      for (const [key, arg] of Object.entries(args)) {
        const kind = Number(key.split(':')[0]) as RouteParamtypes;
        const where = kind === RouteParamtypes.PARAM ? 'path' : kind === RouteParamtypes.QUERY ? 'query' : undefined;
        if (!where) {
          continue;
        }
        const inPlace = parameters.filter((p) => p.in === where && p.schema && !('$ref' in p.schema));
        if (typeof arg.data === 'string') {
          const parsesInt = (arg.pipes ?? []).some((p) => p === ParseIntPipe || p instanceof ParseIntPipe);
          const parameter = inPlace.find((p) => p.name === arg.data);
          if (parsesInt && parameter) {
            (parameter.schema as SchemaObject).type = 'integer';
          }
          continue;
        }
        const dto = types[arg.index];
        if (!dto || !classes.has(dto)) {
          continue;
        }
        const properties = Object.fromEntries(inPlace.map((p) => [p.name, p.schema as SchemaObject]));
        const required = new Set(inPlace.filter((p) => p.required).map((p) => p.name));
        constrainProperties(dto, properties, required);
        for (const p of inPlace) {
          p.required = where === 'path' || required.has(p.name);
        }
      }
    }
  }
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

/** The controller classes of the application (in preview mode too: they are scanned, not instantiated). */
function controllersOf(app: INestApplicationContext): Class[] {
  const out: Class[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      if (typeof wrapper.metatype === 'function') {
        out.push(wrapper.metatype);
      }
    }
  }
  return out;
}

/** State a class's validators on the schemas of its properties (those the document lists). */
function constrainProperties(target: Class, properties: Record<string, SchemaObject>, required: Set<string>): void {
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const m of getMetadataStorage().getTargetValidationMetadatas(target, '', true, false)) {
    byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
  }
  for (const [name, metadata] of byProperty) {
    const property = properties[name] as SchemaObject | undefined;
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
