"""Entry point for production servers: gunicorn 'wsgi:app'.

With gunicorn's preload_app (deploy/gunicorn.conf.py) this runs once in the master: the matcher
(the BA's list indexed, a few seconds) is built here and every worker forks with it, instead of
each worker building it on its first slot or profile page. The templates are compiled here too:
a worker (and each one gunicorn starts anew after max_requests) would otherwise compile every
template on its first use (the dashboard's first view: 90 instead of 136 ms)."""

import gc
import logging

from matchmaker import create_app
from matchmaker.matching import collector

app = create_app()


def _warm_up() -> None:
    from matchmaker.extensions import db
    from matchmaker.services import matching

    for name in app.jinja_env.list_templates(filter_func=lambda name: name.endswith((".html", ".txt"))):
        app.jinja_env.get_template(name)  # kept in the environment's cache, which every worker inherits
    with app.app_context():
        try:
            matching.engine()
        except Exception:  # no database yet (before the first migration): the workers build it later
            logging.getLogger(__name__).warning("matcher not built at start", exc_info=True)
        finally:
            db.session.remove()
            db.engine.dispose()  # no connection crosses the fork


with collector.paused():  # as every request and job (matchmaker/matching/collector.py)
    _warm_up()
# What the master built stays as it is in every worker: frozen, the cyclic collector no longer walks
# it in each worker's full collections (the first one cost a worker's first dashboard view 65 ms),
# and no collection touches its pages, which the workers share with the master until written.
gc.collect()
gc.freeze()
