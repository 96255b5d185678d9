"""A drawn-looking signature as PNG bytes, for the demo and tests (a real PNG, so the
.docx export can embed it), made from the name so each person's stroke differs."""

from __future__ import annotations

import hashlib
import io
import math

from PIL import Image, ImageDraw


def signature_png(name: str, *, width: int = 320, height: int = 140) -> bytes:
    seed = hashlib.sha256(name.encode()).digest()
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    pen = ImageDraw.Draw(image)
    points = []
    for x in range(20, width - 20, 4):
        phase = seed[x % len(seed)] / 255 * math.pi
        y = height / 2 + math.sin(x / (12 + seed[0] % 9) + phase) * (20 + seed[1] % 25)
        points.append((x, y))
    pen.line(points, fill=(20, 20, 60, 255), width=3, joint="curve")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
