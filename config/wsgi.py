import os

from django.core.wsgi import get_wsgi_application

# A server started without a settings module gets production (which insists on a key).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()

# WeasyPrint takes about a second to import (bench/README.md, "Decision documents"); a web
# worker imports it as it starts, not in the first request that prints a document.
import weasyprint  # noqa: E402, F401
