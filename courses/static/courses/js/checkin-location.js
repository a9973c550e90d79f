/* The check-in page of a session with a place: ask the phone where it is
   and put the coordinates in the confirm form's hidden fields, so the check-in
   can tell a scan far from the place (疑似代签). Without permission, or
   without geolocation, the fields stay empty and check-in goes on. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-checkin-location]");
  if (!form) {
    return;
  }
  var status = form.querySelector("[data-location-status]");
  function say(name) {
    if (status) {
      status.textContent = form.getAttribute("data-" + name + "-text") || "";
    }
  }
  if (!navigator.geolocation) {
    say("unlocated");
    return;
  }
  say("locating");
  navigator.geolocation.getCurrentPosition(
    function (position) {
      form.elements.latitude.value = position.coords.latitude.toFixed(6);
      form.elements.longitude.value = position.coords.longitude.toFixed(6);
      say("located");
    },
    function () {
      say("unlocated");
    },
    { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
  );
})();
