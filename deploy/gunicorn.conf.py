"""gunicorn settings for Kurzer Draht: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Sync workers: a request holds one worker from start to end, and since re-matching runs as a job
(`flask worker`, matchmaker/jobs.py) no request does heavy work, so a handful of sync workers
serve many users. Threaded workers (gthread) were measured to pin keep-alive clients to one
worker and leave the other core idle; more sync workers than 2 per core only queue on the CPU.
Override with the environment: WEB_BIND, WEB_WORKERS, WEB_TIMEOUT.
"""

import multiprocessing
import os

bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")
worker_class = "sync"
workers = int(os.environ.get("WEB_WORKERS", str(2 * multiprocessing.cpu_count())))
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
# The app (and its matcher, wsgi.py) is loaded once in the master; workers fork with it in memory.
preload_app = True
graceful_timeout = 30
keepalive = 2
# A worker is replaced after this many requests (with jitter, so not all at once): a slow leak
# in a library cannot grow without end.
max_requests = 2000
max_requests_jitter = 200
# No control socket (gunicorn 25.1 and later; `gunicornc`, unused here): it runs an asyncio thread
# in the master, which then forks every replacement worker beside a running thread, and two
# instances on one machine would share its default path ($HOME/.gunicorn/gunicorn.ctl).
control_socket_disable = True
# The reverse proxy on this machine is trusted for X-Forwarded-* (the app reads them itself
# when BEHIND_PROXY=1).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# The access log carries no query strings (a search may hold a name) and no client address
# beyond what the proxy sends; it carries the request id the app sets (X-Request-ID).
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss rid=%({x-request-id}o)s'
