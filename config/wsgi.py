import os

from django.core.wsgi import get_wsgi_application

# A server started without a settings module gets production (which insists on a key).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()
