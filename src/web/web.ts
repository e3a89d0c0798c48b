import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Express, Request, Response } from 'express';
import { projectFile } from '../common/project-root.js';

/** A place's code: a department (2 digits), a province (4) or a municipality (6). */
const UBIGEO = /^\d{2}(\d{2}(\d{2})?)?$/;

/**
 * The web app, served by the service itself and outside the API prefix: the pages (`/`, the map;
 * `/lugar/{ubigeo}`, a place; `/comparar`, places side by side; `/subir`, a planner's upload), their scripts and styles built into dist/web by `npm run build`,
 * ECharts from node_modules, and the INEI boundaries of data/geo. Nothing is fetched from elsewhere.
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
  server.get('/lugar/:ubigeo', (req: Request, res: Response, next: () => void) => (UBIGEO.test(String(req.params.ubigeo)) ? page('lugar.html')(req, res) : next()));
  server.get('/vendor/echarts.min.js', (_req: Request, res: Response) => res.sendFile(projectFile('node_modules', 'echarts', 'dist', 'echarts.min.js'), { maxAge: '1d' }));
  express.useStaticAssets(projectFile('dist', 'web'), { prefix: '/web/', index: false });
  express.useStaticAssets(projectFile('data', 'geo'), { prefix: '/geo/', index: false, maxAge: '1d' });
}
