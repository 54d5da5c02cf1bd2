"""Refusals a staff member reads, in either language.

Each names its entry under [admin.error] in prompts/wording.toml and the values it fills
in; str() is the Chinese text (the command line, the logs), text("en") the English.

Example:
    error = StaffError("no_user", who="wang")
    str(error) -> "没有用户“wang”。";  error.text("en") -> "There is no user “wang”."
"""

from __future__ import annotations

from answer.prompts import wording


class StaffError(ValueError):
    def __init__(self, key: str, **values: object) -> None:
        self.key, self.values = key, values
        super().__init__(self.text("zh"))

    def text(self, language: str) -> str:
        """The refusal worded in a reader's language ("zh" | "en")."""
        return wording(language).render(f"admin.error.{self.key}", **self.values)
