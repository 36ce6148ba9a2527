"""Records as a one-stop system sends them, for the tests of pushing and uploading."""
from __future__ import annotations


def dossier(i: int, unit: str = "VN-01", level: str = "province", province: str = "VN-01", **more) -> dict:
    return {"dossier_id": f"PUSH-{i:06d}", "version": 1, "unit": unit, "province": province, "level": level,
            "agency": "Sở Tư pháp", "procedure": "1.000001", "service_level": "full_online", "channel": "online",
            "received_on": "2026-12-01", "due_on": "2026-12-08", "completed_on": "2026-12-03", "state": "completed",
            "result_electronic": True, "digitised": True, "reused_data": False, "fee_due": False, "paid_online": False,
            "synced": True, "rated_dislike": False, "official": "CB-0001", **more}


def feedback(i: int, unit: str = "VN-01", **more) -> dict:
    return {"feedback_id": f"PUSH-F-{i:06d}", "version": 1, "unit": unit, "province": "VN-01", "level": "province",
            "received_on": "2026-12-01", "due_on": "2026-12-10", "resolved_on": "2026-12-04", "satisfied": True, **more}
