"""Top-level conftest: the catalog's stack fixtures live in fixtures/."""

pytest_plugins = ["pytester", "fixtures.halfstack", "fixtures.pybmp"]
