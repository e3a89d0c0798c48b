// ECharts (the part the pages use, web/vendor/echarts.js) is served by the service (/web/echarts.js) and read as the global it defines.
declare global {
  const echarts: typeof import('echarts');
}
export {};
