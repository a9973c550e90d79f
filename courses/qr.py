"""QR codes as inline SVG (the check-in projector, certificates)."""

import re

import qrcode
import qrcode.image.svg
from django.utils.html import escape

_SVG_SIZE = re.compile(r'^<svg width="[^"]*" height="[^"]*"')


def qr_svg(text, label):
    """An inline SVG QR code of text that scales to its box (no fixed size)."""
    image = qrcode.make(
        text,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    svg = image.to_string(encoding="unicode")
    return _SVG_SIZE.sub(
        f'<svg class="qr-code" role="img" aria-label="{escape(label)}"'
        ' shape-rendering="crispEdges" preserveAspectRatio="xMidYMid meet"',
        svg,
        count=1,
    )
