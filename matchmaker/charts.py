"""Geometry of the server-rendered charts that templates cannot sensibly compute themselves."""

from __future__ import annotations

from dataclasses import dataclass

DAY_TICKS = (0, 30, 90, 180, 365)
LONGEST_DAY = 365


@dataclass(frozen=True)
class CurveGeometry:
    """Days since registration (0 to 365) on x, the share placed (0 to 1) on y."""

    width: int
    height: int
    left: int = 52
    right_pad: int = 12
    top: int = 12
    bottom_pad: int = 30

    @property
    def right(self) -> int:
        return self.width - self.right_pad

    @property
    def bottom(self) -> int:
        return self.height - self.bottom_pad

    @property
    def ticks(self) -> tuple[int, ...]:
        return DAY_TICKS

    def x(self, day: int) -> float:
        return round(self.left + (self.right - self.left) * min(day, LONGEST_DAY) / LONGEST_DAY, 1)

    def y(self, share: float) -> float:
        return round(self.bottom - (self.bottom - self.top) * share, 1)

    def steps(self, points) -> str:
        """A step line through (day, share) points: flat until the next point, then up."""
        coords: list[str] = []
        previous = None
        for day, share in points:
            if previous is not None:
                coords.append(f"{self.x(day)},{self.y(previous)}")
            coords.append(f"{self.x(day)},{self.y(share)}")
            previous = share
        return " ".join(coords)


def curve_geometry(width: int, height: int) -> CurveGeometry:
    return CurveGeometry(width, height)
