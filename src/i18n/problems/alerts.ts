import type { ProblemText } from '../message-types.js';

/** Alerts and webhooks (src/alerts). */
export const ALERT_PROBLEMS = {
  SUBSCRIPTION_NOT_FOUND: { status: 404, es: 'Esta clave no tiene ninguna suscripción {id}.', en: 'This key has no subscription {id}.' },
  DELIVERY_NOT_FOUND: { status: 404, es: 'La suscripción {subscription} no tiene ningún envío {id}.', en: 'Subscription {subscription} has no delivery {id}.' },
  INVALID_PLACES: {
    status: 400,
    es: 'Estos lugares no existen: {places}. Un lugar es el código de un departamento (2 dígitos), una provincia (4) o un municipio (ubigeo, 6).',
    en: 'These places do not exist: {places}. A place is the code of a department (2 digits), a province (4) or a municipality (ubigeo, 6).',
  },
  INVALID_ALERT_RULE: {
    status: 400,
    es: 'La regla {kind} necesita {param}, un número de {min} a {max} con un decimal como máximo.',
    en: 'The rule {kind} needs {param}, a number from {min} to {max} with at most one decimal.',
  },
  'INVALID_ALERT_RULE.integer': {
    status: 400,
    es: 'La regla {kind} necesita {param}, un número entero de {min} a {max}.',
    en: 'The rule {kind} needs {param}, a whole number from {min} to {max}.',
  },
  'INVALID_ALERT_RULE.extra': { status: 400, es: 'La regla {kind} no usa {param}.', en: 'The rule {kind} does not use {param}.' },
  'INVALID_ALERT_RULE.twice': { status: 400, es: 'La regla {rule} aparece dos veces.', en: 'The rule {rule} is listed twice.' },
  WEBHOOK_URL_INVALID: {
    status: 400,
    es: 'webhookUrl debe ser una dirección http:// o https:// completa, sin espacios, de hasta 2000 caracteres.',
    en: 'webhookUrl must be a whole http:// or https:// address, without spaces, of up to 2000 characters.',
  },
  WEBHOOK_URL_REFUSED: {
    status: 400,
    es: 'webhookUrl lleva a {address}, una dirección privada, de loopback o link-local: este servidor no envía webhooks allí (WEBHOOK_ALLOW_PRIVATE).',
    en: 'webhookUrl leads to {address}, a private, loopback or link-local address: this server sends no webhooks there (WEBHOOK_ALLOW_PRIVATE).',
  },
  'WEBHOOK_URL_REFUSED.unresolved': {
    status: 400,
    es: 'El nombre {host} de webhookUrl no se pudo resolver.',
    en: 'The host name {host} of webhookUrl could not be resolved.',
  },
  WEBHOOK_URL_MISSING: {
    status: 409,
    es: 'La suscripción {id} no tiene webhookUrl: no hay a dónde enviar.',
    en: 'Subscription {id} has no webhookUrl: there is nowhere to send to.',
  },
} as const satisfies Record<string, ProblemText>;
