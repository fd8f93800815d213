from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponseBase
from django.views.decorators.http import require_POST

from ostoja.accounts.forms import LoginForm
from ostoja.accounts.roles import Capability
from ostoja.core.access import public, requires


@public
def login(request: HttpRequest) -> HttpResponseBase:
    return auth_views.LoginView.as_view(
        template_name="accounts/login.html",
        authentication_form=LoginForm,
        redirect_authenticated_user=True,
    )(request)


@requires(Capability.SIGNED_IN)
@require_POST
def logout(request: HttpRequest) -> HttpResponseBase:
    return auth_views.LogoutView.as_view()(request)
