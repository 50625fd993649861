"""The URLs of the officers' actions and the counter intake, for the back office's
authorization matrix: (URL name, URL format string, method). `{ref}` is a dossier's code or
reference, `{event}` a lifecycle event, `{applicant}` and `{version}` database ids."""

ACTION_URLS: list[tuple[str, str, str]] = [
    ("backoffice:actions", "/mot-cua/ho-so/{ref}/xu-ly/", "GET"),
    ("backoffice:act", "/mot-cua/ho-so/{ref}/xu-ly/{event}/", "GET"),
    ("backoffice:act", "/mot-cua/ho-so/{ref}/xu-ly/{event}/", "POST"),
    ("backoffice:batch", "/mot-cua/hang-loat/", "GET"),
    ("backoffice:batch", "/mot-cua/hang-loat/", "POST"),
    ("backoffice:intake", "/mot-cua/tiep-nhan/", "GET"),
    ("backoffice:intake_new_applicant", "/mot-cua/tiep-nhan/cong-dan-moi/", "POST"),
    ("backoffice:intake_dossier", "/mot-cua/tiep-nhan/ho-so/?cong_dan={applicant}", "GET"),
    (
        "backoffice:intake_dossier",
        "/mot-cua/tiep-nhan/ho-so/?cong_dan={applicant}&thu_tuc={version}",
        "POST",
    ),
    ("backoffice:intake_receipt", "/mot-cua/tiep-nhan/{ref}/bien-nhan/", "GET"),
]
