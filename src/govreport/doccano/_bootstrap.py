"""Initialise a doccano database and its admin (runs inside .doccano-venv, fed on stdin).

One Django start-up does migrate, roles and the admin user, which is faster
than `doccano init` + `doccano createuser` (two start-ups) and keeps the
password off the command line (it comes from DOCCANO_PASSWORD).
Arguments: "schema" (migrate + roles only: builds the template) or "admin".
"""

import os
import sys

import django
from django.core import management

django.setup()
what = sys.argv[1] if len(sys.argv) > 1 else "admin"
if what == "schema":
    management.call_command("migrate", verbosity=0)
    management.call_command("create_roles", verbosity=0)
else:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    name = os.environ["DOCCANO_USERNAME"]
    user, _ = User.objects.get_or_create(username=name, defaults={"email": f"{name}@localhost"})
    user.is_superuser = True
    user.is_staff = True
    user.set_password(os.environ["DOCCANO_PASSWORD"])
    user.save()
