// The scanning page: keep the cursor in the code field, so that a scanner's next
// tag lands there; Enter in the room field moves on to the code instead of sending.
// The page works without this script: it is a plain form.
(function () {
  "use strict";
  var code = document.getElementById("f-code");
  var room = document.getElementById("f-room");
  if (!code) {
    return;
  }
  if (room && !room.value) {
    room.focus();
  } else {
    code.focus();
  }
  if (room) {
    room.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        code.focus();
      }
    });
  }
  var form = document.getElementById("scan-form");
  if (form) {
    form.addEventListener("submit", function () {
      code.readOnly = true; // a second Enter while the page loads must not send twice
    });
  }
})();
