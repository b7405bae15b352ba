"""Enumerations with their Dutch labels (the words the team uses, see DOMAIN.md).

Values are stable English codes stored in the database; `.label` is what the UI shows.
This module imports nothing heavy so screens may use it before SQLModel is loaded.
"""

from __future__ import annotations

from enum import StrEnum


class Labeled(StrEnum):
    """A string enum whose members carry a Dutch label: `Member = "code", "Label"`."""

    label: str

    def __new__(cls, value: str, label: str) -> "Labeled":
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def label_of(cls, value: str | None) -> str:
        """Label for a stored value; unknown or empty values show as a dash, never crash."""
        if not value:
            return "–"
        try:
            return cls(value).label
        except ValueError:
            return value


class Role(Labeled):
    AMBULANT = "ambulant", "Ambulant maatschappelijk werker"
    GEDRAGSDESKUNDIGE = "gedragsdeskundige", "Gedragsdeskundige"
    PROCESBEGELEIDER = "procesbegeleider", "Procesbegeleider"


class Region(Labeled):
    ZAANSTREEK = "zaanstreek", "Zaanstreek"
    WATERLAND = "waterland", "Waterland"


class Gemeente(Labeled):
    ZAANSTAD = "zaanstad", "Zaanstad"
    WORMERLAND = "wormerland", "Wormerland"
    OOSTZAAN = "oostzaan", "Oostzaan"
    PURMEREND = "purmerend", "Purmerend"
    EDAM_VOLENDAM = "edam_volendam", "Edam-Volendam"
    LANDSMEER = "landsmeer", "Landsmeer"
    WATERLAND = "waterland", "Waterland"

    @property
    def region(self) -> Region:
        return GEMEENTE_REGION[self]


GEMEENTE_REGION: dict[Gemeente, Region] = {
    Gemeente.ZAANSTAD: Region.ZAANSTREEK,
    Gemeente.WORMERLAND: Region.ZAANSTREEK,
    Gemeente.OOSTZAAN: Region.ZAANSTREEK,
    Gemeente.PURMEREND: Region.WATERLAND,
    Gemeente.EDAM_VOLENDAM: Region.WATERLAND,
    Gemeente.LANDSMEER: Region.WATERLAND,
    Gemeente.WATERLAND: Region.WATERLAND,
}


class Fase(Labeled):
    FASE_1 = "fase_1", "Fase 1"  # structural unsafety still present: heavy
    FASE_2 = "fase_2", "Fase 2"  # six months or more without unsafety: lighter


class ClientStatus(Labeled):
    ACTIVE = "active", "Actief"
    CLOSED = "closed", "Afgesloten"


class Hulpvorm(Labeled):
    AMBULANT = "ambulant", "Ambulant traject"
    VERVOLGMODULE = "vervolgmodule", "Vervolgmodule"
    AWARE = "aware", "AWARE-traject"
    ORANJE_HUIS_THUIS = "oranje_huis_thuis", "Oranje Huis Thuis"
    NOODBED = "noodbed", "Noodbed"
    CRISISMODULE = "crisismodule", "Crisismodule"
    STERK = "sterk", "Training STERK"
    EN_NU_IK = "en_nu_ik", "Training En nu ik!"
    VERWIJZING = "verwijzing", "Verwijzing"


# Planned conversations per hulpvorm when a trajectory starts (ambulant: 5, DOMAIN.md).
DEFAULT_CONVERSATIONS: dict[Hulpvorm, int] = {
    Hulpvorm.AMBULANT: 5,
    Hulpvorm.VERVOLGMODULE: 5,
    Hulpvorm.AWARE: 12,
    Hulpvorm.ORANJE_HUIS_THUIS: 10,
    Hulpvorm.NOODBED: 2,
    Hulpvorm.CRISISMODULE: 4,
    Hulpvorm.STERK: 8,
    Hulpvorm.EN_NU_IK: 8,
    Hulpvorm.VERWIJZING: 1,
}


class Referrer(Labeled):
    POLITIE = "politie", "Politie"
    VEILIG_THUIS = "veilig_thuis", "Veilig Thuis"
    JEUGDTEAM = "jeugdteam", "Jeugdteam"
    WIJKTEAM = "wijkteam", "Wijkteam"
    GEMEENTE = "gemeente", "Gemeente"
    ZELFMELDING = "zelfmelding", "Zelfmelding"
    OVERIG = "overig", "Overig"


class Urgency(Labeled):
    # Ordered from most to least urgent; the waiting list sorts on URGENCY_ORDER.
    ACUUT = "acuut", "Acuut"
    HOOG = "hoog", "Hoog"
    NORMAAL = "normaal", "Normaal"


URGENCY_ORDER: dict[str, int] = {Urgency.ACUUT: 0, Urgency.HOOG: 1, Urgency.NORMAAL: 2}


class RegistrationStatus(Labeled):
    AANGEMELD = "aangemeld", "Aangemeld"
    INTAKE_GEPLAND = "intake_gepland", "Intake gepland"
    INTAKE_GEDAAN = "intake_gedaan", "Intake gedaan"
    BESPROKEN = "besproken", "Besproken met GD"  # GD: gedragsdeskundige
    TOEGEWEZEN = "toegewezen", "Toegewezen"
    VERWEZEN = "verwezen", "Verwezen"
    VERVALLEN = "vervallen", "Vervallen"


OPEN_REGISTRATION_STATUSES: tuple[RegistrationStatus, ...] = (
    RegistrationStatus.AANGEMELD,
    RegistrationStatus.INTAKE_GEPLAND,
    RegistrationStatus.INTAKE_GEDAAN,
    RegistrationStatus.BESPROKEN,
)


class AppointmentKind(Labeled):
    HUISBEZOEK = "huisbezoek", "Huisbezoek"
    KANTOORGESPREK = "kantoorgesprek", "Kantoorgesprek"
    NETWERKOVERLEG = "netwerkoverleg", "Netwerkoverleg"
    TELEFONISCH = "telefonisch", "Telefonisch"
    ADMINISTRATIE = "administratie", "Administratie"
    TRAINING = "training", "Training"
    OVERLEG = "overleg", "Overleg"
    INTAKE = "intake", "Intake"
    THUISWERKEN = "thuiswerken", "Thuiswerkdag"


class AppointmentStatus(Labeled):
    PLANNED = "planned", "Gepland"
    DONE = "done", "Gedaan"
    NO_SHOW = "no_show", "Niet verschenen"
    CANCELLED = "cancelled", "Geannuleerd"


class AbsenceKind(Labeled):
    VAKANTIE = "vakantie", "Vakantie"
    ZIEK = "ziek", "Ziek"
    TRAINING = "training", "Training"
    VRIJ = "vrij", "Vrij"


class DayType(Labeled):
    """What the morning phone call wants to know: where is everybody today."""

    KANTOOR = "kantoor", "Kantoor"
    OP_PAD = "op_pad", "Op pad"
    THUISWERK = "thuiswerk", "Thuiswerk"
    AFWEZIG = "afwezig", "Afwezig"
    VRIJ = "vrij", "Geen werkdag"


class MeetingStatus(Labeled):
    PLANNED = "planned", "Gepland"
    RUNNING = "running", "Bezig"
    FINISHED = "finished", "Afgerond"


class AgendaItemKind(Labeled):
    NIEUWE_AANMELDING = "nieuwe_aanmelding", "Nieuwe aanmelding"
    HULPKEUZE = "hulpkeuze", "Hulpkeuze"
    TOP3 = "top3", "Top-3 bespreking"
    MELDCODE = "meldcode", "Meldcode-afweging"
    EVALUATIE = "evaluatie", "Evaluatie of afsluiting"
    OVERIG = "overig", "Overig"
    WACHTLIJST = "wachtlijst", "Wachtlijst verdelen"
    MEDEDELINGEN = "mededelingen", "Mededelingen"
    RONDJE_CASELOAD = "rondje_caseload", "Rondje caseload"


FIXED_AGENDA_KINDS: tuple[AgendaItemKind, ...] = (
    AgendaItemKind.WACHTLIJST,
    AgendaItemKind.MEDEDELINGEN,
    AgendaItemKind.RONDJE_CASELOAD,
)


class OutcomeKind(Labeled):
    ADVIES = "advies", "Advies"
    BESLUIT = "besluit", "Besluit"


class ActionStatus(Labeled):
    OPEN = "open", "Open"
    DONE = "done", "Gedaan"


class Top3Phase(Labeled):
    DIRECTE_VEILIGHEID = "1", "1 Directe veiligheid"
    RISICOGESTUURDE_ZORG = "2", "2 Risicogestuurde zorg"
    HERSTEL = "3", "3 Herstel"


class AgreementStatus(Labeled):
    LOOPT = "loopt", "Loopt"
    NAGEKOMEN = "nagekomen", "Nagekomen"
    NIET_NAGEKOMEN = "niet_nagekomen", "Niet nagekomen"
    VERVALLEN = "vervallen", "Vervallen"


class HandoverReason(Labeled):
    AFWEZIGHEID = "afwezigheid", "Afwezigheid"
    VAKANTIE = "vakantie", "Vakantie"
    ZIEKTE = "ziekte", "Ziekte"
    CASELOAD = "caseload", "Overdracht caseload"
    RESIDENTIEEL = "residentieel", "Doorplaatsing residentieel"
    ANDERE_LOCATIE = "andere_locatie", "Andere locatie"


class HuisverbodEventKind(Labeled):
    """What happened to a client's tijdelijk huisverbod after allocation (models/client/huisverbod.py)."""

    OPGELEGD = "opgelegd", "Opgelegd"
    VERLENGD = "verlengd", "Verlengd"
    BEEINDIGD = "beeindigd", "Beëindigd"
    OVERTREDEN = "overtreden", "Overtreden"


class AuditAction(Labeled):
    READ = "read", "Lezen"
    CREATE = "create", "Aanmaken"
    UPDATE = "update", "Wijzigen"
    DELETE = "delete", "Verwijderen"
    EXPORT = "export", "Exporteren"
    SIGN_IN = "signin", "Aangemeld"
    SIGN_IN_FAILED = "signfail", "Aanmelden mislukt"
    PASSPHRASE = "passwd", "Wachtwoordzin ingesteld"
    LOCK = "lock", "Vergrendeld"
