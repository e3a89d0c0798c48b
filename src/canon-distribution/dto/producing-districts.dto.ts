import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, Matches } from 'class-validator';
import { WrittenText } from '../../common/written-text.js';

export class SetProducingDistrictsDto {
  @ApiProperty({
    example: ['080801', '080708'],
    type: [String],
    description: 'Ubigeos of the districts where the resource is exploited, all in the department; at least one.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ArrayUnique()
  @Matches(/^\d{6}$/, { each: true, message: 'each district must be a 6-digit ubigeo such as 080801' })
  districts: string[];

  @ApiProperty({ example: 'Antapaccay (Espinar) and Constancia (Livitaca) produced in 2024: MINEM production statistics.' })
  @WrittenText({ min: 3, max: 500 })
  reason: string;
}

export class ProducingDistrictDto {
  @ApiProperty({ example: '080801' })
  ubigeo: string;

  @ApiProperty({ example: 'Espinar' })
  name: string;

  @ApiProperty({ example: '0808' })
  provinceCode: string;
}

export class ProducingDistrictsDto {
  @ApiProperty({ example: '08' })
  department: string;

  @ApiProperty({ example: 2024 })
  year: number;

  @ApiProperty({ type: [ProducingDistrictDto] })
  districts: ProducingDistrictDto[];

  @ApiProperty({ example: 'Antapaccay (Espinar) and Constancia (Livitaca) produced in 2024: MINEM production statistics.' })
  reason: string;

  @ApiProperty({ example: 'key:3', description: 'Who entered them: the API key, by id.' })
  setBy: string;

  @ApiProperty({ example: '2026-12-06T15:04:05.000Z' })
  setAt: string;
}
