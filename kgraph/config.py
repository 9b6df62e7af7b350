"""Load and validate kgraph's config file (spaCy's config format plus ``[kgraph.*]``)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from thinc.api import Config

from kgraph.errors import ConfigError
from kgraph.models import EntityType
from kgraph.resources import resource_path

DEFAULT_CONFIG = resource_path("default.cfg")


class LinkSettings(BaseModel):
    """``[kgraph.link]``: how papers are linked through shared entities."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    max_links_per_paper: int = Field(10, ge=1, title="strongest links kept per paper")
    max_entity_share: float = Field(0.05, gt=0, le=1, title="share of papers above which an entity is a hub")
    max_entity_papers: int = Field(1000, ge=2, title="papers above which an entity is a hub")
    min_weight: float = Field(2.0, ge=0, title="minimum summed IDF of a link")
    types: list[EntityType] = Field(default_factory=lambda: list(EntityType))


class ResolveSettings(BaseModel):
    """``[kgraph.resolve]``: how names are merged into entities."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    fold_variants: bool = True


class KgraphSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    link: LinkSettings = LinkSettings()
    resolve: ResolveSettings = ResolveSettings()


@dataclass(frozen=True)
class KgraphConfig:
    """A loaded config: the spaCy part (``nlp``) and kgraph's own validated settings."""

    path: Path
    nlp: Config
    settings: KgraphSettings


def load_config(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> KgraphConfig:
    """Read a config file, apply dotted overrides and validate ``[kgraph.*]``.

    Relative ``[paths]`` resolve against the config file's folder.

    Args:
        path: the config file; defaults to the packaged ``kgraph/resources/default.cfg``
            (``config/default.cfg`` in the repository is the same file, to copy and edit).
        overrides: e.g. ``{"kgraph.link.max_links_per_paper": 5}``.

    Raises:
        ConfigError: for a missing file, bad syntax, or an unknown or invalid key.
    """
    path = Path(path) if path else DEFAULT_CONFIG
    if not path.is_file():
        raise ConfigError(
            f"{path}: config file not found. Pass --config with an existing file "
            "(`kgraph init-config DIR` writes an editable copy of the default one)."
        )
    overrides = dict(overrides or {})
    try:
        config = Config().from_disk(path, interpolate=False)
    except Exception as error:  # thinc raises several types for syntax errors
        raise ConfigError(f"{path}: cannot parse the config ({error}).") from error
    for key in overrides:
        section = key.split(".", 1)[0]
        if section not in config:
            raise ConfigError(
                f"{path}: override {key} names no section; valid sections: {', '.join(config)}."
            )
    config = _apply_overrides(config, overrides)
    paths = config.setdefault("paths", {})
    for name, value in list(paths.items()):
        if isinstance(value, str) and value and not Path(value).is_absolute():
            paths[name] = str((path.parent / value).resolve())
    try:
        config = config.interpolate()
    except Exception as error:
        raise ConfigError(f"{path}: cannot resolve a ${{...}} reference ({error}).") from error
    settings = _validate(path, dict(config.pop("kgraph", {})))
    return KgraphConfig(path=path, nlp=config, settings=settings)


def _apply_overrides(config: Config, overrides: dict[str, Any]) -> Config:
    for key, value in overrides.items():
        *sections, leaf = key.split(".")
        node: dict[str, Any] = config
        for section in sections:
            node = node.setdefault(section, {})
        node[leaf] = value
    return config


def _validate(path: Path, raw: dict[str, Any]) -> KgraphSettings:
    try:
        return KgraphSettings.model_validate(raw)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            where = ".".join(str(p) for p in item["loc"])
            message = f"[kgraph.{where}] {item['msg']}"
            if item["type"] == "extra_forbidden":
                section = _section_model(item["loc"][:-1])
                valid = sorted(section.model_fields) if section else []
                close = difflib.get_close_matches(str(item["loc"][-1]), valid, n=1)
                hint = f" Did you mean {close[0]}?" if close else ""
                message = f"unknown key [kgraph.{where}].{hint} Valid keys: {', '.join(valid)}"
            problems.append(message)
        raise ConfigError(f"{path}: " + "; ".join(problems)) from None


def _section_model(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    model: type[BaseModel] = KgraphSettings
    for part in loc:
        field = model.model_fields.get(str(part))
        annotation = field.annotation if field else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return None
        model = annotation
    return model
