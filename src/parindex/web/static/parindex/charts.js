/* Draws every chart of the page with the vendored Vega-Embed. The spec sits in the page as JSON
   (with its data inline), the figures also sit in the table next to it, and the figure's
   caption (and, through Vega-Embed, the chart's aria-label) says in words what it shows — so nothing depends on this script succeeding.
   The spec is drawn as wide as its box (see Chart.screen_spec), so a phone gets the whole chart. */
(function () {
  window.parindexCharts = {};
  // Numbers on axes and in tooltips as the page writes them: 71,25 in Vietnamese, 71.25 in English.
  var LOCALES = {
    vi: {decimal: ",", thousands: ".", grouping: [3], currency: ["", " ₫"]},
    en: {decimal: ".", thousands: ",", grouping: [3], currency: ["", ""]}
  };
  function draw() {
    var lang = (document.documentElement.lang || "vi").slice(0, 2);
    document.querySelectorAll("[data-spec]").forEach(function (el) {
      var spec = JSON.parse(document.getElementById(el.dataset.spec).textContent);
      vegaEmbed(el, spec, {actions: false, renderer: "svg", formatLocale: LOCALES[lang] || LOCALES.vi}).then(function (result) {
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
