// Where a place's canon figure came from, in words, as the map, the place's canon section and its peers say it:
// the API reads each municipality's own rubro-18 transfers or, without them, its row in its department's
// entities file (the same MEF measure), and gives a place's figure only when all its municipalities have one.
import { lang } from './ui.js';

type Source = 'transfers' | 'entities' | 'mixed' | null;
interface Counts {
  fromTransfers: number;
  fromEntities: number;
}

const TEXTS = {
  es: {
    transfers: 'transferencias de cada municipalidad',
    entities: 'archivo de entidades del departamento',
    mixed: '{own} de sus transferencias, {entities} del archivo de entidades',
    mixedBare: 'en parte de sus transferencias, en parte del archivo de entidades',
    none: 'sin datos',
    heading: 'Fuente del canon',
  },
  en: {
    transfers: "each municipality's transfers",
    entities: "the department's entities file",
    mixed: '{own} from their transfers, {entities} from the entities file',
    mixedBare: 'partly their transfers, partly the entities file',
    none: 'no data',
    heading: 'Canon source',
  },
};

/** The column's heading. */
export const canonSourceHeading = (): string => TEXTS[lang].heading;

/** "archivo de entidades del departamento", or for a mix, how many municipalities came from each. */
export function canonSourceText(source: Source | undefined, counts?: Counts): string {
  const texts = TEXTS[lang];
  if (source === null || source === undefined) return texts.none;
  if (source !== 'mixed') return texts[source];
  if (counts === undefined) return texts.mixedBare;
  return texts.mixed.replace('{own}', String(counts.fromTransfers)).replace('{entities}', String(counts.fromEntities));
}
