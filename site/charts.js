// The course site's charts. site/build.py bundles this snippet with vega, vega-lite and vega-embed
// (vl-convert's javascript_bundle(), which names them vegaEmbed, vegaLite and vega) into
// _static/vega-charts.js, so the site draws its charts with no request to a CDN.
// Each chart is a div.purgelib-chart holding its Vega-Lite specification (purgelib/site_renderer.py).
function drawCharts() {
  for (const holder of document.querySelectorAll(".purgelib-chart")) {
    const spec = JSON.parse(holder.querySelector('script[type="application/json"]').textContent);
    const view = document.createElement("div");
    holder.appendChild(view);
    // No "open in the Vega editor" action: it would send the chart to a website.
    const actions = { export: true, source: false, compiled: false, editor: false };
    vegaEmbed(view, spec, { renderer: "svg", actions }).catch((error) => {
      view.className = "purgelib-chart-error";
      view.textContent = `This chart could not be drawn (${error.message}). Its description: ${holder.getAttribute("aria-label")}`;
    });
  }
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", drawCharts);
} else {
  drawCharts();
}
