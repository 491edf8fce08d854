"""Top-level conftest: the catalog's stack fixtures live in fixtures/."""

pytest_plugins = ["fixtures.halfstack", "fixtures.backendai", "fixtures.bmp"]
