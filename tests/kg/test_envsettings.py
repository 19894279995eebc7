"""kg.envsettings: the flag, then the FIREKG_* variable, converted to the field's type."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.envsettings import settings_from_env
from kg.errors import ConfigurationError
from kg.store import StoreSettings
from web.settings import WebSettings


def test_flag_wins_over_environment_and_empty_variable_is_unset():
    settings = StoreSettings.from_env({"FIREKG_NEO4J_USER": "env-user", "FIREKG_NEO4J_DATABASE": ""}, user="flag-user")
    assert (settings.user, settings.database) == ("flag-user", "neo4j")


def test_home_is_an_expanded_path():
    assert StoreSettings.from_env({"FIREKG_HOME": "~/graphs"}).home == Path("~/graphs").expanduser()


@pytest.mark.parametrize("settings_class, variable", [
    (StoreSettings, "FIREKG_QUERY_TIMEOUT"),
    (WebSettings, "FIREKG_MAX_UPLOAD_MB"),
])
def test_bad_number_names_the_variable_and_the_fix(settings_class, variable):
    with pytest.raises(ConfigurationError, match=rf"{variable}='soon' is not a number .*set it to e\.g\."):
        settings_from_env(settings_class, {variable: "soon"})
