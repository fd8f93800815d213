from django.urls import path

from ostoja.registry.views import families, household_page, incomes, members, persons, search

app_name = "registry"

urlpatterns = [
    path("", search.home, name="home"),
    path("szukaj/", search.search, name="search"),
    path("osoby/<int:person_id>/", persons.person_detail, name="person_detail"),
    path("osoby/<int:person_id>/edycja/", persons.person_edit, name="person_edit"),
    path("osoby/<int:person_id>/scalanie/", persons.person_merge, name="person_merge"),
    path("rodziny/nowa/", families.household_register, name="household_register"),
    path("rodziny/<int:household_id>/", household_page.household_detail, name="household_detail"),
    path("rodziny/<int:household_id>/edycja/", families.household_edit, name="household_edit"),
    path("rodziny/<int:household_id>/czlonkowie/nowy/", members.member_add, name="member_add"),
    path(
        "rodziny/<int:household_id>/czlonkowie/dolacz/",
        members.member_attach,
        name="member_attach",
    ),
    path(
        "rodziny/<int:household_id>/czlonkowie/<int:membership_id>/koniec/",
        members.member_end,
        name="member_end",
    ),
    path(
        "rodziny/<int:household_id>/czlonkowie/<int:membership_id>/edycja/",
        members.member_edit,
        name="member_edit",
    ),
    path("rodziny/<int:household_id>/glowa-rodziny/", families.head_change, name="head_change"),
    path("rodziny/<int:household_id>/dochody/", incomes.income_add, name="income_add"),
    path(
        "rodziny/<int:household_id>/dochody/usun/",
        incomes.income_remove,
        name="income_remove",
    ),
    path("rodziny/<int:household_id>/alimenty/", incomes.alimony_set, name="alimony_set"),
]
