// Writes docs/ERRORS.md from the registry of messages (src/i18n); src/i18n/errors-doc.spec.ts fails while they differ.
import { mkdir, writeFile } from 'node:fs/promises';
import { errorsMarkdown } from '../src/i18n/errors-doc.js';

await mkdir('docs', { recursive: true });
await writeFile('docs/ERRORS.md', errorsMarkdown());
console.log('docs/ERRORS.md written');
