import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { projectFile } from '../common/project-root.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { ImportsRepository } from '../imports/imports.repository.js';
import { ImportsService } from '../imports/imports.service.js';

/**
 * The real public exports bundled in data/demo: the two Consulta Amigable exports, oldest cut-off
 * first (so the second revises the first and the history endpoint has something to show), and the
 * rubro-18 transfers to Espinar's municipalities, and those to every entity of Cusco (municipalities,
 * regional government, universities: the pot of the canon-distribution analysis), the rubro-18 spending
 * of Espinar's municipalities by función, and BCRP's Lima CPI (BCRPData's JSON, the deflator of
 * prices=constant reads).
 */
export const DEMO_FILES = [
  'consulta_amigable_gasto_municipalidades_2015-2025_snap2025-02-13.csv',
  'consulta_amigable_gasto_municipalidades_2024-2025_snap2025-05-18.csv',
  'canon_transferido_rubro18_espinar_2019-2026.csv',
  'canon_transferido_rubro18_cusco_entidades_2019-2026.csv',
  // canon (rubro 18, as its name says) spent by función in Espinar, 2024-2026: what the dimensions and unspent-canon analyses read there
  'gasto_canon_por_funcion_espinar_2024-2026_snap2026-12-01.csv',
  // the Moquegua registry first, then the SSI detail (owning entities), then the 12-B: each import's warning then knows what came before
  'invierte_banco_inversiones_moquegua_5221rows_snap2024-09-12.csv',
  'ssi_detalle_inversiones_muestra_500_snap2026-04-07.csv',
  'ssi_seguimiento_f12b_muestra_282_snap2026-04-07.csv',
  // context per place for the commitments: the Defensoría's mining-conflict cases of March 2024
  'conflictos_mineros_defensoria_2024-03_snap2024-03-31.csv',
  'bcrp_ipc_lima_PN38705PM_2003-2026_snap2026-09-23.json',
];

/**
 * Bundled files imported with onError=skip, their bad rows listed on the import: the Moquegua registry
 * repeats 123 CUI-district pairs (114 identical), which the registry layout refuses as DUPLICATE_ROW (the
 * first of each is kept); the conflicts report names one district as no reference district is spelt
 * ("San Francisco de Ravacayco"), which is never guessed (UNKNOWN_PLACE).
 */
export const DEMO_FILES_SKIPPING_BAD_ROWS = new Set([
  'invierte_banco_inversiones_moquegua_5221rows_snap2024-09-12.csv',
  'conflictos_mineros_defensoria_2024-03_snap2024-03-31.csv',
]);

@Injectable()
export class DemoDataService {
  private readonly logger = new Logger('DemoData');

  constructor(
    private readonly imports: ImportsService,
    private readonly repository: ImportsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Loads the bundled dataset into an empty database; does nothing when turned off or when data exists. */
  async seedIfEmpty(): Promise<void> {
    if (!this.config.seedDemoData) return;
    if (await this.repository.hasExecutionData()) return;
    this.logger.log('Empty database: loading the bundled MEF Consulta Amigable exports (set SEED_DEMO_DATA=false to skip)');
    for (const name of DEMO_FILES) {
      const path = projectFile('data', 'demo', name);
      const { size } = await stat(path);
      const { import: done } = await this.imports.importFile(
        { path, originalName: basename(path), size, temporary: false },
        { createdBy: 'demo-data', background: false, onError: DEMO_FILES_SKIPPING_BAD_ROWS.has(name) ? 'skip' : undefined },
      );
      this.logger.log(`Loaded ${join('data', 'demo', name)}: import ${done.id}, ${done.rowsRead} rows, snapshot ${done.snapshotDate}`);
    }
  }
}
