/* The lesson editor's video field (cms/videos/widgets.py): upload a video with
 * a progress bar, then show its 转码 state until the phone rendition is made.
 *
 * A Stimulus controller on Wagtail's own application, so it connects to the
 * fields of video blocks added to the page after it loaded as well.
 */
(function () {
  "use strict";

  var POLL_MS = 3000;

  function format(text, values) {
    return text
      .replace(/%\((\w+)\)s/g, function (_match, key) {
        return values[key] === undefined ? "" : values[key];
      })
      .replace(/%%/g, "%");
  }

  function csrfToken() {
    if (window.wagtailConfig && window.wagtailConfig.CSRF_TOKEN) {
      return window.wagtailConfig.CSRF_TOKEN;
    }
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function define(Controller) {
    class VideoUploadController extends Controller {
      static targets = [
        "file",
        "pick",
        "progressBox",
        "progress",
        "percent",
        "cancel",
        "state",
        "poster",
        "message",
        "detail",
      ];

      static values = {
        inputId: String,
        uploadUrl: String,
        statusUrl: String,
        maxBytes: Number,
        extensions: String,
        textTooLarge: String,
        textWrongType: String,
        textUploading: String,
        textChecking: String,
        textDone: String,
        textFailed: String,
        textNetwork: String,
        textCancelled: String,
      };

      connect() {
        this.input = document.getElementById(this.inputIdValue);
        this.changed = this.refresh.bind(this);
        if (this.input) this.input.addEventListener("change", this.changed);
        this.refresh();
      }

      disconnect() {
        if (this.input) this.input.removeEventListener("change", this.changed);
        window.clearTimeout(this.timer);
        if (this.request) this.request.abort();
      }

      pick() {
        this.fileTarget.click();
      }

      upload() {
        var file = this.fileTarget.files[0];
        this.fileTarget.value = "";
        if (!file) return;
        var extension = (file.name.split(".").pop() || "").toLowerCase();
        if (this.extensionsValue.split(",").indexOf(extension) < 0) {
          this.showError(this.textWrongTypeValue);
          return;
        }
        if (this.maxBytesValue && file.size > this.maxBytesValue) {
          this.showError(this.textTooLargeValue);
          return;
        }
        this.send(file);
      }

      send(file) {
        var self = this;
        var data = new FormData();
        data.append("file", file);
        var request = new XMLHttpRequest();
        this.request = request;
        request.open("POST", this.uploadUrlValue);
        request.setRequestHeader("X-CSRFToken", csrfToken());
        request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
        request.responseType = "json";
        request.upload.addEventListener("progress", function (event) {
          if (event.lengthComputable) {
            self.showProgress((100 * event.loaded) / event.total);
          }
        });
        request.upload.addEventListener("load", function () {
          self.showProgress(100, self.textCheckingValue);
        });
        request.addEventListener("load", function () {
          self.request = null;
          self.uploaded(request.status, request.response || {});
        });
        request.addEventListener("error", function () {
          self.request = null;
          self.showError(self.textNetworkValue);
        });
        request.addEventListener("abort", function () {
          self.request = null;
          self.showError(self.textCancelledValue);
        });
        this.pickTarget.disabled = true;
        this.cancelTarget.hidden = false;
        this.stateTarget.hidden = true;
        this.showProgress(0);
        request.send(data);
      }

      cancel() {
        if (this.request) this.request.abort();
      }

      uploaded(status, body) {
        this.pickTarget.disabled = false;
        this.cancelTarget.hidden = true;
        if (status < 200 || status >= 300 || !body.id) {
          this.showError(
            body.error || format(this.textFailedValue, { reason: status }),
          );
          return;
        }
        this.progressTarget.value = 100;
        this.percentTarget.textContent = this.textDoneValue;
        this.element.classList.add("video-upload--done");
        var chooser = document.getElementById(this.inputIdValue + "-chooser");
        if (chooser && chooser.widget) {
          // As if chosen in the modal: the hidden input changes, and refresh()
          // shows the video's state.
          chooser.widget.setStateFromModalData({
            id: String(body.id),
            title: body.title,
            edit_url: body.edit_url,
          });
        } else if (this.input) {
          this.input.value = body.id;
          this.refresh();
        }
      }

      showProgress(percent, text) {
        this.progressBoxTarget.hidden = false;
        this.element.classList.remove("video-upload--error", "video-upload--done");
        this.progressTarget.value = Math.round(percent);
        this.percentTarget.textContent =
          text || format(this.textUploadingValue, { percent: Math.round(percent) });
      }

      showError(message) {
        this.pickTarget.disabled = false;
        this.cancelTarget.hidden = true;
        this.progressBoxTarget.hidden = true;
        this.element.classList.add("video-upload--error");
        this.stateTarget.hidden = false;
        this.posterTarget.hidden = true;
        this.messageTarget.textContent = message;
        this.detailTarget.textContent = "";
      }

      refresh() {
        window.clearTimeout(this.timer);
        var id = this.input && this.input.value;
        if (!id) {
          if (!this.element.classList.contains("video-upload--error")) {
            this.stateTarget.hidden = true;
          }
          return;
        }
        var self = this;
        fetch(this.statusUrlValue.replace("{id}", encodeURIComponent(id)), {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        })
          .then(function (response) {
            return response.ok ? response.json() : null;
          })
          .then(function (status) {
            if (!status || !self.input || self.input.value !== id) return;
            self.showState(status);
            if (!status.finished) {
              self.timer = window.setTimeout(self.changed, POLL_MS);
            }
          })
          .catch(function () {
            self.timer = window.setTimeout(self.changed, POLL_MS * 3);
          });
      }

      showState(status) {
        this.element.classList.remove("video-upload--error");
        this.stateTarget.hidden = false;
        this.stateTarget.dataset.state = status.state;
        this.messageTarget.textContent = status.label;
        this.detailTarget.textContent = status.detail || "";
        if (status.poster_url) {
          this.posterTarget.src = status.poster_url;
          this.posterTarget.hidden = false;
        } else {
          this.posterTarget.hidden = true;
        }
      }
    }
    return VideoUploadController;
  }

  function register() {
    if (!window.wagtail || !window.wagtail.app || !window.StimulusModule) return false;
    window.wagtail.app.register(
      "cms-video-upload",
      define(window.StimulusModule.Controller),
    );
    return true;
  }

  if (!register()) document.addEventListener("DOMContentLoaded", register);
})();
