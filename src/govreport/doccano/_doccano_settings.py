"""Django settings for the doccano server started by govreport (runs inside .doccano-venv only).

Never imported by govreport itself: `server.py` copies this file into the data
folder and points DJANGO_SETTINGS_MODULE at it. It exists because doccano's
production settings put filepond's upload folder inside site-packages and need
a message broker for imports; here uploads stay in the data folder and, with
GOVREPORT_DOCCANO_EAGER=1, Celery tasks (imports, exports) run inside the web
request, so no worker process is needed.
"""

import os

from config.settings.production import *  # noqa: F401,F403
from config.settings.production import MEDIA_ROOT

DJANGO_DRF_FILEPOND_UPLOAD_TMP = os.environ["GOVREPORT_DOCCANO_UPLOAD_TMP"]
DJANGO_DRF_FILEPOND_FILE_STORE_PATH = MEDIA_ROOT
# filepond refuses an upload folder outside doccano's BASE_DIR unless told otherwise (HTTP 500 on /v1/fp/process/).
DJANGO_DRF_FILEPOND_ALLOW_EXTERNAL_UPLOAD_DIR = True

if os.environ.get("GOVREPORT_DOCCANO_EAGER") == "1":
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
    # Without this the task-status endpoint never reports the eager result and the client waits an hour.
    CELERY_TASK_STORE_EAGER_RESULT = True
