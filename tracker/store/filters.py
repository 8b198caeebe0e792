"""A view of the corpus: which recommendations the filters keep, as named query parameters."""

from dataclasses import dataclass, field

from tracker.engine.morphology import search_terms

LIST_NAMES = ("audience", "approach", "platform", "doc", "year")
# The audience filter value (and chart category) for recommendations with no audience identified;
# queries/schema_filtered_recommendations.sql and audience_approach_counts.sql use the same word.
NO_AUDIENCE = "none"


@dataclass(frozen=True)
class Filters:
    audience: tuple[str, ...] = ()
    approach: tuple[str, ...] = ()
    platform: tuple[str, ...] = ()
    doc: tuple[str, ...] = ()
    year: tuple[str, ...] = ()
    q: str = ""
    lang: str = "en"
    notices: tuple[str, ...] = field(default=(), compare=False)

    def sql_params(self) -> dict:
        """Named parameters for the queries that take the filters."""
        return {
            "audience": list(self.audience),
            "approach": list(self.approach),
            "platform": list(self.platform),
            "doc": list(self.doc),
            "year": [int(year) for year in self.year],
            "patterns": [pattern for _, pattern in search_terms(self.q)],
            "needles": [needle for needle, _ in search_terms(self.q)],
        }

    def query_params(self) -> dict[str, list[str]]:
        """The URL's query parameters for this view (empty filters left out)."""
        params = {name: list(getattr(self, name)) for name in LIST_NAMES if getattr(self, name)}
        if self.q:
            params["q"] = [self.q]
        if self.lang != "en":
            params["lang"] = [self.lang]
        return params

    @property
    def active(self) -> bool:
        return any(getattr(self, name) for name in LIST_NAMES) or bool(self.q)
