import { type INestApplication, ParseUUIDPipe } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { maxMatchLength } from './pattern-length.js';

type Schema = Record<string, unknown>;
type DtoClass = new (...args: never[]) => object;
type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];
interface Parameter {
  name: string;
  in: string;
  schema?: Schema;
}
interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: unknown;
}

// @nestjs/common's ROUTE_ARGS_METADATA and RouteParamtypes.QUERY (not exported from its index).
const ROUTE_ARGS = '__routeArguments__';
const QUERY = 4;
const PARAM = 5;
// Fastify's default maxParamLength: a longer path segment is a 414 problem before routing.
const MAX_PATH_SEGMENT = 100;
const ISO_DATE = '^\\d{4}-\\d{2}-\\d{2}$';

/**
 * The limits the validation pipe enforces, written into the document from the same class-validator
 * decorators (issue 19): maxLength, pattern, bounds, maxItems, enums, and additionalProperties: false on
 * bodies because the pipe forbids unknown fields (createValidationPipe: forbidNonWhitelisted).
 */
export function addValidationLimits(app: INestApplication, document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const routes = routeArguments(app);
  const operations = Object.values(document.paths).flatMap((item) => Object.values(item) as Operation[]);
  for (const op of operations) {
    const route = op.operationId ? routes.get(op.operationId.replace(/\[\d+\]$/, '')) : undefined;
    const limits = route?.query ? limitsOf(route.query) : new Map<string, Schema>();
    for (const p of op.parameters ?? []) {
      if (p.in === 'query' && limits.has(p.name)) p.schema = { ...p.schema, ...limits.get(p.name) };
      if (p.in === 'path')
        p.schema = route?.uuids.has(p.name) ? { type: 'string', format: 'uuid', maxLength: 36 } : { ...p.schema, maxLength: MAX_PATH_SEGMENT };
    }
  }
  // Bodies by the schema the operation names (@Body() DTOs, and @ApiBody types a handler validates itself).
  const validated = validatedClasses();
  for (const op of operations) {
    const ref = JSON.stringify(op.requestBody ?? {}).match(/#\/components\/schemas\/(\w+)/)?.[1];
    const dto = ref ? validated.get(ref) : undefined;
    if (dto) closeSchema(schemas, dto, validated, new Set());
  }
}

/** Every class carrying class-validator decorators, by name. */
function validatedClasses(): Map<string, DtoClass> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<DtoClass, unknown> };
  return new Map([...storage.validationMetadatas.keys()].filter((c) => typeof c === 'function').map((c) => [c.name, c]));
}

/** A body class and the classes nested in it: limits on each property, no unknown fields. */
function closeSchema(schemas: Record<string, Schema>, dto: DtoClass, validated: Map<string, DtoClass>, seen: Set<DtoClass>): void {
  const schema = schemas[dto.name];
  if (!schema || seen.has(dto)) return;
  seen.add(dto);
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  for (const [name, limit] of limitsOf(dto)) {
    const property = properties[name];
    if (!property || property.$ref) continue;
    properties[name] =
      property.type === 'array'
        ? { ...property, ...arrayPart(limit), items: { ...(property.items as Schema), ...itemPart(limit) } }
        : { ...property, ...limit };
  }
  schema.additionalProperties = false;
  // Nested bodies (@ValidateNested) are validated the same way: follow the schemas this one names.
  for (const ref of JSON.stringify(schema.properties ?? {}).matchAll(/#\/components\/schemas\/(\w+)/g)) {
    const name = ref[1]; // group 1 is not optional: defined in every match
    if (name === undefined) continue;
    const nested = validated.get(name);
    if (nested) closeSchema(schemas, nested, validated, seen);
  }
}

const ARRAY_KEYS = new Set(['minItems', 'maxItems']);
const arrayPart = (limit: Schema) => Object.fromEntries(Object.entries(limit).filter(([k]) => ARRAY_KEYS.has(k)));
const itemPart = (limit: Schema) => Object.fromEntries(Object.entries(limit).filter(([k]) => !ARRAY_KEYS.has(k)));

/** property → schema keywords, from the class's validation decorators (inherited ones included). */
function limitsOf(dto: DtoClass): Map<string, Schema> {
  const out = new Map<string, Schema>();
  for (const m of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) {
    const keywords = keywordsOf(m);
    if (!keywords) continue;
    const merged: Schema = { ...out.get(m.propertyName), ...keywords };
    // Two decorators may both bound a property (@Matches and @MaxLength): the stricter one holds.
    for (const k of ['maxLength', 'maxItems', 'maximum'] as const) {
      const bounds = [out.get(m.propertyName)?.[k], keywords[k]].filter((v): v is number => typeof v === 'number');
      if (bounds.length) merged[k] = Math.min(...bounds);
    }
    out.set(m.propertyName, merged);
  }
  return out;
}

function keywordsOf(m: ValidationMetadata): Schema | undefined {
  const [a, b] = (m.constraints ?? []) as unknown[];
  switch (m.name) {
    case 'maxLength':
      return { maxLength: a };
    case 'minLength':
      return { minLength: a };
    case 'isLength':
      return b === undefined ? { minLength: a } : { minLength: a, maxLength: b };
    case 'matches': {
      const pattern = (a as RegExp).source ?? String(a);
      const longest = maxMatchLength(pattern);
      return longest === undefined ? { pattern } : { pattern, maxLength: longest };
    }
    case 'min':
      return { minimum: a };
    case 'max':
      return { maximum: a };
    case 'isInt':
      return { type: 'integer', format: 'int32' };
    case 'arrayMaxSize':
      return { maxItems: a };
    case 'arrayMinSize':
      return { minItems: a };
    case 'isIn':
      return { enum: a };
    case 'isUUID':
      return { format: 'uuid', maxLength: 36 };
    case 'isIsoDate':
      return { format: 'date', pattern: ISO_DATE, maxLength: 10 };
    case 'isBoolean':
      return { type: 'boolean' };
    default:
      return undefined;
  }
}

/** Per route (by operationId `<Controller>_<method>`): its @Query() DTO class and the path parameters parsed as UUIDs. */
function routeArguments(app: INestApplication): Map<string, { query?: DtoClass; uuids: Set<string> }> {
  const routes = new Map<string, { query?: DtoClass; uuids: Set<string> }>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as DtoClass | null;
      if (!controller) continue;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const args = Reflect.getMetadata(ROUTE_ARGS, controller, method) as Record<string, { index: number; data?: unknown; pipes?: unknown[] }> | undefined;
        const types = (Reflect.getMetadata('design:paramtypes', controller.prototype as object, method) ?? []) as DtoClass[];
        const route: { query?: DtoClass; uuids: Set<string> } = { uuids: new Set() };
        for (const [key, arg] of Object.entries(args ?? {})) {
          const kind = Number(key.split(':')[0]);
          const type = types[arg.index];
          if (kind === QUERY && arg.data === undefined && type && (type as unknown) !== Object) route.query = type;
          if (kind === PARAM && typeof arg.data === 'string' && arg.pipes?.some((p) => p instanceof ParseUUIDPipe)) route.uuids.add(arg.data);
        }
        routes.set(`${controller.name}_${method}`, route);
      }
    }
  }
  return routes;
}
