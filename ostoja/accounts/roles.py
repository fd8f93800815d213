"""Roles of the centre's staff and what each may do.

A capability is a named thing a view requires (`ostoja.core.access.requires`). The table below is
the whole access policy; docs/architecture.md shows it to reviewers.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DIRECTOR = "kierownik", _("Director")
    SOCIAL_WORKER = "pracownik_socjalny", _("Social worker")
    BENEFITS_CLERK = "specjalista_swiadczen", _("Benefits clerk")
    ACCOUNTING = "ksiegowosc", _("Accounting")
    ADMINISTRATOR = "administrator", _("Administrator")
    DATA_PROTECTION_OFFICER = "iod", _("Data protection officer")


class Capability(StrEnum):
    REGISTRY_VIEW = "registry.view"
    REGISTRY_EDIT = "registry.edit"
    REGISTRY_MERGE = "registry.merge"
    REGISTRY_ACCOUNT = "registry.account"  # a person's bank account (a returned transfer)
    CASEWORK_VIEW = "casework.view"  # case files, interviews, contracts, referrals
    CASEWORK_EDIT = "casework.edit"  # social work itself: interviews, contracts, referrals
    CASEWORK_NOTES = "casework.notes"  # the records of social work (notes of visits, talks)
    CASEWORK_ASSIGN = "casework.assign"  # choose or change a family's social worker
    CASEWORK_SUPERVISE = "casework.supervise"  # every worker's deadlines; confidential notes
    BENEFITS_VIEW = "benefits.view"  # applications, assessments, decisions, awards
    BENEFITS_EDIT = "benefits.edit"  # register applications, assess, draft decisions, deliveries
    BENEFITS_SIGN = "benefits.sign"  # sign decisions (with a valid authorisation)
    BENEFITS_ADMIN = "benefits.admin"  # registers of decisions, templates, authorisations
    PAYMENTS_VIEW = "payments.view"  # payment lists, items, returns, budget, debtors
    PAYMENTS_PREPARE = "payments.prepare"  # generate the month's lists, send them for approval
    PAYMENTS_APPROVE = "payments.approve"  # approve a list prepared by someone else, export it
    PAYMENTS_ADMIN = "payments.admin"  # bank settings, classification, titles, budget plan
    PARTNERS_VIEW = "partners.view"
    PARTNERS_EDIT = "partners.edit"
    ACCESS_LOG_VIEW = "access_log.view"
    STAFF_ADMIN = "staff.admin"  # staff accounts and areas (the Administracja section)
    SIGNED_IN = "signed_in"  # any member of staff: start page, logout


CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.DIRECTOR: frozenset(
        {
            Capability.SIGNED_IN,
            Capability.REGISTRY_VIEW,
            Capability.REGISTRY_EDIT,
            Capability.REGISTRY_MERGE,
            Capability.REGISTRY_ACCOUNT,
            Capability.CASEWORK_VIEW,
            Capability.CASEWORK_EDIT,
            Capability.CASEWORK_NOTES,
            Capability.CASEWORK_ASSIGN,
            Capability.CASEWORK_SUPERVISE,
            Capability.BENEFITS_VIEW,
            Capability.BENEFITS_EDIT,
            Capability.BENEFITS_SIGN,
            Capability.BENEFITS_ADMIN,
            Capability.PAYMENTS_VIEW,
            Capability.PARTNERS_VIEW,
            Capability.PARTNERS_EDIT,
        }
    ),
    Role.SOCIAL_WORKER: frozenset(
        {
            Capability.SIGNED_IN,
            Capability.REGISTRY_VIEW,
            Capability.REGISTRY_EDIT,
            Capability.REGISTRY_MERGE,
            Capability.REGISTRY_ACCOUNT,
            Capability.CASEWORK_VIEW,
            Capability.CASEWORK_EDIT,
            Capability.CASEWORK_NOTES,
            Capability.BENEFITS_VIEW,
            Capability.BENEFITS_EDIT,
            Capability.BENEFITS_SIGN,
            Capability.PARTNERS_VIEW,
            Capability.PARTNERS_EDIT,
        }
    ),
    # A benefits clerk reads what social work established (interviews, contracts, the duty to
    # cooperate) to decide; the records of the social work itself stay with the workers.
    Role.BENEFITS_CLERK: frozenset(
        {
            Capability.SIGNED_IN,
            Capability.REGISTRY_VIEW,
            Capability.REGISTRY_EDIT,
            Capability.REGISTRY_MERGE,
            Capability.REGISTRY_ACCOUNT,
            Capability.CASEWORK_VIEW,
            Capability.BENEFITS_VIEW,
            Capability.BENEFITS_EDIT,
            Capability.BENEFITS_SIGN,
            Capability.PAYMENTS_VIEW,
            Capability.PAYMENTS_PREPARE,
            Capability.PARTNERS_VIEW,
        }
    ),
    # Accounting reads the awards it pays, and pays them: the lists are prepared by the clerk
    # or an accountant and approved by another accountant (never the one who prepared them).
    Role.ACCOUNTING: frozenset(
        {
            Capability.SIGNED_IN,
            Capability.REGISTRY_VIEW,
            Capability.REGISTRY_ACCOUNT,
            Capability.BENEFITS_VIEW,
            Capability.PAYMENTS_VIEW,
            Capability.PAYMENTS_PREPARE,
            Capability.PAYMENTS_APPROVE,
            Capability.PAYMENTS_ADMIN,
        }
    ),
    Role.ADMINISTRATOR: frozenset(
        {Capability.SIGNED_IN, Capability.STAFF_ADMIN, Capability.BENEFITS_ADMIN}
    ),
    Role.DATA_PROTECTION_OFFICER: frozenset({Capability.SIGNED_IN, Capability.ACCESS_LOG_VIEW}),
}

# Roles that see every household; a social worker sees only those of their areas and those
# shared with them.
ROLES_SEEING_ALL_HOUSEHOLDS = frozenset({Role.DIRECTOR, Role.BENEFITS_CLERK, Role.ACCOUNTING})
