"""The codebook's labels as the database holds them: ids, names, colours and definitions."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Labels:
    """Names and colours of the codebook's labels, from the labels query."""

    rows: tuple[dict, ...]

    def ids(self, kind: str) -> list[str]:
        return [row["id"] for row in self.rows if row["kind"] == kind]

    def name(self, label_id: str, language: str) -> str:
        for row in self.rows:
            if row["id"] == label_id:
                return row[f"name_{language}"]
        return label_id

    def colour(self, label_id: str) -> str:
        return next((row["colour"] for row in self.rows if row["id"] == label_id and row["colour"]), "#777777")

    def definition(self, label_id: str, language: str) -> str:
        return next((row[f"definition_{language}"] for row in self.rows if row["id"] == label_id), "")
