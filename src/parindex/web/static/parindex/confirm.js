// A form marked data-confirm asks its question before it is sent: submitting a unit's file,
// moving the cycle on, the council's approval, publishing. Without JavaScript the form is sent as
// it is, and the server still asks for what it needs (moving on past units behind names them).
document.addEventListener("submit", function (event) {
  var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
