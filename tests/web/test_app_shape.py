"""Every web app has the same shape (docs/design/app.md): its tests beside the others', pages with
routes and permissions, models with migrations, its API in ``api.py``, permissions named for it."""
import re
from pathlib import Path

import pytest

import parindex

WEB = Path(parindex.__file__).parent / "web"
TESTS = Path(__file__).parent
APPS = sorted(path.parent.name for path in WEB.glob("*/apps.py"))


def test_the_apps_are_the_ones_the_docs_describe():
    assert APPS == ["accounts", "audit", "backup", "cycles", "demo", "publication", "services", "surveys"]


@pytest.mark.parametrize("app", APPS)
def test_an_app_has_its_tests_in_a_folder_of_its_own(app):
    assert (TESTS / app / "__init__.py").exists() and list((TESTS / app).glob("test_*.py"))


@pytest.mark.parametrize("app", APPS)
def test_an_app_with_pages_has_routes_and_permissions(app):
    if (WEB / app / "views.py").exists():
        assert (WEB / app / "urls.py").exists() and (WEB / app / "rules.py").exists()


@pytest.mark.parametrize("app", APPS)
def test_an_app_with_models_has_migrations(app):
    if (WEB / app / "models.py").exists():
        assert (WEB / app / "migrations" / "0001_initial.py").exists()


def test_every_api_router_is_in_an_apps_api_module():
    found = sorted(str(p.relative_to(WEB)) for p in WEB.rglob("*.py") if "Router(" in p.read_text(encoding="utf-8"))
    assert found == ["cycles/api.py", "publication/api.py", "services/api.py"]


@pytest.mark.parametrize("app", APPS)
def test_an_apps_permissions_are_named_for_it(app):
    rules = WEB / app / "rules.py"
    names = re.findall(r'add_perm\("([\w.]+)"', rules.read_text(encoding="utf-8")) if rules.exists() else []
    assert all(name.split(".")[0] == app for name in names), names
