// Only the parts of ECharts the charts use (tree-shaken); this module is loaded lazily by Chart.tsx.
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkLineComponent, MarkPointComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, AriaComponent, MarkLineComponent, MarkPointComponent, SVGRenderer]);

export { echarts };
