#!/usr/bin/env node
// npm run bench:scale [-- --years 5 --lines 3000000 --skip-import]
// Generates national MEF open-data expense files (annual layout with MES_EJE: every municipality, its own
// projects and the national activities, one función/división/grupo per project, 1-3 rubros, several
// genéricas, up to twelve months each), rubro-18 transfers and private contributions for the same years,
// imports them through the API as a client would, then, for a province (0808), a department (08) and
// the whole nation, measures every read endpoint with autocannon (10 connections, BENCH_SECONDS each)
// beside a floor measured in the same run: a bare node:http server with a pg.Pool answering the same
// question from tables precomputed from the service's own database (schema bench_floor). Also the
// department's audit report (3 sequential requests) and, when @duckdb/node-api loads, DuckDB on the
// last year's CSV as a yardstick. Results go to BENCHMARKS.md.
//   --years N      the N years up to 2024 (default 5: 2020-2024)
//   --lines N      CSV rows per year (default 3,000,000)
//   --skip-import  reuse the database of an earlier run of the same size (.data/bench-scale/pg-…)
//   --keyed        send the admin key with every read: each request's key is checked and counted, its
//                  version read from the primary, and its answer kept per data version only after that
//                  (KeyedAnswersInterceptor; anonymous reads are answered from memory before any guard)
// Environment: BENCH_SECONDS (5) per autocannon run; BENCH_TIMEOUT (60) s for one request, past which the
// request is given up, its query cancelled and the endpoint not load-tested; BENCH_NODE_FLAGS for the service.
// Generated files are cached in .data/bench-scale/ and reused.
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

const KEY = 'bench-admin-key-0123456789abcdef';
const DIR = resolve('.data/bench-scale');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
// a single request slower than this is given up (and its query cancelled); the endpoint is then not load-tested
const TIMEOUT = Number(process.env.BENCH_TIMEOUT ?? 60);
const arg = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const YEAR_COUNT = arg('--years', 5);
const LINES = arg('--lines', 3_000_000);
const SKIP_IMPORT = process.argv.includes('--skip-import');
// --keyed: every read carries the admin key (the keyed path: key checked, primary's version, KeyedAnswersInterceptor)
const KEYED = process.argv.includes('--keyed');
const SERVICE_HEADERS = KEYED ? { 'x-api-key': KEY } : {};
const YEAR = 2024; // the year every read asks for, and the last one generated
const YEARS = Array.from({ length: YEAR_COUNT }, (_, i) => YEAR - YEAR_COUNT + 1 + i);

const HEADER = [
  'ANO_EJE',
  'MES_EJE',
  'NIVEL_GOBIERNO',
  'NIVEL_GOBIERNO_NOMBRE',
  'SEC_EJEC',
  'EJECUTORA_NOMBRE',
  'DEPARTAMENTO_EJECUTORA',
  'PROVINCIA_EJECUTORA',
  'DISTRITO_EJECUTORA',
  'TIPO_ACT_PROY',
  'PRODUCTO_PROYECTO',
  'PRODUCTO_PROYECTO_NOMBRE',
  'FUNCION',
  'FUNCION_NOMBRE',
  'DIVISION_FUNCIONAL',
  'DIVISION_FUNCIONAL_NOMBRE',
  'GRUPO_FUNCIONAL',
  'GRUPO_FUNCIONAL_NOMBRE',
  'FUENTE_FINANCIAMIENTO',
  'FUENTE_FINANCIAMIENTO_NOMBRE',
  'RUBRO',
  'RUBRO_NOMBRE',
  'GENERICA',
  'MONTO_PIA',
  'MONTO_PIM',
  'MONTO_CERTIFICADO',
  'MONTO_COMPROMETIDO_ANUAL',
  'MONTO_DEVENGADO',
  'MONTO_GIRADO',
];

// ---------------------------------------------------------------------------------------------------
// The data: MEF's functional classifier (función → división → grupo), the rubros with their fuente,
// the kinds of project and the national activities.

const FUNCTIONS = [
  [
    '03',
    'PLANEAMIENTO, GESTION Y RESERVA DE CONTINGENCIA',
    [
      ['004', 'PLANEAMIENTO GUBERNAMENTAL', [['0005', 'PLANEAMIENTO INSTITUCIONAL']]],
      [
        '006',
        'GESTION',
        [
          ['0007', 'DIRECCION Y SUPERVISION SUPERIOR'],
          ['0008', 'ASESORAMIENTO Y APOYO'],
        ],
      ],
    ],
  ],
  [
    '05',
    'ORDEN PUBLICO Y SEGURIDAD',
    [
      ['014', 'ORDEN INTERNO', [['0030', 'SEGURIDAD VECINAL Y COMUNAL']]],
      [
        '016',
        'GESTION DE RIESGOS Y EMERGENCIAS',
        [
          ['0035', 'PREVENCION DE DESASTRES'],
          ['0036', 'ATENCION INMEDIATA DE DESASTRES'],
        ],
      ],
    ],
  ],
  [
    '10',
    'AGROPECUARIA',
    [
      ['024', 'PECUARIO', [['0048', 'PROTECCION SANITARIA ANIMAL']]],
      ['025', 'RIEGO', [['0050', 'RIEGO']]],
    ],
  ],
  ['12', 'ENERGIA', [['028', 'ENERGIA ELECTRICA', [['0057', 'DISTRIBUCION DE ENERGIA ELECTRICA']]]]],
  [
    '15',
    'TRANSPORTE',
    [
      ['033', 'TRANSPORTE TERRESTRE', [['0067', 'VIAS VECINALES']]],
      [
        '036',
        'TRANSPORTE URBANO',
        [
          ['0073', 'CONTROL Y SEGURIDAD DEL TRAFICO URBANO'],
          ['0074', 'VIAS URBANAS'],
        ],
      ],
    ],
  ],
  [
    '17',
    'AMBIENTE',
    [
      [
        '054',
        'DESARROLLO ESTRATEGICO, CONSERVACION Y APROVECHAMIENTO SOSTENIBLE DEL PATRIMONIO NATURAL',
        [['0119', 'CONSERVACION Y AMPLIACION DE LAS AREAS VERDES']],
      ],
      ['055', 'GESTION INTEGRAL DE LA CALIDAD AMBIENTAL', [['0124', 'GESTION DE LOS RESIDUOS SOLIDOS']]],
    ],
  ],
  [
    '18',
    'SANEAMIENTO',
    [
      [
        '040',
        'SANEAMIENTO',
        [
          ['0088', 'SANEAMIENTO URBANO'],
          ['0089', 'SANEAMIENTO RURAL'],
        ],
      ],
    ],
  ],
  ['19', 'VIVIENDA Y DESARROLLO URBANO', [['041', 'DESARROLLO URBANO', [['0091', 'PLANEAMIENTO Y DESARROLLO URBANO']]]]],
  [
    '20',
    'SALUD',
    [
      ['043', 'SALUD COLECTIVA', [['0095', 'CONTROL EPIDEMIOLOGICO']]],
      ['044', 'SALUD INDIVIDUAL', [['0096', 'ATENCION MEDICA BASICA']]],
    ],
  ],
  [
    '21',
    'CULTURA Y DEPORTE',
    [
      ['045', 'CULTURA', [['0099', 'PATRIMONIO HISTORICO Y CULTURAL']]],
      ['046', 'DEPORTES', [['0102', 'FOMENTO Y DESARROLLO DEL DEPORTE']]],
    ],
  ],
  [
    '22',
    'EDUCACION',
    [
      [
        '047',
        'EDUCACION BASICA',
        [
          ['0103', 'EDUCACION INICIAL'],
          ['0104', 'EDUCACION PRIMARIA'],
        ],
      ],
    ],
  ],
  [
    '23',
    'PROTECCION SOCIAL',
    [
      [
        '051',
        'ASISTENCIA SOCIAL',
        [
          ['0114', 'DESARROLLO DE CAPACIDADES SOCIALES Y ECONOMICAS'],
          ['0115', 'PROTECCION DE POBLACIONES EN RIESGO'],
        ],
      ],
    ],
  ],
];
/** grupo code → the CSV columns FUNCION … GRUPO_FUNCIONAL_NOMBRE, written once. */
const CLASSIFIER = new Map();
for (const [fn, fnName, divisions] of FUNCTIONS) {
  for (const [div, divName, groups] of divisions) {
    for (const [grp, grpName] of groups) CLASSIFIER.set(grp, `${fn},"${fnName}",${div},"${divName}",${grp},"${grpName}"`);
  }
}

/** rubro → the CSV columns FUENTE_FINANCIAMIENTO … RUBRO_NOMBRE. */
const RUBROS = {
  '00': '1,"RECURSOS ORDINARIOS",00,"RECURSOS ORDINARIOS"',
  '07': '5,"RECURSOS DETERMINADOS",07,"FONDO DE COMPENSACION MUNICIPAL"',
  '08': '5,"RECURSOS DETERMINADOS",08,"IMPUESTOS MUNICIPALES"',
  '09': '2,"RECURSOS DIRECTAMENTE RECAUDADOS",09,"RECURSOS DIRECTAMENTE RECAUDADOS"',
  18: '5,"RECURSOS DETERMINADOS",18,"CANON Y SOBRECANON, REGALIAS, RENTA DE ADUANAS Y PARTICIPACIONES"',
  19: '3,"RECURSOS POR OPERACIONES OFICIALES DE CREDITO",19,"RECURSOS POR OPERACIONES OFICIALES DE CREDITO"',
};

// weight, grupo, name; where: R a rural place, U an urban one, * either or none, C the town itself, '' no place
const PROJECT_KINDS = [
  [14, '0089', 'MEJORAMIENTO Y AMPLIACION DEL SERVICIO DE AGUA POTABLE Y SANEAMIENTO', 'R'],
  [6, '0088', 'MEJORAMIENTO DEL SERVICIO DE AGUA POTABLE Y ALCANTARILLADO', 'U'],
  [10, '0067', 'MEJORAMIENTO DEL CAMINO VECINAL', 'R'],
  [10, '0074', 'CONSTRUCCION DE PISTAS Y VEREDAS', 'U'],
  [4, '0074', 'CREACION DEL SERVICIO DE TRANSITABILIDAD VEHICULAR Y PEATONAL', 'U'],
  [9, '0050', 'MEJORAMIENTO DEL SERVICIO DE AGUA PARA RIEGO', 'R'],
  [3, '0048', 'MEJORAMIENTO DE LAS CAPACIDADES PRODUCTIVAS DE CAMELIDOS SUDAMERICANOS', 'R'],
  [8, '0104', 'MEJORAMIENTO DEL SERVICIO EDUCATIVO DE LA I.E. N°', '*'],
  [4, '0103', 'CREACION DEL SERVICIO DE EDUCACION INICIAL ESCOLARIZADA', '*'],
  [4, '0096', 'MEJORAMIENTO DE LA CAPACIDAD RESOLUTIVA DEL PUESTO DE SALUD', '*'],
  [5, '0102', 'CREACION DEL SERVICIO DEPORTIVO Y RECREATIVO', '*'],
  [4, '0091', 'MEJORAMIENTO DE LOS ESPACIOS PUBLICOS DE LA PLAZA DE ARMAS', 'C'],
  [3, '0119', 'CREACION DEL PARQUE', 'U'],
  [3, '0057', 'AMPLIACION DEL SERVICIO DE ELECTRIFICACION RURAL', 'R'],
  [3, '0124', 'MEJORAMIENTO DEL SERVICIO DE LIMPIEZA PUBLICA', 'C'],
  [3, '0035', 'CREACION DEL SERVICIO DE PROTECCION CONTRA INUNDACIONES', ''],
  [2, '0030', 'MEJORAMIENTO DEL SERVICIO DE SEGURIDAD CIUDADANA', 'C'],
  [3, '0115', 'MEJORAMIENTO DEL SERVICIO DE ATENCION INTEGRAL AL ADULTO MAYOR', ''],
  [2, '0099', 'RECUPERACION DEL TEMPLO COLONIAL', '*'],
  [3, '0008', 'MEJORAMIENTO DE LOS SERVICIOS DE GESTION ADMINISTRATIVA', ''],
];
const PROJECT_WEIGHT = PROJECT_KINDS.reduce((t, k) => t + k[0], 0);
const RURAL_PLACES = ['EN LA COMUNIDAD CAMPESINA DE', 'EN EL ANEXO', 'EN EL CENTRO POBLADO', 'EN EL CASERIO', 'EN EL SECTOR RURAL DE'];
const URBAN_PLACES = ['EN EL JR.', 'EN LA AV.', 'EN LA CALLE', 'EN LA URBANIZACION', 'EN EL PASAJE'];
const PLACE_NAMES = [
  'HUAYLLANI',
  'CCOLLANA',
  'PUCARA',
  'SANTA ROSA',
  'SAN JUAN',
  'TUPAC AMARU',
  'LOS ANGELES',
  'CHUMPI',
  'HUANCANE',
  'QQUEHUAR',
  'PAMPAHUASI',
  'CCACCA',
  'SAN MARTIN',
  'LIMA',
  'GRAU',
  'BOLOGNESI',
  'LOS INCAS',
  'COMERCIO',
  'AREQUIPA',
  'CUSCO',
  'MANCO CAPAC',
  'ALTO PERU',
  'VILLA EL SOL',
  'LAS MERCEDES',
  'SAN ISIDRO',
  'CHILLIHUA',
  'HUAYCCO',
  'ANTAQUILLA',
  'PATAHUASI',
  'SOLLOCOTA',
];

// name, grupo; codes 3000001… in this order, the same in every municipality
const ACTIVITIES = [
  ['GESTION ADMINISTRATIVA', '0008'],
  ['ACCIONES DE LA ALTA DIRECCION', '0007'],
  ['PLANEAMIENTO Y PRESUPUESTO', '0005'],
  ['GESTION DE RECURSOS HUMANOS', '0008'],
  ['ASESORAMIENTO TECNICO Y JURIDICO', '0008'],
  ['REGISTRO CIVIL', '0008'],
  ['RECAUDACION TRIBUTARIA', '0008'],
  ['SERENAZGO', '0030'],
  ['PATRULLAJE MUNICIPAL POR SECTOR', '0030'],
  ['DEFENSA CIVIL', '0035'],
  ['ATENCION DE EMERGENCIAS', '0036'],
  ['LIMPIEZA PUBLICA', '0124'],
  ['BARRIDO DE CALLES Y ESPACIOS PUBLICOS', '0124'],
  ['MANTENIMIENTO DE PARQUES Y JARDINES', '0119'],
  ['SEGREGACION Y RECOLECCION DE RESIDUOS SOLIDOS', '0124'],
  ['MANTENIMIENTO RUTINARIO DE CAMINOS VECINALES', '0067'],
  ['MANTENIMIENTO DE VIAS URBANAS', '0074'],
  ['SEGURIDAD VIAL', '0073'],
  ['VASO DE LECHE', '0115'],
  ['PROGRAMA DE COMPLEMENTACION ALIMENTARIA', '0115'],
  ['ATENCION AL ADULTO MAYOR', '0114'],
  ['DEFENSORIA MUNICIPAL DEL NIÑO Y EL ADOLESCENTE', '0114'],
  ['ATENCION A LA PERSONA CON DISCAPACIDAD', '0114'],
  ['PROMOCION DEL DEPORTE', '0102'],
  ['PROMOCION CULTURAL', '0099'],
  ['BIBLIOTECA MUNICIPAL', '0099'],
  ['APOYO A LA EDUCACION BASICA', '0104'],
  ['MANTENIMIENTO DE LOCALES ESCOLARES', '0103'],
  ['ASISTENCIA TECNICA A PRODUCTORES AGROPECUARIOS', '0048'],
  ['SANIDAD ANIMAL', '0048'],
  ['MANTENIMIENTO DE CANALES DE RIEGO', '0050'],
  ['OPERACION Y MANTENIMIENTO DE SISTEMAS DE AGUA POTABLE', '0089'],
  ['MONITOREO DE LA CALIDAD DEL AGUA PARA CONSUMO HUMANO', '0088'],
  ['VIGILANCIA SANITARIA', '0095'],
  ['PREVENCION DE LA ANEMIA INFANTIL', '0095'],
  ['CONTROL URBANO Y CATASTRO', '0091'],
  ['MANTENIMIENTO DEL ALUMBRADO PUBLICO', '0057'],
];

/** mulberry32, as in the other benches; one stream per seed, so a municipality's projects are the same whatever the size asked. */
function mulberry32(seed) {
  return (n) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % Math.max(n, 1);
  };
}
const unit = (r) => r(1_000_000) / 1_000_000;
const pick = (r, list) => list[r(list.length)];
/** 1 to `max` distinct rubros, by weight. */
function pickRubros(r, weights, max) {
  const count = 1 + r(max);
  const chosen = [];
  for (let tries = 0; chosen.length < count && tries < 20; tries++) {
    let at = r(weights.reduce((t, w) => t + w[1], 0));
    const rubro = weights.find((w) => {
      at -= w[1];
      return at < 0;
    })[0];
    if (!chosen.includes(rubro)) chosen.push(rubro);
  }
  return chosen;
}
/** Amounts are kept in céntimos; most are written as whole soles, some with two decimals. */
const money = (c, whole) => (whole ? String(c / 100) : `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`);
const soles = (c, whole) => (whole ? Math.round(c / 100) * 100 : Math.round(c));

function readMunicipalities() {
  const lines = readFileSync('data/reference/municipalities.csv', 'utf8').trim().split('\n');
  const cols = lines[0].split(',');
  return lines.slice(1).map((line, index) => {
    const cells = line.split(',');
    const m = Object.fromEntries(cols.map((c, i) => [c, cells[i]]));
    const r = mulberry32(0x5eed + index * 7919);
    // bigger municipalities have more rows: provincial ones 3×, each ±40 %
    const weight = (m.kind === 'provincial' ? 3 : 1) * (0.6 + r(81) / 100);
    const size = Math.min(1, Math.max(0, (weight - 0.6) / 3.6));
    // the share of canon in its budget: small for most, large where there is mining or gas
    const mining = ['03', '04', '08', '11', '13', '18', '20', '21'].includes(m.department_code);
    const canon = r(100) < (mining ? 25 : 5) ? 0.4 + unit(r) * 0.4 : r(100) < 30 ? 0.1 + unit(r) * 0.2 : 0.02 + unit(r) * 0.06;
    const activities = [...ACTIVITIES.keys()];
    for (let i = activities.length - 1; i > 0; i--) {
      const j = r(i + 1);
      [activities[i], activities[j]] = [activities[j], activities[i]];
    }
    const upper = (s) => s.toUpperCase();
    const kindName = m.kind === 'provincial' ? 'PROVINCIAL' : 'DISTRITAL';
    return {
      ...m,
      index,
      weight,
      canon,
      projects: 40 + Math.round(110 * size),
      activities: activities.slice(0, 15 + Math.round(15 * size)).sort((a, b) => a - b),
      place: `DISTRITO DE ${upper(m.name)} - PROVINCIA DE ${upper(m.province_name)} - DEPARTAMENTO DE ${upper(m.department_name)}`,
      // the columns NIVEL_GOBIERNO … DISTRITO_EJECUTORA
      executor: `M,"GOBIERNOS LOCALES",${300001 + index},"MUNICIPALIDAD ${kindName} DE ${upper(m.name)}",${m.ubigeo.slice(0, 2)},${m.ubigeo.slice(2, 4)},${m.ubigeo.slice(4)}`,
    };
  });
}

/**
 * Project `j` of a municipality's pool: its CUI (7 digits, its own), name, one grupo (so one función and
 * división), 1-3 rubros, its genéricas and its usual size. Each year a window of the pool is active, and
 * a third of it changes from one year to the next.
 */
function project(m, j) {
  const r = mulberry32(m.index * 100_003 + j * 7 + 1);
  let at = r(PROJECT_WEIGHT);
  const [, grp, title, where] = PROJECT_KINDS.find((k) => {
    at -= k[0];
    return at < 0;
  });
  const placeName = pick(r, PLACE_NAMES);
  const rural = `${pick(r, RURAL_PLACES)} ${placeName}`;
  const urban = `${pick(r, URBAN_PLACES)} ${placeName}`;
  const place = { R: rural, U: urban, C: `DE LA CIUDAD DE ${m.name.toUpperCase()}`, '': '', '*': [rural, urban, ''][r(3)] }[where];
  const number = title.endsWith('N°') ? ` ${50000 + r(9000)}` : '';
  const rubros = pickRubros(
    r,
    [
      ['07', 30],
      ['18', Math.round(m.canon * 100)],
      ['00', 12],
      ['08', 8],
      ['09', 6],
      ['19', 4],
    ],
    3,
  );
  return {
    code: String(2_000_000 + m.index * 520 + (j % 520)),
    name: `${title}${number}${place ? ` ${place}` : ''}, ${m.place}`,
    grp,
    rubros,
    genericas: r(10) < 6 ? ['2.6'] : ['2.3', '2.6'],
    size: Math.round(10 ** (4 + unit(r) * 2.5)) * 100, // 10 thousand to 3 million soles, in céntimos
  };
}

function activity(m, a) {
  const r = mulberry32(m.index * 100_003 + 90_000 + a);
  const [title, grp] = ACTIVITIES[a];
  return {
    code: String(3_000_001 + a),
    name: title,
    grp,
    rubros: pickRubros(
      r,
      [
        ['07', 30],
        ['08', 20],
        ['09', 25],
        ['00', 10],
        ['18', Math.round(m.canon * 40)],
      ],
      3,
    ),
    genericas: [['2.3'], ['2.1', '2.3'], ['2.3', '2.5'], ['2.1', '2.3', '2.6']][r(4)],
    size: Math.round(10 ** (4 + unit(r) * 2)) * 100,
  };
}

/**
 * A year of every municipality's budget lines as MEF's annual open-data CSV with MES_EJE: a row per
 * budget line, genérica and month. `lines` rows are shared out by weight; a line's months are December
 * and as many others as its share allows, so PIA and PIM (which MEF repeats on each month's row, as
 * they stood that month) are taken from December by the import, and devengado is added up.
 */
async function generateYear(file, year, lines, municipalities) {
  const out = createWriteStream(`${file}.part`);
  let buf = `${HEADER.join(',')}\n`;
  let rows = 0;
  const flush = async (force) => {
    if (buf.length < 1 << 16 && !force) return;
    if (!out.write(buf)) await once(out, 'drain');
    buf = '';
  };
  const totalWeight = municipalities.reduce((t, m) => t + m.weight, 0);
  const otherMonths = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  let weightSoFar = 0;
  for (const m of municipalities) {
    const r = mulberry32(year * 1_000_003 + m.index * 17);
    // the entities of the year: the active window of the pool of projects, and the activities
    const shift = Math.ceil(m.projects / 3);
    const first = ((((year - 2019) % 10) + 10) % 10) * shift;
    const entities = [];
    for (let j = first; j < first + m.projects; j++) entities.push([2, project(m, j)]);
    for (const a of m.activities) entities.push([3, activity(m, a)]);
    // every line (entity × rubro) split into its genéricas: an item is a line's genérica, written once per month
    const items = [];
    for (const [kind, e] of entities) {
      const yearSize = Math.round(e.size * (0.5 + unit(r)));
      const added = kind === 2 && r(100) < 30; // a project added during the year: no PIA
      for (const rubro of e.rubros) {
        const shares = e.genericas.map(() => 1 + r(9));
        const sharesTotal = shares.reduce((t, s) => t + s, 0);
        e.genericas.forEach((generica, g) => {
          const whole = r(4) > 0;
          const pim = soles((yearSize * shares[g]) / sharesTotal / e.rubros.length, whole);
          const pia = added ? 0 : soles(pim * (0.4 + unit(r) * 0.9), whole);
          // projects: some never executed, most partly; activities: mostly executed
          const rate = kind === 2 ? (r(100) < 12 ? 0 : 0.15 + unit(r) * 0.85) : 0.6 + unit(r) * 0.38;
          const middle = `${m.executor},${kind},${e.code},"${e.name}",${CLASSIFIER.get(e.grp)},${RUBROS[rubro]},${generica},`;
          items.push({ middle, pia, pim, devengado: soles(pim * rate, whole), whole });
        });
      }
    }
    // this municipality's rows (its share of `lines` by weight, so the file has exactly `lines` unless a
    // municipality would need more than twelve months a line), shared out over its items: `base` months
    // each, one more for `extra` of them picked at random; December always, other months at random
    const target = Math.round((lines * (weightSoFar + m.weight)) / totalWeight) - Math.round((lines * weightSoFar) / totalWeight);
    weightSoFar += m.weight;
    const base = Math.min(12, Math.floor(target / items.length));
    let extra = base < 12 ? target - base * items.length : 0;
    for (const [at, item] of items.entries()) {
      const k = base + (extra > 0 && r(items.length - at) < extra ? 1 : 0);
      if (k > base) extra--;
      if (k === 0) continue;
      for (let i = 0; i < k - 1; i++) {
        const j = i + r(11 - i);
        [otherMonths[i], otherMonths[j]] = [otherMonths[j], otherMonths[i]];
      }
      const months = otherMonths.slice(0, k - 1).sort((a, b) => a - b);
      months.push(12);
      const weights = months.map(() => 1 + r(10));
      const weightTotal = weights.reduce((t, w) => t + w, 0);
      const { middle, pia, pim, whole } = item;
      let left = item.devengado;
      for (let i = 0; i < k; i++) {
        const month = months[i];
        let devengado = i === k - 1 ? left : soles((item.devengado * weights[i]) / weightTotal, whole);
        left -= devengado;
        if (r(300) === 0) devengado = -soles(pim * 0.01 * (1 + r(5)), whole); // a reversal, now and then
        const pimThen = month === 12 ? pim : soles(pia + ((pim - pia) * month) / 12, whole);
        const certificado = soles(pimThen * (0.5 + month / 24), whole);
        const comprometido = soles(certificado * 0.9, whole);
        const girado = devengado > 0 ? soles(devengado * (0.8 + r(20) / 100), whole) : 0;
        buf += `${year},${month},${middle}${money(pia, whole)},${money(pimThen, whole)},${money(certificado, whole)},${money(comprometido, whole)},${money(devengado, whole)},${money(girado, whole)}\n`;
        rows++;
      }
      await flush(false);
    }
  }
  await flush(true);
  out.end();
  await once(out, 'finish');
  renameSync(`${file}.part`, file);
  return rows;
}

/** Rubro-18 transfers (the canon-transfers layout), every municipality and year, in line with its rubro-18 budget. */
async function generateCanon(file, municipalities) {
  const totalWeight = municipalities.reduce((t, m) => t + m.weight, 0);
  let text = 'ubigeo,anio,corte,rubro18_recaudado_total,canon_minero,regalias_mineras,canon_gasifero,canon_hidroenergetico,foncomun_rubro07\n';
  for (const m of municipalities) {
    const r = mulberry32(m.index * 31 + 5);
    for (const year of YEARS) {
      // ~ its rubro-18 budget: the budget of a municipality of this weight times its canon share, ±30 %
      const total = Math.round(((4e12 * m.weight) / totalWeight) * m.canon * (0.7 + unit(r) * 0.6));
      const minero = Math.round(total * (m.canon > 0.3 ? 0.5 + unit(r) * 0.3 : unit(r) * 0.3));
      const regalias = Math.round((total - minero) * unit(r) * 0.5);
      const gas = r(10) === 0 ? Math.round((total - minero - regalias) * unit(r)) : 0;
      const cell = (c) => (c === 0 ? '' : money(c, false));
      text += `${m.ubigeo},${year},diciembre,${money(total, false)},${cell(minero)},${cell(regalias)},${cell(gas)},,${money(Math.round(total * (0.2 + unit(r))), false)}\n`;
    }
  }
  writeFileSync(file, text);
}

/** Private contributions (Año, Ubigeo, Financiador, Sector, Monto, Descripción) in the municipalities with most canon. */
async function generatePrivate(file, municipalities) {
  const funders = [
    'CONVENIO MARCO - EMPRESA MINERA DEL SUR S.A.',
    'FUNDACION ALTO ANDINA',
    'OBRAS POR IMPUESTOS - BANCO ANDINO S.A.',
    'FONDO SOCIAL MINERO DEL CENTRO',
    'ENERGIA DEL NORTE S.A.C.',
  ];
  const sectors = ['Educación', 'Salud', 'Saneamiento', 'Transporte', 'Agropecuario', 'Cultura y deporte'];
  let text = 'Año,Ubigeo,Financiador,Sector,Monto,Descripción\n';
  for (const m of municipalities.filter((x) => x.canon > 0.3)) {
    const r = mulberry32(m.index * 131 + 9);
    for (const year of YEARS) {
      for (let i = r(4); i > 0; i--) {
        text += `${year},${m.ubigeo},"${pick(r, funders)}",${pick(r, sectors)},${money(Math.round(10 ** (5 + unit(r) * 2.5)) * 100, false)},"APORTE ${year}-${i} A ${m.name.toUpperCase()}"\n`;
      }
    }
  }
  writeFileSync(file, text);
}

// ---------------------------------------------------------------------------------------------------
// What is measured: every read endpoint, and for each the floor's SQL on the precomputed tables
// (schema bench_floor). `geo` is the selection's condition on ubigeo ($1, $2), or nothing for the nation.

const SELECTIONS = [
  { id: 'province', label: 'province 0808', query: 'province=0808', prefix: '0808' },
  { id: 'department', label: 'department 08', query: 'department=08', prefix: '08' },
  { id: 'nation', label: 'nation', query: '', prefix: '' },
];
const F = 'bench_floor';
const SUMS = `sum(pia) AS pia, sum(pim) AS pim, sum(certificacion) AS certificacion, sum(compromiso_anual) AS compromiso_anual, sum(devengado) AS devengado, sum(girado) AS girado`;
/** The execution answer: rows per key (the first 2,000 by key, as the service pages) and totals. */
const grouped = (table, key) => (geo) =>
  `
  WITH g AS (SELECT ${key} AS key, ${SUMS} FROM ${F}.${table} WHERE year = ${YEAR} ${geo} GROUP BY 1)
  SELECT json_build_object(
    'rows', (SELECT coalesce(json_agg(r), '[]') FROM (
               SELECT key, pia::text AS pia, pim::text AS pim, certificacion::text AS certificacion, compromiso_anual::text AS "compromisoAnual",
                      devengado::text AS devengado, girado::text AS girado, (pim - devengado)::text AS unspent,
                      round(devengado * 100 / nullif(pim, 0), 1) AS "executionRatePct"
               FROM g ORDER BY key LIMIT 2000) r),
    'totals', (SELECT json_build_object('pia', coalesce(sum(pia), 0)::text, 'pim', coalesce(sum(pim), 0)::text, 'devengado', coalesce(sum(devengado), 0)::text,
                                        'girado', coalesce(sum(girado), 0)::text, 'rows', count(*)) FROM g))::text AS body`;
const GROUP_KEYS = {
  municipality: 'ubigeo',
  province: 'province_code',
  department: 'department_code',
  year: 'year::text',
  function: 'function_code',
  division: 'division_code',
  group: 'group_code',
  rubro: 'rubro_code',
  fuente: 'fuente_code',
  project: 'product_code',
};
const ENDPOINTS = [
  ...Object.entries(GROUP_KEYS).map(([groupBy, key]) => ({
    id: `execution detail groupBy=${groupBy}`,
    path: `/api/v1/execution?year=${YEAR}&level=detail&groupBy=${groupBy}`,
    floor: grouped(groupBy === 'project' ? 'floor_project' : 'floor_grain', key),
  })),
  { id: 'execution detail', path: `/api/v1/execution?year=${YEAR}&level=detail`, floor: grouped('floor_grain', 'ubigeo') },
  { id: 'execution (municipality level)', path: `/api/v1/execution?year=${YEAR}`, floor: grouped('floor_execution', 'ubigeo') },
  {
    id: 'ranking',
    path: `/api/v1/execution/ranking?year=${YEAR}`,
    floor: (geo) => `
      WITH g AS (SELECT ubigeo AS key, pim, devengado, round(devengado * 100 / nullif(pim, 0), 1) AS rate FROM ${F}.floor_execution WHERE year = ${YEAR} AND pim > 0 ${geo})
      SELECT json_build_object('total', (SELECT count(*) FROM g), 'rows', (SELECT coalesce(json_agg(r), '[]') FROM (
        SELECT rank() OVER (ORDER BY rate DESC NULLS LAST) AS rank, key, pim::text AS pim, devengado::text AS devengado, rate AS "executionRatePct"
        FROM g ORDER BY rate DESC NULLS LAST, key LIMIT 100) r))::text AS body`,
  },
  {
    id: 'monthly',
    path: `/api/v1/execution/monthly?year=${YEAR}`,
    floor: (geo) => `
      WITH g AS (SELECT month, sum(devengado) AS devengado, sum(pim) AS pim FROM ${F}.floor_month WHERE year = ${YEAR} ${geo} GROUP BY month)
      SELECT coalesce(json_agg(json_build_object('month', month, 'pim', pim::text, 'devengado', devengado::text, 'cumulativeDevengado', cumulative::text) ORDER BY month), '[]')::text AS body
      FROM (SELECT *, sum(devengado) OVER (ORDER BY month) AS cumulative FROM g) x`,
  },
  {
    id: 'analytics/dimensions',
    path: `/api/v1/analytics/dimensions?year=${YEAR}`,
    floor: (geo) => `
      WITH s AS (SELECT function_code, division_code, group_code, sum(pim) AS pim, sum(devengado) AS devengado FROM ${F}.floor_grain WHERE year = ${YEAR} ${geo} GROUP BY 1, 2, 3),
      c AS (SELECT coalesce(g.dimension, d.dimension, f.dimension, 'unclassified') AS dimension, s.function_code, s.pim, s.devengado FROM s
            LEFT JOIN ${F}.floor_rule g ON g.level = 'group' AND g.code = s.group_code
            LEFT JOIN ${F}.floor_rule d ON d.level = 'division' AND d.code = s.division_code
            LEFT JOIN ${F}.floor_rule f ON f.level = 'function' AND f.code = s.function_code)
      SELECT coalesce(json_agg(r ORDER BY r.dimension, r.function_code), '[]')::text AS body
      FROM (SELECT dimension, function_code, sum(pim)::text AS pim, sum(devengado)::text AS devengado FROM c GROUP BY 1, 2) r`,
  },
  {
    id: 'analytics/canon',
    path: `/api/v1/analytics/canon?fromYear=${YEAR - 4}&toYear=${YEAR}`,
    floor: (geo) => `
      WITH k AS (SELECT * FROM ${F}.floor_canon WHERE year BETWEEN ${YEAR - 4} AND ${YEAR} ${geo})
      SELECT json_build_object(
        'rows', (SELECT coalesce(json_agg(r ORDER BY r.ubigeo, r.year), '[]') FROM (
                   SELECT ubigeo, year, transferred::text AS transferred, pim18::text AS pim, dev18::text AS devengado, (transferred - dev18)::text AS unspent, pim_all::text AS "pimAll" FROM k) r),
        'years', (SELECT coalesce(json_agg(y ORDER BY y.year), '[]') FROM (
                   SELECT year, sum(transferred)::text AS transferred, sum(pim18)::text AS pim, sum(dev18)::text AS devengado FROM k GROUP BY year) y))::text AS body`,
  },
  {
    id: 'analytics/urban-rural',
    path: `/api/v1/analytics/urban-rural?year=${YEAR}`,
    floor: (geo) => `
      WITH p AS (SELECT * FROM ${F}.floor_project WHERE year = ${YEAR} AND activity_kind = 2 ${geo})
      SELECT json_build_object(
        'areas', (SELECT coalesce(json_agg(a), '[]') FROM (
                    SELECT area, count(*) AS projects, sum(pim)::text AS pim, sum(devengado)::text AS devengado,
                           count(*) FILTER (WHERE pia > 0 AND devengado <= 0) AS "plannedNeverExecuted" FROM p GROUP BY area) a),
        'neverExecuted', (SELECT coalesce(json_agg(n), '[]') FROM (
                    SELECT product_code AS cui, name, pia::text AS pia, pim::text AS pim FROM p WHERE area = 'rural' AND pia > 0 AND devengado <= 0
                    ORDER BY p.pia DESC, product_code LIMIT 10) n),
        'municipalities', (SELECT coalesce(json_agg(e), '[]') FROM (
                    SELECT mostly_rural, count(*) AS municipalities, sum(pim)::text AS pim, sum(devengado)::text AS devengado, sum(population) AS population
                    FROM ${F}.floor_execution WHERE year = ${YEAR} ${geo} GROUP BY 1) e))::text AS body`,
  },
  {
    id: 'analytics/planning-gap',
    path: `/api/v1/analytics/planning-gap?year=${YEAR}`,
    floor: (geo) => `
      WITH p AS (SELECT product_code, name, pia, pim, devengado FROM ${F}.floor_project WHERE year = ${YEAR} AND activity_kind = 2 ${geo})
      SELECT json_build_object(
        'counts', (SELECT row_to_json(c) FROM (
                     SELECT count(*) FILTER (WHERE pim > 0) AS pim_projects, coalesce(sum(pim) FILTER (WHERE pim > 0), 0)::text AS pim_amount,
                            count(*) FILTER (WHERE pim > 0 AND pia > 0) AS planned_projects, coalesce(sum(pim) FILTER (WHERE pim > 0 AND pia > 0), 0)::text AS planned_pim,
                            count(*) FILTER (WHERE pim > 0 AND pia <= 0) AS added_projects, coalesce(sum(pim) FILTER (WHERE pim > 0 AND pia <= 0), 0)::text AS added_pim,
                            count(*) FILTER (WHERE pia > 0 AND pim <= 0) AS dropped_projects, coalesce(sum(pia) FILTER (WHERE pia > 0 AND pim <= 0), 0)::text AS dropped_pia FROM p) c),
        'topPia', (SELECT coalesce(json_agg(t), '[]') FROM (
                     SELECT product_code AS cui, name, pia::text AS pia, pim::text AS pim, devengado::text AS devengado FROM p WHERE pia > 0
                     ORDER BY p.pia DESC, product_code LIMIT 10) t))::text AS body`,
  },
  {
    id: 'analytics/public-private',
    path: `/api/v1/analytics/public-private?year=${YEAR}`,
    floor: (geo) => `
      SELECT json_build_object(
        'public', (SELECT json_build_object('devengado', coalesce(sum(devengado), 0)::text, 'pim', coalesce(sum(pim), 0)::text) FROM ${F}.floor_execution WHERE year = ${YEAR} ${geo}),
        'contributions', (SELECT coalesce(json_agg(c), '[]') FROM (
                     SELECT ubigeo, funder, sector, sum(amount)::text AS amount FROM ${F}.floor_private WHERE year = ${YEAR} ${geo} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3) c))::text AS body`,
  },
  {
    id: 'analytics/plan-alignment',
    path: `/api/v1/analytics/plan-alignment?year=${YEAR}`,
    floor: (geo) => `
      WITH b AS (SELECT ubigeo, function_code, sum(pim) AS pim FROM ${F}.floor_grain
                 WHERE year = ${YEAR} ${geo} AND ubigeo IN (SELECT ubigeo FROM ${F}.floor_plan) GROUP BY 1, 2),
      r AS (SELECT *, rank() OVER (PARTITION BY ubigeo ORDER BY pim DESC) AS budget_rank FROM b)
      SELECT coalesce(json_agg(x ORDER BY x.ubigeo, x.rank), '[]')::text AS body FROM (
        SELECT p.ubigeo, p.rank, p.level, p.code, r.budget_rank, r.pim::text AS pim FROM ${F}.floor_plan p
        LEFT JOIN r ON r.ubigeo = p.ubigeo AND p.level = 'function' AND r.function_code = p.code
        WHERE true ${geo.replaceAll('ubigeo', 'p.ubigeo')}) x`,
  },
];
const REPORT_PATH = `/api/v1/reports/audit.xlsx?department=08&year=${YEAR}`;

/** The condition and parameters of a selection: an index range on ubigeo (COLLATE "C"), e.g. '08' ≤ ubigeo < '09'. */
function geoOf(prefix) {
  if (!prefix) return { geo: '', params: [] };
  const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return { geo: 'AND ubigeo >= $1 AND ubigeo < $2', params: [prefix, upper] };
}

/** The precomputed tables the floor reads, built from the service's database after the imports. */
const FLOOR_TABLES = [
  `DROP SCHEMA IF EXISTS ${F} CASCADE`,
  `CREATE SCHEMA ${F}`,
  `CREATE TABLE ${F}.floor_grain AS
     SELECT l.ubigeo, m.department_code, m.province_code, l.year, l.function_code, l.division_code, l.group_code, l.rubro_code, l.fuente_code, ${SUMS}
     FROM budget_line_latest l JOIN municipality m ON m.ubigeo = l.ubigeo GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`,
  `CREATE TABLE ${F}.floor_project AS
     WITH splits AS (SELECT DISTINCT ON (ubigeo) ubigeo, total, urban, rural FROM population WHERE rural IS NOT NULL AND total > 0 ORDER BY ubigeo, year DESC),
     p AS (SELECT l.ubigeo, l.year, l.product_code, l.activity_kind, max(l.product_name) AS name, max(l.name_area) AS name_area, ${SUMS}
           FROM budget_line_latest l GROUP BY 1, 2, 3, 4)
     SELECT p.*, CASE WHEN s.rural >= 0.9 * s.total THEN 'rural' WHEN s.urban >= 0.9 * s.total THEN 'urban' ELSE coalesce(p.name_area, 'unknown') END AS area
     FROM p LEFT JOIN splits s ON s.ubigeo = p.ubigeo`,
  // month by month per municipality: devengado of the month, and each line's PIM as it stood (its latest month with a figure)
  `CREATE TABLE ${F}.floor_month AS
     WITH u AS (
       SELECT l.ubigeo, l.year, l.import_id, l.id, g.i AS month,
              CASE WHEN l.devengado_by_month IS NOT NULL THEN l.devengado_by_month[g.i] WHEN l.through_month = g.i THEN l.devengado END AS devengado,
              CASE WHEN l.pim_by_month IS NOT NULL THEN l.pim_by_month[g.i] WHEN l.through_month = g.i THEN l.pim END AS pim
       FROM budget_line_latest l CROSS JOIN generate_series(1, 12) g(i)
       WHERE l.devengado_by_month IS NOT NULL OR l.through_month IS NOT NULL),
     v AS (SELECT u.*, count(u.pim) OVER (PARTITION BY u.import_id, u.id ORDER BY u.month) AS run FROM u),
     w AS (SELECT v.*, max(v.pim) OVER (PARTITION BY v.import_id, v.id, v.run) AS pim_then FROM v)
     SELECT ubigeo, year, month, coalesce(sum(devengado), 0) AS devengado, sum(pim_then) AS pim FROM w GROUP BY 1, 2, 3`,
  `CREATE TABLE ${F}.floor_execution AS
     SELECT e.ubigeo, m.department_code, m.province_code, e.year, e.pia, e.pim, e.certificacion, e.compromiso_anual, e.devengado, e.girado,
            split.rural * 2 > split.total AS mostly_rural, pop.total AS population
     FROM execution_latest e JOIN municipality m ON m.ubigeo = e.ubigeo
     LEFT JOIN LATERAL (SELECT p.total, p.rural FROM population p WHERE p.ubigeo = e.ubigeo AND p.rural IS NOT NULL ORDER BY p.year DESC LIMIT 1) split ON true
     LEFT JOIN LATERAL (SELECT p.total FROM population p WHERE p.ubigeo = e.ubigeo ORDER BY abs(p.year - e.year), p.year LIMIT 1) pop ON true`,
  `CREATE TABLE ${F}.floor_canon AS
     WITH t AS (SELECT ubigeo, year, sum(amount) AS transferred FROM canon_transfer_latest WHERE concept = 'rubro18_total' GROUP BY 1, 2),
     b AS (SELECT ubigeo, year, coalesce(sum(pim) FILTER (WHERE rubro_code = '18'), 0) AS pim18, coalesce(sum(devengado) FILTER (WHERE rubro_code = '18'), 0) AS dev18,
                  sum(pim) AS pim_all FROM ${F}.floor_grain GROUP BY 1, 2)
     SELECT coalesce(t.ubigeo, b.ubigeo) AS ubigeo, coalesce(t.year, b.year) AS year, coalesce(t.transferred, 0) AS transferred,
            coalesce(b.pim18, 0) AS pim18, coalesce(b.dev18, 0) AS dev18, coalesce(b.pim_all, 0) AS pim_all
     FROM t FULL JOIN b ON b.ubigeo = t.ubigeo AND b.year = t.year`,
  `CREATE TABLE ${F}.floor_private AS SELECT ubigeo, year, funder, sector, amount FROM private_contribution`,
  `CREATE TABLE ${F}.floor_plan AS SELECT ubigeo, rank, level, code FROM plan_priority`,
  `CREATE TABLE ${F}.floor_rule AS SELECT level, code, dimension FROM classification_rule WHERE version_id = (SELECT max(id) FROM classification_version)`,
  ...['floor_grain', 'floor_project', 'floor_month', 'floor_execution', 'floor_canon', 'floor_private'].map((t) => `CREATE INDEX ON ${F}.${t} (year, ubigeo)`),
  `CREATE INDEX ON ${F}.floor_plan (ubigeo)`,
  `ANALYZE`,
];

/** The floor itself: a bare node:http server and a pg.Pool of 10, in a child process of its own (as the service is). */
async function floorServer() {
  const pool = new pg.Pool({ connectionString: process.env.FLOOR_DATABASE_URL, max: 10 });
  const routes = new Map();
  for (const s of SELECTIONS) {
    ENDPOINTS.forEach((e, i) => {
      const { geo, params } = geoOf(s.prefix);
      routes.set(`/${s.id}/${i}`, { sql: e.floor(geo), params });
    });
  }
  const server = createServer((req, res) => {
    const route = routes.get(req.url);
    if (!route) return res.writeHead(404).end();
    pool.query(route.sql, route.params).then(
      ({ rows }) => res.writeHead(200, { 'content-type': 'application/json' }).end(rows[0].body),
      (err) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err.message)),
    );
  });
  server.listen(0, '127.0.0.1', () => console.log(`floor listening on ${server.address().port}`));
}

// ---------------------------------------------------------------------------------------------------

const cannon = (url, headers = {}) =>
  autocannon({ url, headers, connections: 10, duration: SECONDS, timeout: TIMEOUT }).then((r) => ({
    rps: r.requests.total / r.duration,
    p50: r.requests.total ? r.latency.p50 : null,
    p99: r.requests.total ? r.latency.p99 : null,
    max: r.latency.max,
    requests: r.requests.total,
    bad: r.non2xx + r.errors + r.timeouts,
    codes: Object.entries(r.statusCodeStats ?? {})
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, s]) => `${code}×${s.count}`)
      .concat(r.errors ? [`errors×${r.errors}`] : [], r.timeouts ? [`timeouts×${r.timeouts}`] : []),
  }));

/** One request, timed, its body read whole; given up after TIMEOUT seconds (status 0). */
async function timed(url, headers = {}) {
  const started = process.hrtime.bigint();
  const ms = () => Number(process.hrtime.bigint() - started) / 1e6;
  try {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(TIMEOUT * 1000) });
    const body = Buffer.from(await res.arrayBuffer());
    return { ms: ms(), status: res.status, bytes: body.length, text: res.ok ? '' : body.toString().slice(0, 300) };
  } catch (err) {
    return {
      ms: ms(),
      status: 0,
      bytes: 0,
      text: err.name === 'TimeoutError' ? `no answer after ${TIMEOUT} s, given up (not load-tested)` : String(err.message),
    };
  }
}

const NOT_RUN = { rps: null, p50: null, p99: null, max: 0, requests: 0, bad: 0, codes: [] };

/**
 * Autocannon drops its last requests when it stops, and a request given up keeps its query running:
 * cancel what is still running in this benchmark's own database, and wait until nothing is.
 */
async function settle(client) {
  await client.query(
    `SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND datname = current_database() AND backend_type = 'client backend'`,
  );
  await waitIdle(client);
}

async function waitIdle(client) {
  for (let i = 0; i < 6000; i++) {
    const [{ n }] = (
      await client.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND datname = current_database()`)
    ).rows;
    if (n === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The goals for one endpoint: ≥ 0.5× the floor's requests/s, p99 ≤ 3× the floor's (a floor p99 under 1 ms
 * counts as 1 ms: autocannon's resolution), no request over 1 s (the warm-up request included).
 */
function evaluate(r) {
  const max = Math.max(r.service.max, r.first.ms);
  const rpsRatio = r.floor.rps > 0 && r.service.rps !== null ? r.service.rps / r.floor.rps : null;
  const p99Ratio = r.service.requests > 0 ? r.service.p99 / Math.max(r.floor.p99, 1) : null;
  // answers other than 2xx, socket errors and autocannon's timeouts; a first request given up is shown as such, not here
  const bad = r.service.bad + (r.first.status >= 300 ? 1 : 0);
  const codes = [...r.service.codes, ...(r.first.status >= 300 ? [`first request ${r.first.status}`] : [])].join(', ');
  const givenUp = r.first.status === 0;
  return {
    ...r,
    max,
    rpsRatio,
    p99Ratio,
    bad,
    codes,
    givenUp,
    rpsOk: rpsRatio !== null && rpsRatio >= 0.5,
    p99Ok: p99Ratio !== null && p99Ratio <= 3,
    maxOk: !givenUp && r.service.requests > 0 && max < 1000,
  };
}

const rssMb = (pid) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const stealSeconds = () => Number(readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/)[8]) / 100;
const ms = (n) => (n === null ? '–' : String(n));
const fmt = (n, digits = 0) =>
  n === null || n === undefined || Number.isNaN(n) ? '–' : n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main() {
  await mkdir(DIR, { recursive: true });
  const started = Date.now();
  const { startEmbeddedPostgres } = await import('../dist/src/database/embedded-postgres.js');
  const municipalities = readMunicipalities();
  const lines = [];
  const notes = [];

  // 1. the files
  const files = [];
  let generatedSeconds = 0;
  for (const year of YEARS) {
    const file = join(DIR, `gasto-${year}-${LINES}.csv`);
    if (!existsSync(file)) {
      const t0 = Date.now();
      console.log(`Generating ${file}…`);
      const rows = await generateYear(file, year, LINES, municipalities);
      const seconds = (Date.now() - t0) / 1000;
      generatedSeconds += seconds;
      writeFileSync(`${file}.json`, JSON.stringify({ rows, seconds }));
    }
    const meta = JSON.parse(readFileSync(`${file}.json`, 'utf8'));
    files.push({ file, year, rows: meta.rows, bytes: statSync(file).size, generatedSeconds: meta.seconds });
    console.log(`${file}: ${meta.rows.toLocaleString('en')} rows, ${(statSync(file).size / 1e6).toFixed(1)} MB (generated in ${meta.seconds.toFixed(1)} s)`);
  }
  const canonFile = join(DIR, `canon-${YEARS[0]}-${YEAR}.csv`);
  if (!existsSync(canonFile)) await generateCanon(canonFile, municipalities);
  const privateFile = join(DIR, `aportes-privados-${YEARS[0]}-${YEAR}.csv`);
  if (!existsSync(privateFile)) await generatePrivate(privateFile, municipalities);
  const totalRows = files.reduce((t, f) => t + f.rows, 0);
  const totalBytes = files.reduce((t, f) => t + f.bytes, 0);
  lines.push(
    `generated: ${files.length} year(s) × ~${LINES.toLocaleString('en')} rows = ${totalRows.toLocaleString('en')} rows, ${(totalBytes / 1e6).toFixed(0)} MB ` +
      `(${files.reduce((t, f) => t + f.generatedSeconds, 0).toFixed(1)} s when generated${generatedSeconds === 0 ? '; cached this run' : ''})`,
  );

  // 2. the database and the service
  const pgDir = join(DIR, `pg-${YEAR_COUNT}x${LINES}`);
  if (!SKIP_IMPORT) await rm(pgDir, { recursive: true, force: true });
  const db = await startEmbeddedPostgres(pgDir, { log: () => {}, warn: console.warn }, 'bench');
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  let base; // http://127.0.0.1:<the port the service picked>
  const startArgs = JSON.parse(readFileSync('package.json', 'utf8')).scripts['start:prod'].split(' ').slice(1);
  const service = spawn(process.execPath, [...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean), ...startArgs], {
    env: {
      ...process.env,
      ADMIN_API_KEY: KEY,
      DATABASE_URL: db.url,
      PORT: '0',
      SEED_DEMO_DATA: 'true',
      RATE_LIMIT_PER_MINUTE: '1000000',
      // one key at 10 connections measures the read path, not KEY_CONCURRENCY's turns
      KEY_CONCURRENCY: '1000',
      MAX_UPLOAD_MB: String(Math.ceil(Math.max(...files.map((f) => f.bytes)) / 2 ** 20) + 100),
      DATA_DIR: join(DIR, 'service'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  service.stdout.on('data', (d) => (log = (log + d).slice(-100_000)));
  service.stderr.on('data', (d) => (log = (log + d).slice(-100_000)));
  let stopping = false;
  let exited = null; // how the service ended, if it did before the end of the run
  service.once('exit', (code, signal) => {
    exited = `code ${code}, signal ${signal}`;
    if (!stopping) console.error(`The service stopped during the run (${exited}); its log is in ${join(DIR, 'service.log')}`);
  });
  const alive = () => {
    if (exited) throw new Error(`the service stopped during the run (${exited}); its log is in ${join(DIR, 'service.log')}`);
  };
  let floor;
  // an interrupted run still stops what it started
  const interrupted = () => {
    stopping = true;
    floor?.kill('SIGTERM');
    service.kill('SIGTERM');
    client
      .end()
      .catch(() => undefined)
      .finally(() => db.stop().finally(() => process.exit(130)));
  };
  client.on('error', () => undefined); // the database going away as the run is stopped
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    for (let i = 0; i < 3000 && !log.includes('Listening') && service.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100));
    const listening = /Listening on http:\/\/localhost:(\d+)/.exec(log);
    if (!listening) throw new Error(`service did not start:\n${log}`);
    base = `http://127.0.0.1:${listening[1]}`;

    // 3. the imports, as a client sends them
    const upload = async (file) => {
      const t0 = process.hrtime.bigint();
      const out = execFileSync(
        'curl',
        ['-sS', '-w', '\n%{http_code}', '-H', `X-API-Key: ${KEY}`, '-F', 'snapshotDate=2024-12-31', '-F', `file=@${file}`, `${base}/api/v1/imports`],
        {
          maxBuffer: 1e8,
        },
      ).toString();
      const status = Number(out.slice(out.lastIndexOf('\n') + 1));
      let result = JSON.parse(out.slice(0, out.lastIndexOf('\n')));
      if (status >= 300) throw new Error(`import of ${file} answered ${status}: ${JSON.stringify(result).slice(0, 2000)}`);
      while (result.status === 'running') {
        await new Promise((r) => setTimeout(r, 250));
        result = await fetch(`${base}/api/v1/imports/${result.id}`).then((r) => r.json());
      }
      if (result.status !== 'completed') throw new Error(`import of ${file} ended ${result.status}: ${JSON.stringify(result).slice(0, 2000)}`);
      return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, result };
    };
    if (SKIP_IMPORT) {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM import WHERE status = 'completed' AND format = 'mef-gasto'`);
      if (rows[0].n < files.length) throw new Error(`--skip-import: ${pgDir} holds ${rows[0].n} MEF imports, not ${files.length}; run without it`);
      lines.push(`imports: skipped (--skip-import), the database of an earlier run`);
    } else {
      for (const f of files) {
        console.log(`Importing ${f.file}…`);
        const { seconds, result } = await upload(f.file);
        const stages = [...log.matchAll(/read and staged in [^\x1b\n]*/g)].at(-1)?.[0];
        lines.push(
          `import ${f.year}: ${seconds.toFixed(1)} s, ${fmt(f.rows / seconds)} rows/s, ${result.inserted.toLocaleString('en')} budget lines${stages ? ` (service log: ${stages})` : ''}`,
        );
        console.log(lines.at(-1));
      }
      for (const file of [canonFile, privateFile]) {
        const { seconds, result } = await upload(file);
        lines.push(`import ${result.format}: ${seconds.toFixed(1)} s, ${result.rowsRead.toLocaleString('en')} rows`);
      }
      // development-plan priorities for every municipality: three funciones each
      const t0 = Date.now();
      for (const m of municipalities) {
        const r = mulberry32(m.index * 977 + 3);
        const codes = [...new Set([pick(r, FUNCTIONS)[0], pick(r, FUNCTIONS)[0], pick(r, FUNCTIONS)[0], '18'])].slice(0, 3);
        const res = await fetch(`${base}/api/v1/municipalities/${m.ubigeo}/plan-priorities`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'x-api-key': KEY },
          body: JSON.stringify({
            plan: `Plan de Desarrollo Local Concertado ${m.name} 2021-2030`,
            priorities: codes.map((code) => ({ level: 'function', code })),
          }),
        });
        if (!res.ok) throw new Error(`plan priorities of ${m.ubigeo}: ${res.status} ${await res.text()}`);
      }
      lines.push(`plan priorities: ${municipalities.length.toLocaleString('en')} municipalities, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    const rssAfterImports = rssMb(service.pid);
    const [{ size, lines: budgetLines }] = (
      await client.query(`SELECT pg_database_size(current_database()) AS size, (SELECT count(*) FROM budget_line_latest) AS lines`)
    ).rows;
    lines.push(
      `database: ${(Number(size) / 2 ** 30).toFixed(2)} GiB (pg_database_size, before the floor's tables), ${Number(budgetLines).toLocaleString('en')} current budget lines`,
    );

    // 4. the floor's tables and server
    const t1 = Date.now();
    // this session only: budget_line_latest's three-column join is estimated at one row, which makes the
    // planner join it to municipality by nested loop (158 million comparisons for 165,000 lines)
    await client.query(`SET enable_nestloop = off; SET work_mem = '256MB'`);
    for (const sql of FLOOR_TABLES) {
      const t = Date.now();
      await client.query(sql);
      console.log(`floor: ${((Date.now() - t) / 1000).toFixed(1)} s ${sql.trim().split('\n')[0].slice(0, 80)}`);
    }
    await client.query(`RESET enable_nestloop; RESET work_mem`);
    const [{ floorSize }] = (
      await client.query(
        `SELECT sum(pg_total_relation_size(c.oid)) AS "floorSize" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '${F}'`,
      )
    ).rows;
    lines.push(`floor tables (schema ${F}): built in ${((Date.now() - t1) / 1000).toFixed(1)} s, ${(Number(floorSize) / 2 ** 20).toFixed(0)} MiB`);
    floor = spawn(process.execPath, [fileURLToPath(import.meta.url), '--floor-server'], {
      env: { ...process.env, FLOOR_DATABASE_URL: db.url },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [floorPort] = await new Promise((resolvePort, reject) => {
      floor.stdout.on('data', (d) => {
        const found = /floor listening on (\d+)/.exec(String(d));
        if (found) resolvePort([Number(found[1])]);
      });
      floor.once('exit', () => reject(new Error('the floor server stopped')));
    });

    // 5. the reads: each endpoint, then its floor, for each selection
    const results = [];
    const stealBefore = stealSeconds();
    for (const s of SELECTIONS) {
      for (const [i, e] of ENDPOINTS.entries()) {
        const url = `${base}${e.path}${s.query ? `&${s.query}` : ''}`;
        const first = await timed(url, SERVICE_HEADERS);
        if (first.status === 0 || first.status >= 300) notes.push(`${s.label}, \`${e.id}\`: ${first.status ? `${first.status} ` : ''}${first.text}`);
        const run = first.status === 0 ? NOT_RUN : await cannon(url, SERVICE_HEADERS);
        await settle(client);
        const floorUrl = `http://127.0.0.1:${floorPort}/${s.id}/${i}`;
        const floorFirst = await timed(floorUrl);
        if (floorFirst.status !== 200) notes.push(`floor ${s.label}, \`${e.id}\`: ${floorFirst.status ? `${floorFirst.status} ` : ''}${floorFirst.text}`);
        const floorRun = await cannon(floorUrl);
        await settle(client);
        alive();
        const row = evaluate({ selection: s.label, endpoint: e.id, first, service: run, floor: floorRun, floorFirst });
        results.push(row);
        console.log(
          `${s.label.padEnd(14)} ${e.id.padEnd(38)} service ${row.givenUp ? 'not run' : fmt(run.rps, 1)} req/s p50 ${ms(run.p50)} p99 ${ms(run.p99)} max ${fmt(row.max)} ms${row.bad ? ` NON-2XX/ERRORS ${row.bad}` : ''}` +
            ` | floor ${fmt(floorRun.rps, 1)} req/s p50 ${ms(floorRun.p50)} p99 ${ms(floorRun.p99)} max ${fmt(Math.max(floorRun.max, floorFirst.ms))} ms`,
        );
      }
    }
    // the department's audit report, three times in a row
    const reports = [];
    for (let i = 0; i < 3; i++) {
      const r = await timed(`${base}${REPORT_PATH}`, SERVICE_HEADERS);
      if (r.status !== 200) notes.push(`audit report: ${r.status ? `${r.status} ` : ''}${r.text}`);
      reports.push(r);
      await settle(client);
    }
    alive();
    const reportMs = reports.map((r) => r.ms).sort((a, b) => a - b);
    const steal = stealSeconds() - stealBefore;
    const rssEnd = rssMb(service.pid);

    // 6. DuckDB on the last year's raw rows, when its package loads
    let duck = 'DuckDB: @duckdb/node-api not installed or not loadable here; skipped';
    const duckdb = await import('@duckdb/node-api').catch((err) => ({ failed: err }));
    if (!duckdb.failed) {
      const instance = await duckdb.DuckDBInstance.create(':memory:');
      const conn = await instance.connect();
      const csv = files.at(-1).file;
      const t2 = Date.now();
      const text = [
        'DEPARTAMENTO_EJECUTORA',
        'PROVINCIA_EJECUTORA',
        'DISTRITO_EJECUTORA',
        'FUNCION',
        'DIVISION_FUNCIONAL',
        'GRUPO_FUNCIONAL',
        'RUBRO',
        'PRODUCTO_PROYECTO',
        'GENERICA',
      ];
      await conn.run(
        `CREATE TABLE gasto AS SELECT * FROM read_csv('${csv}', header = true, types = {${text.map((c) => `'${c}': 'VARCHAR'`).join(', ')}, 'MONTO_PIM': 'DECIMAL(18,2)', 'MONTO_DEVENGADO': 'DECIMAL(18,2)'})`,
      );
      const loadSeconds = (Date.now() - t2) / 1000;
      const times = [];
      let groups = 0;
      for (let i = 0; i < 10; i++) {
        const t3 = process.hrtime.bigint();
        const reader = await conn.runAndReadAll(
          `SELECT FUNCION, sum(MONTO_PIM) AS pim, sum(MONTO_DEVENGADO) AS devengado FROM gasto WHERE DEPARTAMENTO_EJECUTORA = '08' GROUP BY FUNCION ORDER BY FUNCION`,
        );
        times.push(Number(process.hrtime.bigint() - t3) / 1e6);
        groups = reader.getRows().length;
      }
      times.sort((a, b) => a - b);
      const same = results.find((r) => r.selection === 'department 08' && r.endpoint === 'execution detail groupBy=function');
      duck =
        `DuckDB ${duckdb.version?.() ?? ''} (in memory, ${YEAR} CSV loaded in ${loadSeconds.toFixed(1)} s), department 08 by función (${groups} groups; PIM summed over the raw month rows): ` +
        `median ${times[5].toFixed(1)} ms of 10; the service for the same question: p50 ${ms(same.service.p50)} ms under load, ${same.givenUp ? `over ${TIMEOUT} s` : `${fmt(same.first.ms)} ms`} alone (its first request); the floor's p50: ${ms(same.floor.p50)} ms`;
      conn.closeSync?.();
    } else {
      duck += ` (${String(duckdb.failed.message).split('\n')[0]})`;
    }

    // 7. the results
    const goal = (ok) => (ok ? 'met' : '**not met**');
    const table = [
      '| selection | endpoint | service req/s | p50 ms | p99 ms | max ms | floor req/s | p50 ms | p99 ms | max ms | req/s ÷ floor (≥ 0.5) | p99 ÷ floor (≤ 3) | max < 1 s | non-2xx / errors |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
      ...results.map(
        (r) =>
          `| ${r.selection} | \`${r.endpoint}\` | ${r.givenUp ? 'not run' : fmt(r.service.rps, 1)} | ${ms(r.service.p50)} | ${ms(r.service.p99)} | ${r.givenUp ? `> ${fmt(TIMEOUT * 1000)}` : fmt(r.max)} | ` +
          `${fmt(r.floor.rps, 1)} | ${ms(r.floor.p50)} | ${ms(r.floor.p99)} | ${fmt(Math.max(r.floor.max, r.floorFirst.ms))} | ` +
          `${fmt(r.rpsRatio, 2)} ${goal(r.rpsOk)} | ${fmt(r.p99Ratio, 1)} ${goal(r.p99Ok)} | ${goal(r.maxOk)} | ${r.bad ? `**${r.bad}** ${r.codes}` : '0'} |`,
      ),
    ];
    const met = (f) => results.filter(f).length;
    lines.push(
      `reads: autocannon, 10 connections, ${SECONDS} s each after one warm-up request (counted in max), year ${YEAR} (canon ${YEAR - 4}-${YEAR}); CPU stolen from this VM meanwhile: ${steal.toFixed(1)} s`,
      `goals met: req/s ≥ 0.5× floor ${met((r) => r.rpsOk)}/${results.length}, p99 ≤ 3× floor ${met((r) => r.p99Ok)}/${results.length}, ` +
        `no request over 1 s ${met((r) => r.maxOk)}/${results.length}; endpoints with non-2xx answers or errors: ${met((r) => r.bad > 0)}, ` +
        `with a single request over ${TIMEOUT} s (given up, not load-tested): ${met((r) => r.givenUp)}`,
      `audit report, department 08, ${YEAR}: min ${(reportMs[0] / 1000).toFixed(2)} s, median ${(reportMs[1] / 1000).toFixed(2)} s of 3 sequential requests, ${(reports[0].bytes / 1e6).toFixed(1)} MB`,
      duck,
      `service peak RSS: ${rssAfterImports.toFixed(0)} MB after the imports, ${rssEnd.toFixed(0)} MB at the end`,
      `whole run: ${((Date.now() - started) / 60000).toFixed(1)} min`,
    );
    console.log(lines.join('\n'));
    if (notes.length) console.log(`non-2xx answers and requests given up:\n${notes.join('\n')}`);
    const machine = `${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0].model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
    const defaults = YEAR_COUNT === 5 && LINES === 3_000_000;
    const name = defaults ? 'bench:scale' : `bench:scale -- --years ${YEAR_COUNT} --lines ${LINES}`;
    writeResult(KEYED ? `${name} -- --keyed` : name, machine, [
      '```',
      ...lines,
      '```',
      '',
      `Floor: a bare node:http server (child process) with a pg.Pool of 10 answering the same question with one SQL statement over tables precomputed from the service's database after the imports (schema \`${F}\`: sums at the grain of función, división, grupo, rubro and fuente per municipality-year; per project; per month; the Consulta Amigable totals; canon per municipality-year). Max includes the warm-up request.`,
      '',
      ...table,
      ...(notes.length ? ['', 'Non-2xx answers and requests given up (the first request of each endpoint):', '', ...notes.map((n) => `- ${n}`)] : []),
    ]);
  } finally {
    stopping = true;
    floor?.kill('SIGTERM');
    service.kill('SIGTERM');
    if (!exited && service.exitCode === null && service.signalCode === null) await once(service, 'exit').catch(() => undefined);
    writeFileSync(join(DIR, 'service.log'), log); // the end of it
    await client.end().catch(() => undefined);
    await db.stop();
  }
}

/** Replaces this benchmark's section of BENCHMARKS.md, keeping the others. */
function writeResult(name, machine, lines) {
  const path = 'BENCHMARKS.md';
  const text = existsSync(path)
    ? readFileSync(path, 'utf8')
    : '# Benchmarks\n\nMeasured by the `npm run bench:*` scripts; each compares against a floor measured in the same run.\n';
  const section = `## ${name}\n\n${machine}\n\n${lines.join('\n')}\n`;
  const re = new RegExp(`## ${name.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}\\n[\\s\\S]*?(?=\\n## |$)`);
  writeFileSync(path, re.test(text) ? text.replace(re, () => `${section.trimEnd()}\n`) : `${text.trimEnd()}\n\n${section}`);
}

(process.argv.includes('--floor-server') ? floorServer() : main()).catch((err) => {
  console.error(err);
  process.exit(1);
});
