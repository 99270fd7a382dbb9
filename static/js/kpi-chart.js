// Draws a KPI's measurements as a line chart from the json_script data next to the canvas.
document.addEventListener("DOMContentLoaded", () => {
  const canvas = document.getElementById("kpi-chart");
  const source = document.getElementById("kpi-chart-data");
  if (!canvas || !source || !window.Chart) {
    return;
  }
  const data = JSON.parse(source.textContent);
  const datasets = [
    {
      label: data.label,
      data: data.values,
      borderColor: "#0a4ea3",
      backgroundColor: "#0a4ea3",
      pointRadius: 4,
      tension: 0,
    },
  ];
  if (data.target !== null) {
    datasets.push({
      label: data.targetLabel,
      data: data.labels.map(() => data.target),
      borderColor: "#b00020",
      borderDash: [6, 4],
      pointRadius: 0,
    });
  }
  new window.Chart(canvas, {
    type: "line",
    data: { labels: data.labels, datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: { y: { beginAtZero: true } },
    },
  });
});
