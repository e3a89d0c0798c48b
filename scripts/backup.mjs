#!/usr/bin/env node
// npm run backup -- <file> [--logical] [--compose]: README, "Backups"; the work is in src/backup/cli.ts.
import { RestoreRefused, UsageError, backupCommand } from '../dist/src/backup/cli.js';

backupCommand(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof UsageError || error instanceof RestoreRefused ? error.message : error);
  process.exit(1);
});
