import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { actionLogJsonSchema, publishedJsonSchemas } from './jsonSchemas.js';

const SCHEMA_DIR = fileURLToPath(new URL('../schema/', import.meta.url));

async function committedSchema(file: string): Promise<unknown> {
  return JSON.parse(await readFile(`${SCHEMA_DIR}${file}`, 'utf8'));
}

describe('published JSON Schemas', () => {
  it.each(Object.keys(publishedJsonSchemas()))(
    'the committed %s is what the zod schemas generate (run `npm run schemas`)',
    async (file) => {
      // Prepare
      const generated = JSON.parse(JSON.stringify(publishedJsonSchemas()[file]));

      // Act
      const committed = await committedSchema(file);

      // Assess
      expect(committed).toEqual(generated);
    },
  );

  it('every file in schema/ is generated, and every generated schema is committed', async () => {
    // Act
    const committedFiles = (await readdir(SCHEMA_DIR)).filter((file) => file.endsWith('.json')).sort();

    // Assess
    expect(committedFiles).toEqual(Object.keys(publishedJsonSchemas()).sort());
  });

  it('describes one event or a pack of at least one event', () => {
    // Act
    const schema = actionLogJsonSchema();

    // Assess
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.oneOf).toEqual([
      { $ref: '#/$defs/event' },
      {
        type: 'object',
        properties: { events: { type: 'array', minItems: 1, items: { $ref: '#/$defs/event' } } },
        required: ['events'],
        additionalProperties: false,
      },
    ]);
    expect(schema.$defs).toMatchObject({ event: { type: 'object', required: ['app', 'occurredAt'] } });
  });
});
