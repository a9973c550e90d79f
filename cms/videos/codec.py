"""Reading and converting video files with PyAV (FFmpeg inside its wheels).

No database here: services.py stores what these functions find. Files are
opened with the demuxer their extension names (never FFmpeg's guess), so a
renamed playlist or text file cannot make FFmpeg read anything else.
"""

import io
import math
import os
import struct
from dataclasses import dataclass
from fractions import Fraction

import av
from django.utils.translation import gettext as _

# The extensions a trainer may upload, and the demuxer that reads each.
DEMUXERS = {"mp4": "mov", "m4v": "mov", "mov": "mov", "webm": "matroska"}

PHONE_MAX_WIDTH = 854
PHONE_MAX_HEIGHT = 480
PHONE_VIDEO_BITRATE = 1_000_000
PHONE_AUDIO_BITRATE = 96_000
PHONE_AUDIO_RATE = 44_100
POSTER_AT_SECONDS = 3.0  # the first frames are often black: look a little later


class VideoUnreadable(Exception):
    """The file is not a video PyAV can read; the message is for the trainer."""


# The MP4/MOV boxes ahead of FFmpeg: a header box (moov and the like) whose
# declared size is over MP4_HEADER_MAX_BYTES, or past the end of the file, is
# refused before FFmpeg reads it (and allocates what it declares). A two-hour
# lesson's moov is a few MB; media data (mdat) and padding may be any size.
MP4_HEADER_MAX_BYTES = 64 * 1024 * 1024
MP4_DATA_BOXES = frozenset({b"mdat", b"free", b"skip", b"wide"})
MP4_BOXES_SCANNED = 10_000


def _mp4_check_boxes(source):
    """Walk the top-level boxes of source (a path or a binary file), reading
    only their 8- or 16-byte headers; raise VideoUnreadable for a header box
    too large or declared past the end. Stops at the first moov."""
    if isinstance(source, str | bytes | os.PathLike):
        with open(source, "rb") as file:
            return _mp4_check_boxes(file)
    start = source.tell()
    try:
        end = source.seek(0, io.SEEK_END)
        at = source.seek(start)
        for _box in range(MP4_BOXES_SCANNED):
            if end - at < 8:
                return
            header = source.read(8)
            size, kind = struct.unpack(">I4s", header)
            header_size = 8
            if size == 1:
                large = source.read(8)
                if len(large) < 8:
                    return
                (size,) = struct.unpack(">Q", large)
                header_size = 16
            elif size == 0:
                size = end - at  # to the end of the file
            if size < header_size or not kind.isascii() or not kind.isalnum():
                raise VideoUnreadable(_not_a_video())
            if kind not in MP4_DATA_BOXES and (
                size > MP4_HEADER_MAX_BYTES or at + size > end
            ):
                raise VideoUnreadable(
                    _(
                        "视频文件头声明的大小（%(size)s MB）超过上限 %(max)s MB "
                        "或超出文件本身，文件已损坏或被篡改，不能上传。"
                    )
                    % {
                        "size": size // (1024 * 1024),
                        "max": MP4_HEADER_MAX_BYTES // (1024 * 1024),
                    }
                )
            if kind == b"moov":
                return
            at = source.seek(at + size)
    finally:
        source.seek(start)


def _not_a_video():  # noqa: N802
    return _("无法读取这个文件：它不是完整的视频，可能已损坏，或只是改了扩展名。")


@dataclass(frozen=True)
class VideoInfo:
    duration_seconds: int
    width: int
    height: int
    has_audio: bool
    poster_jpeg: bytes


def _open(source, extension):
    demuxer = DEMUXERS.get((extension or "").lower().lstrip("."))
    if demuxer is None:
        raise VideoUnreadable(_("只能上传 MP4、MOV、M4V 或 WebM 格式的视频。"))
    if demuxer == "mov":
        _mp4_check_boxes(source)
    try:
        return av.open(source, format=demuxer)
    except (av.FFmpegError, OSError, ValueError) as error:
        raise VideoUnreadable(_not_a_video()) from error


def _duration(container, stream):
    if container.duration:
        return container.duration / av.time_base
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    return 0.0


def _display_size(frame):
    if _quarter_turns(frame) % 2:
        return frame.height, frame.width
    return frame.width, frame.height


def _quarter_turns(frame):
    """How many quarter turns clockwise the picture must turn to stand upright
    (FFmpeg's display matrix, as the ffmpeg command's autorotate reads it)."""
    return round(-(frame.rotation or 0) / 90) % 4


def video_probe(source, *, extension):
    """Check that source (a path or a binary file) is a playable video and read
    its length, size and a poster frame. Raises VideoUnreadable."""
    container = _open(source, extension)
    try:
        if not container.streams.video:
            raise VideoUnreadable(_("这个文件里没有视频画面（可能只是音频）。"))
        stream = container.streams.video[0]
        duration = _duration(container, stream)
        frame = _poster_frame(container, stream, duration)
        width, height = _display_size(frame)
        image = _upright(frame).to_image()
        jpeg = io.BytesIO()
        image.convert("RGB").save(jpeg, format="JPEG", quality=85)
        return VideoInfo(
            duration_seconds=max(int(duration), 1),
            width=width,
            height=height,
            has_audio=bool(container.streams.audio),
            poster_jpeg=jpeg.getvalue(),
        )
    except av.FFmpegError as error:
        raise VideoUnreadable(
            _("视频已损坏，无法解码画面。请重新导出或换一个文件。")
        ) from error
    finally:
        container.close()


def _poster_frame(container, stream, duration):
    at = min(POSTER_AT_SECONDS, duration / 10)
    first = None
    for frame in container.decode(stream):
        if first is None:
            first = frame
        if frame.time is None or frame.time >= at:
            return frame
    if first is None:
        raise VideoUnreadable(_("视频里没有可以解码的画面，文件可能已损坏。"))
    return first


def _upright(frame, turns=None):
    if turns is None:
        turns = _quarter_turns(frame)
    if not turns:
        return frame
    graph = av.filter.Graph()
    steps = {1: ["transpose=clock"], 2: ["hflip", "vflip"], 3: ["transpose=cclock"]}
    nodes = [
        graph.add_buffer(
            width=frame.width,
            height=frame.height,
            format=frame.format.name,
            time_base=frame.time_base or Fraction(1, 25),
        )
    ]
    for step in steps[turns]:
        name, _eq, args = step.partition("=")
        nodes.append(graph.add(name, args or None))
    nodes.append(graph.add("buffersink"))
    graph.link_nodes(*nodes).configure()
    graph.push(frame)
    upright = graph.pull()
    upright.pts, upright.time_base = frame.pts, frame.time_base
    return upright


def phone_size(width, height):
    """The phone rendition's size: within 854x480 (either orientation), never
    larger than the original, even numbers as H.264 wants."""
    long_side, short_side = max(width, height), min(width, height)
    scale = min(1, PHONE_MAX_WIDTH / long_side, PHONE_MAX_HEIGHT / short_side)
    return (
        max(2, int(width * scale) // 2 * 2),
        max(2, int(height * scale) // 2 * 2),
    )


def video_transcode_phone(source, destination, *, extension, on_progress=None):
    """Write a phone-sized H.264/AAC MP4 (faststart) of the file at path source
    to the path destination, calling on_progress(percent) as it goes.
    Returns the rendition's (width, height)."""
    first = _open(source, extension)
    try:
        if not first.streams.video:
            raise VideoUnreadable(_("这个文件里没有视频画面（可能只是音频）。"))
        frame = next(first.decode(first.streams.video[0]), None)
        if frame is None:
            raise VideoUnreadable(_("视频里没有可以解码的画面，文件可能已损坏。"))
        turns = _quarter_turns(frame)
        size = phone_size(*_display_size(frame))
    finally:
        first.close()
    container = _open(source, extension)
    output = av.open(
        destination, "w", format="mp4", container_options={"movflags": "+faststart"}
    )
    try:
        _transcode(container, output, turns, size, on_progress or (lambda p: None))
    finally:
        output.close()
        container.close()
    if on_progress:
        on_progress(100)
    return size


def _transcode(container, output, turns, size, on_progress):
    video_in = container.streams.video[0]
    video_in.thread_type = "AUTO"
    audio_in = container.streams.audio[0] if container.streams.audio else None
    duration = _duration(container, video_in) or 1.0
    video_out = _video_stream(output, video_in, size)
    audio_out = resampler = None
    if audio_in is not None:
        audio_out, resampler = _audio_stream(output, audio_in)
    last_pts = None
    reported = -1
    for packet in container.demux(*[s for s in (video_in, audio_in) if s]):
        if packet.stream is audio_in:
            for frame in packet.decode():
                for part in resampler.resample(frame):
                    output.mux(audio_out.encode(part))
            continue
        for frame in packet.decode():
            if frame.pts is None or (last_pts is not None and frame.pts <= last_pts):
                continue
            last_pts = frame.pts
            small = _upright(frame, turns).reformat(
                width=size[0], height=size[1], format="yuv420p"
            )
            small.pts, small.time_base = frame.pts, video_in.time_base
            output.mux(video_out.encode(small))
            percent = min(99, int(100 * (frame.time or 0) / duration))
            if percent > reported:
                reported = percent
                on_progress(percent)
    if last_pts is None:
        raise VideoUnreadable(_("视频里没有可以解码的画面，文件可能已损坏。"))
    output.mux(video_out.encode(None))
    if audio_out is not None:
        for part in resampler.resample(None):
            output.mux(audio_out.encode(part))
        output.mux(audio_out.encode(None))


def _video_stream(output, video_in, size):
    rate = video_in.average_rate or video_in.guessed_rate or Fraction(25)
    stream = output.add_stream(
        "libx264",
        rate=rate,
        options={"preset": "veryfast", "maxrate": "1200k", "bufsize": "2400k"},
    )
    stream.width, stream.height = size
    stream.pix_fmt = "yuv420p"
    stream.bit_rate = PHONE_VIDEO_BITRATE
    stream.codec_context.gop_size = max(1, math.ceil(float(rate) * 4))
    stream.codec_context.time_base = video_in.time_base
    stream.time_base = video_in.time_base
    return stream


def _audio_stream(output, audio_in):
    channels = audio_in.codec_context.layout.nb_channels
    layout = "mono" if channels == 1 else "stereo"
    stream = output.add_stream("aac", rate=PHONE_AUDIO_RATE, layout=layout)
    stream.bit_rate = PHONE_AUDIO_BITRATE
    resampler = av.AudioResampler(
        format="fltp", layout=layout, rate=PHONE_AUDIO_RATE, frame_size=1024
    )
    return stream, resampler


def video_stream_summary(path):
    """(codec, width, height) of the first video stream: for checks and tests."""
    with av.open(path) as container:
        stream = container.streams.video[0]
        return stream.codec_context.name, stream.width, stream.height
