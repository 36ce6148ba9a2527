// What every page asks of script — none of it needed to read a page or to send a form.
// 1. A table wider than its box scrolls inside it; such a box is made reachable by keyboard and named
//    (a region labelled by the heading above it), so a keyboard user can scroll it too.
// 2. After HTMX changes a criterion's row in place, the focus goes back into that row — to the field
//    a refusal is about, or to the field the person was in — instead of falling to the page's body.
(function () {
  function headingBefore(el) {
    for (var node = el.previousElementSibling; node; node = node.previousElementSibling) {
      if (/^H[1-4]$/.test(node.tagName)) return node.textContent.trim();
    }
    return document.title;
  }

  // Two tables under one heading get "Heading (2)": every region's name must be its own.
  function uniqueName(name, taken) {
    var candidate = name;
    for (var n = 2; taken[candidate]; n++) candidate = name + " (" + n + ")";
    taken[candidate] = true;
    return candidate;
  }

  function scrollBoxes(root) {
    var taken = {};
    (root || document).querySelectorAll(".table-scroll").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        var caption = box.querySelector("caption");
        box.setAttribute("aria-label", uniqueName(caption ? caption.textContent.trim() : headingBefore(box), taken));
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  var returning = null; // {row: id, name: field name, form: the form's first class}

  document.addEventListener("htmx:beforeRequest", function (event) {
    var target = event.detail.target, active = document.activeElement;
    if (!target || !target.matches || !target.matches("tbody.entry") || !active || !target.contains(active)) {
      returning = null;
      return;
    }
    returning = {row: target.id, name: active.name || "", form: active.form ? active.form.classList[0] || "" : ""};
  });

  document.addEventListener("htmx:afterSettle", function () {
    if (!returning) return;
    var row = document.getElementById(returning.row), wanted = returning;
    returning = null;
    if (!row || (document.activeElement && document.activeElement !== document.body && row.contains(document.activeElement))) return;
    var scope = wanted.form ? row.querySelector("form." + wanted.form) || row : row;
    var field = row.querySelector("[aria-invalid=true]") ||
        (wanted.name && scope.querySelector("[name='" + wanted.name + "']")) ||
        row.querySelector("input:not([type=hidden]), select, textarea, button");
    if (field) field.focus();
  });

  window.addEventListener("resize", function () { scrollBoxes(); });
  document.addEventListener("htmx:afterSettle", function (event) { scrollBoxes(); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { scrollBoxes(); });
  else scrollBoxes();
})();
