"""The administrator manages staff accounts and areas here; clients' data is not in the admin."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from ostoja.accounts.models import Area, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    list_display = ("username", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,  # type: ignore[misc]
        (_("Role in the centre"), {"fields": ("role",)}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Role in the centre"), {"fields": ("role", "first_name", "last_name")}),
    )


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin[Area]):
    list_display = ("name",)
    filter_horizontal = ("workers",)
