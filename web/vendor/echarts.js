// The part of Apache ECharts the pages draw with, bundled by scripts/build-echarts.mjs into dist/web/echarts.js
// (635 kB minified against the full build's 1,122 kB at 6.1.0; BENCHMARKS.md, bench:web). It defines the
// global `echarts` the pages read (web/src/globals.d.ts). A chart type or component a page starts to use must be
// added here, or ECharts says in the console that it is missing and draws nothing: the browser tests would fail.
import { BarChart, LineChart, MapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapContinuousComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, MapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapContinuousComponent, CanvasRenderer]);

globalThis.echarts = echarts;
