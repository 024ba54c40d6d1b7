import { z } from 'zod';
import { planSchema } from '../plan-schema';
import { isRecord } from './convert-helpers';

/** The value found at a zod issue path inside the parsed document (undefined when absent). */
export function valueAt(document: unknown, path: readonly PropertyKey[]): unknown {
  let value = document;
  for (const segment of path) {
    if (Array.isArray(value) && typeof segment === 'number') value = value[segment];
    else if (isRecord(value) && typeof segment === 'string') value = value[segment];
    else return undefined;
  }
  return value;
}

/**
 * The keys the plan schema allows at `path`, found by walking the schema alongside the document
 * (the document's `kind` picks the step variant). Undefined where the schema is not an object.
 */
export function allowedKeysAt(path: readonly PropertyKey[], document: unknown): string[] | undefined {
  let schema: z.ZodType | undefined = planSchema;
  let value = document;
  for (const segment of path) {
    schema = childSchema(resolveVariant(schema, value), segment);
    value = valueAt(value, [segment]);
    if (!schema) return undefined;
  }
  const object = resolveVariant(schema, value);
  return object instanceof z.ZodObject ? Object.keys(object.shape) : undefined;
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  while (current instanceof z.ZodDefault || current instanceof z.ZodOptional) current = current.unwrap() as z.ZodType;
  return current;
}

/** For a discriminated union, the variant the document's discriminator names. */
function resolveVariant(schema: z.ZodType | undefined, value: unknown): z.ZodType | undefined {
  const current = unwrap(schema);
  if (!(current instanceof z.ZodDiscriminatedUnion)) return current;
  const discriminator = current._zod.def.discriminator;
  const wanted = isRecord(value) ? value[discriminator] : undefined;
  for (const option of current.options as readonly z.ZodType[]) {
    if (!(option instanceof z.ZodObject)) continue;
    const literal = option.shape[discriminator];
    if (literal instanceof z.ZodLiteral && literal.value === wanted) return option;
  }
  return undefined;
}

function childSchema(schema: z.ZodType | undefined, segment: PropertyKey): z.ZodType | undefined {
  if (schema instanceof z.ZodObject && typeof segment === 'string')
    return schema.shape[segment] as z.ZodType | undefined;
  if (schema instanceof z.ZodArray) return schema.element as z.ZodType;
  if (schema instanceof z.ZodRecord) return schema.valueType as z.ZodType;
  return undefined;
}
