# The sandbox as an image: `docker run -p 8765-8767:8765-8767 IMAGE serve SCENARIO --host 0.0.0.0 ...`.
#
# BASE is any Debian-like image with python3 (>= 3.11) and its venv module: the slim Python image by default,
# or the image scripts/docker_setup.py builds with debootstrap where no registry can be reached:
#   docker build -t sync-sandbox .
#   docker build -t sync-sandbox --build-arg BASE=sync-sandbox-base:bookworm .
# The project is installed from wheels when build/docker holds them (scripts/docker_setup.py builds them on the
# host: dependencies in build/docker/wheels, the project in build/docker/project; the build then needs no
# network), from the source otherwise.
ARG BASE=python:3.12-slim
FROM ${BASE}

ENV VIRTUAL_ENV=/opt/sync-sandbox \
    PATH=/opt/sync-sandbox/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    HOME=/home/sandbox

# A fixed unprivileged user written by hand: minimal bases may lack useradd.
RUN echo 'sandbox:x:10001:10001:sync-sandbox:/home/sandbox:/usr/sbin/nologin' >> /etc/passwd \
 && echo 'sandbox:x:10001:' >> /etc/group \
 && mkdir -p /home/sandbox /work /usr/share/sync-sandbox \
 && chown 10001:10001 /home/sandbox /work \
 && python3 -m venv "$VIRTUAL_ENV"

# Dependencies first, in a layer of their own: a change to the project alone reuses it. "wheel[s]" matches
# nothing when no wheels were built, and pyproject.toml keeps the COPY from failing then.
COPY pyproject.toml build/docker/wheel[s] /tmp/dependencies/
RUN if ls /tmp/dependencies/*.whl >/dev/null 2>&1; then pip install --no-index --no-deps /tmp/dependencies/*.whl; fi \
 && rm -rf /tmp/dependencies

# The rest of the context, filtered by .dockerignore: the project (its wheel, or its source), the scenario
# library with its fixtures. The library lands in /usr/share/sync-sandbox with scenarios/ and fixtures/ side by
# side, as in the repository, because scenario files name their fixtures by relative paths.
COPY . /src/
RUN if ls /src/build/docker/project/*.whl >/dev/null 2>&1; then \
        pip install --no-index --find-links /src/build/docker/wheels /src/build/docker/project/*.whl; \
    else \
        pip install /src; \
    fi \
 && install -m 0755 /src/scripts/docker_healthcheck.py /usr/local/bin/sync-sandbox-healthcheck \
 && for library in scenarios fixtures; do \
        if [ -d "/src/$library" ]; then mv "/src/$library" /usr/share/sync-sandbox/; fi; \
    done \
 && rm -rf /src

USER 10001:10001
WORKDIR /work

# admin API, store endpoint, QuickBooks endpoint
EXPOSE 8765 8766 8767

# No curl in minimal bases: the interpreter asks the admin API (on the port serve was given, 8765 by default).
HEALTHCHECK --interval=3s --timeout=3s --start-period=60s --retries=3 CMD ["python3", "/usr/local/bin/sync-sandbox-healthcheck"]

ENTRYPOINT ["sync-sandbox"]
CMD ["serve", "/usr/share/sync-sandbox/scenarios/rules/missing-skus.yaml", "--host", "0.0.0.0", "--port", "8765", "--advertise-host", "127.0.0.1"]
