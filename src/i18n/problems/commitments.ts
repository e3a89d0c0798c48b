import type { ProblemText } from '../message-types.js';

/** Commitments and conflicts (src/commitments, src/conflicts). */
export const COMMITMENT_PROBLEMS = {
  UNKNOWN_PLACE: {
    status: 400,
    es: 'Ningún departamento (2 dígitos), provincia (4) ni distrito (6) de la geografía de referencia tiene el código {places}.',
    en: 'No department (2 digits), province (4) or district (6) of the reference geography has the code {places}.',
  },
  UNKNOWN_PROJECT: {
    status: 400,
    es: 'Ningún proyecto tiene el CUI {cuis} en el registro de Invierte.pe ni en las líneas presupuestales vigentes: impórtelo primero.',
    en: 'No project has CUI {cuis} in the Invierte.pe registry or the current budget lines: import it first.',
  },
  COMMITMENT_NOT_FOUND: { status: 404, es: 'No existe el compromiso {id}.', en: 'There is no commitment {id}.' },
  COMMITMENT_ARCHIVED: {
    status: 409,
    es: 'El compromiso {id} está archivado: ya no se puede cambiar.',
    en: 'Commitment {id} is archived: it can no longer be changed.',
  },
  PROJECT_NOT_LINKED: { status: 404, es: 'El proyecto {cui} no está vinculado al compromiso {id}.', en: 'Project {cui} is not linked to commitment {id}.' },
  INVALID_COMMITMENT: {
    status: 400,
    es: 'El plazo ({deadline}) no puede ser anterior a la fecha del compromiso ({agreedOn}).',
    en: 'The deadline ({deadline}) cannot be before the day of the commitment ({agreedOn}).',
  },
  'INVALID_COMMITMENT.nothing': { status: 400, es: 'Indique al menos un campo que cambiar.', en: 'Give at least one field to change.' },
} as const satisfies Record<string, ProblemText>;
