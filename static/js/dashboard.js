// Draws the dashboard charts from the JSON in #dashboard-charts; every chart also has a table beside it.
// No animation: the figures are read, printed and screenshotted, and motion helps nobody here.
(() => {
  const colours = { actual: "#154273", ideal: "#495057", forecast: "#b35900", planned: "#6f42c1", values: "#154273", target: "#0b6e2f" };

  function line(label, data, colour, extra) {
    return Object.assign(
      { label, data, borderColor: colour, backgroundColor: colour, borderWidth: 2, pointRadius: 3, spanGaps: true, tension: 0 },
      extra || {},
    );
  }

  // The x axis counts days since the start: a day is as wide as a day, a week seven of them.
  function dayLabel(start, days) {
    const date = new Date(start + "T12:00:00");
    date.setDate(date.getDate() + days);
    return String(date.getDate()).padStart(2, "0") + "-" + String(date.getMonth() + 1).padStart(2, "0");
  }

  function burnupConfig(data) {
    return {
      type: "line",
      data: {
        datasets: [
          line(data.names.actual, data.actual, colours.actual, { pointStyle: "circle" }),
          line(data.names.ideal, data.ideal, colours.ideal, { borderDash: [6, 4], pointRadius: 0 }),
          line(data.names.forecast, data.forecast, colours.forecast, { borderDash: [2, 3], pointStyle: "triangle" }),
          // The frozen plan (absent without a baseline): its own dash and square points, not colour alone.
          ...(data.planned && data.planned.length
            ? [line(data.names.planned, data.planned, colours.planned, { borderDash: [10, 3, 2, 3], pointStyle: "rect" })]
            : []),
          // A milestone: a short horizontal marker at its date and target.
          ...(data.milestones && data.milestones.length
            ? [line(data.names.milestone, data.milestones, colours.target, { showLine: false, pointStyle: "line", pointRadius: 10, borderWidth: 3 })]
            : []),
        ],
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        parsing: false,
        scales: {
          x: { type: "linear", min: 0, max: data.days, ticks: { stepSize: 7, callback: (days) => dayLabel(data.start, days) } },
          y: { beginAtZero: true, suggestedMax: data.total, ticks: { precision: 0 } },
        },
        plugins: { tooltip: { callbacks: { title: (items) => dayLabel(data.start, items[0].parsed.x) } } },
      },
    };
  }

  function kpiConfig(data) {
    const datasets = [line(data.names.values, data.values, colours.values)];
    if (data.target !== null) {
      datasets.push(line(data.names.target, data.labels.map(() => data.target), colours.target, { borderDash: [6, 4], pointRadius: 0 }));
    }
    return {
      type: "line",
      data: { labels: data.labels, datasets },
      options: { maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true } } },
    };
  }

  function draw() {
    const source = document.getElementById("dashboard-charts");
    if (!source || !window.Chart) return;
    const charts = JSON.parse(source.textContent);
    document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
      const data = charts[canvas.dataset.chartKey];
      if (!data) return;
      const config = canvas.dataset.chart === "kpi" ? kpiConfig(data) : burnupConfig(data);
      new window.Chart(canvas, config);
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    draw();
    document.querySelectorAll("[data-print]").forEach((button) => button.addEventListener("click", () => window.print()));
  });
})();
