import ts from 'typescript';
import { exampleFor } from './examples.js';

/**
 * Success-response schemas from the TypeScript types the controllers return (issue 19): the
 * controller method's inferred return type is the one source; nothing is written twice by hand.
 * The result is committed as libs/platform/src/http/openapi/responses.generated.ts and merged
 * into the OpenAPI document by operationId (`<Controller>_<method>`, Nest's default).
 */
export type JsonSchema = Record<string, unknown>;
export interface OperationResponse {
  /** the status Nest answers with: @HttpCode, else 201 for POST and 200 otherwise */
  status: number;
  /** JSON body; absent for an operation that answers with no body */
  schema?: JsonSchema;
  /** the method may also return a string or a file (CSV, xlsx, PDF) */
  text?: boolean;
  /** media types from @ApiProduces or a fixed @Header('Content-Type') */
  media?: string[];
}
export interface ResponseCatalogue {
  schemas: Record<string, JsonSchema>;
  operations: Record<string, OperationResponse>;
}

const HTTP_METHODS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete']);

export function generateResponseCatalogue(root = process.cwd()): ResponseCatalogue {
  const configPath = ts.findConfigFile(root, (file) => ts.sys.fileExists(file), 'tsconfig.json')!;
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const files = parsed.fileNames.filter((f) => /\/(libs|apps)\//.test(f) && !f.endsWith('.spec.ts'));
  const program = ts.createProgram(files, parsed.options);
  const builder = new SchemaBuilder(program.getTypeChecker());
  const operations: Record<string, OperationResponse> = {};
  for (const file of program.getSourceFiles()) {
    if (!file.fileName.endsWith('.controller.ts') || file.fileName.includes('node_modules')) continue;
    for (const cls of file.statements.filter(ts.isClassDeclaration)) {
      if (!cls.name || !decorator(cls, 'Controller')) continue;
      for (const member of cls.members.filter(ts.isMethodDeclaration)) {
        const verb = decorators(member).find((d) => HTTP_METHODS.has(d.name));
        if (!verb) continue;
        operations[`${cls.name.text}_${member.name.getText()}`] = builder.operation(member, verb.name);
      }
    }
  }
  return { schemas: sortKeys(builder.schemas), operations: sortKeys(operations) };
}

class SchemaBuilder {
  readonly schemas: Record<string, JsonSchema> = {};
  private readonly names = new Map<ts.Type, string>();

  constructor(private readonly checker: ts.TypeChecker) {}

  operation(method: ts.MethodDeclaration, verb: string): OperationResponse {
    const code = decorators(method).find((d) => d.name === 'HttpCode')?.args[0];
    const status = code ? Number(code.getText()) : verb === 'Post' ? 201 : 200;
    const signature = this.checker.getSignatureFromDeclaration(method)!;
    const returned = this.checker.getAwaitedType(signature.getReturnType()) ?? signature.getReturnType();
    const members = returned.isUnion() ? returned.types : [returned];
    const text = members.some((t) => this.isText(t));
    const json = members.filter((t) => !this.isText(t) && !(t.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined)));
    const media = mediaTypes(method);
    const extra = { ...(text ? { text } : {}), ...(media.length ? { media } : {}) };
    if (json.length === 0) return { status, ...extra };
    const [only] = json;
    const schema = only && json.length === 1 ? this.schema(only) : { anyOf: json.map((t) => this.schema(t)) };
    return { status, schema, ...extra };
  }

  /** A body that is not JSON: a CSV string, or bytes (xlsx, PDF). */
  private isText(type: ts.Type): boolean {
    if (type.flags & ts.TypeFlags.StringLike) return true;
    const name = type.getSymbol()?.getName();
    return name === 'Buffer' || name === 'Uint8Array' || name === 'StreamableFile' || name === 'Readable';
  }

  schema(type: ts.Type, property?: string): JsonSchema {
    const f = type.flags;
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
    if (f & ts.TypeFlags.Null) return { type: 'string', nullable: true, enum: [null] };
    if (f & ts.TypeFlags.StringLiteral) return { type: 'string', enum: [(type as ts.StringLiteralType).value] };
    if (f & ts.TypeFlags.NumberLiteral) return { type: 'number', enum: [(type as ts.NumberLiteralType).value] };
    if (f & ts.TypeFlags.BooleanLiteral) return { type: 'boolean' };
    if (f & ts.TypeFlags.StringLike) return withExample({ type: 'string' }, property);
    if (f & ts.TypeFlags.NumberLike) return withExample({ type: 'number' }, property);
    if (f & ts.TypeFlags.BooleanLike) return { type: 'boolean' };
    if (f & ts.TypeFlags.BigIntLike) return { type: 'string' };
    if (type.isUnion()) return this.union(type.types, property);
    if (this.checker.isArrayType(type) || this.checker.isTupleType(type)) {
      const args = this.checker.getTypeArguments(type as ts.TypeReference);
      const [arg] = args;
      const item = arg && args.length === 1 ? this.schema(arg, singular(property)) : args.length ? { anyOf: args.map((a) => this.schema(a)) } : {};
      return { type: 'array', items: item };
    }
    const symbolName = type.getSymbol()?.getName();
    if (symbolName === 'Date') return { type: 'string', format: 'date-time' };
    if (type.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection)) return this.object(type);
    return {};
  }

  private union(types: readonly ts.Type[], property?: string): JsonSchema {
    const present = types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
    const nullable = present.some((t) => t.flags & ts.TypeFlags.Null);
    const rest = present.filter((t) => !(t.flags & ts.TypeFlags.Null));
    let schema: JsonSchema;
    if (rest.length > 0 && rest.every((t) => t.flags & ts.TypeFlags.StringLiteral)) {
      schema = withExample({ type: 'string', enum: rest.map((t) => (t as ts.StringLiteralType).value).sort() }, property);
    } else if (rest.length > 0 && rest.every((t) => t.flags & (ts.TypeFlags.BooleanLiteral | ts.TypeFlags.Boolean))) {
      schema = { type: 'boolean' };
    } else if (rest.length > 0 && rest.every((t) => t.flags & ts.TypeFlags.NumberLike)) {
      schema = { type: 'number' };
    } else if (rest.length > 0 && rest.every((t) => t.flags & ts.TypeFlags.StringLike)) {
      schema = withExample({ type: 'string' }, property);
    } else if (rest.length === 1 && rest[0]) {
      schema = this.schema(rest[0], property);
    } else {
      schema = { anyOf: rest.map((t) => this.schema(t, property)) };
    }
    if (!nullable || Object.keys(schema).length === 0) return schema;
    return nullableOf(schema);
  }

  private object(type: ts.Type): JsonSchema {
    const name = this.nameOf(type);
    if (name) {
      if (!this.names.has(type)) {
        this.names.set(type, name);
        this.schemas[name] = {};
        this.schemas[name] = this.inline(type);
      }
      return { $ref: `#/components/schemas/${name}` };
    }
    return this.inline(type);
  }

  private inline(type: ts.Type): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const prop of this.checker.getPropertiesOfType(type)) {
      const decl = prop.valueDeclaration ?? prop.declarations?.[0];
      const propType = this.checker.getTypeOfSymbol(prop);
      if (propType.getCallSignatures().length > 0) continue; // methods are not serialised
      const schema = this.schema(propType, prop.getName());
      const doc = ts.displayPartsToString(prop.getDocumentationComment(this.checker)).trim();
      properties[prop.getName()] = doc && !schema.$ref ? { ...schema, description: doc } : schema;
      const optional = prop.flags & ts.SymbolFlags.Optional || (decl && ts.isPropertySignature(decl) && decl.questionToken);
      if (!optional && !(propType.isUnion() && propType.types.some((t) => t.flags & ts.TypeFlags.Undefined))) required.push(prop.getName());
    }
    const schema: JsonSchema = { type: 'object', properties };
    if (required.length) schema.required = required;
    const index = this.checker.getIndexTypeOfType(type, ts.IndexKind.String);
    if (index) schema.additionalProperties = this.schema(index);
    return schema;
  }

  /** Named interfaces, classes and aliases become components; anonymous and generic ones stay inline. */
  private nameOf(type: ts.Type): string | undefined {
    if (this.names.has(type)) return this.names.get(type);
    const alias = type.aliasSymbol && !type.aliasTypeArguments?.length ? type.aliasSymbol.getName() : undefined;
    const symbol = type.getSymbol()?.getName();
    const generic = (type as ts.TypeReference).typeArguments?.length;
    const name = alias ?? (symbol && !symbol.startsWith('__') && !generic ? symbol : undefined);
    if (!name || name === 'Object' || name === 'Record') return undefined;
    let unique = name;
    for (let n = 2; unique in this.schemas || unique === 'Problem'; n++) unique = `${name}${n}`;
    return unique;
  }
}

/**
 * OpenAPI 3.0 has no "null" type, and `nullable` means something only beside a `type`
 * (redocly nullable-type-sibling): a $ref or a union of objects is wrapped in an object type.
 */
function nullableOf(schema: JsonSchema): JsonSchema {
  if (schema.type) return { ...schema, nullable: true };
  if (schema.$ref) return { type: 'object', allOf: [schema], nullable: true };
  const branches = (schema.anyOf ?? []) as JsonSchema[];
  if (branches.every((b) => b.$ref || b.type === 'object')) return { type: 'object', ...schema, nullable: true };
  // string | number | null: each branch may be null
  return { anyOf: branches.map(nullableOf) };
}

function withExample(schema: JsonSchema, property?: string): JsonSchema {
  const example = property ? exampleFor(property, schema) : undefined;
  return example === undefined ? schema : { ...schema, example };
}

function singular(property?: string): string | undefined {
  return property?.endsWith('s') ? property.slice(0, -1) : property;
}

function decorators(node: ts.HasDecorators): Array<{ name: string; args: readonly ts.Expression[] }> {
  return (ts.getDecorators(node) ?? []).flatMap((d) => {
    const call = d.expression;
    if (!ts.isCallExpression(call)) return [];
    return [{ name: call.expression.getText(), args: call.arguments }];
  });
}

/** What the method declares it answers with besides JSON: @ApiProduces, or @Header('Content-Type', …). */
function mediaTypes(method: ts.MethodDeclaration): string[] {
  const found = decorators(method).flatMap((d) => {
    const literals = d.args.filter(ts.isStringLiteral).map((a) => a.text);
    if (d.name === 'ApiProduces') return literals;
    if (d.name === 'Header' && literals[0]?.toLowerCase() === 'content-type') return literals[1] ? [literals[1].replace(/;.*$/s, '').trim()] : []; // a computed type: declare it with @ApiProduces
    return [];
  });
  return [...new Set(found)];
}

function decorator(node: ts.HasDecorators, name: string) {
  return decorators(node).find((d) => d.name === name);
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
