// Turns a transition's evidence JSON Schema (as Pydantic emits it) into form fields, validates
// the values, and builds the evidence object the API expects. Only the simple field types are
// generated; anything else is listed as unsupported so the screen can say so instead of silently
// dropping a required field.
import type { Lang } from '../../lib/thai';

export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  pattern?: string;
  default?: unknown;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  definitions?: Record<string, JsonSchema>;
  /** Our extensions: labels in each language, and a hint for a multi-line text box. */
  'x-label-th'?: string;
  'x-label-en'?: string;
  'x-widget'?: string;
  'x-enum-name'?: string;
  'x-description-th'?: string;
  [key: string]: unknown;
}

export type FieldKind =
  | 'text'
  | 'textarea'
  | 'date'
  | 'integer'
  | 'number'
  /** Pydantic's Decimal (anyOf number | string): money. Sent as a decimal string, never a float. */
  | 'decimal'
  | 'boolean'
  | 'enum'
  | 'string-list'
  | 'enum-list'
  /** A list of small records (attendees, contributions): repeatable rows of simple fields. */
  | 'object-list'
  /** Anything else, e.g. a uuid that needs a picker of its own. */
  | 'unsupported';

export interface FieldOption {
  value: string;
  label: string;
}

export interface EvidenceField {
  name: string;
  kind: FieldKind;
  label: string;
  description?: string;
  required: boolean;
  options?: FieldOption[];
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  pattern?: string;
  defaultValue?: unknown;
  /** For 'object-list': the fields of one row. */
  itemFields?: EvidenceField[];
  /** A number read as a code or a year (2569), not an amount: no thousands separator. */
  noGrouping?: boolean;
}

export type FieldValue = string | number | boolean | string[] | null | FieldValues[];
export type FieldValues = { [name: string]: FieldValue };

/**
 * Words the schema does not carry (Pydantic titles are English, made from field names):
 * `fields.<name>` for labels and `enums.<EnumTitle>.<value>` for choices. Returns null when unknown.
 */
export type Lookup = (key: string) => string | null;
const noLookup: Lookup = () => null;

function resolveRef(schema: JsonSchema, root: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(schema.$ref);
  const target = match ? (match[1] === '$defs' ? root.$defs : root.definitions)?.[match[2]!] : undefined;
  if (!target) return schema;
  // Keep the property's own title/description over the referenced type's, but remember the
  // type's name: enum choices are translated by it (enums.GroupKind.housewives).
  const resolved = resolveRef(target, root);
  return { ...resolved, ...withoutRef(schema), 'x-enum-name': resolved.title };
}

function withoutRef(schema: JsonSchema): JsonSchema {
  const { $ref: _ignored, ...rest } = schema;
  return rest;
}

/** Pydantic writes `Optional[X]` as anyOf [X, null]; take X and remember it may be empty. */
function unwrapNullable(schema: JsonSchema, root: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  const resolved = resolveRef(schema, root);
  const variants = resolved.anyOf ?? resolved.oneOf;
  if (variants && !variants.every((v) => 'const' in v)) {
    const nonNull = variants.filter((v) => v.type !== 'null');
    if (nonNull.length === 1 && nonNull.length < variants.length) {
      const { anyOf: _a, oneOf: _o, ...outer } = resolved;
      return { schema: { ...resolveRef(nonNull[0]!, root), ...outer }, nullable: true };
    }
  }
  if (resolved.allOf?.length === 1) {
    const { allOf: _a, ...outer } = resolved;
    return { schema: { ...resolveRef(resolved.allOf[0]!, root), ...outer }, nullable: false };
  }
  if (Array.isArray(resolved.type)) {
    const types = resolved.type.filter((t) => t !== 'null');
    return { schema: { ...resolved, type: types[0] }, nullable: types.length < resolved.type.length };
  }
  return { schema: resolved, nullable: false };
}

function enumOptions(schema: JsonSchema, lookup: Lookup): FieldOption[] | null {
  if (schema.enum) {
    const enumName = schema['x-enum-name'] ?? schema.title;
    return schema.enum.map((v) => ({ value: String(v), label: (enumName && lookup(`enums.${enumName}.${String(v)}`)) || String(v) }));
  }
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants?.length && variants.every((v) => 'const' in v)) {
    return variants.map((v) => ({ value: String(v.const), label: v.title ?? String(v.const) }));
  }
  return null;
}

/** "held_on" → "Held on": the last resort for a label. */
export function humanise(name: string): string {
  const words = name.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function isDecimal(schema: JsonSchema): boolean {
  const types = (schema.anyOf ?? []).map((v) => v.type);
  return types.length === 2 && types.includes('number') && types.includes('string');
}

function kindOf(schema: JsonSchema, lookup: Lookup): { kind: FieldKind; options?: FieldOption[] } {
  const options = enumOptions(schema, lookup);
  if (options) return { kind: 'enum', options };
  if (isDecimal(schema)) return { kind: 'decimal' };
  switch (schema.type) {
    case 'string':
      if (schema.format === 'date') return { kind: 'date' };
      if (schema.format === 'uuid') return { kind: 'unsupported' };
      return { kind: schema['x-widget'] === 'textarea' || (schema.maxLength ?? 0) > 200 ? 'textarea' : 'text' };
    case 'integer':
      return { kind: 'integer' };
    case 'number':
      return { kind: 'number' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'array': {
      const items = schema.items ?? {};
      const itemOptions = enumOptions(items, lookup);
      if (itemOptions) return { kind: 'enum-list', options: itemOptions };
      if (items.type === 'string' && !items.format) return { kind: 'string-list' };
      if (items.type === 'object' && items.properties) return { kind: 'object-list' };
      return { kind: 'unsupported' };
    }
    default:
      return { kind: 'unsupported' };
  }
}

/** Choices for id fields, by field name (see StepTracker's `pickers`). */
export type FieldPickers = Record<string, FieldOption[]>;

export function fieldsFromSchema(root: JsonSchema | null | undefined, lang: Lang, lookup: Lookup = noLookup, pickers: FieldPickers = {}): EvidenceField[] {
  if (!root) return [];
  return objectFields(resolveRef(root, root), root, lang, lookup, true, pickers);
}

const isUuid = (schema: JsonSchema | undefined) => schema?.type === 'string' && schema.format === 'uuid';

function objectFields(object: JsonSchema, root: JsonSchema, lang: Lang, lookup: Lookup, allowLists: boolean, pickers: FieldPickers): EvidenceField[] {
  const required = new Set(object.required ?? []);
  return Object.entries(object.properties ?? {}).map(([name, raw]) => {
    const { schema, nullable } = unwrapNullable(raw, root);
    const items = schema.items ? unwrapNullable(schema.items, root).schema : undefined;
    const typed = items ? { ...schema, items } : schema;
    let { kind, options } = kindOf(typed, lookup);
    // One level of rows only: a list inside a row would need a form of its own.
    if (kind === 'object-list' && !allowLists) kind = 'unsupported';
    // An id the screen offers choices for becomes a select (or a multi-select for a list of ids).
    const picked = Object.hasOwn(pickers, name) ? pickers[name] : undefined;
    if (kind === 'unsupported' && picked) {
      if (isUuid(typed)) [kind, options] = ['enum', picked];
      else if (typed.type === 'array' && isUuid(items)) [kind, options] = ['enum-list', picked];
    }
    const label =
      (lang === 'th' ? schema['x-label-th'] : schema['x-label-en']) ?? lookup(`fields.${name}`) ?? schema['x-label-th'] ?? schema.title ?? humanise(name);
    const field: EvidenceField = {
      name,
      kind,
      label,
      required: required.has(name) && !nullable,
      // Pydantic descriptions are English: show them in English, and in Thai only our own.
      description: lang === 'th' ? (schema['x-description-th'] as string | undefined) : schema.description,
      options,
      min: schema.minimum ?? schema.exclusiveMinimum ?? schema.anyOf?.find((v) => v.type === 'number')?.exclusiveMinimum,
      max: schema.maximum ?? schema.exclusiveMaximum,
      minLength: schema.minLength,
      maxLength: schema.maxLength,
      minItems: schema.minItems,
      pattern: schema.pattern,
      defaultValue: schema.default,
    };
    if (kind === 'object-list' && items) field.itemFields = objectFields(items, root, lang, lookup, false, pickers);
    return field;
  });
}

/** A new, empty row of an object-list field. */
export function emptyRow(field: EvidenceField): FieldValues {
  return initialFieldValues(field.itemFields ?? []);
}

export function initialFieldValues(fields: EvidenceField[]): FieldValues {
  const values: FieldValues = {};
  for (const field of fields) {
    const d = field.defaultValue;
    switch (field.kind) {
      case 'boolean':
        values[field.name] = typeof d === 'boolean' ? d : false;
        break;
      case 'string-list':
      case 'enum-list':
        values[field.name] = Array.isArray(d) ? d.map(String) : [];
        break;
      case 'object-list':
        // Start with the rows the schema asks for at least, so the form shows what to fill in.
        values[field.name] = Array.from({ length: Math.max(field.minItems ?? 0, 1) }, () => emptyRow(field));
        break;
      case 'integer':
      case 'number':
      case 'decimal':
        values[field.name] = typeof d === 'number' ? d : '';
        break;
      case 'date':
      case 'enum':
        values[field.name] = typeof d === 'string' ? d : null;
        break;
      default:
        values[field.name] = typeof d === 'string' ? d : '';
    }
  }
  return values;
}

function isEmpty(value: FieldValue | undefined): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/** A row nobody typed into (defaults aside) is left out rather than sent half-empty. */
function isBlankRow(field: EvidenceField, row: FieldValues): boolean {
  return (field.itemFields ?? []).every((f) => f.kind === 'boolean' || isEmpty(row[f.name]) || row[f.name] === f.defaultValue);
}

/** An error to translate: i18n key under `form.` and its parameters. */
export interface FieldError {
  key: 'required' | 'tooShort' | 'tooLong' | 'min' | 'max' | 'pattern' | 'invalidDate' | 'tooFew';
  params?: Record<string, number>;
}

export function validateField(field: EvidenceField, value: FieldValue | undefined): FieldError | null {
  if (isEmpty(value)) {
    // A required boolean is satisfied by false: the schema asks for an answer, not a "yes".
    return field.required && field.kind !== 'boolean' ? { key: 'required' } : null;
  }
  switch (field.kind) {
    case 'text':
    case 'textarea': {
      const text = String(value);
      if (field.minLength !== undefined && text.length < field.minLength) return { key: 'tooShort', params: { min: field.minLength } };
      if (field.maxLength !== undefined && text.length > field.maxLength) return { key: 'tooLong', params: { max: field.maxLength } };
      if (field.pattern && !new RegExp(field.pattern, 'u').test(text)) return { key: 'pattern' };
      return null;
    }
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(String(value)) ? null : { key: 'invalidDate' };
    case 'integer':
    case 'number':
    case 'decimal': {
      const n = Number(value);
      if (!Number.isFinite(n) || (field.kind === 'integer' && !Number.isInteger(n))) return { key: 'pattern' };
      if (field.kind === 'decimal' && !/^-?\d+(\.\d{1,2})?$/.test(String(value))) return { key: 'pattern' };
      if (field.min !== undefined && n < field.min) return { key: 'min', params: { min: field.min } };
      if (field.max !== undefined && n > field.max) return { key: 'max', params: { max: field.max } };
      return null;
    }
    case 'string-list':
    case 'enum-list':
      if (field.minItems !== undefined && Array.isArray(value) && value.length < field.minItems) return { key: 'tooFew', params: { min: field.minItems } };
      return null;
    case 'object-list': {
      const rows = (value as FieldValues[]).filter((row) => !isBlankRow(field, row));
      if (field.required && rows.length === 0) return { key: 'required' };
      if (field.minItems !== undefined && rows.length < field.minItems) return { key: 'tooFew', params: { min: field.minItems } };
      return null;
    }
    default:
      return null;
  }
}

/**
 * Every error in the form, by form path ("held_on", "attendees.0.full_name"). Rows left blank
 * are not checked; they are dropped when sending.
 */
export function validateEvidence(fields: EvidenceField[], values: FieldValues): Record<string, FieldError> {
  const errors: Record<string, FieldError> = {};
  for (const field of fields) {
    const value = values[field.name];
    const error = field.kind === 'unsupported' ? null : validateField(field, value);
    if (error) errors[field.name] = error;
    if (field.kind === 'object-list' && Array.isArray(value)) {
      (value as FieldValues[]).forEach((row, i) => {
        if (isBlankRow(field, row)) return;
        for (const [path, rowError] of Object.entries(validateEvidence(field.itemFields ?? [], row))) errors[`${field.name}.${i}.${path}`] = rowError;
      });
    }
  }
  return errors;
}

/** The evidence object to send: typed values, empty optional fields and blank rows left out. */
export function toEvidence(fields: EvidenceField[], values: FieldValues): Record<string, unknown> {
  const evidence: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.name];
    if (field.kind === 'unsupported' || isEmpty(value)) continue;
    if (field.kind === 'object-list') {
      evidence[field.name] = (value as FieldValues[]).filter((row) => !isBlankRow(field, row)).map((row) => toEvidence(field.itemFields ?? [], row));
    } else if (field.kind === 'integer' || field.kind === 'number') {
      evidence[field.name] = Number(value);
    } else if (field.kind === 'decimal') {
      // Money goes as the decimal string typed ("150.50"), so no float ever rounds it.
      evidence[field.name] = String(value);
    } else {
      evidence[field.name] = value;
    }
  }
  return evidence;
}
