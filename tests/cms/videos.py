"""Real video files for the upload tests, and the editor's upload endpoint."""

import io
import math
import struct

import av
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

UPLOAD_URL = "/admin/videos/upload/"


def tiny_video(*, seconds=2, size=(320, 240), fps=10, audio=True, fmt="mp4"):
    """A real video made with PyAV: a moving green bar, and a tone."""
    buffer = io.BytesIO()
    codec = "libx264" if fmt == "mp4" else "libvpx"
    with av.open(buffer, "w", format=fmt) as output:
        video = output.add_stream(codec, rate=fps)
        video.width, video.height = size
        video.pix_fmt = "yuv420p"
        sound = None
        if audio:
            sound = output.add_stream(
                "aac" if fmt == "mp4" else "libopus", rate=48000, layout="mono"
            )
        for n in range(seconds * fps):
            picture = Image.new("RGB", size, (30, 60 + 4 * n, 120))
            top = (n * 7) % (size[1] - 20)
            ImageDraw.Draw(picture).rectangle([20, top, 120, top + 20], fill="lime")
            output.mux(video.encode(av.VideoFrame.from_image(picture)))
        output.mux(video.encode(None))
        if sound is not None:
            samples = 960
            for k in range(seconds * 48000 // samples):
                frame = av.AudioFrame(format="fltp", layout="mono", samples=samples)
                frame.sample_rate, frame.pts = 48000, k * samples
                wave = [0.2 * math.sin((k * samples + i) / 20) for i in range(samples)]
                frame.planes[0].update(struct.pack(f"<{samples}f", *wave))
                output.mux(sound.encode(frame))
            output.mux(sound.encode(None))
    return buffer.getvalue()


def upload(client, content, name="讲解视频.mp4"):
    return client.post(UPLOAD_URL, {"file": SimpleUploadedFile(name, content)})
