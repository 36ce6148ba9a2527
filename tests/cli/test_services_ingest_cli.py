"""``parindex services ingest``: what was added, updated and unchanged; or every problem located,
exit 1, the rejected rows in the quarantine file and nothing stored."""
import csv

from click.testing import CliRunner

from parindex.cli.main import cli

HEADER = ["dossier_id", "version", "unit", "province", "level", "agency", "procedure", "service_level", "channel", "received_on",
          "due_on", "completed_on", "state", "result_electronic", "digitised", "reused_data", "fee_due", "paid_online", "synced",
          "rated_dislike", "official"]


def dossier(n, version=1, state="completed", completed="2026-10-09"):
    return [f"D{n}", version, "X1", "P1", "commune", "X1-A", "P-1", "offline", "counter", "2026-10-05", "2026-10-15", completed,
            state, "false", "true", "false", "false", "false", "true", "false", "CB-1"]


def write(path, rows):
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([HEADER, *rows])
    return path


def run(*args):
    return CliRunner().invoke(cli, ["services", "ingest", *map(str, args)], catch_exceptions=False)


def test_ingest_prints_what_it_added_updated_and_left_unchanged(tmp_path):
    store = tmp_path / "store"
    assert run(store, write(tmp_path / "a.csv", [dossier(1, state="processing", completed=""), dossier(2)])).exit_code == 0
    result = run(store, write(tmp_path / "b.csv", [dossier(1, version=2), dossier(2), dossier(3)]))
    assert result.exit_code == 0, result.output
    assert "dossiers: 1 mới, 1 cập nhật, 1 không đổi; ghi vào: month=2026-10." in result.output


def test_ingest_lists_every_problem_located_and_exits_1(tmp_path):
    result = run(tmp_path / "store", write(tmp_path / "a.csv", [dossier(1, state="finished"), dossier(2, completed="2026-10-01")]))
    assert result.exit_code == 1
    assert "a.csv, dòng 2, cột 'state'" in result.output and "a.csv, dòng 3, cột 'completed_on'" in result.output
    assert not (tmp_path / "store" / "dossiers").exists()


def test_ingest_writes_the_rejected_rows_to_the_quarantine_file(tmp_path):
    quarantine = tmp_path / "rejected.csv"
    result = run(tmp_path / "store", write(tmp_path / "a.csv", [dossier(1), dossier(2, state="?")]), "--quarantine", quarantine, "--lang", "en")
    assert result.exit_code == 1 and "nothing was stored" in result.output
    with quarantine.open(encoding="utf-8-sig") as f:
        [row] = list(csv.DictReader(f))
    assert (row["row"], row["dossier_id"], row["state"]) == ("3", "D2", "?")


def test_ingest_takes_the_table_it_is_told(tmp_path):
    result = run(tmp_path / "store", write(tmp_path / "a.csv", [dossier(1)]), "--table", "feedback")
    assert result.exit_code == 1 and "không phải là một trường của bảng feedback" in result.output
