import pytest
from django.core.cache import cache
from django.core.management import call_command

from tests import factories


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: rate limits, throttles and cached fragments never leak
    from one test to the next (ids are reused after a rollback on SQLite)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def curator(db):
    """A staff user in the Curators group: can curate, cannot manage users."""
    return factories.CuratorFactory(username="curator")


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def superuser(db):
    return factories.UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client_(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def demo(db):
    """The demo data from the seeds, loaded the way `make serve` loads it."""
    call_command("load_demo", verbosity=0)


# Real files written by others live beside the clone, never inside it (see README, "Test data").
SHARED_DIR = __import__("pathlib").Path(__file__).resolve().parent.parent.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir():
    if not SHARED_DIR.is_dir():
        pytest.skip(
            f"../shared is not beside this clone ({SHARED_DIR} missing): seed and real-data files absent"
        )
    return SHARED_DIR
