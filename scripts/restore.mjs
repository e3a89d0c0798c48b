#!/usr/bin/env node
// npm run restore -- <file> [--compose]: README, "Backups"; the work is in src/backup/cli.ts.
import { RestoreRefused, UsageError, restoreCommand } from '../dist/src/backup/cli.js';

restoreCommand(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof UsageError || error instanceof RestoreRefused ? error.message : error);
  process.exit(1);
});
