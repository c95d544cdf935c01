"""The drawn parts of a paper form: tick boxes, a box with its label, lines to write on."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from ruralites.pdf.styles import INK, RULE

BOX = 4.6 * mm  # a tick box
INDENT = 9 * mm  # answers sit under the question text, after its number
LINE_GAP = 9 * mm  # handwriting lines: room for a large, shaky hand


class AnswerBox(Flowable):
    """An empty box to tick (square) or to write in (wider), its top at a text line's top."""

    def __init__(self, width: float = BOX, height: float = BOX, leading: float = 0):
        super().__init__()
        self.box_width, self.box_height = width, height
        self.leading = leading

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = self.box_width, max(self.box_height, self.leading)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(INK)
        canvas.setFillColorRGB(1, 1, 1)
        canvas.setLineWidth(1)
        canvas.roundRect(0, self.height - self.box_height - self._offset(), self.box_width,
                         self.box_height, 1.2, stroke=1, fill=1)

    def _offset(self) -> float:
        # Centre a small box on the first text line's lowercase letters.
        return max(0.0, (self.leading - self.box_height) / 2 - 0.1 * mm) if self.leading else 0


class Choice(Flowable):
    """A box followed by its label (the label may wrap); optionally a writing line after it."""

    def __init__(self, label: Paragraph, *, box: AnswerBox | None = None,
                 line_after: bool = False, gap: float = 2.5 * mm):
        super().__init__()
        self.label = label
        self.box = box or AnswerBox(leading=label.style.leading)
        self.line_after = line_after
        self.gap = gap

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        box_width, box_height = self.box.wrap(available_width, available_height)
        self.text_x = box_width + self.gap
        _, text_height = self.label.wrap(available_width - self.text_x, available_height)
        self.width = available_width
        drop = max(0.0, (box_height - self.label.style.leading) / 2)
        self.height = max(box_height, text_height + drop) + (1.5 * mm if self.line_after else 0)
        return self.width, self.height

    def draw(self) -> None:
        self.box.drawOn(self.canv, 0, self.height - self.box.height)
        text_height = self.label.height
        # Beside a tall box (a ranking number), the first line sits at the box's middle.
        drop = max(0.0, (self.box.height - self.label.style.leading) / 2)
        self.label.drawOn(self.canv, self.text_x, self.height - text_height - drop)
        if self.line_after:
            end = self.text_x + max(self.label.getActualLineWidths0() or [0]) + 2 * mm
            y = self.height - text_height + 1 * mm
            _rule(self.canv, end, self.width, y)


class WritingLines(Flowable):
    """Lines to write on, `count` of them, across the available width."""

    def __init__(self, count: int, gap: float = LINE_GAP):
        super().__init__()
        self.count, self.gap = count, gap

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, self.count * self.gap
        return self.width, self.height

    def draw(self) -> None:
        for index in range(self.count):
            _rule(self.canv, 0, self.width, self.height - (index + 1) * self.gap + 0.5 * mm)


def _rule(canvas: Canvas, x0: float, x1: float, y: float) -> None:
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.7)
    canvas.line(x0, y, x1, y)
