"""Build demo-catalog.json from the researched procedure sample, for Thái Nguyên's demo agencies.

Run from the project root, with the path of the sample (procedures-sample.json):

    uv run python motcua/catalog/data/build_demo_catalog.py path/to/procedures-sample.json

The mapping is written down here and in ADR 0007 so that the shipped file can be regenerated
and reviewed: nothing is invented. A value that no source gave stays null and is named in the
version's `unconfirmed` list with the reason; the importer refuses nothing for that but flags
it everywhere (portal, admin). Two land procedures that the sample lacks come from domain.md §9
[S29h] (Đồng Nai's published list, content per Decision 2304/QĐ-BNNMT of 23/6/2025).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))  # run as a script from anywhere

from motcua.catalog.schema import DOCUMENT_FIELDS, FEE_FIELDS, VERSION_FIELDS, Field  # noqa: E402

OUTPUT = Path(__file__).with_name("demo-catalog.json")
VALID_FROM = "2025-07-01"  # two-level local government (Resolution 202/2025/QH15)

COMMUNE_COMMITTEES = [f"000.00.3{n}.H19" for n in range(1, 6)]
COMMUNE_POLICE = [f"000.02.3{n}.H19" for n in range(1, 6)]
JUSTICE_DEPARTMENT = "000.00.11.H19"
LAND_OFFICE = "000.01.15.H19"
PROVINCIAL_POLICE = "000.00.20.H19"
FILE_TYPES = ["pdf", "jpeg", "png"]

ONLINE_LEVELS = {"toàn trình": "full", "một phần": "partial", "không trực tuyến": "none"}
LIMIT_UNITS = {
    "ngày làm việc": "working_days",
    "trong ngày": "same_day",
    "giờ": "working_hours",
    "ngày": "calendar_days",
}
LEVELS = {"xã": "commune", "tỉnh": "province", "xã và tỉnh": "province-commune"}
FORMS = {
    "bản chính": "original",
    "bản sao": "copy",
    "bản sao chứng thực": "certified-copy",
    "bản chính và bản sao": "original",
    "bản chính hoặc bản sao có chứng thực": "certified-copy",
}
SHOW_GROUP = "Giấy tờ phải xuất trình"

# Residence procedures end in an update of the residence database plus a notice, not a paper.
NO_DOCUMENT_RESULT = {
    "1.004222",
    "1.004194",
    "1.002755",
    "1.010028",
    "1.003197",
    "1.010038",
    "2.001159",
}
TARGETS = {
    "2.000806": "Công dân Việt Nam, người nước ngoài",
    "2.000815": "Tổ chức, cá nhân",
    "2.000884": "Cá nhân",
    "2.001159": "Tổ chức, cá nhân",
    "1.013227": "Tổ chức, cá nhân",
    "3.000333": "Công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam",
    "1.011607": "Hộ gia đình",
    "1.001612": "Cá nhân, thành viên hộ gia đình",
}
# Civil status and residence registration are for Vietnamese citizens (foreigners' residence
# follows another law); other procedures name no one in the sample and stay blank.
CITIZEN_SECTORS = {"Hộ tịch", "Đăng ký, quản lý cư trú"}
CITIZENS = "Công dân Việt Nam"

# Sample entries that do not start with a field name, rewritten as "field (reason)".
UNCONFIRMED_REWRITES: dict[str, list[str]] = {
    "thời hạn 05 ngày làm việc khi cần xác minh (chỉ có ở bản công bố cũ)": [
        "time_limit (05 ngày làm việc khi cần xác minh chỉ có ở bản công bố cũ)"
    ],
    "miễn phí/giảm": ["fees (miễn/giảm chỉ có ở bản công bố cấp tỉnh cũ hơn)"],
    "ý nghĩa case 15 ngày làm việc": ["time_limit (ý nghĩa trường hợp 15 ngày làm việc)"],
    "time_limit/fee cho bản công bố 2026": [
        "time_limit (bản công bố 2026 chưa đọc được)",
        "fees (bản công bố 2026 chưa đọc được)",
    ],
    "nội dung bản công bố 2026": [
        "time_limit (nội dung bản công bố 2026 chưa đọc được)",
        "fees (nội dung bản công bố 2026 chưa đọc được)",
        "documents (nội dung bản công bố 2026 chưa đọc được)",
    ],
    "mức trực tuyến 5.000 hay 7.000 (nguồn không nhất quán)": [
        "fees (mức trực tuyến 5.000 hay 7.000 đồng: nguồn không nhất quán)"
    ],
    "mức theo danh sách trực tuyến": ["fees (chưa có mức gia hạn theo danh sách trực tuyến)"],
    "số lượng bản chính/bản sao": ["documents (số lượng bản chính/bản sao)"],
    "agency (danh mục để trống)": [
        "competent_authority (danh mục CSDL để trống)",
        "implementing_agencies (danh mục CSDL để trống)",
    ],
    "mức phí theo TT 16/2025/TT-BTC": ["fees (mức phí theo TT 16/2025/TT-BTC)"],
    "số lượng giấy tờ": ["documents (số lượng giấy tờ)"],
    "result": ["result_name"],
}

# Values that domain.md §9 adds where the sample has none, with the flags they keep.
SECTION_9: dict[str, dict[str, Any]] = {
    "2.000908": {
        "level": "commune",
        "time_limit_unit": "same_day",
        "time_limit_note": "Trong ngày; tiếp nhận sau 15 giờ thì trả trong ngày làm việc tiếp "
        "theo (domain.md §9 [S8], phương án của Hà Nội).",
        "implementing_agencies": COMMUNE_COMMITTEES,
        "extra_unconfirmed": [
            "level (mẫu để trống; domain.md §9 ghi cấp xã, nơi lưu sổ gốc)",
            "implementing_agencies (suy ra từ cấp xã theo domain.md §9)",
        ],
        "fees": [
            {
                "name": "Phí cấp bản sao từ sổ gốc",
                "kind": "phi",
                "amount": 0,
                "confirmed": False,
                "description": "domain.md §9 [S8] (Hà Nội): không thu; chưa xác nhận cho "
                "Thái Nguyên.",
            }
        ],
    },
    "1.001699": {"level": "commune"},
}


def unconfirmed(sample: dict[str, Any]) -> list[str]:
    """Return the sample's unconfirmed entries as "field (reason)" items."""
    result: list[str] = []
    for entry in sample["unconfirmed_fields"]:
        if entry == "online_level" and sample.get("online_level_note"):
            result.append(f"online_level (nguồn: {sample['online_level_note']})")
        else:
            result.extend(UNCONFIRMED_REWRITES.get(entry, [entry]))
    return result


def time_limit(sample: dict[str, Any], flags: list[str]) -> dict[str, Any]:
    limit = sample["time_limit"] or {}
    unit_text = limit.get("unit")
    unit = LIMIT_UNITS.get(unit_text or "", "")
    note = limit.get("note") or ""
    if unit == "working_hours":
        note = "Thông báo tính theo giờ (không phải thời hạn giải quyết theo ngày). " + note
    if not unit and not any(f.startswith("time_limit") for f in flags):
        flags.append(f"time_limit (đơn vị trong nguồn: {unit_text or 'không có'})")
    return {"time_limit": limit.get("value"), "time_limit_unit": unit, "time_limit_note": note}


def online(sample: dict[str, Any], flags: list[str]) -> dict[str, Any]:
    level = ONLINE_LEVELS.get(sample["online_level"] or "")
    if level is None:
        level = "none"
        if not any(f.startswith("online_level") for f in flags):
            flags.append(f"online_level (nguồn: {sample.get('online_level_note') or 'không có'})")
    full = "isFullProcess=true" in (sample.get("online_level_note") or "")
    return {"online_level": level, "full_online_possible": full}


def agencies(sample: dict[str, Any], level: str) -> list[str]:
    authority = sample["agency"] or ""
    if not authority:
        return []
    if "Công an cấp tỉnh" in authority:
        return [PROVINCIAL_POLICE]
    if "Công an cấp Xã" in authority:
        return COMMUNE_POLICE
    if level == "province-commune" and "Sở Tư pháp" in authority:
        return [JUSTICE_DEPARTMENT, *COMMUNE_COMMITTEES]
    if level == "commune":
        return COMMUNE_COMMITTEES
    return []


def split_note(note: str) -> tuple[str, str]:
    """Return (group, rest) of a sample note such as "Nhóm: Giấy tờ phải nộp:; bản chính 1"."""
    if not note.startswith("Nhóm:"):
        return "", note
    group, _sep, rest = note[len("Nhóm:") :].partition("; ")
    return group.strip().rstrip(":").strip(), rest.strip()


# Papers whose wording makes them conditional are not mandatory; officers review the rest.
CONDITIONAL = re.compile(
    r"^(trường hợp|đối với|ngoài giấy tờ|lưu ý)|trong trường hợp|nếu có|"
    r"nếu cha, mẹ|tùy từng trường hợp|đối với trường hợp|chỉ khi"
)
REUSABLE = re.compile(
    r"căn cước|hộ chiếu|giấy tờ tùy thân|giấy khai sinh|giấy chứng nhận kết "
    r"hôn|trích lục|thông tin về cư trú|nơi cư trú|giấy phép xây dựng đã được "
    r"cấp|giấy chứng nhận đã cấp"
)
NOT_REUSABLE = re.compile(r"^(tờ khai|mẫu|đơn|văn bản|nội dung)")


def document(item: dict[str, Any]) -> dict[str, Any]:
    """Map one sample paper: form from original_or_copy, group from the note (ADR 0007)."""
    name = item["name"]
    group, note = split_note(item["note"] or "")
    wording = item["original_or_copy"]
    form = "show" if group == SHOW_GROUP else FORMS.get(wording or "", "original")
    if wording is None:
        note = "; ".join(filter(None, [note, "Nguồn không ghi bản chính hay bản sao"]))
    elif wording not in ("bản chính", "bản sao"):
        note = "; ".join(filter(None, [note, f"Nguồn ghi: {wording}"]))
    lowered = name.lower()
    channel = (
        "Chỉ khi nộp trực tuyến"
        if "hình thức trực tuyến" in lowered
        else "Chỉ khi nộp trực tiếp hoặc qua bưu chính"
        if "hình thức trực tiếp" in lowered
        else ""
    )
    return {
        "name": name,
        "form": form,
        "count": item["count"] or 1,
        # A paper of one channel only (paper form vs interactive e-form) is not mandatory
        # for every dossier; its note names the channel.
        "mandatory": not (channel or CONDITIONAL.search(lowered) or "chỉ khi" in note.lower()),
        "reusable": bool(REUSABLE.search(lowered)) and not NOT_REUSABLE.match(lowered),
        "file_types": FILE_TYPES,
        "group": group,
        "note": "; ".join(filter(None, [channel, note])),
    }


def fee_basis(code: str, fee: dict[str, Any]) -> dict[str, Any]:
    rule = fee["rule"] or ""
    if code == "2.000815":
        # Circular 226/2016/TT-BTC: 2,000 đ/page for pages 1-2, 1,000 đ/page from page 3,
        # at most 200,000 đ per copy.
        return {
            "basis": "per-page",
            "tiers": [{"from_page": 3, "amount": 1000}],
            "cap_per_copy": 200000,
        }
    if "/người/" in rule:
        return {"basis": "per-person"}
    if "/bản sao" in rule:
        return {"basis": "per-copy"}
    if fee["amount_vnd"] is None and ("HĐND" in rule or "Hội đồng nhân dân" in rule):
        return {"basis": "local"}
    return {"basis": "fixed"}


def fee(code: str, item: dict[str, Any]) -> dict[str, Any]:
    """Map one sample fee: channel and case from its name, basis from its rule text."""
    name = item["name"]
    channel = (
        "in-person" if "(trực tiếp)" in name else "online" if "(trực tuyến)" in name else "any"
    )
    lowered = name.lower()
    result = {
        "name": name,
        "kind": "phi" if lowered.startswith("phí ") else "le-phi",
        "channel": channel,
        "case": "Theo danh sách" if "theo danh sách" in lowered else "",
        "amount": item["amount_vnd"],
        "description": item["rule"] or "",
        "exemptions": item["exemptions"] or "",
        "confirmed": item["amount_vnd"] is not None,
    }
    result.update(fee_basis(code, item))
    return result


def fees(sample: dict[str, Any], flags: list[str]) -> list[dict[str, Any]]:
    code = sample["code"]
    lines = [fee(code, item) for item in sample["fees"]]
    if code == "1.002755":
        lines[1]["confirmed"] = False  # 5,000 or 7,000 online: the source disagrees with itself
        lines.append(
            {
                "name": "Lệ phí gia hạn tạm trú theo danh sách (trực tuyến)",
                "kind": "le-phi",
                "basis": "per-person",
                "channel": "online",
                "case": "Theo danh sách",
                "amount": None,
                "confirmed": False,
                "description": "Nguồn không ghi mức này.",
                "exemptions": "",
            }
        )
    if code == "3.000333":
        lines[0]["basis"] = "per-person"
        lines[0]["confirmed"] = False  # amounts of TT 244/2016; TT 16/2025's are unconfirmed
    if not lines and any(f.startswith("fees") for f in flags):
        lines = [
            {
                "name": "Phí, lệ phí",
                "amount": None,
                "confirmed": False,
                "description": "Nguồn không có mục phí, lệ phí (có thể không thu); chưa xác nhận.",
            }
        ]
    if any(line["amount"] is None for line in lines) and not any(
        f.startswith("fees") for f in flags
    ):
        flags.append(
            "fees (mức thu do HĐND tỉnh quyết định; chưa có nghị quyết của tỉnh trong nguồn)"
        )
    return lines


def note(sample: dict[str, Any]) -> str:
    parts = [
        sample["note"] or "",
        f"Mức độ trực tuyến theo nguồn: {sample['online_level_note']}"
        if sample.get("online_level_note")
        else "",
        f"Cơ quan công bố: {sample['promulgating_ministry']}"
        if sample.get("promulgating_ministry")
        else "",
    ]
    return "\n".join(part for part in parts if part)


def version(sample: dict[str, Any]) -> dict[str, Any]:
    """Map one sample procedure to its current version in the import format."""
    code = sample["code"]
    extra = SECTION_9.get(code, {})
    flags = unconfirmed(sample) + list(extra.get("extra_unconfirmed", []))
    level = extra.get("level") or LEVELS[sample["level"]]
    result: dict[str, Any] = {
        "number": 1,
        "valid_from": VALID_FROM,
        "valid_until": None,
        "name": sample["name"],
        "sector": sample["sector"],
        "level": level,
        "competent_authority": sample["agency"] or "",
        "implementing_agencies": extra.get("implementing_agencies") or agencies(sample, level),
        "target_subjects": TARGETS.get(
            code, CITIZENS if sample["sector"] in CITIZEN_SECTORS else ""
        ),
    }
    result.update(online(sample, flags))
    result.update(time_limit(sample, flags))
    for key in ("time_limit_unit", "time_limit_note"):
        result[key] = extra.get(key, result[key])
    result_name = (sample["result"] or "").lstrip("- ").rstrip(".")
    result.update(
        {
            "result_type": "none" if code in NO_DOCUMENT_RESULT else "document",
            "result_name": result_name,
            "legal_basis": sample["legal_basis"],
            "steps": "",
            "published_decision_on": None,
            "legal_basis_effective_on": None,
            "published_national_on": None,
        }
    )
    result["documents"] = [document(item) for item in sample["documents"]]
    result["fees"] = extra.get("fees") or fees(sample, flags)
    result.update({"unconfirmed": flags, "note": note(sample), "sources": sample["sources"]})
    return result


LAND_SOURCE = (
    "domain.md §9 [S29h]: danh mục TTHC đất đai đã công bố của Đồng Nai (GitHub file "
    "id 39070903908), nội dung theo Quyết định 2304/QĐ-BNNMT ngày 23/6/2025"
)
LAND_BASIS = [
    "31/2024/QH15 (Luật Đất đai)",
    "101/2024/NĐ-CP",
    "118/2025/NĐ-CP",
    "151/2025/NĐ-CP",
    "2304/QĐ-BNNMT",
]
LAND_FLAGS = [
    "fees (lệ phí do HĐND tỉnh quy định; nguồn chỉ có mức của Đồng Nai)",
    "documents (theo bản công bố của Đồng Nai; chưa đối chiếu bản công bố của Thái Nguyên)",
    "time_limit (theo bản công bố của Đồng Nai)",
]


def land_procedure(code: str, name: str, **values: Any) -> dict[str, Any]:
    """Return a land procedure of the Land Registration Office from domain.md §9 [S29h]."""
    papers = values.pop("documents")
    base: dict[str, Any] = {
        "number": 1,
        "valid_from": VALID_FROM,
        "valid_until": None,
        "name": name,
        "sector": "Đất đai",
        "level": "province",
        "competent_authority": "Văn phòng Đăng ký đất đai hoặc Chi nhánh Văn phòng Đăng ký đất đai",
        "implementing_agencies": [LAND_OFFICE],
        "target_subjects": "",
        "time_limit_unit": "working_days",
        "result_type": "document",
        "legal_basis": LAND_BASIS,
        "steps": "",
        "published_decision_on": None,
        "legal_basis_effective_on": None,
        "published_national_on": None,
        "note": "Cơ quan công bố: Bộ Nông nghiệp và Môi trường",
        "sources": [LAND_SOURCE],
        "documents": [
            document({"name": paper, "original_or_copy": None, "count": 1, "note": None})
            for paper in papers
        ],
    }
    base.update(values)
    return {"code": code, "versions": [base]}


LAND = [
    land_procedure(
        "1.012756",
        "Đăng ký đất đai lần đầu đối với trường hợp được Nhà nước giao đất để quản lý",
        online_level="full",
        full_online_possible=True,
        time_limit=17,
        time_limit_note="Không quá 17 ngày làm việc.",
        result_name="",
        documents=[
            "Đơn đăng ký đất đai, tài sản gắn liền với đất theo Mẫu số 15 ban hành kèm "
            "theo Nghị định 151/2025/NĐ-CP.",
            "Báo cáo kết quả rà soát hiện trạng sử dụng đất theo Mẫu số 15d ban hành kèm "
            "theo Nghị định 151/2025/NĐ-CP (đối với người được giao quản lý đất quy định "
            "tại khoản 1, 2 và 3 Điều 7 Luật Đất đai).",
        ],
        fees=[
            {
                "name": "Lệ phí cấp Giấy chứng nhận",
                "basis": "local",
                "amount": None,
                "confirmed": False,
                "description": "Do HĐND tỉnh quy định. Ví dụ Đồng Nai: "
                "100.000 đồng/giấy (tổ chức); 25.000 đồng/giấy (cá nhân).",
            }
        ],
        unconfirmed=[
            *LAND_FLAGS,
            "online_level (toàn trình theo bản công bố của Đồng Nai)",
            "result_name (nguồn không ghi kết quả)",
        ],
    ),
    land_procedure(
        "1.012783",
        "Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
        online_level="none",
        full_online_possible=False,
        time_limit=5,
        time_limit_note="Không quá 05 ngày làm việc (thông thường); không quá 10 ngày làm việc "
        "(trường hợp đặc biệt); theo dự án khi cấp đổi đồng loạt.",
        result_name="Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
        documents=[
            "Đơn đăng ký biến động đất đai, tài sản gắn liền với đất theo Mẫu số 18 và "
            "Giấy chứng nhận đã cấp.",
            "Mảnh trích đo bản đồ địa chính thửa đất (nếu có nhu cầu đo đạc lại).",
        ],
        fees=[
            {
                "name": "Lệ phí cấp đổi Giấy chứng nhận",
                "basis": "local",
                "amount": None,
                "confirmed": False,
                "description": "Do HĐND tỉnh quy định. Ví dụ Đồng Nai: 50.000 đồng/giấy.",
            }
        ],
        unconfirmed=[
            *LAND_FLAGS,
            "online_level (nguồn không ghi mức độ trực tuyến)",
            "result_name (suy ra từ tên thủ tục)",
        ],
    ),
]


def canonical(record: dict[str, Any], fields: tuple[Field, ...]) -> dict[str, Any]:
    """Return `record` with every key of the format, in the order `export_catalog` writes."""
    return {f.name: record.get(f.name, f.empty()) for f in fields}


def canonical_version(record: dict[str, Any]) -> dict[str, Any]:
    result = canonical(record, VERSION_FIELDS)
    result["documents"] = [canonical(d, DOCUMENT_FIELDS) for d in record["documents"]]
    result["fees"] = [canonical(f, FEE_FIELDS) for f in record["fees"]]
    return result


def build(samples: list[dict[str, Any]]) -> dict[str, Any]:
    procedures = [{"code": s["code"], "versions": [version(s)]} for s in samples] + LAND
    return {
        "procedures": [
            {"code": p["code"], "versions": [canonical_version(v) for v in p["versions"]]}
            for p in sorted(procedures, key=lambda p: p["code"])
        ]
    }


def main(argv: list[str]) -> None:
    samples = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    catalog = build(samples)
    OUTPUT.write_text(json.dumps(catalog, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    sys.stdout.write(f"{len(catalog['procedures'])} procedures written to {OUTPUT}\n")


if __name__ == "__main__":
    main(sys.argv)
