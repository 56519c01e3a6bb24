"""One shape for "this input cannot be used, and here is why".

Every refusal the pipeline records (a quarantine row, a feed error) carries a short reason code
for grouping and a sentence for people; the exceptions that raise them share this base.
"""


class Problem(ValueError):
    """`reason` is a short code (`undecodable`, `malformed_feed`, ...); `detail` says it in prose."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
