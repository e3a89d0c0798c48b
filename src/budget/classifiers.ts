/** The 25 budget functions (función), by code. */
export const FUNCTIONS: Record<string, string> = {
  '01': 'LEGISLATIVA',
  '02': 'RELACIONES EXTERIORES',
  '03': 'PLANEAMIENTO, GESTION Y RESERVA DE CONTINGENCIA',
  '04': 'DEFENSA Y SEGURIDAD NACIONAL',
  '05': 'ORDEN PUBLICO Y SEGURIDAD',
  '06': 'JUSTICIA',
  '07': 'TRABAJO',
  '08': 'COMERCIO',
  '09': 'TURISMO',
  '10': 'AGROPECUARIA',
  '11': 'PESCA',
  '12': 'ENERGIA',
  '13': 'MINERIA',
  '14': 'INDUSTRIA',
  '15': 'TRANSPORTE',
  '16': 'COMUNICACIONES',
  '17': 'AMBIENTE',
  '18': 'SANEAMIENTO',
  '19': 'VIVIENDA Y DESARROLLO URBANO',
  '20': 'SALUD',
  '21': 'CULTURA Y DEPORTE',
  '22': 'EDUCACION',
  '23': 'PROTECCION SOCIAL',
  '24': 'PREVISION SOCIAL',
  '25': 'DEUDA PUBLICA',
};

/** Rubros (funding sub-sources) with the fuente de financiamiento each belongs to. */
export const RUBROS: Record<string, { name: string; fuente: string; fuenteName: string }> = {
  '00': { name: 'RECURSOS ORDINARIOS', fuente: '1', fuenteName: 'RECURSOS ORDINARIOS' },
  '09': { name: 'RECURSOS DIRECTAMENTE RECAUDADOS', fuente: '2', fuenteName: 'RECURSOS DIRECTAMENTE RECAUDADOS' },
  '19': { name: 'RECURSOS POR OPERACIONES OFICIALES DE CREDITO', fuente: '3', fuenteName: 'RECURSOS POR OPERACIONES OFICIALES DE CREDITO' },
  '13': { name: 'DONACIONES Y TRANSFERENCIAS', fuente: '4', fuenteName: 'DONACIONES Y TRANSFERENCIAS' },
  '07': { name: 'FONDO DE COMPENSACION MUNICIPAL', fuente: '5', fuenteName: 'RECURSOS DETERMINADOS' },
  '08': { name: 'IMPUESTOS MUNICIPALES', fuente: '5', fuenteName: 'RECURSOS DETERMINADOS' },
  '18': { name: 'CANON Y SOBRECANON, REGALIAS, RENTA DE ADUANAS Y PARTICIPACIONES', fuente: '5', fuenteName: 'RECURSOS DETERMINADOS' },
};
