# The sandbox as an image: `docker run -p 8765-8767:8765-8767 IMAGE serve SCENARIO --host 0.0.0.0 ...`.
#
# BASE is any Debian-like image with python3 (>= 3.11) and its venv module: the slim Python image by default,
# or the image scripts/docker_setup.py builds with debootstrap where no registry can be reached:
#   docker build -t sync-sandbox .
#   docker build -t sync-sandbox --build-arg BASE=sync-sandbox-base:bookworm .
# The project is installed from wheels in build/docker/wheels when that folder exists (built on the host with
# `pip wheel . -w build/docker/wheels`, so the build needs no network), from the source otherwise.
ARG BASE=python:3.12-slim
FROM ${BASE}

ENV VIRTUAL_ENV=/opt/sync-sandbox \
    PATH=/opt/sync-sandbox/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    HOME=/home/sandbox

# The context is filtered by .dockerignore: the project, the scenario library with its fixtures, and wheels if any.
# The library lands in /usr/share/sync-sandbox with scenarios/ and fixtures/ side by side, as in the repository,
# because scenario files name their fixtures by relative paths.
COPY . /src/
RUN python3 -m venv "$VIRTUAL_ENV" \
 && if ls /src/build/docker/wheels/*.whl >/dev/null 2>&1; then \
        pip install --no-index --find-links /src/build/docker/wheels sync-sandbox; \
    else \
        pip install /src; \
    fi \
 && install -m 0755 /src/scripts/docker_healthcheck.py /usr/local/bin/sync-sandbox-healthcheck \
 && mkdir -p /usr/share/sync-sandbox \
 && for library in scenarios fixtures; do \
        if [ -d "/src/$library" ]; then mv "/src/$library" /usr/share/sync-sandbox/; fi; \
    done \
 && rm -rf /src

# A fixed unprivileged user written by hand: minimal bases may lack useradd.
RUN echo 'sandbox:x:10001:10001:sync-sandbox:/home/sandbox:/usr/sbin/nologin' >> /etc/passwd \
 && echo 'sandbox:x:10001:' >> /etc/group \
 && mkdir -p /home/sandbox /work \
 && chown 10001:10001 /home/sandbox /work
USER 10001:10001
WORKDIR /work

# admin API, store endpoint, QuickBooks endpoint
EXPOSE 8765 8766 8767

# No curl in minimal bases: the interpreter asks the admin API (on the port serve was given, 8765 by default).
HEALTHCHECK --interval=3s --timeout=3s --start-period=60s --retries=3 CMD ["python3", "/usr/local/bin/sync-sandbox-healthcheck"]

ENTRYPOINT ["sync-sandbox"]
CMD ["serve", "/usr/share/sync-sandbox/scenarios/rules/missing-skus.yaml", "--host", "0.0.0.0", "--port", "8765", "--advertise-host", "127.0.0.1"]
