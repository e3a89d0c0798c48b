import { Injectable } from '@nestjs/common';
import { unionOf } from './analysis-query.js';
import { AnalysisPeriods } from './analysis-periods.js';
import { NOMINAL, type PriceBasis } from '../prices/price-basis.js';
import { municipalityLevel, projectLevel } from './urban-rural.js';
import { UrbanRuralRepository } from './urban-rural.repository.js';
import type { Lang } from '../i18n/messages.js';
import type { UrbanRuralQueryDto, UrbanRuralResponseDto } from './dto/urban-rural.dto.js';

/** The urban/rural analysis: projects by area and municipalities by their population's character (urban-rural.ts), per period. */
@Injectable()
export class UrbanRuralService {
  constructor(
    private readonly periods: AnalysisPeriods,
    private readonly repository: UrbanRuralRepository,
  ) {}

  async urbanRural(q: UrbanRuralQueryDto, lang: Lang, prices: PriceBasis = NOMINAL): Promise<UrbanRuralResponseDto> {
    const top = q.top ?? 10;
    return this.periods.run(
      q,
      lang,
      {
        sources: ['source.projectLines', 'source.registryAreas', 'source.totals', 'source.population'],
        inputs: ['lines', 'totals', 'population'],
      },
      async (sel) => {
        // one look at the population split for both levels
        const split = await this.repository.populationSplit(sel);
        const projects = projectLevel(await this.repository.urbanRuralProjects(sel, top), split, sel, lang);
        const municipalities = municipalityLevel(await this.repository.urbanRuralMunicipalities(sel), split, sel, lang);
        return {
          projectLevel: projects.result,
          municipalityLevel: municipalities.result,
          trace: {
            importIds: [...projects.importIds, ...municipalities.importIds],
            years: unionOf([projects.years, municipalities.years]),
            leftOut: projects.leftOut,
          },
        };
      },
      prices,
    );
  }
}
