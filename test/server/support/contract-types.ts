import path from 'node:path';
import ts from 'typescript';

/** A property's shape reduced to what JSON can tell apart: primitive kinds, null, string literals, nesting. */
export interface PropertyShape {
  optional: boolean;
  kinds: string[];
  literals: string[];
  properties?: Record<string, PropertyShape>;
}

export const CONTRACT_TYPES_FILE = path.join(__dirname, '..', '..', '..', 'typings', 'contract.d.ts');

function shapeOfType(type: ts.Type, checker: ts.TypeChecker, optional: boolean): PropertyShape {
  const members = type.isUnion() ? type.types : [type];
  const kinds = new Set<string>();
  const literals = new Set<string>();
  let properties: Record<string, PropertyShape> | undefined;
  for (const member of members) {
    const flags = member.flags;
    if (flags & ts.TypeFlags.Undefined) continue;
    if (flags & ts.TypeFlags.Null) kinds.add('null');
    else if (flags & ts.TypeFlags.StringLiteral) {
      kinds.add('string');
      literals.add((member as ts.StringLiteralType).value);
    } else if (flags & ts.TypeFlags.String) kinds.add('string');
    else if (flags & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) kinds.add('number');
    else if (flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) kinds.add('boolean');
    else if (flags & ts.TypeFlags.Object) {
      kinds.add('object');
      properties = propertiesOf(member, checker);
    } else kinds.add(checker.typeToString(member));
  }
  return { optional, kinds: [...kinds].sort(), literals: [...literals].sort(), ...(properties ? { properties } : {}) };
}

function propertiesOf(type: ts.Type, checker: ts.TypeChecker): Record<string, PropertyShape> {
  const result: Record<string, PropertyShape> = {};
  for (const symbol of type.getProperties()) {
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
    if (declaration === undefined) continue;
    const optional = (symbol.flags & ts.SymbolFlags.Optional) !== 0;
    result[symbol.name] = shapeOfType(checker.getTypeOfSymbolAtLocation(symbol, declaration), checker, optional);
  }
  return result;
}

/** Reads the named interfaces of typings/contract.d.ts with the TypeScript compiler API. */
export function readContractInterfaces(names: string[], file = CONTRACT_TYPES_FILE): Record<string, Record<string, PropertyShape>> {
  const program = ts.createProgram([file], { strict: true, noEmit: true, types: [] });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  if (source === undefined) throw new Error(`cannot read ${file}`);
  const found: Record<string, Record<string, PropertyShape>> = {};
  ts.forEachChild(source, (node) => {
    if (ts.isInterfaceDeclaration(node) && names.includes(node.name.text)) {
      found[node.name.text] = propertiesOf(checker.getTypeAtLocation(node), checker);
    }
  });
  const missing = names.filter((name) => !(name in found));
  if (missing.length > 0) throw new Error(`contract.d.ts lacks ${missing.join(', ')}`);
  return found;
}

/** The member names of a union type alias of typings/contract.d.ts, e.g. A | B → ['A', 'B']. */
export function readContractUnion(name: string, file = CONTRACT_TYPES_FILE): string[] {
  const program = ts.createProgram([file], { strict: true, noEmit: true, types: [] });
  const source = program.getSourceFile(file);
  if (source === undefined) throw new Error(`cannot read ${file}`);
  let members: string[] | null = null;
  ts.forEachChild(source, (node) => {
    if (ts.isTypeAliasDeclaration(node) && node.name.text === name && ts.isUnionTypeNode(node.type)) {
      members = node.type.types.map((member) => member.getText(source));
    }
  });
  if (members === null) throw new Error(`contract.d.ts lacks the union ${name}`);
  return members;
}

type JsonSchema = Record<string, unknown>;

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The same reduction for an OpenAPI component schema ($refs into components followed). */
export function schemaProperties(schema: JsonSchema, components: Record<string, unknown>): Record<string, PropertyShape> {
  const resolve = (s: JsonSchema): JsonSchema => {
    const ref = s.$ref;
    if (typeof ref !== 'string') return s;
    const target = components[ref.replace('#/components/schemas/', '')];
    if (!isSchema(target)) throw new Error(`unresolved ${ref}`);
    return resolve(target);
  };
  const shapeOf = (raw: JsonSchema, optional: boolean): PropertyShape => {
    const s = resolve(raw);
    const types = Array.isArray(s.type) ? s.type.map(String) : typeof s.type === 'string' ? [s.type] : [];
    const kinds = new Set(types.map((t) => (t === 'integer' ? 'number' : t)));
    if (s.nullable === true) kinds.add('null');
    const literals = Array.isArray(s.enum) ? s.enum.filter((v): v is string => typeof v === 'string') : [];
    const nested = kinds.has('object') ? { properties: schemaProperties(s, components) } : {};
    return { optional, kinds: [...kinds].sort(), literals: [...literals].sort(), ...nested };
  };
  const resolved = resolve(schema);
  const props = isSchema(resolved.properties) ? resolved.properties : {};
  const required = Array.isArray(resolved.required) ? resolved.required.map(String) : [];
  const result: Record<string, PropertyShape> = {};
  for (const [name, value] of Object.entries(props)) {
    if (isSchema(value)) result[name] = shapeOf(value, !required.includes(name));
  }
  return result;
}
