"""Settings of a real test worker (tests/worker.py) whose own tasks enqueue more tasks: the print run's last chunk
enqueues the merge. Under the project's settings that merge would go to Celery's default queue, which the test
worker does not consume (it reads its own queue only, so that parallel test processes never take each other's
messages); here the default queue is the worker's own (CDOM_FILE_DU_WORKER, set by the test)."""

import os

from config.settings import *  # noqa: F403

CELERY_TASK_DEFAULT_QUEUE = os.environ["CDOM_FILE_DU_WORKER"]
