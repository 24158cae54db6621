// The script report.html runs, bundled with the parts of chart.js it uses into one file (scripts/build-browser.mjs)
// that the HTML writer inlines: the page opens offline.

import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
} from 'chart.js';
import { drawCharts } from './draw-charts.js';

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip);

// A global, as chart.js's own browser build makes it: Chart.getChart(canvas) reaches a drawn chart from the console.
(globalThis as { Chart?: typeof Chart }).Chart = Chart;

drawCharts({ document, Chart, console });
