// The meeting form: the venue is required for a meeting in person, the link for an online
// one. The page says so without this script, and the server checks it; this only moves the
// `required` attribute when the mode changes, so the browser says it before submitting.
document.addEventListener("DOMContentLoaded", function () {
  var mode = document.getElementById("id_mode");
  if (!mode) {
    return;
  }
  var places = document.querySelectorAll("[data-required-when]");
  function update() {
    places.forEach(function (field) {
      field.required = field.getAttribute("data-required-when") === mode.value;
    });
  }
  mode.addEventListener("change", update);
  update();
});
