"""How a Top-3 version looks on screen: the plan at a glance, used by the client page and the comparison."""

from __future__ import annotations

from datetime import date

from rich.console import Group
from screens.common.plain import Table
from rich.text import Text

from models.clock import local
from models.dutch import days_until, numeric_date, short_date
from models.enums import AgreementStatus, Top3Phase
from models.top3.diff import Agreement, PlanVersion, Situation

STATUS_STYLE = {
    AgreementStatus.LOOPT: "",
    AgreementStatus.NAGEKOMEN: "green",
    AgreementStatus.NIET_NAGEKOMEN: "bold red",
    AgreementStatus.VERVALLEN: "dim",
}


def version_title(version: PlanVersion) -> str:
    when = numeric_date(local(version.created_at).date())
    who = f" door {version.author_code}" if version.author_code else ""
    if version.is_draft:
        return f"Concept (laatst bewaard {when} {local(version.created_at).format('HH:mm')}{who})"
    return f"Versie {version.number} · {when}{who}"


def evaluation_text(day: date | None, today: date) -> Text:
    if day is None:
        return Text("geen datum", style="bold dark_orange")
    text = f"{short_date(day)} {day.year} ({days_until(day, today)})"
    return Text(text, style="bold red" if day < today else ("bold dark_orange" if (day - today).days <= 7 else ""))


def situation_lines(situation: Situation) -> Text:
    text = Text(situation.description or "(geen omschrijving)")
    details = []
    if situation.family_members:
        details.append(f"Gezinsleden: {situation.family_members}")
    details.append(f"Laatst voorgekomen: {numeric_date(situation.last_occurrence)}")
    text.append("\n" + " · ".join(details), style="italic")
    if situation.risk_factors:
        text.append(f"\nRisicofactoren: {situation.risk_factors}", style="italic")
    return text


def agreement_text(agreement: Agreement) -> Text:
    text = Text(f"{agreement.who or '?'}: ", style="bold")
    text.append(agreement.what or "(leeg)")
    text.append(f"\ntot {numeric_date(agreement.until)} · controle: {agreement.checked_by or '–'}", style="italic")
    if agreement.consequence:
        text.append(f" · anders: {agreement.consequence}", style="italic")
    text.append("\nstatus: ")
    text.append(AgreementStatus.label_of(agreement.status), style=STATUS_STYLE.get(agreement.status, ""))
    return text


def plan_at_a_glance(version: PlanVersion, today: date) -> Group:
    content = version.content
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    head.add_row("Gemaakt met", content.made_with or "–")
    head.add_row("Fase", Top3Phase.label_of(content.phase))
    head.add_row("Volgende evaluatie", evaluation_text(content.evaluate_on, today))

    situations = Table(title="Onveilige situaties", title_justify="left", title_style="bold", expand=True,
                       show_header=False, show_lines=True, box=None, padding=(0, 1))
    situations.add_column(width=3, style="bold")
    situations.add_column(ratio=1)
    for rank, situation in enumerate(content.situations, start=1):
        situations.add_row(f"{rank}.", situation_lines(situation))
    if not content.situations:
        situations.add_row("", Text("Geen situaties.", style="italic"))

    agreements = Table(title="Veiligheidsafspraken", title_justify="left", title_style="bold", expand=True,
                       header_style="bold", padding=(0, 1))
    for name, ratio in (("Wie", 2), ("Wat", 5), ("Tot", 2), ("Controle", 2), ("Als niet nagekomen", 4),
                        ("Status", 2)):
        agreements.add_column(name, ratio=ratio)
    for agreement in content.agreements:
        agreements.add_row(agreement.who, agreement.what, numeric_date(agreement.until), agreement.checked_by,
                           agreement.consequence,
                           Text(AgreementStatus.label_of(agreement.status), style=STATUS_STYLE.get(agreement.status, "")))
    if not content.agreements:
        agreements.add_row("", Text("Geen afspraken.", style="italic"), "", "", "", "")
    return Group(Text(version_title(version), style="bold"), head, Text(""), situations, Text(""), agreements)
