"""Versioned Top-3 safety plans: unsafe situations, risk factors and safety agreements."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from models.base import ClientRelated, Versioned
from models.enums import AgreementStatus, Top3Phase


class Top3Plan(Versioned, ClientRelated, table=True):
    """One version of a client's Top-3. A revision is a new row; old versions stay as they were."""

    __tablename__ = "top3_plan"
    __table_args__ = (UniqueConstraint("client_id", "number", name="uq_top3_plan_client_number"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    number: int = Field(default=1, ge=1)  # version number per client
    made_with: str = Field(default="", max_length=200)  # with whom the plan was made
    phase: str = Field(default=Top3Phase.DIRECTE_VEILIGHEID, max_length=2)
    evaluate_on: date | None = Field(default=None, index=True)
    author_id: int | None = Field(default=None, foreign_key="worker.id")
    created_at: datetime = Field(index=True)  # the overleg suggests plans changed since the last one
    is_draft: bool = Field(default=False)

    def audit_client_code(self, session) -> str | None:
        from models.audit import client_code_of

        return client_code_of(session, self.client_id)


class _PlanPart(ClientRelated):
    def audit_client_code(self, session) -> str | None:
        from models.audit import plan_client_code_of

        return plan_client_code_of(session, self.plan_id)


class UnsafeSituation(Versioned, _PlanPart, table=True):
    __tablename__ = "unsafe_situation"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="top3_plan.id", index=True)
    rank: int = Field(ge=1, le=3)
    description: str = Field(max_length=2000)  # who does what to whom, when, where
    family_members: str = Field(default="", max_length=200)
    last_occurrence: date | None = None
    risk_factors: str = Field(default="", max_length=2000)


class SafetyAgreement(Versioned, _PlanPart, table=True):
    __tablename__ = "safety_agreement"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="top3_plan.id", index=True)
    position: int = Field(default=0)
    who: str = Field(max_length=120)
    what: str = Field(max_length=1000)
    until: date | None = None
    checked_by: str = Field(default="", max_length=120)
    consequence: str = Field(default="", max_length=1000)
    status: str = Field(default=AgreementStatus.LOOPT, max_length=16)
