// The Chart.js configuration of each chart of the report page, as JavaScript text. It is spliced into the page
// script (report-page-script.ts), whose helpers it uses: colour, shape, withAlpha, hatch, NAMED_X, percentLabel,
// number, logTicks, legend, runLegend, sparseMarkers, axisTitle, eventMarkers, EVENT_LABEL_ROWS,
// EVENT_LABEL_HEIGHT, COMMON.

export const CHART_CONFIGS_SCRIPT = `
  const lineDataset = (series, label, data, dash) => ({
    label,
    data,
    run: series.label,
    borderColor: colour(series.colourIndex),
    backgroundColor: colour(series.colourIndex),
    pointStyle: shape(series.colourIndex),
    borderDash: dash,
    borderWidth: 2,
    pointRadius: sparseMarkers(series.colourIndex, data.length),
    pointHitRadius: 6,
    tension: 0,
    spanGaps: false,
  });

  const timeAxis = (timeline) => ({
    type: 'linear',
    min: 0,
    max: timeline.endS,
    // The writes' bars would otherwise pad the axis, and the lines would not start at its ends.
    offset: false,
    title: axisTitle('seconds since the start of the measured window'),
    ticks: { maxRotation: 0, callback: (value) => number(value) + ' s' },
  });

  const logAxis = (text, min, max) => ({
    type: 'logarithmic',
    min,
    max,
    title: axisTitle(text),
    afterBuildTicks: logTicks,
    ticks: { autoSkip: false, callback: (value) => number(value) },
  });

  // Room above the plot for the fault labels, so they never hide the lines.
  const withEvents = (options, timeline) => {
    const rows = Math.min(timeline.events.length, EVENT_LABEL_ROWS);
    return {
      ...options,
      layout: { padding: { top: rows * EVENT_LABEL_HEIGHT } },
      plugins: { ...options.plugins, eventMarkers: { events: timeline.events, rows } },
    };
  };

  const CONFIGS = {
    percentile(chart, panel) {
      const last = (ctx) => ctx.dataIndex === ctx.dataset.data.length - 1;
      const marked = (ctx) => last(ctx) || (ctx.raw !== undefined && NAMED_X.includes(ctx.raw.x));
      return {
        type: 'line',
        data: {
          datasets: panel.lines.map((line) => ({
            ...lineDataset(line, line.label, line.points, []),
            pointRadius: (ctx) => (marked(ctx) ? 3.5 : 0),
            pointHoverRadius: 5,
          })),
        },
        options: {
          ...COMMON,
          interaction: { mode: 'nearest', intersect: false },
          scales: {
            x: {
              type: 'logarithmic',
              min: 1,
              max: chart.xMax,
              title: axisTitle('percentile'),
              afterBuildTicks: (axis) => {
                axis.ticks = NAMED_X.filter((value) => value <= axis.max).map((value) => ({ value }));
              },
              ticks: { autoSkip: false, maxRotation: 0, callback: (value) => percentLabel(value) },
            },
            y: logAxis('latency (ms)', chart.yMinMs, chart.yMaxMs),
          },
          plugins: {
            legend: legend({}),
            tooltip: {
              callbacks: {
                title: (items) => (items.length === 0 ? '' : last(items[0]) ? 'max' : 'p' + percentLabel(items[0].parsed.x).slice(0, -1)),
                label: (item) => item.dataset.label + ': ' + number(item.parsed.y) + ' ms',
              },
            },
          },
        },
      };
    },

    latencyTime(timeline) {
      return {
        type: 'line',
        data: {
          datasets: timeline.series.flatMap((series) => [
            { ...lineDataset(series, series.label + ' p50', series.latencyP50Ms, []), legendMain: true },
            lineDataset(series, series.label + ' p99', series.latencyP99Ms, [6, 4]),
          ]),
        },
        options: withEvents({
          ...COMMON,
          scales: { x: timeAxis(timeline), y: logAxis('latency (ms)') },
          plugins: { legend: runLegend() },
        }, timeline),
        plugins: [eventMarkers],
      };
    },

    throughputTime(timeline) {
      return {
        type: 'line',
        data: { datasets: timeline.series.map((series) => lineDataset(series, series.label, series.throughputRps, [])) },
        options: withEvents({
          ...COMMON,
          scales: { x: timeAxis(timeline), y: { beginAtZero: true, title: axisTitle('responses / s') } },
          plugins: { legend: legend({}) },
        }, timeline),
        plugins: [eventMarkers],
      };
    },

    hitRateTime(timeline) {
      const lines = timeline.series.map((series) => ({
        ...lineDataset(series, series.label + ' hit rate', series.hitRatePct, []),
        legendMain: true,
        yAxisID: 'y',
        order: 0,
      }));
      const writes = timeline.series.map((series) => ({
        type: 'bar',
        label: series.label + ' writes/s',
        run: series.label,
        data: series.writesPerS,
        yAxisID: 'writes',
        order: 1,
        backgroundColor: withAlpha(colour(series.colourIndex), 0.35),
        borderWidth: 0,
        barPercentage: 0.9,
        categoryPercentage: 0.9,
      }));
      // The bars keep to the lower third, under the hit rates, which mostly sit high.
      const mostWrites = Math.max(1, ...timeline.series.flatMap((series) => series.writesPerS.map((point) => point.y || 0)));
      return {
        type: 'line',
        data: { datasets: [...lines, ...writes] },
        options: withEvents({
          ...COMMON,
          scales: {
            x: timeAxis(timeline),
            y: { min: 0, max: 100, title: axisTitle('hit rate (%)'), ticks: { callback: (value) => value + '%' } },
            writes: {
              position: 'right',
              min: 0,
              max: mostWrites * 3,
              grid: { drawOnChartArea: false },
              title: axisTitle('writes / s'),
              ticks: { callback: (value) => (value <= mostWrites ? number(value) : '') },
            },
          },
          plugins: { legend: runLegend() },
        }, timeline),
        plugins: [eventMarkers],
      };
    },

    lagCdf(lag) {
      return {
        type: 'line',
        data: { datasets: lag.lines.map((line) => ({ ...lineDataset(line, line.label, line.points, []), stepped: 'before' })) },
        options: {
          ...COMMON,
          interaction: { mode: 'nearest', intersect: false },
          scales: {
            x: logAxis('lag (ms)', lag.xMinMs, lag.xMaxMs),
            y: { min: 0, max: 100, title: axisTitle('probed writes seen (%)'), ticks: { callback: (value) => value + '%' } },
          },
          plugins: { legend: legend({}) },
        },
      };
    },

    staleAge(stale) {
      return {
        type: 'bar',
        data: {
          labels: stale.bins,
          datasets: stale.datasets.map((dataset) => ({
            label: dataset.label,
            data: dataset.counts,
            backgroundColor: dataset.status === '304' ? colour(dataset.colourIndex) : hatch(colour(dataset.colourIndex)),
            borderColor: colour(dataset.colourIndex),
            borderWidth: 1,
            // A run's stale 200s stack on its stale 304s: one bar per run and bin.
            stack: dataset.run,
          })),
        },
        options: {
          ...COMMON,
          scales: {
            x: {
              stacked: true,
              title: axisTitle('time since the write that made the response stale'),
              // "100–200 ms" on two lines, the unit below, so every bin keeps its label.
              ticks: {
                maxRotation: 0,
                callback(value) {
                  const label = this.getLabelForValue(value);
                  const space = label.lastIndexOf(' ');
                  return space > 0 ? [label.slice(0, space), label.slice(space + 1)] : label;
                },
              },
            },
            y: { beginAtZero: true, stacked: true, title: axisTitle('stale responses'), ticks: { precision: 0 } },
          },
          plugins: { legend: legend({ usePointStyle: false, boxWidth: 18, boxHeight: 12 }) },
        },
      };
    },
  };
`;
