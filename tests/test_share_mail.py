"""xl-portfolio share --mail and --send: .eml drafts and a real SMTP server on loopback."""

from __future__ import annotations

import email
import json
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.share_fixtures import analyze_sample, digest
from xl_portfolio.cli import main
from xl_portfolio.share import share_copy
from xl_portfolio.share.book import read_portfolio
from xl_portfolio.share.smtp import SendError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PASSWORD_ENV = "XL_PORTFOLIO_TEST_SMTP_PASSWORD"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return analyze_sample(tmp_path_factory.mktemp("sample"))


@pytest.fixture
def recipients(tmp_path):
    path = tmp_path / "managers.csv"
    path.write_text("owner;e-mail;taal\n"
                    "An Claes;an@example.com;nl\n"
                    "Nathalie Renard;nathalie@example.com;fr\n"
                    "Bart Mertens;bart@example.com;en\n"
                    "Koen Wouters;koen@example.com;nl\n"
                    "Sophie Lambert;sophie@example.com;fr\n", encoding="utf-8")
    return path


def _parse(data: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(data, policy=policy.default)


def _attachment(message) -> tuple[str, bytes]:
    part = next(message.iter_attachments())
    assert part.get_content_type() == XLSX
    return part.get_filename(), part.get_content()


def test_eml_drafts_in_each_recipients_language(sample, recipients, tmp_path):
    copies = share_copy(sample, tmp_path / "out", per_owner=True, recipients=recipients,
                        mail=True)
    by_owner = {c.owner: c for c in copies}
    expected = {"An Claes": ("nl", "Klantenportefeuille per", "Uw actielijst"),
                "Nathalie Renard": ("fr", "Portefeuille clients au", "Votre liste d'actions"),
                "Bart Mertens": ("en", "Customer portfolio as of", "Your action list")}
    whole = read_portfolio(sample).customers
    for owner, (lang, subject, actions) in expected.items():
        copy = by_owner[owner]
        message = _parse(copy.eml.read_bytes())
        assert message["X-Unsent"] == "1"
        assert message["To"] == copy.recipient.email
        assert message["Subject"].startswith(subject) and owner in message["Subject"]
        body = message.get_body(("plain",)).get_content()
        assert actions in body
        mine = whole[whole["owner"] == owner]
        # Headline revenue, written the language's way (nl/fr group with a dot or space).
        revenue = f"{mine['revenue'].sum():,.0f}"
        if lang == "nl":
            revenue = revenue.replace(",", ".")
        assert revenue in body or revenue.replace(",", "\u202f") in body \
            or revenue.replace(",", "\u00a0") in body
        name, data = _attachment(message)
        assert name == copy.path.name and data == copy.path.read_bytes()
        others = set(whole.loc[whole["owner"] != owner, "customer"].astype(str))
        assert not [n for n in others if f"- {n}:" in body]


def test_whole_copy_draft_quotes_the_dashboard_warnings(sample, tmp_path):
    copy = share_copy(sample, tmp_path / "w.xlsx", mail=True)[0]
    body = _parse(copy.eml.read_bytes()).get_body(("plain",)).get_content()
    warnings = read_portfolio(sample).warnings
    assert len(warnings) >= 3
    for warning in warnings[:3]:  # trends too, which the customer rows cannot give
        assert f"- {warning}" in body.replace("\n  ", " ")
    revenue = read_portfolio(sample).customers["revenue"].sum()
    assert f"Revenue: {revenue:,.0f}" in body


def test_whole_copy_draft_with_to_and_language(sample, tmp_path, capsys):
    out = tmp_path / "director.xlsx"
    assert main(["share", str(sample), "-o", str(out), "--to", "director@example.com",
                 "--lang", "fr", "--mail"]) == 0
    assert "draft" in capsys.readouterr().out
    message = _parse(out.with_suffix(".eml").read_bytes())
    assert message["To"] == "director@example.com"
    assert message["Subject"].startswith("Portefeuille clients au")
    body = message.get_body(("plain",)).get_content()
    assert "Chiffres clés" in body and "Clients déficitaires" in body
    assert "liste d'actions" not in body
    assert _attachment(message)[1] == out.read_bytes()


class Collector:
    """aiosmtpd handler keeping what arrives; refuses the addresses in `refuse`."""

    def __init__(self, refuse: tuple[str, ...] = ()):
        self.received: list[tuple[list[str], bytes]] = []
        self.refuse = refuse

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append((list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _login(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"finance" \
        and auth_data.password == b"s3cret-from-env"
    return AuthResult(success=ok)


@pytest.fixture
def smtp_server():
    servers = []

    def start(handler: Collector, **options) -> int:
        port = _free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port, **options)
        controller.start()
        servers.append(controller)
        return port

    yield start
    for controller in servers:
        controller.stop()


def _settings(tmp_path, port: int, **extra) -> str:
    lines = {"smtp_host": '"127.0.0.1"', "smtp_port": str(port), "smtp_starttls": "false",
             "mail_from": '"finance@example.com"', **extra}
    path = tmp_path / "mail.toml"
    path.write_text("".join(f"{k} = {v}\n" for k, v in lines.items()), encoding="utf-8")
    return str(path)


def test_send_per_owner_arrives_whole_with_login_from_the_environment(
        sample, recipients, tmp_path, smtp_server, monkeypatch, capsys):
    handler = Collector()
    port = smtp_server(handler, authenticator=_login, auth_require_tls=False)
    monkeypatch.setenv(PASSWORD_ENV, "s3cret-from-env")
    settings = _settings(tmp_path, port, smtp_user='"finance"',
                         smtp_password_env=f'"{PASSWORD_ENV}"')
    out = tmp_path / "out"
    assert main(["share", str(sample), "-o", str(out), "--per-owner", "--recipients",
                 str(recipients), "--send", "--settings", settings]) == 0
    printed = capsys.readouterr().out
    assert printed.count("sent to") == 5
    assert sorted(r[0][0] for r in handler.received) == sorted(
        ["an@example.com", "nathalie@example.com", "bart@example.com", "koen@example.com",
         "sophie@example.com"])
    for rcpt, data in handler.received:
        message = _parse(data)
        assert message["X-Unsent"] is None  # a sent mail is no draft
        assert message["From"] == "finance@example.com" and message["To"] == rcpt[0]
        name, attachment = _attachment(message)
        assert attachment == (out / name).read_bytes()  # byte-identical
    assert not list(out.glob("*.eml"))  # --send without --mail keeps no drafts


def test_wrong_password_sends_nothing(sample, recipients, tmp_path, smtp_server,
                                      monkeypatch, capsys):
    handler = Collector()
    port = smtp_server(handler, authenticator=_login, auth_require_tls=False)
    monkeypatch.setenv(PASSWORD_ENV, "wrong")
    settings = _settings(tmp_path, port, smtp_user='"finance"',
                         smtp_password_env=f'"{PASSWORD_ENV}"')
    assert main(["share", str(sample), "-o", str(tmp_path / "o"), "--per-owner",
                 "--recipients", str(recipients), "--send", "--settings", settings]) == 2
    err = capsys.readouterr().err
    assert "refused the session" in err and "nothing was sent" in err
    assert handler.received == []


def test_refused_recipient_says_which_were_sent_and_which_not(sample, recipients,
                                                              tmp_path, smtp_server):
    handler = Collector(refuse=("bart@example.com",))
    port = smtp_server(handler)
    settings = _settings(tmp_path, port)
    with pytest.raises(SendError) as caught:
        share_copy(sample, tmp_path / "out", per_owner=True, recipients=recipients,
                   send=True, settings=settings)
    error = caught.value
    assert error.sent == [r[0][0] for r in handler.received]
    assert "bart@example.com" in error.unsent
    assert set(error.sent).isdisjoint(error.unsent)
    assert len(error.sent) + len(error.unsent) == 5
    assert "not sent: " in str(error) and "bart@example.com" in str(error)


def test_unreachable_server_exit_2_nothing_sent(sample, recipients, tmp_path, capsys):
    settings = _settings(tmp_path, _free_port())  # nothing listens there
    before = digest(sample)
    assert main(["share", str(sample), "-o", str(tmp_path / "o.xlsx"), "--owner", "An Claes",
                 "--recipients", str(recipients), "--send", "--settings", settings]) == 2
    err = capsys.readouterr().err
    assert "cannot reach the SMTP server 127.0.0.1" in err and "nothing was sent" in err
    assert digest(sample) == before


def test_starttls_required_but_not_offered_is_refused(sample, tmp_path, smtp_server, capsys):
    handler = Collector()
    port = smtp_server(handler)
    settings = _settings(tmp_path, port, smtp_starttls="true")
    assert main(["share", str(sample), "-o", str(tmp_path / "x.xlsx"), "--to",
                 "d@example.com", "--send", "--settings", settings]) == 2
    assert "STARTTLS" in capsys.readouterr().err
    assert handler.received == []


@pytest.mark.parametrize("content, expected", [
    ("owner,email,language\nAn Claes,an@example.com,nl\nBart,not-an-address,en\n",
     "row 3: 'not-an-address' is not an e-mail address"),
    ("owner,email,language\nAn Claes,an@example.com,de\n", "row 2: language must be"),
    ("name;phone\nAn;123\n", "row 1: the recipients list needs the column(s) email"),
    ("owner,email\nAn Claes,a@example.com\nan claes,b@example.com\n", "listed twice"),
])
def test_bad_recipients_file_exit_2_naming_the_row(sample, tmp_path, capsys, content,
                                                   expected):
    path = tmp_path / "r.csv"
    path.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["share", str(sample), "-o", str(out), "--per-owner", "--recipients",
                 str(path), "--mail"]) == 2
    err = capsys.readouterr().err
    assert expected in err and "r.csv" in err
    assert not out.exists()


def test_send_without_an_address_for_every_copy_writes_nothing(sample, tmp_path, capsys):
    settings = _settings(tmp_path, 2525)
    out = tmp_path / "x.xlsx"
    assert main(["share", str(sample), "-o", str(out), "--send", "--settings",
                 settings]) == 2
    assert "--send needs an address" in capsys.readouterr().err
    assert not out.exists()


def test_password_never_on_the_command_line_or_in_settings_output():
    from xl_portfolio.cli import build_parser
    from xl_portfolio.settings import Settings, settings_to_toml

    parser = build_parser()
    share = next(a for a in parser._actions if a.dest == "command").choices["share"]
    options = [o for a in share._actions for o in a.option_strings]
    assert not [o for o in options if "pass" in o]
    assert "smtp_password_env" in settings_to_toml(Settings())
    assert "smtp_host" not in dict(Settings().as_rows())  # not on the report's sheet


def test_anonymised_drafts_name_no_customer_and_never_attach_the_key(sample, recipients,
                                                                     tmp_path):
    key = tmp_path / "key.json"
    copies = share_copy(sample, tmp_path / "out", per_owner=True, recipients=recipients,
                        mail=True, anonymise=True, key=key)
    names = [str(n) for n in read_portfolio(sample).customers["customer"]]
    secret = json.loads(key.read_text(encoding="utf-8"))["secret"]
    for copy in copies:
        raw = copy.eml.read_bytes()
        message = _parse(raw)
        attachments = [p.get_filename() for p in message.iter_attachments()]
        assert attachments == [copy.path.name]
        body = message.get_body(("plain",)).get_content()
        assert "C-" in body
        assert not [n for n in names if n in body]
        assert secret not in raw.decode("ascii", errors="replace")
    assert not list((tmp_path / "out").glob("*.json"))  # the key stays where it was put
