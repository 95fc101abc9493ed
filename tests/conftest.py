"""Shared pytest configuration for the tests."""


def pytest_configure(config):
    # registered by pytest-xdist; repeated here so runs with -p no:xdist know the marker too
    config.addinivalue_line("markers", "xdist_group(name): run these tests on one xdist worker")
