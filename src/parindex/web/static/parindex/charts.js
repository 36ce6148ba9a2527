/* Draws every chart of the page with the vendored Vega-Embed. The spec sits in the page as JSON
   (with its data inline), the figures also sit in the table next to it, and the figure's
   caption (and, through Vega-Embed, the chart's aria-label) says in words what it shows — so nothing depends on this script succeeding. */
(function () {
  window.parindexCharts = {};
  function draw() {
    document.querySelectorAll("[data-spec]").forEach(function (el) {
      var spec = JSON.parse(document.getElementById(el.dataset.spec).textContent);
      vegaEmbed(el, spec, {actions: false, renderer: "svg"}).then(function (result) {
        window.parindexCharts[el.dataset.name] = result.view;
        el.dataset.drawn = "yes";
      }).catch(function (error) {
        el.dataset.drawn = "failed";
        el.textContent = el.parentNode.querySelector("figcaption").textContent;
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
