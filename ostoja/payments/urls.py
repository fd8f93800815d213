"""The payments' addresses (Polish paths, English names)."""

from django.urls import URLPattern, path

from ostoja.payments import views, views_budget, views_recovery, views_settings, views_zus

app_name = "payments"

urlpatterns: list[URLPattern] = [
    path("", views.payments_home, name="home"),
    path("miesiac/<str:month>/", views.month_view, name="month"),
    path("miesiac/<str:month>/postep/", views.run_progress, name="run_progress"),
    path("listy/<int:list_id>/", views.list_detail, name="list_detail"),
    path("listy/<int:list_id>/do-zatwierdzenia/", views.list_prepare, name="list_prepare"),
    path("listy/<int:list_id>/do-szkicu/", views.list_reopen, name="list_reopen"),
    path("listy/<int:list_id>/zatwierdz/", views.list_approve, name="list_approve"),
    path("listy/<int:list_id>/wyplacona/", views.list_mark_paid, name="list_mark_paid"),
    path("listy/<int:list_id>/zamknij/", views.list_close, name="list_close"),
    path(
        "listy/<int:list_id>/plik/<str:file_format>/",
        views.list_bank_file,
        name="list_bank_file",
    ),
    path("listy/<int:list_id>/drukuj/", views.list_print, name="list_print"),
    path(
        "listy/<int:list_id>/wydruki/<int:print_id>/stan/",
        views.list_print_state,
        name="list_print_state",
    ),
    path(
        "listy/<int:list_id>/wydruki/<int:print_id>/",
        views.list_print_download,
        name="list_print_download",
    ),
    path("pozycje/<int:item_id>/", views.item_detail, name="item_detail"),
    path("zwroty/", views.returns_import, name="returns_import"),
    path("do-ponownej-wyplaty/", views.back_at_centre, name="back_at_centre"),
    path("naleznosci/", views_recovery.debts_list, name="debts"),
    path("naleznosci/<int:decision_id>/", views_recovery.debt_detail, name="debt_detail"),
    path(
        "naleznosci/<int:decision_id>/wplata/",
        views_recovery.repayment_add,
        name="repayment_add",
    ),
    path(
        "naleznosci/<int:decision_id>/upomnienie/",
        views_recovery.reminder_add,
        name="reminder_add",
    ),
    path(
        "wplaty/<int:repayment_id>/anuluj/",
        views_recovery.repayment_cancel,
        name="repayment_cancel",
    ),
    path("upomnienia/<int:reminder_id>/pdf/", views_recovery.reminder_pdf, name="reminder_pdf"),
    path("nadplaty/", views_recovery.overpayments, name="overpayments"),
    path(
        "nadplaty/<int:overpayment_id>/rozlicz/",
        views_recovery.overpayment_settle,
        name="overpayment_settle",
    ),
    path(
        "nadplaty/<int:overpayment_id>/nie-nienalezne/",
        views_recovery.overpayment_not_undue,
        name="overpayment_not_undue",
    ),
    path("zus/", views_zus.zus_home, name="zus_home"),
    path("zus/ustawienia/", views_zus.zus_settings, name="zus_settings"),
    path("zus/rok/<int:year>/", views_zus.zus_year, name="zus_year"),
    path("zus/<str:month>/", views_zus.zus_month, name="zus_month"),
    path("zus/<str:month>/plik/<str:document>/", views_zus.zus_file, name="zus_file"),
    path("budzet/", views_budget.budget, name="budget"),
    path(
        "budzet/plan/<int:plan_id>/usun/",
        views_budget.budget_plan_remove,
        name="budget_plan_remove",
    ),
    path("ustawienia/", views_settings.payment_settings, name="settings"),
    path(
        "ustawienia/<str:benefit>/",
        views_settings.benefit_payment_edit,
        name="benefit_payment_edit",
    ),
]
