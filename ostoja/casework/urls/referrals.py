"""The referrals' addresses."""

from django.urls import URLPattern, path

from ostoja.casework.views import referrals

urlpatterns: list[URLPattern] = [
    path("sprawy/<int:case_id>/skierowania/nowe/", referrals.referral_add, name="referral_add"),
    path("skierowania/<int:referral_id>/", referrals.referral_detail, name="referral_detail"),
    path(
        "skierowania/<int:referral_id>/odpowiedz/",
        referrals.referral_answer,
        name="referral_answer",
    ),
    path(
        "skierowania/<int:referral_id>/informacja-zwrotna/",
        referrals.referral_feedback,
        name="referral_feedback",
    ),
    path(
        "skierowania/<int:referral_id>/zakonczenie/",
        referrals.referral_complete,
        name="referral_complete",
    ),
]
