"""Starting and stopping a real PTB Application the way ``run_polling`` would, for tests and benchmarks."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application


async def start(app: Application, webhook: dict[str, Any] | None = None) -> None:
    """initialize, post_init, then polling (short long-poll) or a webhook, then start."""
    await app.initialize()
    assert app.post_init is not None and app.updater is not None
    await app.post_init(app)
    if webhook is None:
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
    else:
        await app.updater.start_webhook(**webhook)
    await app.start()


async def stop(app: Application) -> None:
    """The reverse of :func:`start`."""
    assert app.updater is not None and app.post_shutdown is not None
    await app.updater.stop()
    await app.stop()
    await app.post_shutdown(app)
    await app.shutdown()
