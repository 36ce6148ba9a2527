"""One estimated figure with its precision and where it came from."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Estimate:
    statistic: str  # mean, total, proportion, ratio, quantile
    variable: str
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    deff: float | None
    n: int
    level: str | None = None  # a category of the variable (proportions)
    domain: str | None = None  # "column=value" for domain estimates
    ci_method: str = "wald"

    @property
    def cv(self) -> float:
        """Coefficient of variation, the usual reliability flag (> 0.2: too imprecise to publish)."""
        return abs(self.se / self.estimate) if self.estimate else float("inf")

    def as_dict(self) -> dict[str, Any]:
        """The record the CLI and the API print, in this order."""
        fields = ("statistic", "variable", "level", "domain", "estimate", "se", "ci_low", "ci_high", "deff", "n")
        values = asdict(self)
        return {k: values[k] for k in fields}
