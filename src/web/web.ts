import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync, readdirSync } from 'node:fs';
import type { Express, NextFunction, Request, Response } from 'express';
import { projectFile } from '../common/project-root.js';
import { CompressedAssets } from './compressed-assets.js';

/** A place's code: a department (2 digits), a province (4) or a municipality (6). */
const UBIGEO = /^\d{2}(\d{2}(\d{2})?)?$/;

/**
 * The web app, served by the service itself and outside the API prefix: the pages (`/`, the map;
 * `/lugar/{ubigeo}`, a place; `/comparar`, places side by side; `/subir`, a planner's upload; `/datos`, data and methods), their scripts and styles built into dist/web by `npm run build`,
 * the part of ECharts they use bundled there too (web/vendor/echarts.js), and the INEI boundaries of data/geo. Nothing is fetched from elsewhere. The
 * scripts, styles, ECharts and boundaries go out compressed (compressed-assets.ts).
 */
export function serveWeb(app: INestApplication): void {
  const express = app as NestExpressApplication;
  const page = (file: string) => (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(projectFile('dist', 'web', file));
  };
  const server = express.getHttpAdapter().getInstance() as Express;
  server.get('/', page('index.html'));
  server.get('/comparar', page('comparar.html'));
  server.get('/subir', page('subir.html'));
  server.get('/datos', page('datos.html'));
  server.get('/lugar/:ubigeo', (req: Request, res: Response, next: () => void) =>
    UBIGEO.test(String(req.params.ubigeo)) ? page('lugar.html')(req, res) : next(),
  );
  const assets = new CompressedAssets();
  const DAY = 24 * 60 * 60;
  // the built scripts and styles (ECharts' part the pages use among them) change with each build: revalidated by
  // ETag; the boundaries are kept a day
  for (const [prefix, folder, maxAge] of [
    ['/web', projectFile('dist', 'web'), 0],
    ['/geo', projectFile('data', 'geo'), DAY],
  ] as const) {
    const files = new Set(existsSync(folder) ? readdirSync(folder).filter((f) => /\.(js|css|geojson)$/.test(f)) : []);
    server.get(`${prefix}/:file`, (req: Request, res: Response, next: NextFunction) => {
      const file = String(req.params.file);
      return files.has(file) ? assets.send(`${folder}/${file}`, maxAge, req, res) : next();
    });
  }
}
