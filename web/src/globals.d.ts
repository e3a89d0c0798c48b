// ECharts is served by the service (/vendor/echarts.min.js) and read as the global it defines.
declare global {
  const echarts: typeof import('echarts');
}
export {};
