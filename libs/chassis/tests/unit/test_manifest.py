import pytest

from musiccorp.chassis.manifest import ManifestError, load_manifest


def test_complete_manifest_is_read(tmp_path):
    """owner, tier and on-call come from service.toml."""
    path = tmp_path / "service.toml"
    path.write_text('[service]\nname="x"\ndescription="d"\nowner="team-x"\ntier=2\non_call="x@example"\n')
    manifest = load_manifest(path, version="0.1.0")
    assert (manifest.owner, manifest.tier, manifest.on_call, manifest.version) == ("team-x", 2, "x@example", "0.1.0")


def test_missing_owner_is_refused(tmp_path):
    """A manifest without an owner is an orphaned service and is refused."""
    path = tmp_path / "service.toml"
    path.write_text('[service]\nname="x"\ndescription="d"\ntier=2\non_call="x@example"\n')
    with pytest.raises(ManifestError, match="lacks owner"):
        load_manifest(path, version="0.1.0")


def test_missing_manifest_is_refused(tmp_path):
    """No service.toml at all is refused with the path named."""
    with pytest.raises(ManifestError, match="no service manifest"):
        load_manifest(tmp_path / "service.toml", version="0.1.0")
