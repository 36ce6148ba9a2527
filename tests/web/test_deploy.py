"""Production settings pass Django's deployment checklist and keep secrets out of the repository."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {**env, "DJANGO_SETTINGS_MODULE": "parindex.web.settings.prod", "PARINDEX_DATA_DIR": str(tmp_path),
           "PARINDEX_SECRET_KEY": "x" * 20 + os.urandom(24).hex(), "PARINDEX_ALLOWED_HOSTS": "parindex.example.gov.vn"}
    done = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_production_refuses_to_start_without_its_secret(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARINDEX_")}
    env.update(DJANGO_SETTINGS_MODULE="parindex.web.settings.prod", PARINDEX_DATA_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode != 0 and "PARINDEX_SECRET_KEY" in done.stderr
