import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { publishedJsonSchemas } from './jsonSchemas.js';

// Regenerates the published JSON Schema files from the zod schemas (`npm run schemas`).
const dir = fileURLToPath(new URL('../schema/', import.meta.url));
for (const [file, schema] of Object.entries(publishedJsonSchemas())) {
  writeFileSync(`${dir}${file}`, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote schema/${file}`);
}
