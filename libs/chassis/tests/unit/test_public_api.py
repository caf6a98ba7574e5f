import musiccorp.chassis as chassis


def test_every_public_name_resolves():
    """Each name in __all__ imports and is what its home module defines."""
    for name in chassis.__all__:
        assert getattr(chassis, name).__name__ == name


def test_unknown_name_is_an_attribute_error():
    """A name the chassis does not export raises AttributeError, like any module."""
    try:
        chassis.NotAThing  # noqa: B018
    except AttributeError as error:
        assert "NotAThing" in str(error)
    else:
        raise AssertionError("expected AttributeError")
