import type { ProblemText } from '../message-types.js';

/** Access: API keys, roles and rate limits (src/auth). */
export const ACCESS_PROBLEMS = {
  API_KEY_REQUIRED: { status: 401, es: 'Esto requiere una clave de API: envíela en X-API-Key.', en: 'This needs an API key: send it in X-API-Key.' },
  'API_KEY_REQUIRED.reads': {
    status: 401,
    es: 'Las consultas requieren una clave de API en este servidor: envíela en X-API-Key.',
    en: 'Reads need an API key on this server: send it in X-API-Key.',
  },
  API_KEY_INVALID: { status: 401, es: 'La X-API-Key no existe o fue revocada.', en: 'The X-API-Key is unknown or revoked.' },
  ROLE_NOT_ALLOWED: {
    status: 403,
    es: 'Una clave de rol {role} no puede hacer esto; se necesita {allowed}.',
    en: 'A {role} key cannot do this; it needs {allowed}.',
  },
  MUNICIPALITY_NOT_ALLOWED: {
    status: 403,
    es: 'Esta clave de planificador no puede escribir datos de {places}.',
    en: 'This planner key may not write for {places}.',
  },
  'MUNICIPALITY_NOT_ALLOWED.item': {
    status: 403,
    es: 'Esta clave de planificador no puede escribir este elemento.',
    en: 'This planner key may not write for this item.',
  },
  'MUNICIPALITY_NOT_ALLOWED.project': {
    status: 403,
    es: 'Esta clave de planificador no puede editar el proyecto {cui}: no tiene una línea presupuestal vigente ni una ubicación de registro en sus municipios.',
    en: 'This planner key may not edit project {cui}: it has no current budget line in, and no registry location in, its municipalities.',
  },
  RATE_LIMITED: {
    status: 429,
    es: 'Más de {limit} solicitudes por minuto desde esta dirección; vuelva a intentarlo en {seconds} s.',
    en: 'More than {limit} requests a minute from this address; retry in {seconds} s.',
  },
  'RATE_LIMITED.key': {
    status: 429,
    es: 'Más de {limit} solicitudes por minuto con esta clave; vuelva a intentarlo en {seconds} s.',
    en: 'More than {limit} requests a minute for this key; retry in {seconds} s.',
  },
  'RATE_LIMITED.keyConcurrency': {
    status: 429,
    es: 'Esta clave ya tiene {running} solicitudes en curso y {waiting} en espera; espere sus respuestas antes de enviar más (vuelva a intentarlo en {seconds} s).',
    en: 'This key already has {running} requests running and {waiting} waiting; wait for their answers before sending more (retry in {seconds} s).',
  },
  'RATE_LIMITED.unknownKeys': {
    status: 429,
    es: 'Más de {limit} claves desconocidas por minuto desde esta dirección; vuelva a intentarlo en {seconds} s.',
    en: 'More than {limit} unknown keys a minute from this address; retry in {seconds} s.',
  },
  KEY_NOT_FOUND: { status: 404, es: 'No existe la clave {id}.', en: 'There is no key {id}.' },
  INVALID_KEY_REQUEST: {
    status: 400,
    es: 'Una clave de planificador necesita los municipios en los que puede escribir.',
    en: 'A planner key needs the municipalities it may write.',
  },
  'INVALID_KEY_REQUEST.unknown': { status: 400, es: 'Algunos municipios no existen.', en: 'Some municipalities do not exist.' },
  LAST_ADMIN_KEY: {
    status: 409,
    es: 'Esta es la última clave de administrador; cree otra clave de administrador primero.',
    en: 'This is the last admin key; create another admin key first.',
  },
} as const satisfies Record<string, ProblemText>;
