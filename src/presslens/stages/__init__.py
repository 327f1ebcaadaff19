"""Pipeline stages, one module per capability. ``default_stages`` is the standard order."""
from __future__ import annotations

from presslens.options import AnalyzeOptions
from presslens.pipeline import Stage


def default_stages(options: AnalyzeOptions) -> list[Stage]:
    from presslens.nlp import Parse, load_model
    from presslens.stages.actors import Actors
    from presslens.stages.claims import Claims
    from presslens.stages.dates import Dates
    from presslens.stages.labels import Labels
    from presslens.stages.quotes import Quotes
    from presslens.stages.relations import Relations
    from presslens.stages.techniques import Techniques

    return [
        Parse(load_model(options.model, options.max_chars)),
        Actors(options.actor_files),
        Dates(),
        Quotes(),
        Relations(),
        Labels(),
        Claims(),
        Techniques(),
    ]
