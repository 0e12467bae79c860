"""site.yaml's checked settings kept beside the cache with a hash of the bytes they were read
from, so a build whose site.yaml is unchanged need not parse it (nor import PyYAML)."""

from __future__ import annotations

from pathlib import Path

from vhsheaven.incremental.store import content_hash, read_checked, tool_versions, write_checked
from vhsheaven.incremental.unchanged import CACHE_DIR
from vhsheaven.load.settings import SiteConfig

CONFIG_SNAPSHOT = "config.pickle"


def recall_config(root: Path, source: bytes) -> SiteConfig | None:
    """The settings a build checked from exactly these site.yaml bytes with these tools, if the
    default cache folder kept them (remember_config)."""
    match read_checked(root / CACHE_DIR / CONFIG_SNAPSHOT):
        case ((str() as key, SiteConfig() as config), _) if key == _config_key(source):
            return config
    return None


def remember_config(root: Path, source: bytes, config: SiteConfig) -> None:
    """Keep settings checked from site.yaml's bytes for recall_config to find.

    Only a site whose cache is in the default folder keeps them: the folder is itself a
    setting, so recall_config, which runs before any setting is known, looks there alone.
    """
    if Path(config.cache_dir) != Path(CACHE_DIR):
        return
    folder = root / CACHE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    write_checked(folder / CONFIG_SNAPSHOT, (_config_key(source), config))


def _config_key(source: bytes) -> str:
    return content_hash(tool_versions(), source)
