# Marsad in a container: `docker build -t marsad .` then
#   docker run -d --name marsad -v marsad-data:/data -e TELEGRAM_BOT_TOKEN=123456:ABC... -p 127.0.0.1:8080:8080 marsad
# Configuration is environment-only (see README "Configuration"); everything the bot keeps lives in /data.
# .ci/build-stage-check performs the build stage's install without Docker: keep the two in step.

# --- stage 1: wheels of Marsad and of every dependency -------------------------------------------------
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
RUN pip wheel --wheel-dir /wheels .

# --- stage 2: the runtime, installed from those wheels only --------------------------------------------
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MARSAD_DATA_DIR=/data \
    MARSAD_INBOX=/data/inbox \
    MARSAD_HTTP=0.0.0.0:8080
COPY --from=build /wheels /wheels
RUN pip install --no-index --find-links=/wheels marsad \
    && rm -rf /wheels \
    && marsad --help > /dev/null \
    && groupadd --system --gid 10001 marsad \
    && useradd --system --uid 10001 --gid marsad --home-dir /home/marsad --create-home --shell /usr/sbin/nologin marsad \
    && mkdir -p /data/inbox \
    && chown -R marsad:marsad /data
# Sample reports for `marsad run --demo` (found in ./seeds of the working directory).
WORKDIR /app
COPY seeds ./seeds
USER marsad
# The one volume: database, inbox (with processed/ and failed/), lock file, Matrix store.
VOLUME ["/data"]
EXPOSE 8080
# SIGTERM sets the bot's stop event: sources stop, the sender finishes what is in flight, then exit 0.
STOPSIGNAL SIGTERM
# /healthz is 200 only while every source and the delivery loop keep making passes (no curl in slim images).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request\nport = os.environ.get('MARSAD_HTTP', '0.0.0.0:8080').rpartition(':')[2]\ntry:\n    urllib.request.urlopen(f'http://127.0.0.1:{port}/healthz', timeout=8)\nexcept Exception as exc:\n    sys.exit(f'unhealthy: {exc}')"]
ENTRYPOINT ["marsad"]
CMD ["run"]
